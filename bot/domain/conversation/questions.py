"""The questions, their help texts and the summary, as ``Reply`` objects.

Every question shows its number, the reporter's current answer when they come back to
it, and (once the discovery time is known) the time left in the 1-hour window.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.conversation.idioms import correction_word
from bot.domain.conversation.model import (
    QUESTION_ORDER,
    REQUIRED_STEPS,
    Answers,
    ConversationState,
    Step,
)
from bot.domain.conversation.parsing import CONTAINMENT, SYSTEMS, containment_label
from bot.domain.conversation.replies import (
    BACK,
    CANCEL,
    DONE,
    HELP,
    KEEP,
    SKIP,
    USE_INITIALS,
    Choice,
    Reply,
)
from bot.domain.conversation.when import describe_discovery
from bot.domain.conversation.window import minutes_left, window_line

INITIALS = "Please use initials for clients, not their names."
NOT_GIVEN = "not given"
"""How a skipped question reads everywhere: summaries, alerts, the register."""

CONTINUE = (
    "(continued) Please send the rest of your answer and I'll add it on. If that was "
    'everything, type "done".'
)
SHOWN = 600
"""Longer answers are shown shortened when read back (the whole answer is kept)."""

_QUESTIONS: dict[Step, str] = {
    Step.DISCOVERED: (
        'When did you discover the breach? For example: "10 minutes ago", '
        '"today at 9:15" or "yesterday 14:00".'
    ),
    Step.LOCATION: (
        'Where did it happen? For example: "at a client\'s home", "in the office", '
        '"on the bus". ' + INITIALS
    ),
    Step.SYSTEMS: (
        "Which systems are involved? Pick all that apply, by number or name — "
        'for example "1, 6" or "Birdie, WhatsApp".'
    ),
    Step.DESCRIPTION: "What happened? A few sentences is enough. " + INITIALS,
    Step.CONTAINMENT: (
        "What has been done so far to contain it? Pick any that apply, or tell me in your "
        'own words (for example "asked the family to delete the photo").'
    ),
    Step.CHANGE: "Which answer would you like to change?",
}

_HELP: dict[Step, str] = {
    Step.DISCOVERED: (
        "I need the time you (or whoever told you) first found out about the breach — not "
        'when it happened. A rough time is fine: "20 minutes ago", "half 5", "about 8", '
        '"9.15", "yesterday at 2pm". The policy asks for breaches to be reported within '
        "1 hour of discovery."
    ),
    Step.SERVICE: (
        "The service decides which Data Protection Officer gets your report: Adults "
        "(home care) or Children (children's homes)."
    ),
    Step.LOCATION: "Where it happened: a place, not a person. You can skip this one.",
    Step.OTHER_SYSTEM: 'The name of the system or app, e.g. "Nourish". You can skip this.',
    Step.SYSTEMS: (
        "Tell me every system the information was in: an app, email, a chat, or paper. "
        "Type the numbers or names, several at once. You can skip this one."
    ),
    Step.DESCRIPTION: (
        "Briefly, what went wrong: what information, and who might have seen it — for "
        'example "care plan for J.S. emailed to the wrong family".'
    ),
    Step.CONTAINMENT: (
        "Anything you did to limit the damage: locked a phone, changed a password, got "
        'papers back, asked someone to delete a message. "Nothing yet" is a fine answer.'
    ),
    Step.SUMMARY: "Answer yes to send the report to the DPO, or no to change an answer.",
    Step.CHANGE: "Pick the answer to change by number or name; you'll come back here after.",
}

COMMANDS_HELP = (
    "At any question you can type: back (previous question), skip (leave out an optional "
    "question), cancel (stop — nothing is sent), or help."
)

CHANGE_CHOICES: tuple[tuple[Step, str], ...] = (
    (Step.DISCOVERED, "When it was discovered"),
    (Step.SERVICE, "Service"),
    (Step.LOCATION, "Where"),
    (Step.SYSTEMS, "Systems"),
    (Step.DESCRIPTION, "What happened"),
    (Step.CONTAINMENT, "What has been done"),
)


def question(state: ConversationState, now: datetime, lead: str = "") -> Reply:
    """The reply asking the state's current question, with ``lead`` said first."""
    if state.step is Step.SUMMARY:
        return summary(state, now, lead)
    lines = [lead] if lead else []
    current = current_answer(state, now)
    if state.continuing:
        lines.append(_numbered(state.step) + CONTINUE)
    else:
        lines.append(_numbered(state.step) + _question_text(state))
    if current and not state.continuing:
        lines.append(f'Your answer so far: {shown(current)}. Send "keep" to keep it.')
    if state.answers.discovered_at is not None:
        lines.append(window_line(state.answers.discovered_at, now))
    return Reply(
        text="\n".join(lines),
        choices=_choices(state),
        multi_select=state.step in (Step.SYSTEMS, Step.CONTAINMENT),
        actions=_actions(state, bool(current)),
        card="question",
        data=_data(state, now),
    )


def help_reply(state: ConversationState, now: datetime) -> Reply:
    """Help for the current question, then the question again."""
    return question(state, now, lead=f"{_HELP.get(state.step, '')}\n{COMMANDS_HELP}".strip())


def _numbered(step: Step) -> str:
    main = Step.SYSTEMS if step is Step.OTHER_SYSTEM else step
    if main not in QUESTION_ORDER:
        return ""
    return f"Question {QUESTION_ORDER.index(main) + 1} of {len(QUESTION_ORDER)}: "


def _question_text(state: ConversationState) -> str:
    if state.step is Step.SERVICE:
        default = state.answers.service or state.default_service
        if default is None:
            return "Which service is it for — Adults or Children?"
        return f"Is this for the {default.capitalize()} service? (yes, or pick the other one)"
    if state.step is Step.OTHER_SYSTEM:
        if "other" in state.answers.systems:
            return "Which other system was it? (type its name, or skip)"
        return (
            "I didn't recognise part of that. Was another system involved as well? "
            "Type its name, or say no."
        )
    return _QUESTIONS[state.step]


def current_answer(state: ConversationState, now: datetime) -> str:
    """The answer already given to the current question, in words ("" if none)."""
    a = state.answers
    values: dict[Step, str | None] = {
        Step.DISCOVERED: describe_discovery(a.discovered_at, now, state.timezone)
        if a.discovered_at
        else None,
        Step.LOCATION: a.location,
        Step.SYSTEMS: systems_text(a) if a.systems else None,
        Step.OTHER_SYSTEM: a.other_system,
        Step.DESCRIPTION: a.description,
        Step.CONTAINMENT: containment_text(a) if a.containment or a.containment_notes else None,
    }
    return values.get(state.step) or ""


def _choices(state: ConversationState) -> tuple[Choice, ...]:
    if state.step is Step.SERVICE:
        return (Choice("Adults", "adults"), Choice("Children", "children"))
    if state.step is Step.SYSTEMS:
        return tuple(Choice(_system_label(s), s) for s in SYSTEMS)
    if state.step is Step.CONTAINMENT:
        return tuple(Choice(label, code) for code, label in CONTAINMENT)
    if state.step is Step.CHANGE:
        return tuple(Choice(label, step.value) for step, label in CHANGE_CHOICES)
    return ()


def _system_label(system: str) -> str:
    return {"email": "Email", "paper": "Paper records", "other": "Other"}.get(system, system)


def _actions(state: ConversationState, has_answer: bool) -> tuple[Choice, ...]:
    actions = list(_pending(state))
    if state.continuing:
        return (*actions, DONE, BACK, HELP, CANCEL)
    if has_answer:
        actions.append(KEEP)
    if state.step is not Step.DISCOVERED:
        actions.append(BACK)
    if state.step not in REQUIRED_STEPS and state.step is not Step.CHANGE:
        actions.append(SKIP)
    return (*actions, HELP, CANCEL)


def _pending(state: ConversationState) -> tuple[Choice, ...]:
    """Buttons for the one-word corrections open after the previous answer."""
    found: list[Choice] = []
    if state.time_alternative is not None:
        local = state.time_alternative.astimezone(ZoneInfo(state.timezone))
        found.append(Choice(f"I meant {local:%H:%M}", correction_word(local.hour)))
    if state.rewrite_offer is not None:
        found.append(USE_INITIALS)
    return tuple(found)


def shown(text: str, limit: int = SHOWN) -> str:
    """``text`` read back, shortened past ``limit`` characters with its length said."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return f"{text[: cut if cut > limit // 2 else limit]}… ({len(text):,} characters in all)"


def _data(state: ConversationState, now: datetime) -> dict[str, str | int | bool | None]:
    discovered = state.answers.discovered_at
    return {
        "step": state.step.value,
        "optional": state.step not in REQUIRED_STEPS,
        "minutes_left": minutes_left(discovered, now) if discovered else None,
    }


def systems_text(answers: Answers) -> str:
    """The systems in words, with the "other" system's name when given ("" if none)."""
    return systems_words(answers.systems, answers.other_system, empty="")


def systems_words(
    systems: tuple[str, ...], other_system: str | None, empty: str = NOT_GIVEN
) -> str:
    """Systems in words for any reader: "Birdie, Other (Nourish)", or "not given".

    A skipped systems question is empty and reads "not given", never "other".
    """
    names = [_system_label(s) for s in systems if s != "other"]
    if "other" in systems:
        names.append(f"Other ({other_system})" if other_system else "Other")
    return ", ".join(names) or empty


def containment_text(answers: Answers) -> str:
    """The containment steps in words, the reporter's own words last."""
    parts = [containment_label(c) for c in answers.containment]
    if answers.containment_notes:
        parts.append(answers.containment_notes)
    return "; ".join(parts)


def summary(state: ConversationState, now: datetime, lead: str = "") -> Reply:
    """The summary to confirm before sending; the reporter's own words are repeated to them."""
    a = state.answers
    lines = [lead] if lead else []
    lines.append("Here is your report:")
    for label, value in summary_lines(state, now):
        lines.append(f"• {label}: {value}")
    if a.discovered_at is not None:
        lines.append(window_line(a.discovered_at, now))
    lines.append("Send this to the DPO now?")
    return Reply(
        text="\n".join(lines),
        choices=(Choice("Yes, send it", "yes"), Choice("No, change something", "no")),
        actions=(BACK, HELP, CANCEL),
        card="summary",
        data=_data(state, now),
    )


def summary_lines(state: ConversationState, now: datetime) -> list[tuple[str, str]]:
    """(label, value) pairs of everything captured; "not given" for skipped questions."""
    a = state.answers
    discovered = (
        describe_discovery(a.discovered_at, now, state.timezone) if a.discovered_at else None
    )
    return [
        ("Discovered", discovered or NOT_GIVEN),
        ("Service", a.service.capitalize() if a.service else NOT_GIVEN),
        ("Where", shown(a.location) if a.location else NOT_GIVEN),
        ("Systems", systems_words(a.systems, a.other_system)),
        ("What happened", shown(a.description) if a.description else NOT_GIVEN),
        ("Done so far", shown(containment_text(a)) if containment_text(a) else NOT_GIVEN),
    ]
