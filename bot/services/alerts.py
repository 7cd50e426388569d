"""Breach alerts: what the DPO card shows, posting it, updating it in place, telling reporters.

The alert card's content is built here from the register's breach and the stored alert
record; the summary is masked by the detector so the channel never sees client names.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from bot.domain.breach import Breach
from bot.domain.clocks import describe_minutes, minutes_left, report_deadline, to_london
from bot.domain.organisation import Person
from bot.register.state.store import AlertRecord
from bot.services.deps import BotDeps, owner_label
from bot.services.messages import Actor, AlertStatus, BreachAlert, Outgoing, PostedRef, Text

log = logging.getLogger(__name__)

SUMMARY_LIMIT = 300
"""Characters of the masked description shown on a card."""


def display_time(at: datetime | None) -> str:
    """``"Mon 10 Nov, 09:15"`` in UK time, or ``"not given"``."""
    return to_london(at).strftime("%a %d %b, %H:%M") if at is not None else "not given"


def hhmm(at: datetime) -> str:
    """``"09:15"`` in UK time."""
    return to_london(at).strftime("%H:%M")


def clock_text(breach: Breach, now: datetime, deps: BotDeps) -> str:
    """The clock that matters now: the ICO deadline, or the 1-hour report window."""
    if breach.high_risk and breach.ico_deadline is not None:
        left = describe_minutes(minutes_left(breach.ico_deadline, now))
        return f"ICO deadline {display_time(breach.ico_deadline)} ({left})"
    if breach.acknowledged_at is not None:
        return f"Acknowledged at {hhmm(breach.acknowledged_at)}; risk not yet decided"
    if breach.discovered_at is None:
        return "Discovery time not given"
    deadline = report_deadline(breach.discovered_at, deps.clocks)
    window_left = minutes_left(deadline, now)
    if window_left >= 0:
        return f"{window_left} min left in the 1-hour window"
    return f"1-hour window passed at {hhmm(deadline)}"


class Alerts:
    """Builds, posts and refreshes breach alert cards."""

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps

    async def summary(self, breach: Breach) -> str:
        """The description with identifiers masked (the detector runs off the loop)."""
        text = (breach.description or "").strip()
        if not text:
            return "No description yet (the reporter stopped before that question)."
        masked = await asyncio.to_thread(self.deps.scanner.mask, text)
        if len(masked) > SUMMARY_LIMIT:
            masked = masked[: SUMMARY_LIMIT - 1].rstrip() + "…"
        return masked

    async def view(self, breach: Breach, record: AlertRecord) -> BreachAlert:
        """The card content for ``breach`` as it stands now."""
        assigned = breach.assigned_to.upn if breach.assigned_to is not None else None
        return BreachAlert(
            breach=breach,
            status=AlertStatus(record.status),
            summary=await self.summary(breach),
            clock=clock_text(breach, self.deps.now(), self.deps),
            discovered=display_time(breach.discovered_at),
            reported=display_time(breach.reported_at),
            owner=owner_label(self.deps.organisation, assigned),
            history=record.history,
        )

    async def post(
        self,
        breach: Breach,
        record: AlertRecord,
        channel_id: str | None,
        responsible: Person,
    ) -> AlertRecord:
        """Store the alert record and post the card (or send it to the person privately)."""
        self.deps.state.add_alert(record)
        stored = self.deps.state.get_alert(breach.label) or record
        if stored.message_id is not None:  # already posted by an earlier attempt
            return stored
        card = await self.view(breach, stored)
        posted: PostedRef | None
        try:
            if channel_id is not None:
                posted = await self.deps.notifier.to_channel(channel_id, card)
            else:
                posted = await self.deps.notifier.to_person(responsible, card)
        except Exception as exc:
            # The breach is in the register; the escalation check posts the card again.
            log.warning("alert %s: posting failed (%s)", breach.label, type(exc).__name__)
            return stored
        if posted is None:
            return stored
        updated = self.deps.state.update_alert(
            breach.label, posted=(posted.channel_id, posted.message_id)
        )
        return updated or stored

    async def current(self, reference: str) -> BreachAlert | None:
        """The card as it stands, without sending anything (for repeated clicks)."""
        record = self.deps.state.get_alert(reference)
        if record is None:
            return None
        breach = await asyncio.to_thread(self.deps.repository.get, reference)
        return await self.view(breach, record)

    async def refresh(self, reference: str) -> BreachAlert | None:
        """Rebuild the card from the register and update it in place for everyone."""
        record = self.deps.state.get_alert(reference)
        if record is None:
            return None
        breach = await asyncio.to_thread(self.deps.repository.get, reference)
        card = await self.view(breach, record)
        try:
            if record.channel_id is not None and record.message_id is not None:
                ref = PostedRef(record.channel_id, record.message_id)
                await self.deps.notifier.update(ref, card)
            elif breach.service is not None:
                await self._repost(reference, breach, card)
        except Exception as exc:  # the card is stale, not wrong: carry on
            log.warning("alert %s: card update failed (%s)", reference, type(exc).__name__)
        return card

    async def _repost(self, reference: str, breach: Breach, card: BreachAlert) -> None:
        """Post a card whose first posting failed (the service's alert channel)."""
        assert breach.service is not None
        channel_id = self.deps.organisation.setup(breach.service).alert_channel
        posted = await self.deps.notifier.to_channel(channel_id, card)
        self.deps.state.update_alert(reference, posted=(posted.channel_id, posted.message_id))

    async def tell_reporter(
        self, record: AlertRecord, message: Outgoing | str, name: str = ""
    ) -> None:
        """Send the reporter (display ``name``, if known) a private message about their report."""
        body = Text(message) if isinstance(message, str) else message
        reporter = Actor(record.reporter_id, record.reporter_upn, name)
        await self.deps.notifier.to_person(reporter, body)
