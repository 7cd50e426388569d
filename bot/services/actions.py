"""Listeners for the breach alert card's buttons: acknowledge, high risk, hand over, details.

Callers have already checked the clicker may act (see ``middleware``). Each action is
one domain transition; a repeated click finds the transition already made and changes
nothing (the domain refuses it), so it never makes a second audit event.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from bot.domain import lifecycle, review
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.organisation import Person
from bot.domain.routing import dpos, high_risk_contacts
from bot.domain.values import BreachState
from bot.services.alerts import Alerts, display_time, hhmm
from bot.services.deps import BotDeps, owner_label, role_label
from bot.services.messages import ActionOutcome, EscalationNotice, Text

ICO_REMINDER_KIND = "breach.ico-reminder"
HIGH_RISK_RATIONALE = "Marked high risk from the alert card; assessment to follow."


class CardActions:
    """What each alert-card button does."""

    def __init__(self, deps: BotDeps, alerts: Alerts) -> None:
        self.deps = deps
        self.alerts = alerts

    async def _apply(self, reference: str, change: Callable[[Breach], Transition]) -> Breach:
        return await asyncio.to_thread(self.deps.repository.apply, reference, change)

    async def acknowledge(self, reference: str, person: Person) -> ActionOutcome:
        """Take the breach on; the reporter is told."""
        now = self.deps.now()
        try:
            breach = await self._apply(
                reference, lambda b: lifecycle.acknowledge(b, by=person.actor, at=now)
            )
        except BreachError:
            breach = await asyncio.to_thread(self.deps.repository.get, reference)
            return ActionOutcome(await self.alerts.current(reference), _already(breach))
        line = f"Acknowledged by {person.name} at {hhmm(now)}"
        record = self.deps.state.update_alert(reference, status="acknowledged", add_history=[line])
        card = await self.alerts.refresh(reference)
        if record is not None:
            label = owner_label(self.deps.organisation, person.upn)
            await self.alerts.tell_reporter(
                record,
                f"Your breach report {reference} was acknowledged by {label} at {hhmm(now)}. "
                "They may contact you for more details.",
                name=breach.reporter.name,
            )
        return ActionOutcome(card, f"You acknowledged {reference}. The reporter has been told.")

    async def mark_high_risk(self, reference: str, person: Person) -> ActionOutcome:
        """Start the ICO 72-hour clock (acknowledging first if nobody has)."""
        now = self.deps.now()
        breach = await asyncio.to_thread(self.deps.repository.get, reference)
        if breach.high_risk:
            card = await self.alerts.current(reference)
            return ActionOutcome(card, f"{reference} is already marked high risk.")
        if breach.state is BreachState.REPORTED:
            await self.acknowledge(reference, person)
        try:
            breach = await self._apply(
                reference,
                lambda b: review.mark_high_risk(
                    b,
                    by=person.actor,
                    at=now,
                    rationale=HIGH_RISK_RATIONALE,
                    clocks=self.deps.clocks,
                ),
            )
        except BreachError as exc:
            return ActionOutcome(await self.alerts.current(reference), _plain(exc, reference))
        line = f"Marked high risk by {person.name} at {hhmm(now)}"
        self.deps.state.update_alert(reference, status="high_risk", add_history=[line])
        self._schedule_ico_reminders(breach)
        await self._tell_siro(breach, person)
        card = await self.alerts.refresh(reference)
        deadline = display_time(breach.ico_deadline)
        return ActionOutcome(card, f"{reference} is high risk: the ICO must be told by {deadline}.")

    def _schedule_ico_reminders(self, breach: Breach) -> None:
        start = breach.became_aware_at
        if start is None:
            return
        for offset in self.deps.clocks.ico_reminders:
            hours = int(offset.total_seconds() // 3600)
            key = f"ico-reminder:{breach.label}:{hours}"
            payload = {"reference": breach.label, "hours": hours}
            self.deps.scheduler.schedule(ICO_REMINDER_KIND, key, start + offset, payload)

    async def _tell_siro(self, breach: Breach, person: Person) -> None:
        """Policy 2c: the SIRO hears of high-risk breaches (recorded once)."""
        contacts = high_risk_contacts(self.deps.organisation)
        if not contacts or breach.siro_notified_at is not None:
            return
        siro = contacts[0]
        now = self.deps.now()
        await self.deps.notifier.to_person(
            siro,
            Text(
                f"{person.name} marked breach {breach.label} high risk at {hhmm(now)}. "
                f"The ICO must be told by {display_time(breach.ico_deadline)}."
            ),
        )
        with contextlib.suppress(BreachError):  # a concurrent click recorded it already
            await self._apply(
                breach.label, lambda b: review.notify_siro(b, by=person.actor, at=now)
            )

    def hand_over_target(self, breach: Breach, person: Person) -> Person | None:
        """The other DPO: not the clicker (if a DPO), else not the current owner."""
        current = breach.assigned_to.upn if breach.assigned_to is not None else None
        avoid = person.upn if person in dpos(self.deps.organisation) else current
        for dpo in dpos(self.deps.organisation):
            if dpo.upn != avoid:
                return dpo
        return None

    async def hand_over(self, reference: str, person: Person) -> ActionOutcome:
        """Give the breach to the other DPO, who is told privately."""
        now = self.deps.now()
        breach = await asyncio.to_thread(self.deps.repository.get, reference)
        target = self.hand_over_target(breach, person)
        if target is None:
            return ActionOutcome(None, "There is no other DPO to hand over to.")
        try:
            await self._apply(
                reference,
                lambda b: lifecycle.hand_over(b, to=target.actor, by=person.actor, at=now),
            )
        except BreachError as exc:
            return ActionOutcome(await self.alerts.current(reference), _plain(exc, reference))
        line = f"Handed over to {target.name} by {person.name} at {hhmm(now)}"
        record = self.deps.state.get_alert(reference)
        tried = (*record.tried, target.key) if record is not None else (target.key,)
        self.deps.state.update_alert(
            reference, status="handed_over", add_history=[line], tried=tried
        )
        card = await self.alerts.refresh(reference)
        if card is not None:
            role = role_label(self.deps.organisation, target)
            notice = EscalationNotice(card, f"Handed over to you by {person.name}", target, role)
            await self.deps.notifier.to_person(target, notice)
        return ActionOutcome(card, f"{reference} handed over to {target.name}.")

    async def details(self, reference: str, person: Person) -> ActionOutcome:
        """Send the full report to the clicker in a private chat (never to the channel)."""
        breach = await asyncio.to_thread(self.deps.repository.get, reference)
        await self.deps.notifier.to_person(person, Text(details_text(breach)))
        return ActionOutcome(None, f"I've sent you the details of {reference} in a private chat.")


def details_text(breach: Breach) -> str:
    """Everything the reporter said, for an officer's private chat."""
    systems = ", ".join(s.value for s in breach.systems) or "not given"
    lines = [
        f"Details of {breach.label}"
        + (" (INCOMPLETE: the reporter stopped)" if breach.incomplete else ""),
        f"• Reported by: {breach.reporter.name} ({breach.reporter.upn})",
        f"• Service: {breach.service.value.capitalize() if breach.service else 'not given'}",
        f"• Discovered: {display_time(breach.discovered_at)}",
        f"• Reported: {display_time(breach.reported_at)}",
        f"• Where: {breach.location or 'not given'}",
        f"• Systems: {systems}",
        f"• What happened: {breach.description or 'not given'}",
        f"• Done so far: {breach.containment_notes or 'not given'}",
    ]
    return "\n".join(lines)


def _already(breach: Breach) -> str:
    if breach.acknowledged_by is not None and breach.acknowledged_at is not None:
        return (
            f"{breach.label} was already acknowledged by {breach.acknowledged_by.name} "
            f"at {hhmm(breach.acknowledged_at)}."
        )
    return f"{breach.label} cannot be acknowledged now (it is {breach.state.value})."


def _plain(exc: BreachError, reference: str) -> str:
    # Domain errors are written for people and carry no personal data.
    return f"Nothing changed on {reference}: {exc}."
