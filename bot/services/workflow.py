"""The DPO's half of the procedure (policy steps 2–5), one step per transaction.

Assess, notify the SIRO, containment and remediation actions, the ICO decision and pack,
informing individuals. Every step checks who may take it (``guard.checked``, refusals
audited), applies the domain transition (its rules refuse out-of-order steps with a
plain sentence), then records a history line, updates the card for everyone and puts
the breach's timers in step (the ICO reminders stop once the decision is recorded).
Teams (cards and dialogs) and the command line call the same functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain import lifecycle, review
from bot.domain.assessment import AffectedCount, Assessment, DataType, SubjectCategory
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.organisation import Person, Role
from bot.domain.records import AlertStatus
from bot.domain.routing import high_risk_contacts
from bot.domain.values import ACTION_OWNER_LABELS, ActionKind, ActionOwner, BreachState
from bot.services.alerts import display_time, hhmm
from bot.services.deps import BotDeps
from bot.services.guard import Done, checked, finish, plain
from bot.services.mail import Mail
from bot.services.messages import Text
from bot.services.permissions import Act
from bot.services.uow import Tx


@dataclass(frozen=True, slots=True)
class AssessInput:
    """The assessment form (policy 2b)."""

    data_types: frozenset[DataType]
    affected: int
    estimate: bool
    impact: str
    high_risk: bool
    rationale: str
    subjects: frozenset[SubjectCategory] = frozenset()


@dataclass(frozen=True, slots=True)
class IcoInput:
    """The ICO decision: notified (when, the ICO's case reference) or not (why)."""

    notified: bool
    at: datetime | None = None
    ico_reference: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class InformInput:
    """Whether the individuals were informed: when and how, or why not."""

    informed: bool
    at: datetime | None = None
    how: str | None = None
    reason: str | None = None


def _taken_on(
    tx: Tx, deps: BotDeps, breach: Breach, person: Person, then: Callable[[Breach], Transition]
) -> Breach:
    """A DPO working on a breach nobody acknowledged yet takes it on first.

    ``then`` (the step's change) is tried on the acknowledged copy before anything is
    written, so a step the domain refuses does not leave the breach acknowledged.
    """
    if breach.state is not BreachState.REPORTED:
        return breach
    now = deps.now()
    then(lifecycle.acknowledge(breach, by=person.actor, at=now).breach)
    taken = tx.breaches.apply(
        breach.label, lambda b: lifecycle.acknowledge(b, by=person.actor, at=now)
    )
    tx.alerts.update(
        breach.label,
        status=AlertStatus.ACKNOWLEDGED,
        add_history=[f"Acknowledged by {person.name} at {hhmm(now)}"],
    )
    return taken


def assess(tx: Tx, deps: BotDeps, reference: str, person: Person, form: AssessInput) -> Done:
    """Record the assessment; high risk starts the 72-hour clock and tells the SIRO."""
    breach, _alert = checked(tx, deps, person, reference, "assess")
    now = deps.now()
    try:
        assessment = Assessment(
            data_types=form.data_types,
            individuals=AffectedCount(form.affected, form.estimate),
            likely_impact=form.impact,
            high_risk=form.high_risk,
            rationale=form.rationale,
            by=person.actor,
            at=now,
            subjects=form.subjects,
        )

        def change(b: Breach) -> Transition:
            return review.assess(b, assessment, deps.clocks)

        breach = _taken_on(tx, deps, breach, person, change)
        breach = tx.breaches.apply(breach.label, change)
    except BreachError as exc:
        return plain(exc, reference)
    if breach.high_risk:
        tx.alerts.update(breach.label, status=AlertStatus.HIGH_RISK)
        breach = _tell_siro(tx, deps, breach, person, "assessed it as high risk")
    risk = "high risk" if breach.high_risk else "not high risk"
    finish(tx, deps, breach, f"Assessed ({risk}) by {person.name}")
    if breach.high_risk:
        deadline = display_time(breach.ico_deadline)
        return Done(
            f"{reference} assessed as high risk: the ICO must be told by {deadline}.", reference
        )
    return Done(f"{reference} assessed as not high risk.", reference)


def notify_siro(tx: Tx, deps: BotDeps, reference: str, person: Person) -> Done:
    """Tell the SIRO about a significant breach that is not high risk (policy 2c)."""
    breach, _alert = checked(tx, deps, person, reference, "notify_siro")
    if breach.siro_notified_at is not None:
        return Done(f"The SIRO already knows about {reference}.", reference, ok=False)
    try:
        breach = _tell_siro(tx, deps, breach, person, "flagged it as significant")
    except BreachError as exc:
        return plain(exc, reference)
    finish(tx, deps, breach, f"SIRO told by {person.name}")
    return Done(f"The SIRO has been told about {reference}.", reference)


def _tell_siro(tx: Tx, deps: BotDeps, breach: Breach, person: Person, why: str) -> Breach:
    contacts = high_risk_contacts(deps.organisation)
    if not contacts or breach.siro_notified_at is not None:
        return breach
    now = deps.now()
    text = f"{person.name} {why}: breach {breach.label}, at {hhmm(now)}."
    if breach.high_risk:
        text += f" The ICO must be told by {display_time(breach.ico_deadline)}."
    Mail(tx).to_person(contacts[0], Text(text), reference=breach.label)
    return tx.breaches.apply(breach.label, lambda b: review.notify_siro(b, by=person.actor, at=now))


def add_action(
    tx: Tx,
    deps: BotDeps,
    reference: str,
    person: Person,
    text: str,
    owner: ActionOwner,
    kind: ActionKind = ActionKind.CONTAINMENT,
) -> Done:
    """Add a containment or remediation action; IT support get theirs with a Done button."""
    breach, _alert = checked(tx, deps, person, reference, "add_action")
    now = deps.now()
    try:

        def add(b: Breach) -> Transition:
            return lifecycle.record_action(
                b, kind=kind, text=text, by=person.actor, at=now, owner=owner
            )

        breach = _taken_on(tx, deps, breach, person, add)
        breach = tx.breaches.apply(breach.label, add)
    except BreachError as exc:
        return plain(exc, reference)
    number = len(breach.actions)
    if owner is ActionOwner.IT:
        mail = Mail(tx)
        for it in deps.organisation.with_role(Role.IT_SUPPORT):
            mail.action_request(breach.label, it, number)
    who = ACTION_OWNER_LABELS[owner]
    finish(tx, deps, breach, f"Action {number} ({kind.value}, for {who}) added by {person.name}")
    return Done(f"Action {number} added to {reference}, for {who}.", reference)


def action_done(
    tx: Tx, deps: BotDeps, reference: str, person: Person, number: int, note: str | None = None
) -> Done:
    """Mark action ``number`` (1-based) done."""
    index = number - 1
    breach, _alert = checked(
        tx, deps, person, reference, "action_done", Act.ACTION_DONE, action_index=index
    )
    now = deps.now()
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: lifecycle.complete_action(b, index=index, by=person.actor, at=now, note=note),
        )
    except BreachError as exc:
        return plain(exc, reference)
    finish(tx, deps, breach, f"Action {number} done ({person.name})")
    return Done(f"Action {number} on {reference} is marked done.", reference)


def ico_decision(tx: Tx, deps: BotDeps, reference: str, person: Person, form: IcoInput) -> Done:
    """Record the ICO decision (every breach gets one); the ICO reminders stop."""
    breach, _alert = checked(tx, deps, person, reference, "ico")
    now = deps.now()
    at = form.at or now
    if at > now:
        return Done(
            "The ICO cannot have been told in the future; check the time.", reference, ok=False
        )
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: review.record_ico_decision(
                b,
                notified=form.notified,
                by=person.actor,
                at=at,
                reason=form.reason,
                ico_reference=form.ico_reference,
            ),
        )
    except BreachError as exc:
        return plain(exc, reference)
    if form.notified:
        case = f", case {form.ico_reference}" if form.ico_reference else ""
        line = f"ICO notified{case} (recorded by {person.name})"
        message = f"Recorded: the ICO was notified about {reference}{case}."
    else:
        line = f"Not reportable to the ICO (recorded by {person.name})"
        message = f"Recorded: {reference} is not reportable to the ICO, with your reason."
    finish(tx, deps, breach, line)
    return Done(message, reference)


def ico_pack(tx: Tx, deps: BotDeps, reference: str, person: Person) -> Done:
    """Send the DPO, in their 1:1 chat, the text for the ICO's breach report form."""
    breach, _alert = checked(tx, deps, person, reference, "ico_pack")
    Mail(tx).ico_pack(breach.label, person)
    return Done(f"I've sent you the ICO pack for {reference} in a private chat.")


def inform(tx: Tx, deps: BotDeps, reference: str, person: Person, form: InformInput) -> Done:
    """Record whether the affected people were told, and how, or why not (policy 5c)."""
    breach, _alert = checked(tx, deps, person, reference, "inform")
    now = deps.now()
    at = form.at or now
    if at > now:
        return Done("That time has not happened yet; check it.", reference, ok=False)
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: review.inform_individuals(
                b, by=person.actor, at=at, informed=form.informed, how=form.how, reason=form.reason
            ),
        )
    except BreachError as exc:
        return plain(exc, reference)
    told = "informed" if form.informed else "not informed (reason recorded)"
    finish(tx, deps, breach, f"Individuals {told} ({person.name})")
    return Done(f"Recorded for {reference}: individuals {told}.", reference)
