"""Working on an open breach: handing it over, and its containment and remediation actions."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from bot.domain._rules import require_state, require_text, upn, utc
from bot.domain.breach import Breach, Transition
from bot.domain.errors import BreachError
from bot.domain.events import BreachEvent, EventKind, JSONValue
from bot.domain.values import OPEN_STATES, Action, ActionKind, ActionOwner, Actor


class HandoverReason(StrEnum):
    """Why responsibility for a breach moved to someone else."""

    HANDOVER = "handover"
    AWAY = "away"
    NO_ACKNOWLEDGEMENT = "no_acknowledgement"


def hand_over(
    breach: Breach,
    *,
    to: Actor,
    by: Actor,
    at: datetime,
    reason: HandoverReason = HandoverReason.HANDOVER,
) -> Transition:
    """Move responsibility to someone else (a handover, cover for absence, or escalation)."""
    require_state(breach, OPEN_STATES, "hand over")
    if breach.assigned_to is not None and breach.assigned_to.upn == to.upn:
        raise BreachError("the breach is already with that person")
    updated = replace(breach, assigned_to=to)
    data: dict[str, JSONValue] = {
        "from": upn(breach.assigned_to),
        "to": to.upn,
        "reason": reason.value,
    }
    return Transition(updated, BreachEvent(EventKind.HANDED_OVER, by, utc(at), data))


def record_action(
    breach: Breach,
    *,
    kind: ActionKind,
    text: str,
    by: Actor,
    at: datetime,
    done: bool = False,
    owner: ActionOwner = ActionOwner.DPO,
) -> Transition:
    """Add a containment or remediation action (policy 3 and 4), open or already done."""
    require_state(breach, OPEN_STATES, "record an action on")
    at = utc(at)
    action = Action(kind, require_text(text, "a description of the action"), by, at, owner=owner)
    if done:
        action = replace(action, completed_at=at, completed_by=by)
    updated = replace(breach, actions=(*breach.actions, action))
    data: dict[str, JSONValue] = {
        "kind": kind.value,
        "index": len(breach.actions),
        "done": done,
        "owner": owner.value,
    }
    event = BreachEvent(EventKind.ACTION_RECORDED, by, at, data, {"text": action.text})
    return Transition(updated, event)


def complete_action(
    breach: Breach, *, index: int, by: Actor, at: datetime, note: str | None = None
) -> Transition:
    """Mark action number ``index`` (0-based, in recorded order) as done."""
    require_state(breach, OPEN_STATES, "complete an action on")
    if not 0 <= index < len(breach.actions):
        raise BreachError("there is no action with that number")
    action = breach.actions[index]
    if not action.is_open:
        raise BreachError("that action is already done")
    at = utc(at)
    text = note.strip() if note and note.strip() else None
    actions = list(breach.actions)
    actions[index] = replace(action, completed_at=at, completed_by=by, note=text)
    updated = replace(breach, actions=tuple(actions))
    data: dict[str, JSONValue] = {"kind": action.kind.value, "index": index}
    private = {"note": text} if text else {}
    return Transition(updated, BreachEvent(EventKind.ACTION_COMPLETED, by, at, data, private))
