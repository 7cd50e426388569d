"""The end of the procedure (policy steps 6–7): investigation, the SIRO's approval, closure.

A high-risk or significant breach needs the SIRO's approval of its post-breach report:
the DPO asks, the SIRO gets a card with the report's summary and Approve / Send back.
The DPO then closes it with a summary; a DPO or the SIRO may reopen it with a reason.
One step per transaction, with the same checks and records as ``workflow``.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import review
from bot.domain.assessment import Investigation
from bot.domain.errors import BreachError
from bot.domain.organisation import Person, Role
from bot.domain.routing import high_risk_contacts
from bot.services.deps import BotDeps
from bot.services.guard import Done, checked, finish, plain
from bot.services.mail import Mail
from bot.services.messages import Text
from bot.services.permissions import Act
from bot.services.uow import Tx


@dataclass(frozen=True, slots=True)
class InvestigationInput:
    """Root cause, lessons learned and recommended changes (policy 6)."""

    root_cause: str
    lessons: str
    recommendations: str


def investigate(
    tx: Tx, deps: BotDeps, reference: str, person: Person, form: InvestigationInput
) -> Done:
    """Record the investigation's findings (they make the post-breach report)."""
    breach, _alert = checked(tx, deps, person, reference, "investigate")
    try:
        found = Investigation(
            form.root_cause, form.lessons, form.recommendations, person.actor, deps.now()
        )
        breach = tx.breaches.apply(breach.label, lambda b: review.record_investigation(b, found))
    except BreachError as exc:
        return plain(exc, reference)
    finish(tx, deps, breach, f"Investigation recorded by {person.name}")
    nxt = "ask the SIRO to approve it" if breach.needs_approval else "close it"
    return Done(f"Investigation of {reference} recorded; next, {nxt}.", reference)


def request_approval(tx: Tx, deps: BotDeps, reference: str, person: Person) -> Done:
    """Ask the SIRO to approve the post-breach report; they get a card to decide on."""
    breach, _alert = checked(tx, deps, person, reference, "request_approval")
    siro = deps.organisation.siro
    if siro is None:
        return Done("The organisation file names no SIRO to approve it.", reference, ok=False)
    try:
        breach = tx.breaches.apply(
            breach.label, lambda b: review.request_approval(b, by=person.actor, at=deps.now())
        )
    except BreachError as exc:
        return plain(exc, reference)
    Mail(tx).approval_request(breach.label, siro)
    finish(tx, deps, breach, f"SIRO asked to approve by {person.name}")
    return Done(f"{siro.name} (SIRO) has been asked to approve {reference}.", reference)


def decide(
    tx: Tx,
    deps: BotDeps,
    reference: str,
    person: Person,
    *,
    approved: bool,
    note: str | None = None,
) -> Done:
    """The SIRO approves the post-breach report, or sends it back with a note."""
    verb = "approve" if approved else "send_back"
    breach, _alert = checked(tx, deps, person, reference, verb, Act.APPROVE)
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: review.decide_approval(
                b, by=person.actor, at=deps.now(), approved=approved, note=note
            ),
        )
    except BreachError as exc:
        return plain(exc, reference)
    owner = deps.organisation.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
    if approved:
        line, message = f"Approved by {person.name} (SIRO)", f"You approved {reference}."
        tell = f"{person.name} (SIRO) approved the post-breach report of {reference}: close it."
    else:
        line, message = f"Sent back by {person.name} (SIRO)", f"You sent {reference} back."
        tell = f"{person.name} (SIRO) sent the post-breach report of {reference} back: {note}"
    if owner is not None:
        Mail(tx).to_person(owner, Text(tell), reference=breach.label)
    finish(tx, deps, breach, line)
    return Done(message, reference)


def close(tx: Tx, deps: BotDeps, reference: str, person: Person, summary: str) -> Done:
    """Close the breach with a summary once nothing is outstanding (policy 7b)."""
    breach, _alert = checked(tx, deps, person, reference, "close")
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: review.close(b, by=person.actor, at=deps.now(), outcome=summary),
        )
    except BreachError as exc:
        return plain(exc, reference)
    finish(tx, deps, breach, f"Closed by {person.name}")
    return Done(f"{reference} is closed.", reference)


def reopen(tx: Tx, deps: BotDeps, reference: str, person: Person, reason: str) -> Done:
    """Open a closed breach again with a reason (a DPO or the SIRO)."""
    breach, _alert = checked(tx, deps, person, reference, "reopen", Act.REOPEN)
    try:
        breach = tx.breaches.apply(
            breach.label,
            lambda b: review.reopen(b, by=person.actor, at=deps.now(), reason=reason),
        )
    except BreachError as exc:
        return plain(exc, reference)
    contacts = high_risk_contacts(deps.organisation)
    if breach.needs_approval and contacts and person.role is not Role.SIRO:
        Mail(tx).to_person(
            contacts[0], Text(f"{person.name} reopened {reference}: {reason}"), reference=reference
        )
    finish(tx, deps, breach, f"Reopened by {person.name}")
    return Done(f"{reference} is open again.", reference)
