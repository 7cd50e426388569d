"""Filing reports in the register: complete ones and partial ones, routed and alerted.

Order matters for "nothing is lost": the breach goes into the register first, then the
alert is posted, then the conversation state is cleared by the caller.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent
from bot.domain.conversation import ConversationState, SubmittedReport, containment_label
from bot.domain.conversation.lifecycle import abandoned_summary
from bot.domain.routing import Routing, escalation_chain, route
from bot.domain.values import Actor as DomainActor
from bot.domain.values import Service, System
from bot.register.state.store import AlertRecord
from bot.services.alerts import Alerts, hhmm
from bot.services.deps import BotDeps, owner_label

ACK_TIMEOUT_KIND = "breach.ack-timeout"
NOT_GIVEN = "not given"


def stable_id(*parts: str) -> str:
    """A breach id derived from what identifies a report, so retries find the same one."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ReporterRef:
    """How to reach the reporter again: front-end id, sign-in name, front-end."""

    reporter_id: str
    upn: str | None
    channel: str


def escalation_interval(deps: BotDeps, service: Service | None) -> timedelta:
    """Time between escalation steps: the ack timeout, closer together for long chains.

    The whole chain must be asked within ``escalation_budget`` (the hour), so with five
    people and a 60-minute budget each step gets at most 12 minutes.
    """
    people = max(len(escalation_chain(deps.organisation, service)), 1)
    return min(deps.clocks.ack_timeout, deps.config.escalation_budget / people)


def _systems(report: SubmittedReport) -> tuple[System, ...]:
    found = tuple(System(s) for s in report.systems if s in System._value2member_map_)
    return found or (System.OTHER,)


def _containment(codes: tuple[str, ...], notes: str | None) -> str | None:
    parts = [containment_label(c) for c in codes]
    if notes:
        parts.append(notes)
    return "; ".join(parts) or None


class Filing:
    """Puts reports into the register and starts their clocks."""

    def __init__(self, deps: BotDeps, alerts: Alerts) -> None:
        self.deps = deps
        self.alerts = alerts

    def _route(self, service: Service | None, now: datetime) -> Routing:
        away = self.deps.state.away_map(now)
        return route(self.deps.organisation, service, now=now, away=away)

    async def submit(
        self,
        report: SubmittedReport,
        who: ReporterRef,
        partial_reference: str | None,
        breach_id: str,
    ) -> Breach:
        """Register a confirmed report, alert the responsible person, start the ack clock.

        ``breach_id`` is stable for one conversation, so confirming twice (after a crash
        between registering and clearing the conversation) files the report once.
        """
        reporter = DomainActor(report.reporter.upn, report.reporter.name)
        service = Service(report.service)
        description = report.description
        if report.other_system:
            description += f"\n(Other system: {report.other_system})"
        created = lifecycle.create(
            reporter=reporter, at=report.reported_at, service=service, breach_id=breach_id
        )
        draft = lifecycle.update_draft(
            created.breach,
            by=reporter,
            at=report.reported_at,
            discovered_at=report.discovered_at,
            location=report.location or NOT_GIVEN,
            systems=_systems(report),
            description=description,
            containment_notes=_containment(report.containment, report.containment_notes),
        )
        routing = self._route(service, report.reported_at)
        done = lifecycle.report(
            draft.breach,
            at=report.reported_at,
            assign_to=routing.responsible.actor,
            clocks=self.deps.clocks,
        )
        events = [created.event, draft.event, done.event]
        history = [f"Reported by {reporter.name} at {hhmm(report.reported_at)}"]
        if partial_reference:
            history.append(f"Completes the partial report {partial_reference}")
        return await self._file(done.breach, events, routing, who, history)

    async def file_partial(
        self, state: ConversationState, who: ReporterRef, breach_id: str
    ) -> Breach:
        """File what a silent reporter said so far as an incomplete report (once per id)."""
        partial = abandoned_summary(state)
        now = self.deps.now()
        reporter = DomainActor(partial.reporter.upn, partial.reporter.name)
        service = Service(partial.service) if partial.service else None
        created = lifecycle.create(
            reporter=reporter, at=partial.started_at, service=service, breach_id=breach_id
        )
        draft = lifecycle.update_draft(
            created.breach,
            by=reporter,
            at=partial.last_answer_at,
            discovered_at=partial.discovered_at,
            location=partial.location,
            systems=tuple(System(s) for s in partial.systems if s in System._value2member_map_),
            description=partial.description,
            containment_notes=_containment(partial.containment, partial.containment_notes),
        )
        routing = self._route(service, now)
        done = lifecycle.abandon(
            draft.breach, at=now, assign_to=routing.responsible.actor, clocks=self.deps.clocks
        )
        history = [
            f"Started by {reporter.name} at {hhmm(partial.started_at)}; they stopped "
            f"answering at {hhmm(partial.last_answer_at)}: filed incomplete"
        ]
        events = [created.event, draft.event, done.event]
        return await self._file(done.breach, events, routing, who, history)

    async def file_recorded(self, breach: Breach, events: list[BreachEvent]) -> Breach:
        """File a breach an officer recorded elsewhere (a name warning turned into a breach).

        The breach arrives already reported; it is registered once (by its id), alerted to
        whoever routing says is responsible now, and its acknowledgement clock started.
        """
        upn = breach.reporter.upn
        officer = self.deps.organisation.find(upn=upn) if upn else None
        who = ReporterRef(officer.aad_object_id if officer else (upn or "unknown"), upn, "msteams")
        routing = self._route(breach.service, self.deps.now())
        at = breach.reported_at or self.deps.now()
        history = [f"Recorded from a name warning by {breach.reporter.name} at {hhmm(at)}"]
        return await self._file(breach, events, routing, who, history)

    async def _file(
        self,
        breach: Breach,
        events: list[BreachEvent],
        routing: Routing,
        who: ReporterRef,
        history: list[str],
    ) -> Breach:
        stored = await asyncio.to_thread(self._add_once, breach, events)
        responsible = routing.responsible
        for person in routing.skipped:
            history.append(f"{person.name} is away: skipped")
        label = owner_label(self.deps.organisation, responsible.upn)
        history.append(f"Sent to {label}")
        record = AlertRecord(
            reference=stored.label,
            reporter_id=who.reporter_id,
            reporter_upn=who.upn,
            reporter_channel=who.channel,
            status="reported",
            history=tuple(history),
            tried=tuple(p.key for p in (*routing.skipped, responsible)),
        )
        await self.alerts.post(stored, record, routing.alert_channel, responsible)
        self.schedule_escalation(stored, step=1)
        return stored

    def _add_once(self, breach: Breach, events: list[BreachEvent]) -> Breach:
        """Add to the register; if a retry finds it there already, return the stored one."""
        existing = self.deps.state.reference_of(breach.id)
        if existing is None:
            try:
                return self.deps.repository.add(breach, events)
            except IntegrityError:
                existing = self.deps.state.reference_of(breach.id)
                if existing is None:
                    raise
        return self.deps.repository.get(existing)

    def schedule_escalation(self, breach: Breach, *, step: int) -> None:
        """Schedule escalation step ``step`` (idempotent by key)."""
        assert breach.reported_at is not None
        due = breach.reported_at + step * escalation_interval(self.deps, breach.service)
        key = f"ack-timeout:{breach.label}:{step}"
        payload = {"reference": breach.label, "step": step}
        self.deps.scheduler.schedule(ACK_TIMEOUT_KIND, key, due, payload)
