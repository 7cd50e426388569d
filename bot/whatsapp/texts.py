"""What the organisation's WhatsApp number says on its own account.

None of these texts repeats anything from the message it answers: a warning names only
the kinds of identifier found, a refusal names nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable

_KINDS = {
    "PERSON": "a name",
    "FIRST_NAME": "a name",
    "LAST_NAME": "a name",
    "CLIENT_NAME": "a client's name",
    "LOCATION": "an address or place",
    "ADDRESS": "an address or place",
    "STREET_ADDRESS": "an address or place",
    "UK_POSTCODE": "a postcode",
    "PHONE_NUMBER": "a phone number",
    "EMAIL_ADDRESS": "an email address",
    "DATE_OF_BIRTH": "a date of birth",
    "UK_NHS": "an NHS number",
    "NHS_NUMBER": "an NHS number",
    "UK_NINO": "a National Insurance number",
    "CARE_PLAN_NUMBER": "a care plan number",
    "ROOM_NUMBER": "a room number",
}
OTHER = "other identifying details"

REFUSAL = (
    "Sorry, this CareGuard number only takes messages from registered staff, and this "
    "number is not registered. If you work for us, ask your Data Protection Officer to "
    "add your mobile number. Please do not send personal details here."
)
NOT_TEXT = (
    "I can only read text messages here, so I did not open what you sent. Please never "
    "send photos or documents about clients over WhatsApp. Type breach to report a "
    "personal-data breach, or help for what else I can do."
)
NOT_MASKED = (
    "I've saved your answer, but I can't show the next question here right now. "
    "Type help in a minute to see it."
)


def kinds_found(entity_types: Iterable[str]) -> list[str]:
    """Plain words for the detector's entity types, each once, in the order found."""
    words: list[str] = []
    for entity in entity_types:
        word = _KINDS.get(entity, OTHER)
        if word not in words:
            words.append(word)
    return words


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return words[0] if words else OTHER
    return ", ".join(words[:-1]) + " and " + words[-1]


def warning(entity_types: Iterable[str]) -> str:
    """The reply to a message that seems to identify a client; repeats none of it."""
    return (
        f"CareGuard: your message seems to include {_join(kinds_found(entity_types))} "
        "that could identify a client. Our policy: on WhatsApp use initials only — no "
        "names, addresses, NHS numbers or other details of clients. Please write it again "
        "with initials. If client details went to the wrong person, type breach to report it."
    )
