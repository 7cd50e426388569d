"""Handlers behind ``careguard db …`` and ``careguard register …`` (see ``bot.cli.register``)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy.exc import DBAPIError

from bot.cli import register_console as console
from bot.cli.intake import (
    acknowledger,
    collect_report,
    organisation,
    parse_when,
    reporter_actor,
)
from bot.cli.util import CommandError
from bot.domain import lifecycle
from bot.domain.breach import Actor
from bot.domain.errors import DomainError
from bot.domain.routing import route
from bot.register.breaches.crypto import DecryptionError
from bot.register.errors import RegisterError
from bot.register.service import Register, open_register, safe_url
from bot.settings import Settings

log = logging.getLogger(__name__)


def user_message(exc: Exception) -> str | None:
    """The one line to show for an expected failure, or ``None`` for a bug."""
    if isinstance(exc, RegisterError | DomainError | DecryptionError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        return "the register database refused the operation (busy or unreachable); try again"
    return None


@contextmanager
def _register(settings: Settings) -> Iterator[Register]:
    register = open_register(settings)
    try:
        yield register
    finally:
        register.close()


def db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard db upgrade``: create or migrate the database to the newest schema."""
    from sqlalchemy.exc import OperationalError

    from bot.register.migrate import upgrade

    url = settings.effective_database_url()
    try:
        upgrade(url)
    except OperationalError:
        raise CommandError(f"cannot reach the register database at {safe_url(url)}") from None
    except OSError as exc:
        raise CommandError(
            f"cannot create the register database at {safe_url(url)}: {exc.strerror}"
        ) from None
    print(f"register database at {safe_url(url)} is up to date")
    return 0


def add(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register add``: log a breach reported by phone or email."""
    fields = collect_report(args, interactive=sys.stdin.isatty())
    org = organisation(settings)
    reporter = reporter_actor(fields.reporter, org)
    now = datetime.now(UTC)
    reported = parse_when(args.reported, "--reported") if args.reported else now
    # With an organisation file the breach goes straight to the service's DPO (or cover).
    assign = route(org, fields.service, now=reported).responsible.actor if org else None
    created = lifecycle.create(reporter=reporter, at=reported, service=fields.service)
    drafted = lifecycle.update_draft(
        created.breach,
        by=reporter,
        at=reported,
        discovered_at=fields.discovered,
        location=fields.location,
        systems=fields.systems,
        description=fields.description,
        containment_notes=fields.containment,
    )
    logger = acknowledger(args.by, settings) if args.by else None
    submitted = lifecycle.report(drafted.breach, at=reported, assign_to=assign, by=logger)
    with _register(settings) as register:
        breach = register.repository.add(
            submitted.breach, [created.event, drafted.event, submitted.event]
        )
    late = breach.report_minutes_late
    note = f" (reported {console.duration(late)} late)" if late else ""
    owner = f"; with {breach.assigned_to.upn}" if breach.assigned_to else ""
    print(f"logged {breach.reference}{note}{owner}")
    return 0


def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register list``: one line per breach, no personal details."""
    with _register(settings) as register:
        summaries = register.repository.summaries(open_only=args.open)
    if args.format == "table":
        print(console.to_table(summaries))
    elif args.format == "json":
        print(console.to_json([console.summary_record(s) for s in summaries]))
    else:
        records = [console.summary_record(s) for s in summaries]
        sys.stdout.write(console.to_csv(records, console.SUMMARY_FIELDS))
    return 0


def show(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register show REF``: every detail and the audit trail."""
    with _register(settings) as register:
        breach = register.repository.get(args.reference)
        trail = register.repository.events(args.reference)
    print(console.details(breach, trail))
    return 0


def ack(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register ack REF --by UPN``: a DPO takes the breach on."""
    actor: Actor = acknowledger(args.by, settings)
    with _register(settings) as register:
        breach = register.repository.apply(
            args.reference,
            lambda b: lifecycle.acknowledge(b, by=actor, at=datetime.now(UTC)),
        )
    print(f"{breach.reference} acknowledged by {actor.upn}")
    return 0


def export(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register export``: everything, for the DPO's records (personal data)."""
    with _register(settings) as register:
        repo = register.repository
        # Summaries first: a breach logged meanwhile is left out rather than half-exported.
        summaries = repo.summaries()
        live = {b.reference: b for b in repo.list_breaches()}
        records = [console.export_record(s, live.get(s.reference)) for s in summaries]
    text = (
        console.to_json(records) + "\n"
        if args.format == "json"
        else console.to_csv(records, console.EXPORT_FIELDS)
    )
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"exported {len(records)} breaches to {args.output}")
    return 0


def verify(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register verify``: exit 1 and name the first bad row if tampered with."""
    from bot.register.breaches.verify import verify_chain

    with _register(settings) as register:
        report = verify_chain(register.engine, register.cipher)
    if not report.ok:
        print(f"careguard: audit trail BROKEN: {report.problem}", file=sys.stderr)
        return 1
    print(f"audit trail ok: {report.rows} rows, chain head {report.head_hash}")
    return 0


def purge(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register purge [--apply]``: retention; a dry run unless ``--apply``."""
    from bot.register.breaches.retention import RETENTION_YEARS
    from bot.register.breaches.retention import purge as run_purge

    with _register(settings) as register:
        report = run_purge(
            register.engine, register.cipher, now=datetime.now(UTC), apply=args.apply
        )
    verb = "purged" if report.applied else "would purge"
    print(
        f"{verb} {len(report.candidates)} breaches closed before "
        f"{console.london(report.cutoff)} ({RETENTION_YEARS}-year retention)"
    )
    for c in report.candidates:
        print(f"  {c.reference}  {c.service or '-'}  closed {console.london(c.closed_at)}")
    if not report.applied and report.candidates:
        print("dry run: nothing changed; run with --apply to purge")
    return 0


def rekey(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register rekey``: re-encrypt under the first key in the key list."""
    from bot.register.breaches.rekey import rekey as run_rekey

    with _register(settings) as register:
        report = run_rekey(register.engine, register.cipher, now=datetime.now(UTC))
    print(
        f"re-encrypted {report.rotated} stored fields under the newest key "
        f"({report.current} were already current)"
    )
    return 0
