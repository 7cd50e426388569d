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
from bot.cli.register_add import add as add
from bot.cli.util import CommandError
from bot.domain.errors import DomainError
from bot.register.breaches.crypto import DecryptionError, FieldCipher
from bot.register.breaches.rekey import RekeyError
from bot.register.errors import RegisterError
from bot.register.service import Register, open_register, safe_url
from bot.settings import Settings

log = logging.getLogger(__name__)


def user_message(exc: Exception) -> str | None:
    """The one line to show for an expected failure, or ``None`` for a bug."""
    if isinstance(exc, RegisterError | DomainError | DecryptionError | RekeyError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        return "the register database refused the operation (busy or unreachable); try again"
    return None


@contextmanager
def user_errors() -> Iterator[None]:
    """Expected failures inside the block become the command's one error line."""
    try:
        yield
    except CommandError:
        raise
    except Exception as exc:
        message = user_message(exc)
        if message is None:
            raise
        raise CommandError(message) from None


@contextmanager
def opened(settings: Settings) -> Iterator[Register]:
    """The register for one command, closed afterwards; failures as in ``user_errors``."""
    with user_errors():
        register = open_register(settings)
        try:
            yield register
        finally:
            register.close()


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
    _refuse_foreign_sqlite(url)
    cipher = _cipher_if_any(settings)
    try:
        upgrade(url, cipher=cipher)
    except OperationalError:
        raise CommandError(f"cannot reach the register database at {safe_url(url)}") from None
    except OSError as exc:
        raise CommandError(
            f"cannot create the register database at {safe_url(url)}: {exc.strerror}"
        ) from None
    except RuntimeError as exc:  # a migration that needs the key, without it
        raise CommandError(str(exc)) from None
    if cipher is None:
        print("note: without CAREGUARD_REGISTER_KEY, old alert histories stay as they are")
    else:
        _after_upgrade(settings, url, cipher)
    print(f"register database at {safe_url(url)} is up to date")
    return 0


def _cipher_if_any(settings: Settings) -> FieldCipher | None:
    from bot.register.breaches.crypto import load_cipher
    from bot.settings import SettingsError

    try:
        return load_cipher(settings)
    except SettingsError:
        return None


def _after_upgrade(settings: Settings, url: str, cipher: FieldCipher) -> None:
    """Encrypt alert histories an earlier version kept in plain text; write the checkpoint."""
    from bot.register.breaches import checkpoint
    from bot.register.db import make_engine, write_session
    from bot.register.state.alerts import encrypt_legacy_histories

    engine = make_engine(url)
    try:
        with write_session(engine) as session:
            count = encrypt_legacy_histories(session, cipher)
        path = checkpoint.settings_path(settings)
        if path is not None:
            cp = checkpoint.record_head(engine, cipher.chain, path)
            print(f"checkpoint {path}: {cp.count} audit rows (copy it off this server)")
    finally:
        engine.dispose()
    if count:
        print(f"encrypted the history of {count} breach alerts")


def _refuse_foreign_sqlite(url: str) -> None:
    """Refuse to migrate a SQLite file that is not a register: it belongs to someone else."""
    from pathlib import Path

    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from bot.register.db import make_engine
    from bot.register.service import not_a_register

    database = make_url(url).database
    if make_url(url).get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return
    path = Path(database)
    if path.is_dir():
        raise CommandError(f"{database} is a folder, not a CareGuard register; check DATABASE_URL")
    if not path.exists():
        return
    engine = make_engine(url)
    try:
        names = inspect(engine).get_table_names()
    except DBAPIError:
        raise CommandError(not_a_register(url, "the file is not a SQLite database")) from None
    finally:
        engine.dispose()
    if names and "alembic_version" not in names:
        raise CommandError(not_a_register(url, "it holds another application's tables"))


def list_cmd(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register list [--by UPN]``: one line per breach, no personal details."""
    if args.by is not None:
        from bot.cli.scoped import visible_summaries

        summaries = visible_summaries(settings, args.by, open_only=args.open)
    else:
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
    """``careguard register show REF [--by UPN]``: the whole case and its audit trail."""
    from bot.cli.scoped import viewing

    opened = viewing(settings, args.by, args.reference, "show") if args.by else _register(settings)
    with opened as register:
        breach = register.repository.get(args.reference)
        trail = register.repository.events(args.reference)
    print(console.details(breach, trail))
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
    """``careguard register verify [--checkpoint FILE]``: exit 1 naming each bad row."""
    from bot.register.breaches import checkpoint
    from bot.register.breaches.verify import verify_chain

    path = args.checkpoint or checkpoint.settings_path(settings)
    with _register(settings) as register:
        try:
            mark = checkpoint.read(path) if path is not None else None
        except checkpoint.CheckpointError as exc:
            raise CommandError(f"checkpoint {path}: {exc}") from None
        report = verify_chain(register.engine, register.cipher, checkpoint=mark)
    for note in report.notes:
        print(f"note: {note}")
    if not report.ok:
        for problem in report.problems:
            print(f"careguard: audit trail BROKEN: {problem.text}", file=sys.stderr)
        return 1
    summary = f"{report.rows} rows, {report.breaches} breaches, chain head {report.head_hash}"
    if mark is None:
        print(
            f"careguard: audit trail checks out ({summary}) but there is no checkpoint at "
            f"{path}: rows cut off the end cannot be detected; give --checkpoint FILE "
            "with the DPO's copy",
            file=sys.stderr,
        )
        return 1
    print(f"audit trail ok: {summary}")
    print(f"checkpoint {path} of {console.london(mark.at)}: {mark.count} rows, matches")
    return 0


def purge(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register purge [--as-of DATE] [--apply]``: retention; a dry run by default.

    ``--as-of`` plans: it lists what will be due on that date. Purging early is refused:
    ``--apply`` only with no date or one that has come.
    """
    from bot.register.breaches.retention import RETENTION_YEARS
    from bot.register.breaches.retention import purge as run_purge

    now = datetime.now(UTC)
    as_of = _as_of(args.as_of) if args.as_of else now
    if args.apply and as_of > now:
        raise CommandError(
            "--apply with a future --as-of would purge breaches before their retention "
            "ends; leave out --apply to plan, or --as-of to purge what is due today"
        )
    with _register(settings) as register:
        report = run_purge(register.engine, register.cipher, now=as_of, apply=args.apply)
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


def _as_of(text: str) -> datetime:
    """``YYYY-MM-DD`` (midnight UK time) or an ISO 8601 date and time, as UTC."""
    from bot.domain.clocks import london

    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError("--as-of: give a date as YYYY-MM-DD, e.g. 2033-01-31") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=london())
    return parsed.astimezone(UTC)


def rekey(args: argparse.Namespace, settings: Settings) -> int:
    """``careguard register rekey``: re-encrypt under the first key in the key list."""
    from bot.register.breaches.rekey import rekey as run_rekey

    with _register(settings) as register:
        report = run_rekey(register.engine, register.cipher, now=datetime.now(UTC))
    print(
        f"re-encrypted {report.rotated} stored fields under the newest key "
        f"({report.current} were already current); re-signed {report.resigned} audit rows"
    )
    return 0
