"""Filing reports in the register: complete ones and partial ones, routed and alerted.

Everything here runs inside the step's transaction: the breach and its audit events, the
alert record, the alert card and reporter messages (outbox) and the escalation timer are
written together, or not at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent
from bot.domain.conversation import ConversationState, SubmittedReport, containment_label
from bot.domain.conversation.lifecycle import abandoned_summary
from bot.domain.records import AlertRecord, AlertStatus
from bot.domain.routing import Routing, route
from bot.domain.values import Actor as DomainActor
from bot.domain.values import Service, System
from bot.services.alerts import hhmm
from bot.services.deps import BotDeps, owner_label
from bot.services.mail import Mail
from bot.services.timers import sync_breach
from bot.services.uow import Tx

NOT_GIVEN = "not given"
DESK = "desk"
"""The front-end of a report logged at the desk for someone who phoned: no chat to answer."""


def stable_id(*parts: str) -> str:
    """A breach id derived from what identifies a report, so retries find the same one."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ReporterRef:
    """How to reach the reporter again: front-end id, sign-in name, front-end."""

    reporter_id: str
    upn: str | None
    channel: str


def _systems(codes: tuple[str, ...]) -> tuple[System, ...]:
    # A skipped systems question stays "not given" (an empty tuple), never "other".
    return tuple(System(s) for s in codes if s in System._value2member_map_)


def _containment(codes: tuple[str, ...], notes: str | None) -> str | None:
    parts = [containment_label(c) for c in codes]
    if notes:
        parts.append(notes)
    return "; ".join(parts) or None


def _route(tx: Tx, deps: BotDeps, service: Service | None, now: datetime) -> Routing:
    return route(deps.organisation, service, now=now, away=tx.away.map(now))


def submit(
    tx: Tx,
    deps: BotDeps,
    report: SubmittedReport,
    who: ReporterRef,
    partial_reference: str | None,
    breach_id: str,
) -> Breach:
    """Register a confirmed report, alert the responsible person, start the ack clock.

    ``breach_id`` is stable for one conversation, so confirming twice files it once.
    """
    reporter = DomainActor(report.reporter.upn, report.reporter.name)
    service = Service(report.service)
    created = lifecycle.create(
        reporter=reporter, at=report.reported_at, service=service, breach_id=breach_id
    )
    draft = lifecycle.update_draft(
        created.breach,
        by=reporter,
        at=report.reported_at,
        discovered_at=report.discovered_at,
        location=report.location or NOT_GIVEN,
        systems=_systems(report.systems),
        other_system=report.other_system or None,
        description=report.description,
        containment_notes=_containment(report.containment, report.containment_notes),
    )
    routing = _route(tx, deps, service, report.reported_at)
    done = lifecycle.report(
        draft.breach, at=report.reported_at, assign_to=routing.responsible.actor, clocks=deps.clocks
    )
    history = [f"Reported by {reporter.name} at {hhmm(report.reported_at)}"]
    if partial_reference:
        history.append(f"Completes the partial report {partial_reference}")
    events = [created.event, draft.event, done.event]
    return file(tx, deps, done.breach, events, routing, who, history)


def file_partial(tx: Tx, deps: BotDeps, state: ConversationState, who: ReporterRef) -> Breach:
    """File what a silent reporter said so far as an incomplete report."""
    partial = abandoned_summary(state)
    now = deps.now()
    reporter = DomainActor(partial.reporter.upn, partial.reporter.name)
    service = Service(partial.service) if partial.service else None
    breach_id = stable_id("partial", state.key.as_text(), state.started_at.isoformat())
    created = lifecycle.create(
        reporter=reporter, at=partial.started_at, service=service, breach_id=breach_id
    )
    draft = lifecycle.update_draft(
        created.breach,
        by=reporter,
        at=partial.last_answer_at,
        discovered_at=partial.discovered_at,
        location=partial.location,
        systems=_systems(partial.systems),
        other_system=partial.other_system or None,
        description=partial.description,
        containment_notes=_containment(partial.containment, partial.containment_notes),
    )
    routing = _route(tx, deps, service, now)
    done = lifecycle.abandon(
        draft.breach, at=now, assign_to=routing.responsible.actor, clocks=deps.clocks
    )
    history = [
        f"Started by {reporter.name} at {hhmm(partial.started_at)}; they stopped "
        f"answering at {hhmm(partial.last_answer_at)}: filed incomplete"
    ]
    events = [created.event, draft.event, done.event]
    return file(tx, deps, done.breach, events, routing, who, history)


def file_recorded(tx: Tx, deps: BotDeps, breach: Breach, events: list[BreachEvent]) -> Breach:
    """File a breach an officer recorded elsewhere (a name warning turned into a breach)."""
    upn = breach.reporter.upn
    officer = deps.organisation.find(upn=upn) if upn else None
    who = ReporterRef(officer.aad_object_id if officer else (upn or "unknown"), upn, "msteams")
    routing = _route(tx, deps, breach.service, deps.now())
    at = breach.reported_at or deps.now()
    history = [f"Recorded from a name warning by {breach.reporter.name} at {hhmm(at)}"]
    return file(tx, deps, breach, events, routing, who, history)


def file(
    tx: Tx,
    deps: BotDeps,
    breach: Breach,
    events: list[BreachEvent],
    routing: Routing,
    who: ReporterRef,
    history: list[str],
) -> Breach:
    """Add the breach (once per id), its alert, its card and its first escalation timer."""
    existing = tx.breaches.reference_of(breach.id)
    if existing is not None:  # the same report confirmed again: it is filed already
        return tx.breaches.get(existing)
    stored = tx.breaches.add(breach, events)
    responsible = routing.responsible
    history.extend(f"{person.name} is away: skipped" for person in routing.skipped)
    history.append(f"Sent to {owner_label(deps.organisation, responsible.upn)}")
    tx.alerts.add(
        AlertRecord(
            reference=stored.label,
            reporter_id=who.reporter_id,
            reporter_upn=who.upn,
            reporter_channel=who.channel,
            status=AlertStatus.REPORTED,
            history=tuple(history),
            tried=tuple(p.key for p in (*routing.skipped, responsible)),
            asked=tuple(p.key for p in routing.skipped),
        )
    )
    Mail(tx).alert_card(stored.label)
    sync_breach(tx, deps, stored)
    return stored
