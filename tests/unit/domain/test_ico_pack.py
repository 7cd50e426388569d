"""ICO pack: the four contents of policy 5b plus the timeline; gaps flagged, never invented."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from bot.domain import lifecycle as lc
from bot.domain import review as rv
from bot.domain.assessment import SubjectCategory
from bot.domain.breach import ActionKind, Breach, BreachEvent
from bot.domain.ico_pack import MISSING, build_ico_pack, render_markdown, to_json
from bot.domain.timeline import describe, timeline

from .conftest import DPO, REPORTER, SECRET_TEXT, SIRO, T0, assessment, draft

NOW = T0 + timedelta(hours=30)


def story() -> tuple[Breach, list[BreachEvent]]:
    """A high-risk breach worked through to the point of notifying the ICO."""
    events: list[BreachEvent] = []

    def step(result: tuple[Breach, BreachEvent]) -> Breach:
        events.append(result[1])
        return result[0]

    b = step(lc.create(reporter=REPORTER, at=T0 - timedelta(minutes=5)))
    b = step(lc.update_draft(b, by=REPORTER, at=T0, **_details()))
    b = lc.with_reference(
        step(lc.report(b, at=T0 + timedelta(minutes=50), assign_to=DPO)), "BR-2026-0003"
    )
    b = step(lc.acknowledge(b, by=DPO, at=T0 + timedelta(minutes=55)))
    b = step(
        lc.record_action(
            b,
            kind=ActionKind.CONTAINMENT,
            text="Asked the bus depot to hold the folder",
            by=DPO,
            at=T0 + timedelta(hours=1),
            done=True,
        )
    )
    full = replace(
        assessment(high_risk=True, at=T0 + timedelta(hours=2)),
        subjects=frozenset({SubjectCategory.CLIENTS}),
    )
    b = step(rv.assess(b, full))
    b = step(rv.notify_siro(b, by=DPO, at=T0 + timedelta(hours=3)))
    return b, events


def _details() -> dict[str, object]:
    d = draft()
    return {
        "service": d.service,
        "discovered_at": d.discovered_at,
        "location": d.location,
        "systems": d.systems,
        "description": d.description,
        "containment_notes": "Called the office at once",
    }


def test_complete_pack_holds_the_four_required_contents() -> None:
    breach, events = story()
    pack = build_ico_pack(breach, events, organisation="Example Care Ltd", now=NOW)
    assert pack.complete
    assert [s.key for s in pack.sections] == [
        "description",
        "data_subjects",
        "consequences",
        "measures",
    ]
    md = render_markdown(pack)
    assert "# ICO notification pack: BR-2026-0003" in md
    assert SECRET_TEXT in md
    assert "**Categories of data subjects:** adult care clients" in md
    assert "**Number of data subjects:** 1" in md
    assert "special category data" in md
    assert "**Likely consequences:** Distress; address known to a stranger" in md
    assert "[done] containment: Asked the bus depot to hold the folder" in md
    assert "Called the office at once" in md
    assert MISSING not in md
    assert "Incomplete" not in md


def test_pack_shows_deadline_and_timeline_in_uk_time() -> None:
    breach, events = story()
    md = render_markdown(build_ico_pack(breach, events, organisation="Example Care", now=NOW))
    # discovered 08:40 UTC on 4 May 2026 = 09:40 BST; +72 h
    assert "**ICO deadline (72 h):** Thu 07 May 2026 09:40 BST" in md
    assert "| Mon 04 May 2026 10:55 BST | Dee Dpo | Acknowledged by the DPO |" in md
    assert "Reported to the DPO, 10 min after the one-hour window" in md
    assert "SIRO notified" in md


def test_missing_parts_are_flagged_not_invented() -> None:
    breach, events = story()
    bare = replace(breach, assessment=None, actions=(), containment_notes=None, high_risk=None)
    pack = build_ico_pack(bare, events, organisation="Example Care", now=NOW)
    assert not pack.complete
    assert pack.missing == [
        "2. Data subjects affected: Categories of data subjects",
        "2. Data subjects affected: Number of data subjects",
        "2. Data subjects affected: Categories of personal data",
        "3. Likely consequences: Likely consequences",
        "3. Likely consequences: Risk to individuals",
        "4. Measures taken to mitigate the risk: measures taken to contain or mitigate",
    ]
    md = render_markdown(pack)
    assert f"- **Number of data subjects:** **{MISSING}**" in md
    assert "**Incomplete - record these before notifying the ICO:**" in md


def test_unrecorded_subject_categories_are_flagged() -> None:
    breach, events = story()
    assert breach.assessment is not None
    vague = replace(breach, assessment=replace(breach.assessment, subjects=frozenset()))
    pack = build_ico_pack(vague, events, organisation="X", now=NOW)
    assert pack.missing == ["2. Data subjects affected: Categories of data subjects"]


def test_json_form_round_trips_and_matches_markdown_content() -> None:
    breach, events = story()
    data = to_json(build_ico_pack(breach, events, organisation="Example Care", now=NOW))
    again = json.loads(json.dumps(data))
    assert again["reference"] == "BR-2026-0003"
    assert again["complete"] is True
    sections = again["sections"]
    assert sections["description"]["facts"]["What happened"] == SECRET_TEXT
    assert sections["data_subjects"]["facts"]["Number of data subjects"] == "1"
    assert [e["text"] for e in again["timeline"]][:2] == ["Report started", "Report details added"]
    assert again["timeline"][0]["at"] == (T0 - timedelta(minutes=5)).isoformat()


def test_json_form_holds_the_four_contents_as_plain_values() -> None:
    breach, events = story()
    data = to_json(build_ico_pack(breach, events, organisation="Example Care", now=NOW))
    assert data["description"] == SECRET_TEXT
    assert data["data_subjects"] == {
        "categories": ["clients"],
        "data_categories": ["personal", "special_category"],
        "number": 1,
        "estimate": False,
    }
    assert data["likely_consequences"] == "Distress; address known to a stranger"
    assert data["measures_taken"] == [
        "immediate: Called the office at once",
        "containment (done): Asked the bus depot to hold the folder",
    ]
    bare = to_json(
        build_ico_pack(replace(breach, assessment=None, actions=()), [], organisation="X", now=NOW)
    )
    assert bare["data_subjects"] == {
        "categories": [],
        "data_categories": [],
        "number": None,
        "estimate": None,
    }
    assert bare["likely_consequences"] is None


def test_table_cells_cannot_break_the_markdown_table() -> None:
    breach, events = story()
    odd = replace(events[-1], actor=replace(SIRO, name="A | B"))
    md = render_markdown(build_ico_pack(breach, [*events[:-1], odd], organisation="X", now=NOW))
    assert "A \\| B" in md


def test_timeline_hides_free_text_unless_asked() -> None:
    breach, events = story()
    low = rv.assess(breach, assessment(high_risk=False, at=NOW)).breach
    closed_reason = rv.record_ico_decision(
        low, notified=False, by=DPO, at=NOW, reason="Folder recovered sealed"
    ).event
    assert describe(closed_reason) == "Decided not to notify the ICO"
    assert describe(closed_reason, with_text=True) == (
        "Decided not to notify the ICO: Folder recovered sealed"
    )
    lines = [e.text for e in timeline(events)]
    assert not any("bus depot" in line for line in lines)
    assert "Containment action recorded" in lines


def test_other_system_and_chosen_steps_appear_in_the_pack() -> None:
    breach, events = story()
    richer = replace(
        breach,
        other_system="Fax machine",
        containment_steps=("retrieved_papers", "none_yet"),
        containment_notes=None,
        actions=(),
    )
    md = render_markdown(build_ico_pack(richer, events, organisation="X", now=NOW))
    assert "**Systems involved:** paper, other: Fax machine" in md
    assert "**Immediate steps by the reporter:** retrieved papers" in md


def test_nothing_done_yet_is_not_a_measure() -> None:
    breach, events = story()
    idle = replace(breach, containment_steps=("none_yet",), containment_notes=None, actions=())
    pack = build_ico_pack(idle, events, organisation="X", now=NOW)
    assert pack.missing == [
        "4. Measures taken to mitigate the risk: measures taken to contain or mitigate"
    ]
