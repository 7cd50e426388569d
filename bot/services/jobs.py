"""Scheduler handlers: escalation when nobody acknowledges, silent reporters, ICO reminders.

Every handler may run twice for one item (a crash, a lost lease). Register changes are
checked before they are made (the breach already moved on → nothing to do); messages
are sent once per item key and effect through the scheduler's effect log.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.domain import lifecycle
from bot.domain.breach import Breach, Transition
from bot.domain.clocks import describe_minutes, minutes_left
from bot.domain.conversation import (
    ConversationState,
    abandoned_notice,
    is_abandoned,
    mark_abandoned,
    state_from_dict,
    state_to_dict,
)
from bot.domain.conversation.lifecycle import abandoned_summary
from bot.domain.errors import BreachError
from bot.domain.lifecycle import HandoverReason
from bot.domain.organisation import Organisation, Person
from bot.domain.routing import next_responsible
from bot.domain.values import SYSTEM_ACTOR, BreachState
from bot.register.db import write_session
from bot.register.jobs.store import Finaliser, WorkItem, record_effect
from bot.register.jobs.worker import HandlerRegistry, PermanentError
from bot.register.state.store import StaleStateError
from bot.services.actions import ICO_REMINDER_KIND
from bot.services.alerts import Alerts, display_time, hhmm
from bot.services.deps import BotDeps, owner_label, role_label
from bot.services.filing import (
    ACK_TIMEOUT_KIND,
    Filing,
    ReporterRef,
    escalation_interval,
    stable_id,
)
from bot.services.messages import Actor, EscalationNotice, IcoReminder, PartialAlert, Question
from bot.services.reporting import ABANDONED_KIND


class _NoLongerDueError(Exception):
    """The breach was acknowledged (or moved on) after the job read it."""


class Jobs:
    """The bot's scheduler handlers."""

    def __init__(self, deps: BotDeps, alerts: Alerts, filing: Filing) -> None:
        self.deps = deps
        self.alerts = alerts
        self.filing = filing

    def register(self, registry: HandlerRegistry) -> None:
        """Add every handler to ``registry``."""
        registry.add(ACK_TIMEOUT_KIND, self.ack_timeout)
        registry.add(ABANDONED_KIND, self.abandoned)
        registry.add(ICO_REMINDER_KIND, self.ico_reminder)

    async def once(
        self, item: WorkItem, effect: str, send: Callable[[], Awaitable[object]]
    ) -> None:
        """Run ``send`` unless this item already recorded ``effect``; record it after."""
        if await asyncio.to_thread(self.deps.scheduler.has_effect, item.key, effect):
            return
        await send()

        def record() -> None:
            with write_session(self.deps.engine) as session:
                record_effect(session, item.key, effect, now=self.deps.now())

        await asyncio.to_thread(record)

    async def _breach(self, item: WorkItem) -> Breach:
        reference = item.payload.get("reference")
        if not isinstance(reference, str):
            raise PermanentError("bad_payload")
        return await asyncio.to_thread(self.deps.repository.get, reference)

    async def ack_timeout(self, item: WorkItem) -> Finaliser | None:
        """Nobody acknowledged in time: ask the next person in the chain, tell the reporter."""
        breach = await self._breach(item)
        record = self.deps.state.get_alert(breach.label)
        if breach.state is not BreachState.REPORTED or record is None:
            return None  # acknowledged (or closed) meanwhile: the chain stops
        now = self.deps.now()
        away = self.deps.state.away_map(now)
        org = self.deps.organisation
        nxt = next_responsible(org, breach.service, tried=record.tried, now=now, away=away)
        if nxt is None:
            await self.once(item, "reminded", lambda: self._remind_owner(breach))
            return None
        # The person who did not acknowledge: the last one asked before ``nxt`` (also on a retry).
        asked = [k for k in record.tried if k != nxt.key]
        current = org.person(asked[-1]).upn if asked else None
        if not await self._move_to(breach, nxt, now):
            return None  # acknowledged between the read and the write
        minutes = int(escalation_interval(self.deps, breach.service).total_seconds() // 60)
        reason = f"Not acknowledged within {minutes} min by {owner_label(org, current)}"
        line = f"Escalated to {nxt.name} at {hhmm(now)}: not acknowledged in time"
        self.deps.state.update_alert(
            breach.label, status="escalated", add_history=[line], tried=(*record.tried, nxt.key)
        )
        card = await self.alerts.refresh(breach.label)
        if card is not None:
            notice = EscalationNotice(card, reason, nxt, role_label(org, nxt))
            await self.once(item, "notified", lambda: self.deps.notifier.to_person(nxt, notice))
        await self.once(
            item,
            "reporter",
            lambda: self.alerts.tell_reporter(
                record, _escalated(breach, nxt, org), breach.reporter.name
            ),
        )
        step = item.payload.get("step")
        self.filing.schedule_escalation(breach, step=(step if isinstance(step, int) else 1) + 1)
        return None

    async def _move_to(self, breach: Breach, nxt: Person, now: datetime) -> bool:
        """Hand the breach to ``nxt`` (unless a retry already did); False if it moved on."""
        if breach.assigned_to is not None and breach.assigned_to.upn == nxt.upn:
            return True

        def change(b: Breach) -> Transition:
            # Checked again inside the locked write: an acknowledgement that landed after
            # this job read the breach must win, not be handed over.
            if b.state is not BreachState.REPORTED:
                raise _NoLongerDueError
            return lifecycle.hand_over(
                b, to=nxt.actor, by=SYSTEM_ACTOR, at=now, reason=HandoverReason.NO_ACKNOWLEDGEMENT
            )

        try:
            await asyncio.to_thread(self.deps.repository.apply, breach.label, change)
        except (BreachError, _NoLongerDueError):
            return False
        return True

    async def _remind_owner(self, breach: Breach) -> None:
        owner = breach.assigned_to.upn if breach.assigned_to is not None else None
        person = self.deps.organisation.find(upn=owner) if owner else None
        if person is None:
            return
        card = await self.alerts.refresh(breach.label)
        if card is not None:
            reason = "Still not acknowledged: everyone in the chain has been asked"
            notice = EscalationNotice(
                card, reason, person, role_label(self.deps.organisation, person)
            )
            await self.deps.notifier.to_person(person, notice)

    async def abandoned(self, item: WorkItem) -> Finaliser | None:
        """A reporter went silent: send the DPO what was captured, tell the reporter."""
        key = item.payload.get("conversation")
        version = item.payload.get("version")
        if not isinstance(key, str) or not isinstance(version, int):
            raise PermanentError("bad_payload")
        stored = self.deps.state.load_conversation(key)
        if stored is None or stored.version != version:
            return None  # they answered since (a later check is scheduled) or finished
        state = state_from_dict(stored.data)
        now = self.deps.now()
        timeout = self.deps.clocks.abandon_timeout
        if not is_abandoned(state, now, timeout):
            return None
        who = ReporterRef(stored.reporter_id, _upn(state.reporter.upn), state.key.channel)
        reference = stored.partial_reference
        if reference is None:
            breach_id = stable_id("partial", item.key)
            breach = await self.filing.file_partial(state, who, breach_id)
            reference = breach.label
        else:
            await self.once(item, "partial-again", lambda: self._partial_again(reference, state))
        reporter = Actor(stored.reporter_id, who.upn, state.reporter.name)
        notice = Question(abandoned_notice(state, timeout))
        await self.once(item, "reporter", lambda: self.deps.notifier.to_person(reporter, notice))
        # If they answered just now, their answer wins; the DPO already has the partial.
        with contextlib.suppress(StaleStateError):
            self.deps.state.save_conversation(
                key,
                stored.reporter_id,
                state_to_dict(mark_abandoned(state, now)),
                expected_version=version,
                partial_reference=reference,
            )
        return None

    async def _partial_again(self, reference: str, state: ConversationState) -> None:
        record = self.deps.state.get_alert(reference)
        line = f"The reporter answered more, then went silent again at {hhmm(state.updated_at)}"
        self.deps.state.update_alert(reference, add_history=[line])
        await self.alerts.refresh(reference)
        partial = abandoned_summary(state)
        text = partial.description or ""
        summary = (
            await asyncio.to_thread(self.deps.scanner.mask, text) if text else "no description yet"
        )
        message = PartialAlert(reference, partial, summary)
        if record is not None and record.channel_id is not None:
            await self.deps.notifier.to_channel(record.channel_id, message)

    async def ico_reminder(self, item: WorkItem) -> Finaliser | None:
        """Remind whoever has a high-risk breach of the ICO deadline (24, 48, 66 h)."""
        breach = await self._breach(item)
        if not breach.is_open or not breach.high_risk or breach.ico_decision is not None:
            return None
        if breach.ico_deadline is None:
            return None
        owner = breach.assigned_to.upn if breach.assigned_to is not None else None
        person = self.deps.organisation.find(upn=owner) if owner else None
        if person is None:
            return None
        hours = item.payload.get("hours")
        reminder = IcoReminder(
            reference=breach.label,
            service=breach.service.value.capitalize() if breach.service else "Unknown",
            hours_elapsed=hours if isinstance(hours, int) else 0,
            deadline=breach.ico_deadline,
            deadline_label=display_time(breach.ico_deadline),
            time_left=describe_minutes(minutes_left(breach.ico_deadline, self.deps.now())),
            summary=await self.alerts.summary(breach),
        )
        await self.once(item, "reminded", lambda: self.deps.notifier.to_person(person, reminder))
        return None


def _upn(upn: str) -> str | None:
    return None if upn.startswith("aad:") else upn


def _escalated(breach: Breach, nxt: Person, org: Organisation) -> str:
    return (
        f"Your breach report {breach.label} hasn't been acknowledged yet, so I've also sent it "
        f"to {owner_label(org, nxt.upn)}. Nothing more is needed from you for now."
    )
