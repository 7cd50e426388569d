"""Timers derived from state: after every step a breach's pending timers are what it needs.

``sync_breach`` runs at the end of every step that changes a breach (in its transaction):
the escalation step that is next (or none once acknowledged, or while the chain waits
for a notice to be delivered), the ICO reminders and deadline while high risk and
undecided, nothing once closed. A conversation has one abandon timer, moved on each turn.
``sync_all`` repairs whatever a crash between versions left behind, at start-up.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from bot.domain.breach import Breach
from bot.domain.conversation import ConversationState, state_from_dict
from bot.domain.conversation.serialise import ConversationStateError
from bot.domain.deadlines import EscalationPlan, TimerKind, timers_for
from bot.domain.records import AlertRecord
from bot.domain.routing import escalation_chain, next_responsible
from bot.domain.values import Service
from bot.services.deps import BotDeps
from bot.services.uow import Tx


def escalation_interval(deps: BotDeps, service: Service | None) -> timedelta:
    """Time between escalation steps: the ack timeout, closer together for long chains.

    The whole chain must be asked within ``escalation_budget`` (the hour), so with five
    people and a 60-minute budget each step gets at most 12 minutes.
    """
    people = max(len(escalation_chain(deps.organisation, service)), 1)
    return min(deps.clocks.ack_timeout, deps.config.escalation_budget / people)


def escalation_plan(
    tx: Tx, deps: BotDeps, breach: Breach, alert: AlertRecord | None
) -> EscalationPlan | None:
    """How far the breach's acknowledgement chain has got (None without an alert)."""
    if alert is None:
        return None
    now = deps.now()
    away = tx.away.map(now)
    nxt = next_responsible(deps.organisation, breach.service, tried=alert.tried, now=now, away=away)
    last = alert.tried[-1] if alert.tried else None
    return EscalationPlan(
        interval=escalation_interval(deps, breach.service),
        steps=max(len(alert.tried), 1),
        more=nxt is not None,
        reminded=alert.reminded,
        waiting=last is not None and last not in alert.asked,
        last_asked_at=alert.asked_at,
    )


def sync_breach(tx: Tx, deps: BotDeps, breach: Breach) -> None:
    """Make the breach's pending timers exactly what its state needs (in ``tx``)."""
    if breach.reference is None:
        return
    alert = tx.alerts.get(breach.reference)
    plan = escalation_plan(tx, deps, breach, alert)
    tx.timers.sync(breach.reference, timers_for(breach, deps.clocks, plan))


def abandon_key(conversation_key: str, state: ConversationState) -> str:
    """The abandon timer of one report: per conversation and report, so reports never collide."""
    who = hashlib.sha256(conversation_key.encode()).hexdigest()[:24]
    report = hashlib.sha256(state.started_at.isoformat().encode()).hexdigest()[:12]
    return f"abandon:{who}:{report}"


def set_abandon_timer(
    tx: Tx, deps: BotDeps, conversation_key: str, state: ConversationState
) -> None:
    """(Re)arm the report's abandon timer one abandon timeout after its last change."""
    due = state.updated_at + deps.clocks.abandon_timeout
    payload = {"conversation": conversation_key, "started": state.started_at.isoformat()}
    tx.timers.set(TimerKind.ABANDON.value, abandon_key(conversation_key, state), due, payload)


def cancel_abandon_timer(tx: Tx, conversation_key: str, state: ConversationState) -> None:
    """The report is finished (filed or cancelled): its abandon timer goes."""
    tx.timers.cancel(abandon_key(conversation_key, state))


def sync_all(tx: Tx, deps: BotDeps) -> int:
    """Reconcile every open breach and conversation in progress; returns how many changed."""
    changed = 0
    for breach in tx.breaches.list_breaches(open_only=True):
        if breach.reference is None:
            continue
        alert = tx.alerts.get(breach.reference)
        plan = escalation_plan(tx, deps, breach, alert)
        changed += tx.timers.sync(breach.reference, timers_for(breach, deps.clocks, plan))
    pending = {w.key for w in tx.timers.pending("abandon:")}
    for stored in tx.conversations.unfinished():
        try:
            state = state_from_dict(stored.data)
        except ConversationStateError:  # kept for the DPO by the reporter's next turn
            continue
        waiting = not state.finished and state.abandoned_at is None
        if waiting and abandon_key(stored.key, state) not in pending:
            set_abandon_timer(tx, deps, stored.key, state)
            changed += 1
    return changed
