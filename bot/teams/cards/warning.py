"""The private name warning sent 1:1 to the author of a flagged message."""

from __future__ import annotations

from bot.teams.cards.elements import (
    Json,
    action_rows,
    bullet_lines,
    card,
    container,
    execute,
    heading,
    rich,
    text,
)
from bot.teams.cards.views import NameWarningView, Verb

ENTITY_WORDS: dict[str, str] = {
    "PERSON": "a person's name",
    "FIRST_NAME": "a person's name",
    "LAST_NAME": "a person's name",
    "CLIENT_NAME": "a client's name",
    "LOCATION": "a place or address",
    "ADDRESS": "a place or address",
    "STREET_ADDRESS": "a place or address",
    "UK_POSTCODE": "a postcode",
    "PHONE_NUMBER": "a phone number",
    "EMAIL_ADDRESS": "an email address",
    "DATE_OF_BIRTH": "a date of birth",
    "DATE_TIME": "a date",
    "UK_NHS": "an NHS number",
    "NHS_NUMBER": "an NHS number",
    "UK_NINO": "a National Insurance number",
    "CARE_PLAN_NUMBER": "a care plan number",
    "ROOM_NUMBER": "a room number",
}
OTHER_KIND = "other identifying details"

POLICY_RULE = (
    "Our data protection policy says chat messages must use initials or care plan numbers, "
    "never a client's full name or other details that identify them."
)


def describe_entities(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Plain words for detector entity codes, each once, in order; unknown codes → generic."""
    words: list[str] = []
    for code in codes or ("",):
        word = ENTITY_WORDS.get(code.strip().upper(), OTHER_KIND)
        if word not in words:
            words.append(word)
    return tuple(words)


def name_warning_card(view: NameWarningView) -> Json:
    """The private warning: what kinds of identifier were found, the rule, a rewrite.

    The identifiers themselves are never shown; the suggested rewrite already has them
    replaced by initials.

    Args:
        view: The warning; ``entity_types`` are detector codes, shown in plain words.

    Returns:
        An Adaptive Card 1.5 with "I've edited it" and "Not client data" buttons (and
        "Record as a breach" when ``view.can_record_breach``).
    """
    kinds = describe_entities(view.entity_types)
    body = [
        heading("Please check your message"),
        rich(
            ("Your message in ", False),
            (view.place, True),
            (" seems to identify a client. I found:", False),
        ),
        *bullet_lines(kinds),
        text(POLICY_RULE, isSubtle=True, spacing="Medium"),
        text("Suggested rewrite", weight="Bolder", spacing="Medium"),
        container([text(view.suggested_rewrite)], style="emphasis"),
        text(
            "Please edit your message, or tell me if this is not client data. "
            "Only you can see this.",
            size="Small",
            spacing="Medium",
        ),
    ]
    fallback = f"Your message in {view.place} seems to identify a client: {', '.join(kinds)}."
    return card(body + action_rows(_warning_actions(view)), fallback=fallback)


def _warning_actions(view: NameWarningView) -> list[Json]:
    data = {"warning": view.warning_id}
    actions = [
        execute("I've edited it", Verb.WARNING_EDITED, data, style="positive"),
        execute("Not client data", Verb.WARNING_NOT_CLIENT_DATA, data),
    ]
    if view.can_record_breach:
        actions.append(execute("Record as a breach", Verb.WARNING_TO_BREACH, data))
    return actions
