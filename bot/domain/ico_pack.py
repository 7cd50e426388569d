"""The ICO notification pack (policy 5b): the four required contents plus the timeline.

Nothing is invented: a part the register does not hold is flagged as missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.assessment import DATA_TYPE_LABELS, SUBJECT_LABELS
from bot.domain.breach import Breach
from bot.domain.clocks import format_london
from bot.domain.events import BreachEvent, JSONValue
from bot.domain.timeline import TimelineEntry, timeline

MISSING = "MISSING: not recorded"


@dataclass(frozen=True, slots=True)
class PackSection:
    """One of the four required contents.

    Attributes:
        key: Stable key for JSON (``description``, ``data_subjects``, ...).
        title: Heading.
        facts: Label → value (``None`` when not recorded).
        missing: Labels of facts that are required but not recorded.
    """

    key: str
    title: str
    facts: dict[str, str | None]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IcoPack:
    """Everything the DPO needs to fill in the ICO's breach report."""

    reference: str
    organisation: str
    prepared_at: datetime
    sections: tuple[PackSection, ...]
    context: dict[str, str | None]
    timeline: tuple[TimelineEntry, ...]
    plain: dict[str, JSONValue] = field(default_factory=dict)
    """The four contents as plain values for the ICO's form (see ``_plain``)."""

    @property
    def missing(self) -> list[str]:
        """Every missing item as ``"Section: item"``."""
        return [f"{s.title}: {m}" for s in self.sections for m in s.missing]

    @property
    def complete(self) -> bool:
        """True when all four contents are fully recorded."""
        return not self.missing


def _when(at: datetime | None) -> str | None:
    return format_london(at) if at is not None else None


def _section(
    key: str, title: str, facts: dict[str, str | None], required: Iterable[str]
) -> PackSection:
    missing = tuple(label for label in required if not facts.get(label))
    return PackSection(key, title, facts, missing)


_INCOMPLETE = "yes - the reporter did not finish the report"


def _systems(b: Breach) -> str | None:
    names = [s.value for s in b.systems]
    if b.other_system:
        names.append(f"other: {b.other_system}")
    return ", ".join(names) or None


def _description(b: Breach) -> PackSection:
    facts = {
        "What happened": b.description,
        "Service": b.service.value if b.service else None,
        "Where": b.location,
        "Systems involved": _systems(b),
        "Discovered": _when(b.discovered_at),
        "Organisation became aware": _when(b.became_aware_at),
        "Reported to the DPO": _when(b.reported_at),
        "Report incomplete": "yes - the reporter did not finish the report"
        if b.incomplete
        else None,
    }
    required = ("What happened", "Where", "Systems involved", "Discovered")
    return _section("description", "1. Description of the breach", facts, required)


def _subjects(b: Breach) -> PackSection:
    a = b.assessment
    subjects = ", ".join(sorted(SUBJECT_LABELS[c] for c in a.subjects)) if a else ""
    facts = {
        "Categories of data subjects": subjects or None,
        "Number of data subjects": a.individuals.describe() if a else None,
        "Categories of personal data": (
            ", ".join(sorted(DATA_TYPE_LABELS[t] for t in a.data_types)) if a else None
        ),
    }
    return _section("data_subjects", "2. Data subjects affected", facts, facts.keys())


def _consequences(b: Breach) -> PackSection:
    a = b.assessment
    risk = {True: "high risk", False: "not high risk", None: None}[b.high_risk]
    facts = {
        "Likely consequences": a.likely_impact if a else None,
        "Risk to individuals": risk,
        "Why": b.risk_rationale,
    }
    required = ("Likely consequences", "Risk to individuals")
    return _section("consequences", "3. Likely consequences", facts, required)


def _immediate_steps(b: Breach) -> str | None:
    steps = [code.replace("_", " ") for code in b.containment_steps if code != "none_yet"]
    if b.containment_notes:
        steps.append(b.containment_notes)
    return "; ".join(steps) or None


def _measures(b: Breach) -> PackSection:
    lines = [
        f"[{'done' if a.completed_at else 'open'}] {a.kind.value}: {a.text}" for a in b.actions
    ]
    facts = {
        "Immediate steps by the reporter": _immediate_steps(b),
        "Containment and remediation actions": "\n".join(lines) or None,
        "Individuals informed": _when(b.individuals_informed_at),
    }
    has_measures = bool(_immediate_steps(b) or b.actions)
    missing = () if has_measures else ("measures taken to contain or mitigate",)
    return PackSection("measures", "4. Measures taken to mitigate the risk", facts, missing)


def _context(b: Breach) -> dict[str, str | None]:
    decision = b.ico_decision
    ico = None
    if decision is not None:
        ico = f"notified {_when(decision.at)}" if decision.notified else "decided not to notify"
    return {
        "DPO contact": f"{b.assigned_to.name} <{b.assigned_to.upn}>" if b.assigned_to else None,
        "ICO deadline (72 h)": _when(b.ico_deadline),
        "ICO": ico,
        "SIRO notified": _when(b.siro_notified_at),
    }


def _plain(b: Breach) -> dict[str, JSONValue]:
    """The four contents as values: text, categories and numbers (``None``: not recorded)."""
    a = b.assessment
    measures: list[JSONValue] = []
    if _immediate_steps(b):
        measures.append(f"immediate: {_immediate_steps(b)}")
    measures += [
        f"{x.kind.value} ({'done' if x.completed_at else 'open'}): {x.text}" for x in b.actions
    ]
    subjects: dict[str, JSONValue] = {
        "categories": sorted(c.value for c in a.subjects) if a else [],
        "data_categories": sorted(t.value for t in a.data_types) if a else [],
        "number": a.individuals.count if a else None,
        "estimate": a.individuals.estimated if a else None,
    }
    return {
        "description": b.description,
        "data_subjects": subjects,
        "likely_consequences": a.likely_impact if a else None,
        "measures_taken": measures,
    }


def build_ico_pack(
    breach: Breach, events: Iterable[BreachEvent], *, organisation: str, now: datetime
) -> IcoPack:
    """Assemble the pack for ``breach`` from its record and its events."""
    return IcoPack(
        reference=breach.label,
        organisation=organisation,
        prepared_at=now,
        sections=(
            _description(breach),
            _subjects(breach),
            _consequences(breach),
            _measures(breach),
        ),
        context=_context(breach),
        timeline=tuple(timeline(events, with_text=True)),
        plain=_plain(breach),
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(pack: IcoPack) -> str:
    """The pack as Markdown, missing items marked in bold."""
    out = [
        f"# ICO notification pack: {pack.reference}",
        "",
        f"{pack.organisation} · prepared {format_london(pack.prepared_at)}",
        "",
    ]
    if pack.missing:
        out += ["**Incomplete - record these before notifying the ICO:**", ""]
        out += [f"- {item}" for item in pack.missing] + [""]
    for section in pack.sections:
        out += [f"## {section.title}", ""]
        for label, value in section.facts.items():
            if value:
                out.append(f"- **{label}:** {value.replace(chr(10), chr(10) + '  ')}")
            elif label in section.missing:
                out.append(f"- **{label}:** **{MISSING}**")
        out.append("")
    out += ["## Contacts and deadlines", ""]
    out += [f"- **{k}:** {v}" for k, v in pack.context.items() if v] + [""]
    out += ["## Timeline", "", "| When (UK time) | Who | What |", "|---|---|---|"]
    out += [f"| {e.shown} | {_cell(e.actor)} | {_cell(e.text)} |" for e in pack.timeline]
    return "\n".join(out) + "\n"


def to_json(pack: IcoPack) -> dict[str, JSONValue]:
    """The pack as a JSON-safe dictionary (timestamps in ISO 8601 UTC)."""
    sections: dict[str, JSONValue] = {
        s.key: {"title": s.title, "facts": dict(s.facts), "missing": list(s.missing)}
        for s in pack.sections
    }
    return {
        **pack.plain,
        "reference": pack.reference,
        "organisation": pack.organisation,
        "prepared_at": pack.prepared_at.isoformat(),
        "complete": pack.complete,
        "missing": pack.missing,
        "sections": sections,
        "context": dict(pack.context),
        "timeline": [
            {"at": e.at.isoformat(), "shown": e.shown, "actor": e.actor, "text": e.text}
            for e in pack.timeline
        ],
    }
