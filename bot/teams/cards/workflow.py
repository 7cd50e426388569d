"""1:1 cards of the DPO workflow: IT support's action (Done) and the SIRO's approval.

Both carry ``"card"`` in their buttons' data, so the bot answers a press with the same
card brought up to date (not the channel's alert card). The approval card's summary is
masked by the detector; the action card is IT support's own 1:1 chat and shows the
DPO's words as written.
"""

from __future__ import annotations

from bot.teams.cards.elements import (
    Json,
    action_rows,
    card,
    container,
    execute,
    facts,
    heading,
    label,
    text,
)
from bot.teams.cards.stage import dialog
from bot.teams.cards.views import ActionRequestView, ApprovalView, Verb


def action_request_card(view: ActionRequestView) -> Json:
    """An action given to IT support, with a Done button while it is open."""
    state = "✓ DONE" if view.done else "● TO DO"
    body: list[Json] = [
        container(
            [
                heading(f"Action {view.number} on breach {view.reference}"),
                label(state, color="Good" if view.done else "Warning"),
            ],
            style="good" if view.done else "warning",
            bleed=True,
        ),
        facts(
            [
                ("Breach", view.reference),
                ("Kind", view.kind.capitalize()),
                ("From", view.requested_by),
            ]
        ),
        text("What to do", weight="Bolder", spacing="Medium"),
        text(view.text or "Not given."),
    ]
    if not view.done:
        data = {"reference": view.reference, "action": str(view.number), "card": "action"}
        body += action_rows([execute("Done", Verb.ACTION_DONE, data, style="positive")])
    else:
        body.append(text("Thank you: the DPO's card shows it done.", isSubtle=True))
    words = "done" if view.done else "to do"
    fallback = f"Action {view.number} on breach {view.reference} ({view.kind}): {words}."
    return card(body, fallback=fallback)


def approval_card(view: ApprovalView) -> Json:
    """The post-breach report's summary for the SIRO, with Approve and Send back."""
    alert = view.alert
    decided = view.decided
    state = f"✓ {decided.upper()}" if decided else "● WAITING FOR YOUR APPROVAL"
    body: list[Json] = [
        container(
            [
                heading(f"Post-breach report {alert.reference}"),
                label(state, color="Good" if decided else "Accent"),
            ],
            style="good" if decided else "accent",
            bleed=True,
        ),
        facts(
            [("Service", alert.service), ("Owner", alert.owner), ("Discovered", alert.discovered)]
        ),
        text("What happened", weight="Bolder", spacing="Medium"),
        text(alert.summary or "Not given yet."),
    ]
    for title, line in view.summary:
        body.append(text(title, weight="Bolder", spacing="Medium"))
        body.append(text(line or "Not given.", spacing="None"))
    if not decided:
        data = {"reference": alert.reference, "card": "approval"}
        body += action_rows(
            [
                execute("Approve", Verb.APPROVE, data, style="positive"),
                dialog("Send back", "send_back", {"reference": alert.reference}),
            ]
        )
    fallback = f"Post-breach report {alert.reference}: " + (decided or "waiting for your approval")
    return card(body, fallback=fallback + ".")
