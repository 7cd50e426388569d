"""Turning an outbox row into the message to send, when it is delivered.

Literal messages are decoded as they were stored. Live messages about a breach (its
alert card, a notice, an ICO reminder, the details) are built from the register as it
stands, with the summary masked by the detector, so a late or repeated delivery shows the
breach's current state. Runs inside a read transaction, off the event loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.clocks import describe_minutes, minutes_left
from bot.domain.codec import from_jsonable
from bot.domain.commands import help_text, visible_commands
from bot.domain.conversation import PartialReport
from bot.domain.records import OutboxItem
from bot.services.actions import details_text
from bot.services.alerts import alert_view, display_time, hhmm, masked_summary
from bot.services.deps import BotDeps, role_label
from bot.services.messages import (
    ActionRequest,
    Actor,
    ApprovalRequest,
    EscalationNotice,
    Help,
    HygieneSummary,
    IcoReminder,
    Outgoing,
    PartialAlert,
    PostedRef,
    PrivateWarning,
    Question,
    RegisterSummary,
    Text,
)
from bot.services.summaries import ico_pack_text, report_summary
from bot.services.uow import Tx

LATE_AFTER_MINUTES = 2
"""A notice delivered later than this after its step was due says how late it is."""

_LITERALS: Mapping[str, type[Any]] = {
    cls.__name__: cls for cls in (Text, Question, RegisterSummary, HygieneSummary, PrivateWarning)
}


class ComposeError(ValueError):
    """The row cannot become a message (its breach was purged, the body is damaged)."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a composed message goes.

    Attributes:
        kind: ``"person"``, ``"channel"``, ``"conversation"`` or ``"update"``.
        address: The channel or conversation id (``update``: the card's conversation).
        person: The recipient of a 1:1 message.
        message_id: The posted message to replace (``update``).
    """

    kind: str
    address: str = ""
    person: Actor | None = None
    message_id: str = ""

    @property
    def ref(self) -> PostedRef:
        """The message an update replaces."""
        return PostedRef(self.address, self.message_id)


@dataclass(frozen=True, slots=True)
class Composed:
    """A message ready to send, where it goes, and what its delivery completes."""

    message: Outgoing
    where: Where
    first_card_post: bool = False


def _person(target: Mapping[str, Any]) -> Actor:
    return Actor(str(target.get("aad", "")), target.get("upn"), str(target.get("name", "")))


def _where(target: Mapping[str, Any]) -> Where:
    kind = target.get("kind")
    if kind == "person":
        return Where("person", person=_person(target))
    if kind in ("channel", "conversation"):
        return Where(str(kind), address=str(target.get("id", "")))
    raise ComposeError("bad_target")


def compose(tx: Tx, deps: BotDeps, item: OutboxItem) -> Composed:
    """The message of ``item`` (see the module docstring)."""
    body = item.body
    kind = body.get("type")
    if kind == "message":
        return Composed(_literal(body), _where(item.target))
    reference = body.get("reference")
    if not isinstance(reference, str):
        raise ComposeError("bad_body")
    breach = tx.breaches.get(reference)
    if kind == "alert_card":
        return _alert_card(tx, deps, reference, breach)
    if kind == "details":
        return Composed(Text(details_text(breach)), _where(item.target))
    if kind == "ico_reminder":
        return Composed(_ico_reminder(deps, breach, int(body.get("hours", 0))), _where(item.target))
    if kind == "ico_pack":
        return Composed(Text(ico_pack_text(tx, deps, breach)), _where(item.target))
    if kind == "action_request":
        return Composed(_action(breach, int(body.get("number", 0))), _where(item.target))
    record = tx.alerts.get(reference)
    if record is None:
        raise ComposeError("no_alert")
    if kind == "notice":
        recipient = deps.organisation.person(str(body.get("recipient")))
        view = alert_view(deps, breach, record)
        reason = str(body.get("reason", "")) + _late(deps, body.get("due_at"))
        notice = EscalationNotice(view, reason, recipient, role_label(deps.organisation, recipient))
        return Composed(notice, _where(item.target))
    if kind == "approval_request":
        view = alert_view(deps, breach, record)
        decided = decision(breach)
        return Composed(
            ApprovalRequest(view, report_summary(deps, breach), decided), _where(item.target)
        )
    if kind == "partial_again":
        partial = from_jsonable(PartialReport, body.get("partial"))
        text = partial.description or ""
        summary = deps.scanner.mask(text) if text else "no description yet"
        return Composed(PartialAlert(reference, partial, summary), _where(item.target))
    raise ComposeError("bad_body")


def _literal(body: Mapping[str, Any]) -> Outgoing:
    kind = str(body.get("kind"))
    if kind == "Help":
        officer = bool(body.get("officer"))
        return Help(officer, visible_commands(officer=officer), help_text(officer=officer))
    cls = _LITERALS.get(kind)
    if cls is None:
        raise ComposeError("bad_body")
    message: Outgoing = from_jsonable(cls, body.get("data"))
    return message


def _action(breach: Any, number: int) -> ActionRequest:
    request = action_request(breach, number)
    if request is None:
        raise ComposeError("no_action")
    return request


def action_request(breach: Any, number: int) -> ActionRequest | None:
    """Action ``number`` (1-based) of ``breach`` as its owner's card shows it, if it exists."""
    if not 1 <= number <= len(breach.actions):
        return None
    action = breach.actions[number - 1]
    return ActionRequest(
        reference=breach.label,
        number=number,
        text=action.text,
        kind=action.kind.value,
        requested_by=action.by.name,
        done=not action.is_open,
    )


def decision(breach: Any) -> str:
    """The SIRO's decision on the post-breach report: ``"approved"``, ``"sent back"`` or ``""``."""
    if breach.approval is None:
        return ""
    return "approved" if breach.approval.approved else "sent back"


def _alert_card(tx: Tx, deps: BotDeps, reference: str, breach: Any) -> Composed:
    record = tx.alerts.get(reference)
    if record is None:
        raise ComposeError("no_alert")
    card = alert_view(deps, breach, record)
    if record.channel_id is not None and record.message_id is not None:
        return Composed(card, Where("update", record.channel_id, message_id=record.message_id))
    if breach.service is not None:
        channel = deps.organisation.setup(breach.service).alert_channel
        return Composed(card, Where("channel", channel), first_card_post=True)
    owner = deps.organisation.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
    if owner is None:
        raise ComposeError("no_owner")
    return Composed(card, Where("person", person=_actor(owner)), first_card_post=True)


def _actor(person: Any) -> Actor:
    return Actor(person.aad_object_id, person.upn, person.name)


def _ico_reminder(deps: BotDeps, breach: Any, hours: int) -> IcoReminder:
    deadline = breach.ico_deadline or deps.now()
    return IcoReminder(
        reference=breach.label,
        service=breach.service.value.capitalize() if breach.service else "Unknown",
        hours_elapsed=hours,
        deadline=deadline,
        deadline_label=display_time(deadline),
        time_left=describe_minutes(minutes_left(deadline, deps.now())),
        summary=masked_summary(deps, breach),
    )


def _late(deps: BotDeps, due: object) -> str:
    if not isinstance(due, str):
        return ""
    due_at = datetime.fromisoformat(due)
    late = int((deps.now() - due_at).total_seconds() // 60)
    if late < LATE_AFTER_MINUTES:
        return ""
    return f" (sent {late} min late: Teams could not be reached at {hhmm(due_at)})"
