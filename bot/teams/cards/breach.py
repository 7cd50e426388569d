"""Breach cards: the DPO alert (every state), the escalation notice and the ICO reminder."""

from __future__ import annotations

from typing import NamedTuple

from bot.teams.cards.elements import (
    Json,
    action_rows,
    bullet_lines,
    card,
    container,
    execute,
    facts,
    heading,
    label,
    open_url,
    rich,
    text,
)
from bot.teams.cards.stage import stage_section, step_buttons
from bot.teams.cards.views import (
    BreachAlertView,
    BreachState,
    EscalationView,
    IcoReminderView,
    Verb,
)

ICO_REPORT_URL = "https://ico.org.uk/for-organisations/report-a-breach/"

KNOWN_SYSTEMS: tuple[str, ...] = (
    "Birdie",
    "ClearCare",
    "Orta",
    "OneDrive",
    "Teams",
    "WhatsApp",
    "Email",
    "Paper",
)
"""The systems the policy names; free-text answers are shown as "Other" (they may hold names)."""


class StateLook(NamedTuple):
    """How a state is shown: a symbol and words (always), plus a colour that only repeats them."""

    symbol: str
    words: str
    color: str
    style: str

    @property
    def label(self) -> str:
        """Symbol and words, for the card; screen readers get :attr:`words` alone."""
        return f"{self.symbol} {self.words}"


STATE_LOOK: dict[BreachState, StateLook] = {
    BreachState.REPORTED: StateLook(
        "●", "NEW: waiting for a DPO to acknowledge", "Attention", "attention"
    ),
    BreachState.ACKNOWLEDGED: StateLook("✓", "ACKNOWLEDGED", "Good", "good"),
    BreachState.HIGH_RISK: StateLook(
        "▲", "HIGH RISK: ICO 72-hour clock running", "Attention", "attention"
    ),
    BreachState.HANDED_OVER: StateLook(
        "→", "HANDED OVER: waiting for the new DPO", "Warning", "warning"
    ),
    BreachState.ESCALATED: StateLook(
        "▲", "ESCALATED: not acknowledged in time", "Warning", "warning"
    ),
    BreachState.ASSESSED: StateLook("✓", "ASSESSED: not high risk", "Good", "good"),
    BreachState.CLOSED: StateLook("■", "CLOSED", "Default", "emphasis"),
}

_ACTIONS: dict[BreachState, tuple[Verb, ...]] = {
    BreachState.REPORTED: (Verb.ACKNOWLEDGE, Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS),
    BreachState.ESCALATED: (Verb.ACKNOWLEDGE, Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS),
    BreachState.HANDED_OVER: (Verb.ACKNOWLEDGE, Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS),
    BreachState.ACKNOWLEDGED: (Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS),
    BreachState.HIGH_RISK: (Verb.HAND_OVER, Verb.DETAILS),
    BreachState.ASSESSED: (Verb.HAND_OVER, Verb.DETAILS),
    BreachState.CLOSED: (Verb.DETAILS,),
}

_TITLES: dict[Verb, tuple[str, str | None]] = {
    Verb.ACKNOWLEDGE: ("Acknowledge", "positive"),
    Verb.MARK_HIGH_RISK: ("Mark high risk", "destructive"),
    Verb.HAND_OVER: ("Hand over", None),
    Verb.DETAILS: ("Details (1:1)", None),
}


def breach_actions(reference: str, state: BreachState) -> list[Json]:
    """The buttons for a breach in ``state``; each carries ``{"reference": ...}``."""
    return [
        execute(_TITLES[v][0], v, {"reference": reference}, style=_TITLES[v][1])
        for v in _ACTIONS[state]
    ]


def systems_line(systems: tuple[str, ...]) -> str:
    """Known systems by name (each once), anything else as "Other"."""
    by_key = {s.lower(): s for s in KNOWN_SYSTEMS}
    shown: list[str] = []
    for system in systems:
        name = by_key.get(system.strip().lower(), "Other")
        if name not in shown:
            shown.append(name)
    return ", ".join(shown) or "Not given"


def _reported_line(view: BreachAlertView) -> str:
    if view.within_hour:
        return f"{view.reported} (within the hour)"
    return f"{view.reported} (LATE: more than 1 hour after discovery)"


def breach_body(view: BreachAlertView) -> list[Json]:
    """The body shared by the alert and the escalation notice."""
    look = STATE_LOOK[view.state]
    body: list[Json] = [
        container(
            [heading(f"Data breach {view.reference}"), label(look.label, color=look.color)],
            style=look.style,
            bleed=True,
        ),
        facts(
            [
                ("Service", view.service),
                ("Discovered", view.discovered),
                ("Reported", _reported_line(view)),
                ("Systems", systems_line(view.systems)),
                ("Owner", view.owner),
            ]
        ),
    ]
    if view.stage is not None:
        body.append(stage_section(view.stage))
    else:
        body.append(rich(("Clock: ", True), (view.clock, False), spacing="Medium"))
    if view.incomplete:
        body.append(
            text(
                "INCOMPLETE: the reporter stopped answering. This is what was captured.",
                weight="Bolder",
                color="Warning",
            )
        )
    body.append(text("What happened", weight="Bolder", spacing="Medium"))
    body.append(text(view.summary or "Not given yet."))
    if view.history:
        body.append(text("History", size="Small", weight="Bolder", separator=True))
        body += bullet_lines(view.history, size="Small", isSubtle=True)
    return body


def _fallback(view: BreachAlertView) -> str:
    return f"Data breach {view.reference} ({view.service}): {STATE_LOOK[view.state].words}."


def breach_alert_card(view: BreachAlertView) -> Json:
    """The DPO alert card posted to the alert channel and updated in place after each action.

    Args:
        view: The breach as it stands; its ``state`` chooses the label and the buttons.

    Returns:
        An Adaptive Card 1.5 (dict) with ``Action.Execute`` buttons, two per row (ActionSets
        in the body) so their labels fit on a phone.
    """
    body = breach_body(view) + action_rows(alert_buttons(view))
    return card(body, fallback=_fallback(view))


def alert_buttons(view: BreachAlertView) -> list[Json]:
    """The stage's buttons when the view has a stage, else the alert's own for its state."""
    if view.stage is not None:
        return step_buttons(view.reference, view.stage.steps)
    return breach_actions(view.reference, view.state)


def escalation_notice_card(view: EscalationView) -> Json:
    """The card sent to the next person when an alert was not acknowledged in time."""
    notice = container(
        [
            text(f"Escalated to you ({view.recipient_role})", weight="Bolder", color="Warning"),
            text(view.reason, spacing="Small"),
            text("The policy's chain must finish within the hour: please act now.", size="Small"),
        ],
        style="emphasis",
    )
    actions = alert_buttons(view.alert)
    body = [notice, *breach_body(view.alert), *action_rows(actions)]
    return card(body, fallback=f"Escalated to you: {_fallback(view.alert)}")


def ico_reminder_card(view: IcoReminderView) -> Json:
    """A reminder of the ICO 72-hour clock (sent at 24, 48 and 66 hours)."""
    body = [
        container(
            [
                heading(f"ICO reminder: {view.reference}"),
                label(
                    f"▲ HIGH RISK: {view.hours_elapsed} h since discovery, {view.time_left}",
                    color="Attention",
                ),
            ],
            style="attention",
            bleed=True,
        ),
        facts(
            [
                ("Service", view.service),
                ("ICO deadline", view.deadline),
                ("Time left", view.time_left),
            ]
        ),
        text(
            "A high-risk breach must be reported to the ICO within 72 hours of discovery.",
            spacing="Medium",
        ),
        text("What happened", weight="Bolder", spacing="Medium"),
        text(view.summary or "Not given yet."),
    ]
    actions = [
        execute("Details (1:1)", Verb.DETAILS, {"reference": view.reference}),
        open_url("Report to the ICO", ICO_REPORT_URL),
    ]
    return card(
        body + action_rows(actions),
        fallback=f"ICO reminder for {view.reference}: deadline {view.deadline}, {view.time_left}.",
    )
