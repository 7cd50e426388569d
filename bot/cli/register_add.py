"""``careguard register add``: log a breach reported by phone or email, as the bot files one."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot.cli import register_console as console
from bot.cli.desk import NOT_SCANNING
from bot.cli.intake import ReportFields, collect_report, parse_when
from bot.cli.people import LOG_REPORT, allowed_person, require_organisation, sign_in_name
from bot.cli.util import CommandError
from bot.domain import lifecycle
from bot.domain.breach import Breach
from bot.domain.clock import SystemClock
from bot.domain.conversation.when import FUTURE_TOLERANCE
from bot.domain.events import BreachEvent
from bot.domain.organisation import Organisation
from bot.domain.routing import route
from bot.domain.values import Actor, System
from bot.register.service import Register, open_register
from bot.register.uow import SqlTx, SqlUnitOfWork
from bot.services import filing
from bot.services.deps import BotConfig, BotDeps
from bot.services.filing import DESK, ReporterRef
from bot.settings import Settings


def add(args: argparse.Namespace, settings: Settings) -> int:
    """Log the breach; print its reference, lateness and who has it.

    Everything that could refuse the report (the organisation file, ``--by``, the
    options, the register) is checked before the first question is asked, so no typed
    answer is lost.
    """
    org = require_organisation(settings, "register add", "to route the breach to its DPO")
    logger = (
        allowed_person(org, sign_in_name(args.by, "--by"), LOG_REPORT, flag="--by").actor
        if args.by
        else None
    )
    now = datetime.now(UTC)
    reported = _reported(args.reported, now)
    register = open_register(settings, for_writing=True)
    try:
        fields = collect_report(args, reported=reported, now=now, interactive=sys.stdin.isatty())
        breach, events = new_breach(fields, org, reported=reported, logger=logger)
        breach = _file(register, org, breach, events, fields.reporter)
    finally:
        register.close()
    late = breach.report_minutes_late
    note = f" (reported {console.duration(late)} late)" if late else ""
    owner = f"; with {breach.assigned_to.upn}" if breach.assigned_to else ""
    print(f"logged {breach.reference}{note}{owner}")
    return 0


def _file(
    register: Register, org: Organisation, breach: Breach, events: list[BreachEvent], upn: str
) -> Breach:
    """File it as the bot files a report: alert card, escalation timer, audit, one step."""
    clock = SystemClock()
    uow = SqlUnitOfWork(register.engine, register.cipher, clock)
    deps = BotDeps(org, uow, NOT_SCANNING, clock, BotConfig())
    person = org.find(upn=upn)
    # A reporter in the organisation file hears back in Teams; one who phoned does not.
    who = (
        ReporterRef(person.aad_object_id, upn, "msteams") if person else ReporterRef(upn, upn, DESK)
    )

    def step(tx: SqlTx) -> Breach:
        routing = route(org, breach.service, now=clock.now(), away=tx.away.map(clock.now()))
        history = [f"Logged at the desk for {breach.reporter.name}"]
        return filing.file(tx, deps, breach, events, routing, who, history)

    return uow.run_now(step)


def _reported(text: str | None, now: datetime) -> datetime:
    if not text:
        return now
    reported = parse_when(text, "--reported")
    if reported > now + FUTURE_TOLERANCE:
        raise CommandError("--reported: that time has not happened yet")
    return reported


def new_breach(
    fields: ReportFields, org: Organisation, *, reported: datetime, logger: Actor | None
) -> tuple[Breach, list[BreachEvent]]:
    """The reported breach and its three events, routed to the service's DPO (or cover)."""
    person = org.find(upn=fields.reporter)
    reporter = person.actor if person is not None else Actor(fields.reporter, fields.reporter)
    created = lifecycle.create(reporter=reporter, at=reported, service=fields.service)
    drafted = lifecycle.update_draft(
        created.breach,
        by=reporter,
        at=reported,
        discovered_at=fields.discovered,
        location=fields.location,
        systems=tuple(System.parse(s) for s in fields.systems),
        other_system=fields.other_system,
        description=fields.description,
        containment_steps=fields.containment.steps,
        containment_notes=fields.containment.text,
    )
    assign = route(org, fields.service, now=reported).responsible.actor
    submitted = lifecycle.report(
        drafted.breach, at=reported, assign_to=assign, clocks=org.clocks, by=logger
    )
    return submitted.breach, [created.event, drafted.event, submitted.event]
