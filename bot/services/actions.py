"""The breach alert card's buttons: acknowledge, high risk, hand over, details.

Each is one step (one transaction): the domain transition and its audit event, the alert
record, the card update for everyone and any notices (outbox), and the timers the new
state needs. Callers have already checked the clicker may act (``middleware``). A
repeated click finds the transition already made and changes nothing (the domain refuses
it), so it never makes a second audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import lifecycle, review
from bot.domain.breach import Breach
from bot.domain.errors import BreachError
from bot.domain.organisation import Person
from bot.domain.records import AlertStatus
from bot.domain.routing import dpos, high_risk_contacts
from bot.domain.values import BreachState
from bot.services.alerts import display_time, hhmm, tell_reporter
from bot.services.deps import BotDeps, owner_label
from bot.services.guard import checked
from bot.services.mail import Mail
from bot.services.messages import Text
from bot.services.permissions import Act
from bot.services.timers import sync_breach
from bot.services.uow import Tx

HIGH_RISK_RATIONALE = "Marked high risk from the alert card; assessment to follow."


@dataclass(frozen=True, slots=True)
class Decided:
    """What a card action did: a line for the clicker, and whose card to show them."""

    toast: str
    card: str | None = None
    ok: bool = True


class CardActions:
    """What each alert-card button does (each method runs inside one step)."""

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps

    def acknowledge(self, tx: Tx, reference: str, person: Person) -> Decided:
        """Take the breach on; the reporter is told."""
        checked(tx, self.deps, person, reference, "acknowledge")
        now = self.deps.now()
        try:
            breach = tx.breaches.apply(
                reference, lambda b: lifecycle.acknowledge(b, by=person.actor, at=now)
            )
        except BreachError:
            return Decided(_already(tx.breaches.get(reference)), reference, ok=False)
        line = f"Acknowledged by {person.name} at {hhmm(now)}"
        record = tx.alerts.update(reference, status=AlertStatus.ACKNOWLEDGED, add_history=[line])
        mail = Mail(tx)
        mail.alert_card(reference)
        if record is not None:
            label = owner_label(self.deps.organisation, person.upn)
            tell_reporter(
                mail,
                record,
                f"Your breach report {reference} was acknowledged by {label} at {hhmm(now)}. "
                "They may contact you for more details.",
                name=breach.reporter.name,
            )
        sync_breach(tx, self.deps, breach)
        return Decided(f"You acknowledged {reference}. The reporter has been told.", reference)

    def mark_high_risk(self, tx: Tx, reference: str, person: Person) -> Decided:
        """Start the ICO 72-hour clock (acknowledging first if nobody has)."""
        now = self.deps.now()
        breach, _alert = checked(tx, self.deps, person, reference, "mark_high_risk")
        if breach.high_risk:
            return Decided(f"{reference} is already marked high risk.", reference, ok=False)
        if breach.state is BreachState.REPORTED:
            self.acknowledge(tx, reference, person)
        try:
            breach = tx.breaches.apply(
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
            return Decided(_plain(exc, reference), reference, ok=False)
        line = f"Marked high risk by {person.name} at {hhmm(now)}"
        tx.alerts.update(reference, status=AlertStatus.HIGH_RISK, add_history=[line])
        self._tell_siro(tx, breach, person)
        Mail(tx).alert_card(reference)
        sync_breach(tx, self.deps, tx.breaches.get(reference))
        deadline = display_time(breach.ico_deadline)
        return Decided(f"{reference} is high risk: the ICO must be told by {deadline}.", reference)

    def _tell_siro(self, tx: Tx, breach: Breach, person: Person) -> None:
        """Policy 2c: the SIRO hears of high-risk breaches (recorded once)."""
        contacts = high_risk_contacts(self.deps.organisation)
        if not contacts or breach.siro_notified_at is not None:
            return
        now = self.deps.now()
        text = (
            f"{person.name} marked breach {breach.label} high risk at {hhmm(now)}. "
            f"The ICO must be told by {display_time(breach.ico_deadline)}."
        )
        Mail(tx).to_person(contacts[0], Text(text), reference=breach.label)
        tx.breaches.apply(breach.label, lambda b: review.notify_siro(b, by=person.actor, at=now))

    def hand_over_target(self, breach: Breach, person: Person) -> Person | None:
        """The other DPO: not the clicker (if a DPO), else not the current owner."""
        current = breach.assigned_to.upn if breach.assigned_to is not None else None
        avoid = person.upn if person in dpos(self.deps.organisation) else current
        for dpo in dpos(self.deps.organisation):
            if dpo.upn != avoid:
                return dpo
        return None

    def hand_over(self, tx: Tx, reference: str, person: Person) -> Decided:
        """Give the breach to the other DPO, who is told privately."""
        now = self.deps.now()
        breach, _alert = checked(tx, self.deps, person, reference, "hand_over")
        target = self.hand_over_target(breach, person)
        if target is None:
            return Decided("There is no other DPO to hand over to.", ok=False)
        try:
            breach = tx.breaches.apply(
                reference,
                lambda b: lifecycle.hand_over(b, to=target.actor, by=person.actor, at=now),
            )
        except BreachError as exc:
            return Decided(_plain(exc, reference), reference, ok=False)
        line = f"Handed over to {target.name} by {person.name} at {hhmm(now)}"
        record = tx.alerts.get(reference, for_update=True)
        tried = (*record.tried, target.key) if record is not None else (target.key,)
        tx.alerts.update(reference, status=AlertStatus.HANDED_OVER, add_history=[line], tried=tried)
        mail = Mail(tx)
        mail.alert_card(reference)
        mail.notice(reference, target, f"Handed over to you by {person.name}", chain=True)
        sync_breach(tx, self.deps, breach)
        return Decided(f"{reference} handed over to {target.name}.", reference)

    def details(self, tx: Tx, reference: str, person: Person) -> Decided:
        """Send the full report to the clicker in a private chat (never to the channel)."""
        checked(tx, self.deps, person, reference, "details", Act.VIEW)
        Mail(tx).details(reference, person)
        return Decided(f"I've sent you the details of {reference} in a private chat.")


def details_text(breach: Breach) -> str:
    """Everything the reporter said, for an officer's private chat."""
    systems = ", ".join(s.value for s in breach.systems) or "not given"
    if breach.other_system:
        systems += f" ({breach.other_system})"
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
