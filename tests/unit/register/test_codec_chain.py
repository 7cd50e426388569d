"""Breaches survive storage unchanged; hashes change whenever anything changes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain import lifecycle, review
from bot.domain.assessment import AffectedCount, Assessment, DataType
from bot.domain.breach import ActionKind, Actor, Breach, Service, System
from bot.domain.codec import CodecError, from_jsonable, to_jsonable
from bot.register.breaches.chain import GENESIS_HASH, body_digest, canonical_json, row_hash

T0 = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
CARER = Actor("ali.carer@example.org", "Ali Carer")
DPO = Actor("dee.dpo@example.org", "Dee Dpo")


def rich_breach() -> Breach:
    """A breach with every kind of nested value: actions, assessment, ICO, reopening."""
    b = lifecycle.create(reporter=CARER, at=T0, service=Service.CHILDREN).breach
    b = lifecycle.update_draft(
        b,
        by=CARER,
        at=T0,
        discovered_at=T0 - timedelta(minutes=5),
        location="Home 2",
        systems=(System.CLEARCARE, System.PAPER),
        description="Invented description",
    ).breach
    b = lifecycle.report(b, at=T0, assign_to=DPO).breach
    b = lifecycle.acknowledge(b, by=DPO, at=T0 + timedelta(minutes=3)).breach
    b = lifecycle.record_action(
        b, kind=ActionKind.CONTAINMENT, text="Locked cabinet", by=DPO, at=T0, done=True
    ).breach
    assessment = Assessment(
        data_types=frozenset({DataType.CHILDREN, DataType.SPECIAL_CATEGORY}),
        individuals=AffectedCount(40, estimated=True),
        likely_impact="Distress",
        high_risk=True,
        rationale="Health data of children",
        by=DPO,
        at=T0 + timedelta(hours=1),
    )
    b = review.assess(b, assessment).breach
    return review.record_ico_decision(
        b, notified=True, by=DPO, at=T0 + timedelta(hours=2), ico_reference="IC-1"
    ).breach


def test_breach_round_trips_through_json() -> None:
    breach = rich_breach()
    stored = json.dumps(to_jsonable(breach))
    assert from_jsonable(Breach, json.loads(stored)) == breach


def test_unsupported_values_fail_loudly() -> None:
    @dataclass
    class Odd:
        when: date

    with pytest.raises(CodecError):
        to_jsonable(Odd(date(2026, 1, 1)))


def test_canonical_json_ignores_key_order() -> None:
    assert canonical_json({"b": 1, "a": [1, "é"]}) == canonical_json({"a": [1, "é"], "b": 1})


def test_row_hash_covers_every_field_and_the_previous_hash() -> None:
    header = {
        "seq": 1,
        "reference": "BR-2026-0001",
        "kind": "reported",
        "recorded_at": T0.isoformat(),
        "body_digest": body_digest("a@example.org", {"data": {}}),
    }
    base = row_hash(header, GENESIS_HASH)
    assert len(base) == 64
    for key in header:
        changed = {**header, key: "x"}
        assert row_hash(changed, GENESIS_HASH) != base
    assert row_hash(header, "1" * 64) != base
    assert body_digest("b@example.org", {"data": {}}) != header["body_digest"]
