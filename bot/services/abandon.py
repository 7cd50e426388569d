"""The abandon timer's handler: a reporter went silent, so the DPO gets what was said.

Runs inside the transaction that marks the timer done. The first time, what was captured
is filed as an incomplete report (alerted and escalated like any report); if the
reporter comes back, answers more and goes silent again, the DPO is sent the newer
answers beside the card. Either way the reporter is told, and nothing is lost.
"""

from __future__ import annotations

from bot.domain.conversation import (
    ConversationState,
    abandoned_notice,
    is_abandoned,
    mark_abandoned,
    state_from_dict,
    state_to_dict,
)
from bot.domain.conversation.lifecycle import abandoned_summary
from bot.domain.records import DueWork
from bot.services import filing
from bot.services.alerts import hhmm
from bot.services.deps import BotDeps
from bot.services.escalation import TimerPayloadError
from bot.services.filing import ReporterRef
from bot.services.mail import Mail
from bot.services.messages import Actor, Question
from bot.services.uow import Tx


def abandoned(tx: Tx, deps: BotDeps, work: DueWork) -> None:
    """A reporter went silent: send the DPO what was captured, tell the reporter."""
    key = work.payload.get("conversation")
    started = work.payload.get("started")
    if not isinstance(key, str) or not isinstance(started, str):
        raise TimerPayloadError("bad_payload")
    stored = tx.conversations.load(key, for_update=True)
    if stored is None:
        return  # finished or cancelled since
    state = state_from_dict(stored.data)
    now = deps.now()
    timeout = deps.clocks.abandon_timeout
    if state.started_at.isoformat() != started or not is_abandoned(state, now, timeout):
        return  # another report, or they answered since (their turn moved the timer)
    upn = None if state.reporter.upn.startswith("aad:") else state.reporter.upn
    who = ReporterRef(stored.reporter_id, upn, state.key.channel)
    mail = Mail(tx)
    reference = stored.partial_reference
    if reference is None:
        reference = filing.file_partial(tx, deps, state, who).label
    else:
        _partial_again(tx, reference, state)
    reporter = Actor(stored.reporter_id, upn, state.reporter.name)
    mail.to_person(reporter, Question(abandoned_notice(state, timeout)), channel=who.channel)
    tx.conversations.save(
        key,
        stored.reporter_id,
        state_to_dict(mark_abandoned(state, now)),
        expected_version=stored.version,
        partial_reference=reference,
    )


def _partial_again(tx: Tx, reference: str, state: ConversationState) -> None:
    line = f"The reporter answered more, then went silent again at {hhmm(state.updated_at)}"
    record = tx.alerts.update(reference, add_history=[line])
    mail = Mail(tx)
    mail.alert_card(reference)
    if record is not None and record.channel_id is not None:
        mail.partial_again(reference, record.channel_id, abandoned_summary(state))
