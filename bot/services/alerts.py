"""Breach alerts: what the DPO card shows, and telling the reporter what happened.

The alert card's content is built from the register's breach and the stored alert
record when it is delivered; the summary is masked by the detector so the channel never
sees client names.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.breach import Breach
from bot.domain.clocks import (
    ClockSettings,
    describe_minutes,
    minutes_late,
    minutes_left,
    report_deadline,
    to_london,
)
from bot.domain.records import AlertRecord
from bot.services.deps import BotDeps, owner_label
from bot.services.mail import Mail
from bot.services.messages import Actor, BreachAlert, Text
from bot.services.stage import stage_of

SUMMARY_LIMIT = 300
"""Characters of the masked description shown on a card."""

NO_DESCRIPTION = "No description yet (the reporter stopped before that question)."


def display_time(at: datetime | None) -> str:
    """``"Mon 10 Nov, 09:15"`` in UK time, or ``"not given"``."""
    return to_london(at).strftime("%a %d %b, %H:%M") if at is not None else "not given"


def hhmm(at: datetime) -> str:
    """``"09:15"`` in UK time."""
    return to_london(at).strftime("%H:%M")


def clock_text(breach: Breach, now: datetime, clocks: ClockSettings) -> str:
    """The clock that matters now: the ICO deadline, or whether the report came in time.

    Once a breach is reported the 1-hour window is over (met or missed), so it is shown
    as an outcome, never as time left; a deadline that has passed carries its date.
    """
    if breach.high_risk and breach.ico_deadline is not None:
        left = minutes_left(breach.ico_deadline, now)
        due = display_time(breach.ico_deadline)
        passed = " passed" if left < 0 else ""
        return f"ICO deadline{passed} {due} ({describe_minutes(left)})"
    if breach.acknowledged_at is not None:
        return f"Acknowledged at {hhmm(breach.acknowledged_at)}; risk not yet decided"
    if breach.discovered_at is None:
        return "Discovery time not given"
    if breach.reported_at is not None:
        late = minutes_late(breach.discovered_at, breach.reported_at, clocks)
        on_time = "within the hour" if late == 0 else f"{late} min after the 1-hour window"
        return f"Reported at {hhmm(breach.reported_at)} ({on_time}); waiting for acknowledgement"
    deadline = report_deadline(breach.discovered_at, clocks)
    window_left = minutes_left(deadline, now)
    if window_left >= 0:
        return f"{window_left} min left in the 1-hour window"
    return f"1-hour window passed {display_time(deadline)}"


def masked_summary(deps: BotDeps, breach: Breach) -> str:
    """The description with identifiers masked (call off the event loop: it scans)."""
    text = (breach.description or "").strip()
    if not text:
        return NO_DESCRIPTION
    masked = deps.scanner.mask(text)
    if len(masked) > SUMMARY_LIMIT:
        masked = masked[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return masked


def alert_view(deps: BotDeps, breach: Breach, record: AlertRecord) -> BreachAlert:
    """The card content for ``breach`` as it stands now (scans: call off the loop)."""
    assigned = breach.assigned_to.upn if breach.assigned_to is not None else None
    return BreachAlert(
        breach=breach,
        status=record.status,
        summary=masked_summary(deps, breach),
        clock=clock_text(breach, deps.now(), deps.clocks),
        discovered=display_time(breach.discovered_at),
        reported=display_time(breach.reported_at),
        owner=owner_label(deps.organisation, assigned),
        history=record.history,
        stage=stage_of(breach, deps.now(), deps.clocks),
    )


def tell_reporter(mail: Mail, record: AlertRecord, text: str, name: str = "") -> None:
    """Send the reporter (display ``name``, if known) a private message about their report.

    Someone who reported by phone (logged at the desk) has no chat to send it to.
    """
    if record.reporter_channel == "desk":
        return
    reporter = Actor(record.reporter_id, record.reporter_upn, name)
    mail.to_person(
        reporter, Text(text), channel=record.reporter_channel, reference=record.reference
    )
