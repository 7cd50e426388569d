"""Timer handlers: escalation when nobody acknowledges, ICO reminders and deadline.

Each runs inside the transaction that marks its timer done, so each fires once: the
hand-over and its audit event, the alert record, the notices (outbox) and the next timer
are committed together. The next person is recorded as *asked* only when their notice
is delivered (``delivery``); until then the chain waits, so an outage delays it rather
than skipping anyone, and the notice says how late it is.
"""

from __future__ import annotations

from bot.domain import lifecycle
from bot.domain.breach import Breach
from bot.domain.errors import BreachNotFoundError, BreachPurgedError
from bot.domain.lifecycle import HandoverReason
from bot.domain.organisation import Organisation, Person
from bot.domain.records import AlertRecord, AlertStatus, DueWork
from bot.domain.routing import high_risk_contacts, next_responsible
from bot.domain.values import SYSTEM_ACTOR, BreachState
from bot.services.alerts import display_time, hhmm, tell_reporter
from bot.services.deps import BotDeps, owner_label
from bot.services.mail import Mail
from bot.services.timers import escalation_interval, sync_breach
from bot.services.uow import Tx


class TimerPayloadError(ValueError):
    """A timer's payload is not what its handler needs (it is failed, not retried)."""


def _reference(work: DueWork) -> str:
    reference = work.payload.get("reference")
    if not isinstance(reference, str):
        raise TimerPayloadError("bad_payload")
    return reference


def _load(tx: Tx, work: DueWork) -> Breach | None:
    try:
        return tx.breaches.get(_reference(work), for_update=True)
    except (BreachNotFoundError, BreachPurgedError):
        return None


def escalate(tx: Tx, deps: BotDeps, work: DueWork) -> None:
    """Nobody acknowledged in time: ask the next person in the chain, tell the reporter."""
    breach = _load(tx, work)
    if breach is None:
        return
    alert = tx.alerts.get(breach.label, for_update=True)
    if breach.state is BreachState.REPORTED and alert is not None:
        if alert.tried and alert.tried[-1] not in alert.asked:
            pass  # the last notice is not delivered yet: the chain waits for it
        else:
            _next_step(tx, deps, breach, alert, work)
    sync_breach(tx, deps, tx.breaches.get(breach.label))


def _next_step(tx: Tx, deps: BotDeps, breach: Breach, alert: AlertRecord, work: DueWork) -> None:
    org = deps.organisation
    now = deps.now()
    nxt = next_responsible(org, breach.service, tried=alert.tried, now=now, away=tx.away.map(now))
    mail = Mail(tx)
    if nxt is None:
        owner = org.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
        if owner is not None and not alert.reminded:
            reason = "Still not acknowledged: everyone in the chain has been asked"
            mail.notice(breach.label, owner, reason, chain=False, due_at=work.due_at)
        tx.alerts.update(breach.label, reminded=True)
        return
    previous = org.person(alert.tried[-1]).upn if alert.tried else None
    tx.breaches.apply(
        breach.label,
        lambda b: lifecycle.hand_over(
            b, to=nxt.actor, by=SYSTEM_ACTOR, at=now, reason=HandoverReason.NO_ACKNOWLEDGEMENT
        ),
    )
    minutes = int(escalation_interval(deps, breach.service).total_seconds() // 60)
    reason = f"Not acknowledged within {minutes} min by {owner_label(org, previous)}"
    line = f"Escalated to {nxt.name} at {hhmm(now)}: not acknowledged in time"
    tx.alerts.update(
        breach.label,
        status=AlertStatus.ESCALATED,
        add_history=[line],
        tried=(*alert.tried, nxt.key),
    )
    mail.alert_card(breach.label)
    mail.notice(breach.label, nxt, reason, chain=True, due_at=work.due_at)
    tell_reporter(mail, alert, _escalated(breach, nxt, org), breach.reporter.name)


def ico_reminder(tx: Tx, deps: BotDeps, work: DueWork) -> None:
    """Remind whoever has a high-risk breach of the ICO deadline (24, 48, 66 h)."""
    breach = _load(tx, work)
    if breach is None:
        return
    owner = deps.organisation.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
    undecided = breach.is_open and breach.high_risk and breach.ico_decision is None
    if undecided and owner is not None:
        timer = str(work.payload.get("timer", ""))
        hours = timer.rpartition(":")[2].rstrip("h")
        Mail(tx).ico_reminder(breach.label, owner, int(float(hours)) if hours else 0)
    sync_breach(tx, deps, breach)


def ico_deadline(tx: Tx, deps: BotDeps, work: DueWork) -> None:
    """The 72 hours are up with no ICO decision recorded: tell the owner and the SIRO."""
    breach = _load(tx, work)
    if breach is None:
        return
    if breach.is_open and breach.high_risk and breach.ico_decision is None:
        org = deps.organisation
        owner = org.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
        told = [p for p in (owner, *high_risk_contacts(org)[:1]) if p is not None]
        reason = (
            f"The ICO deadline ({display_time(breach.ico_deadline)}) has passed and no ICO "
            "decision is recorded. Record it now, with the reason for the delay."
        )
        mail = Mail(tx)
        for person in dict.fromkeys(told):
            mail.notice(breach.label, person, reason, chain=False, due_at=work.due_at)
    sync_breach(tx, deps, breach)


def _escalated(breach: Breach, nxt: Person, org: Organisation) -> str:
    return (
        f"Your breach report {breach.label} hasn't been acknowledged yet, so I've also sent it "
        f"to {owner_label(org, nxt.upn)}. Nothing more is needed from you for now."
    )
