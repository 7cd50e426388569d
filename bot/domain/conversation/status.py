"""``/breach status``: a reporter's own reports, newest first.

The register turns its breaches into ``ReportRecord`` values (no descriptions: the list
is short and safe to show anywhere); this module only formats them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.conversation.model import LONDON, QUESTION_ORDER, ConversationState, Step
from bot.domain.conversation.replies import Reply
from bot.domain.conversation.when import clock_label

_STATE_WORDS = {
    "draft": "not finished",
    "reported": "with the DPO, not yet acknowledged",
    "acknowledged": "acknowledged by the DPO",
    "assessed": "assessed by the DPO",
    "closed": "closed",
}


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One of the reporter's reports, as the register knows it.

    Attributes:
        reference: e.g. ``"BR-2026-0042"``.
        state: The register's state value (``"reported"``, ``"acknowledged"``, ...).
        reported_at: When it was reported (timezone-aware).
        within_hour: True when reported within 1 hour of discovery.
        incomplete: True for a partial report sent after the reporter went silent.
    """

    reference: str
    state: str
    reported_at: datetime
    within_hour: bool
    incomplete: bool = False


def status_reply(
    records: Sequence[ReportRecord],
    now: datetime,
    tz: str = LONDON,
    in_progress: ConversationState | None = None,
    limit: int = 10,
) -> Reply:
    """List a reporter's reports, newest first, and any report still in progress.

    Args:
        records: The reporter's reports, in any order.
        now: The current time.
        tz: Zone for showing times.
        in_progress: The reporter's unfinished conversation, if any.
        limit: At most this many reports are listed; the rest are counted.
    """
    lines: list[str] = []
    if in_progress is not None and not in_progress.finished:
        lines.append(
            f"You have a report in progress ({_position(in_progress)}). Type /breach to carry on."
        )
    if not records:
        lines.append("You haven't reported any breaches. To report one, type /breach.")
        return Reply("\n".join(lines), card="status", data={"count": 0})
    ordered = sorted(records, key=lambda r: r.reported_at, reverse=True)
    lines.append("Your breach reports, newest first:")
    lines.extend(_line(r, now, tz) for r in ordered[:limit])
    if len(ordered) > limit:
        lines.append(f"…and {len(ordered) - limit} older. Ask your DPO for the full list.")
    return Reply("\n".join(lines), card="status", data={"count": len(ordered)})


def _line(record: ReportRecord, now: datetime, tz: str) -> str:
    state = _STATE_WORDS.get(record.state, record.state)
    timing = "within the hour" if record.within_hour else "after the hour"
    partial = " (partial report)" if record.incomplete else ""
    return (
        f"• {record.reference}{partial} — reported {clock_label(record.reported_at, now, tz)}, "
        f"{timing} — {state}"
    )


def _position(state: ConversationState) -> str:
    main = Step.SYSTEMS if state.step is Step.OTHER_SYSTEM else state.step
    if main in QUESTION_ORDER:
        return f"question {QUESTION_ORDER.index(main) + 1} of {len(QUESTION_ORDER)}"
    return "ready to send"
