"""Nothing of a flagged message is stored: not in hygiene events, not anywhere in the file."""

from __future__ import annotations

import hashlib

from sqlalchemy import inspect, text

from bot.register.db import read_session
from bot.services.messages import CardAction, PrivateWarning, Verb
from tests.unit.hygiene.conftest import Harness
from tests.unit.hygiene.fakes import (
    CARER,
    CLEAN_MESSAGE,
    DPO,
    SECRET_FRAGMENTS,
    SECRET_MESSAGE,
    message,
)


async def _every_flow(hy: Harness) -> None:
    deliveries = await hy.service.on_channel_message(message())
    warning = deliveries[0].message
    assert isinstance(warning, PrivateWarning)
    await hy.service.on_channel_message(message("Zelda Quincefield, NHS 943 476 5919", edited=True))
    await hy.service.on_channel_message(message(CLEAN_MESSAGE, edited=True))
    click = CardAction(CARER, Verb.WARNING_EDITED.value, {"warning": warning.warning_id}, "a:1")
    await hy.service.on_card_action(click)
    await hy.service.to_breach(DPO, warning.warning_id)


async def test_no_row_of_any_table_holds_message_text(hy: Harness) -> None:
    await _every_flow(hy)
    values: list[str] = []
    with read_session(hy.engine) as session:
        for table in inspect(hy.engine).get_table_names():
            for row in session.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                values.extend(str(v) for v in row)
    assert len(values) > 20
    for fragment in SECRET_FRAGMENTS:
        assert not [v for v in values if fragment in v], fragment


async def test_hygiene_rows_hold_types_and_a_keyed_hash_only(hy: Harness) -> None:
    await _every_flow(hy)
    with read_session(hy.engine) as session:
        rows = session.execute(text("SELECT * FROM hygiene_events ORDER BY occurred_at")).mappings()
        rows = [dict(r) for r in rows]
    assert len(rows) == 2
    assert rows[0]["entity_types"] == "PERSON,UK_NHS"
    plain = hashlib.sha256(SECRET_MESSAGE.encode()).hexdigest()
    assert rows[0]["content_hash"] != plain
    assert len(rows[0]["content_hash"]) == 64
    assert rows[0]["author_id"] == CARER.aad_object_id
    assert rows[0]["feedback"] == "edited"
    assert rows[0]["breach_reference"] == "BR-2026-0001"
    assert set(rows[0]) == {
        "id", "place_key", "place_name", "conversation_type", "team_id", "message_id",
        "author_id", "occurred_at", "entity_types", "content_hash", "fixed_at", "feedback",
        "feedback_at", "breach_reference",
    }  # fmt: skip


async def test_the_database_files_hold_no_message_text(hy: Harness) -> None:
    await _every_flow(hy)
    hy.engine.dispose()
    files = [p for p in hy.db_path.parent.iterdir() if p.name.startswith(hy.db_path.name)]
    raw = b"".join(p.read_bytes() for p in files)
    assert b"hygiene_events" in raw
    for fragment in SECRET_FRAGMENTS:
        assert fragment.encode() not in raw, fragment
