"""The register's daily checkpoint, posted to every DPO alert channel.

A copy of the audit trail's signed length and head kept outside the server lets a DPO
prove later that no rows were cut off its end (``docs/register.md``). Once a day, at the
first housekeeping round from 07:00 UK time (``BotConfig.checkpoint_post_hour``), the
line goes to each service's alert channel; the outbox key makes it one post per channel
per day however many instances run.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.clocks import to_london
from bot.services.deps import BotDeps
from bot.services.mail import Mail
from bot.services.messages import Text
from bot.services.uow import Tx


def checkpoint_text(day: str, line: str) -> str:
    """The post: what it is, what to do with it, and the signed line itself."""
    return (
        f"Breach register checkpoint for {day}. Keep this message: it records how long the "
        "audit trail was and how it ended, signed with the register key. To check the "
        "register against it later, save the line below in a file and run "
        "`careguard register verify --checkpoint FILE`.\n\n" + line
    )


def post_checkpoint(tx: Tx, deps: BotDeps, now: datetime) -> int:
    """Post today's checkpoint to each alert channel not yet given it; returns how many."""
    hour = deps.config.checkpoint_post_hour
    local = to_london(now)
    if hour is None or local.hour < hour:
        return 0
    day = local.date().isoformat()
    channels = sorted({setup.alert_channel for setup in deps.organisation.services})
    if not channels:
        return 0
    message = Text(checkpoint_text(day, tx.audit.checkpoint(now)))
    mail = Mail(tx)
    return sum(
        mail.to_channel(
            channel, message, key=f"register-checkpoint:{day}:{channel}", apart="checkpoint"
        )
        for channel in channels
    )
