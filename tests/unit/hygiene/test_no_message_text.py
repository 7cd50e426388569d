"""Nothing of a flagged message is stored: not in hygiene events, not in the register.

On the in-memory stores; ``tests/integration/hygiene/test_no_message_text.py`` checks
every table and the database file itself.
"""

from __future__ import annotations

import dataclasses
import hashlib

from bot.services.messages import CardAction, PrivateWarning, Verb
from tests.unit.hygiene.conftest import Hygiene
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    CLIENT,
    DPO,
    NHS,
    SECRET_FRAGMENTS,
    SECRET_MESSAGE,
    message,
)


async def every_flow(hy: Hygiene) -> PrivateWarning:
    """A warning, a warned edit, a clean edit, feedback and a breach recorded from it."""
    warning = await hy.warn(message())
    await hy.post(message("Zelda Quincefield, NHS 943 476 5919", edited=True))
    await hy.post(message(CLEAN_MESSAGE, edited=True))
    click = CardAction(CARER, Verb.WARNING_EDITED.value, {"warning": warning.warning_id}, "a:1")
    await hy.click(click)
    await hy.to_breach(DPO, warning.warning_id)
    return warning


def stored_values(hy: Hygiene, *, outbox: bool = False) -> list[str]:
    """Every value the stores hold (the outbox too when asked), as text."""
    state = hy.uow.state
    parts = {f.name: getattr(state, f.name) for f in dataclasses.fields(state)}
    if not outbox:
        del parts["outbox"]
    values: list[str] = []

    def walk(value: object) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, list | tuple | set | frozenset):
            for v in value:
                walk(v)
        else:
            values.append(str(value))

    walk(parts)
    return values


async def test_no_store_holds_message_text(hy: Hygiene) -> None:
    await every_flow(hy)
    values = stored_values(hy)
    assert len(values) > 20
    for fragment in SECRET_FRAGMENTS:
        assert not [v for v in values if fragment in v], fragment


async def test_messages_on_their_way_hold_no_identifier(hy: Hygiene) -> None:
    await every_flow(hy)  # the warning carries the rewrite with initials, nothing more
    values = stored_values(hy, outbox=True)
    for fragment in (CLIENT, "Zelda", "Quincefield", NHS, NHS.replace(" ", "")):
        assert not [v for v in values if fragment in v], fragment


async def test_hygiene_events_hold_types_and_a_keyed_hash_only(hy: Hygiene) -> None:
    warning = await every_flow(hy)
    assert len(hy.events()) == 2  # the first warning, and the warned edit
    first = hy.event(warning.warning_id)
    assert first.entity_types == ("PERSON", "UK_NHS")
    assert first.content_hash != hashlib.sha256(SECRET_MESSAGE.encode()).hexdigest()
    assert len(first.content_hash) == 64
    assert first.author_id == CARER.aad_object_id
    assert first.feedback is not None
    assert first.feedback.value == "edited"
    assert first.breach_reference == "BR-2026-0001"
    assert {f.name for f in dataclasses.fields(first)} == {
        "id", "place_key", "place_name", "conversation_type", "team_id", "message_id",
        "author_id", "occurred_at", "entity_types", "content_hash", "fixed_at", "feedback",
        "feedback_at", "breach_reference",
    }  # fmt: skip
