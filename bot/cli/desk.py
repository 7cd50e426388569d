"""Running the bot's steps from the command line: same rules, same audit, same outbox.

A desk command opens the register, names the acting person from the organisation file
(``--by``, or the breach's owner for a step that allows it; no file, no step), and runs
the services' step in one transaction with the SQL unit of work. What the step causes
(the card updated in the alert channel, the SIRO's notice, IT support's action) is
written to the outbox and delivered by the running server. The step's answer is
printed; a refusal or an out-of-order step is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.cli.people import Step, allowed_person, require_organisation, sign_in_name
from bot.cli.util import CommandError
from bot.domain.breach import Breach
from bot.domain.clock import SystemClock
from bot.domain.errors import DomainError
from bot.domain.organisation import Organisation, Person
from bot.domain.reference import normalise_reference
from bot.services.deps import BotConfig, BotDeps
from bot.services.desk import attempt
from bot.services.guard import Done
from bot.services.ports import ScanResultLike
from bot.settings import Settings

if TYPE_CHECKING:  # the register is imported when a command runs, not to build --help
    from bot.register.uow import SqlUnitOfWork


class _NotScanning:
    """The command line never shows a card, so it never masks one (the server does)."""

    def _refuse(self) -> RuntimeError:
        return RuntimeError("the command line does not scan messages")

    def scan(self, text: str) -> ScanResultLike:
        """Never called at the desk."""
        raise self._refuse()

    def mask(self, text: str) -> str:
        """Never called at the desk."""
        raise self._refuse()

    def suggest_rewrite(self, text: str) -> str:
        """Never called at the desk."""
        raise self._refuse()

    def check(self, text: str) -> tuple[ScanResultLike, str | None]:
        """Never called at the desk."""
        raise self._refuse()


NOT_SCANNING = _NotScanning()


@dataclass(frozen=True, slots=True)
class Desk:
    """An open register, the organisation, and the acting person."""

    uow: SqlUnitOfWork
    deps: BotDeps
    person: Person

    @property
    def organisation(self) -> Organisation:
        """The organisation file."""
        return self.deps.organisation

    def run(self, step: Callable[[Any, BotDeps, Person], Done]) -> Done:
        """Run ``step`` in one transaction (a refusal's audit record is kept)."""
        try:
            done = self.uow.run_now(
                lambda tx: attempt(tx, lambda t: step(t, self.deps, self.person))
            )
        except DomainError as exc:  # no such breach, or a step out of order
            raise CommandError(str(exc)) from None
        assert isinstance(done, Done)  # steps give a result, never a form
        return done


@contextmanager
def desk(
    settings: Settings, by: str | None, step: Step, reference: str | None = None
) -> Iterator[Desk]:
    """The register and the person ``by`` names, allowed ``step`` by their role.

    ``by`` ``None`` names the current owner of the breach ``reference`` (whoever it is
    assigned to since it was acknowledged: the DPO who acknowledged it or took it over);
    a breach nobody has acknowledged is refused. A person the organisation file does not
    allow to take the step is refused, and the refusal is kept in the register's audit
    trail (about ``reference``), as in Teams.
    """
    from bot.register.errors import RegisterError
    from bot.register.service import open_register
    from bot.register.uow import SqlUnitOfWork

    upn = sign_in_name(by, "--by") if by is not None else None
    organisation = require_organisation(settings, step.command, f"to check who may {step.doing}")
    try:
        register = open_register(settings, for_writing=True)
    except RegisterError as exc:
        raise CommandError(str(exc)) from None
    clock = SystemClock()
    uow = SqlUnitOfWork(register.engine, register.cipher, clock)
    try:
        flag = "--by"
        if upn is None:
            upn, flag = _owner(uow, reference), "the breach's owner"
        try:
            person = allowed_person(organisation, upn, step, flag=flag)
        except CommandError as exc:
            _audit_refusal(uow, reference, upn, step.command, str(exc).split("; ", 1)[-1])
            raise
        deps = BotDeps(organisation, uow, NOT_SCANNING, clock, BotConfig())
        yield Desk(uow, deps, person)
    finally:
        register.close()


def _owner(uow: SqlUnitOfWork, reference: str | None) -> str:
    """The sign-in name of the owner of ``reference``: who it is assigned to once acknowledged.

    Before acknowledgement a breach is only routed (or escalated) to someone, so it has
    no owner to act for.

    Raises:
        CommandError: no such breach, or nobody has taken it on (then ``--by`` is needed).
    """
    if reference is None:
        raise CommandError("give --by UPN: who takes the step")
    try:
        breach: Breach = uow.read_now(lambda tx: tx.breaches.get(normalise_reference(reference)))
    except DomainError as exc:
        raise CommandError(str(exc)) from None
    if breach.acknowledged_at is None or breach.assigned_to is None:
        raise CommandError(
            f"{breach.label} has no owner yet (nobody has acknowledged it): give --by UPN"
        )
    return breach.assigned_to.upn


def _audit_refusal(
    uow: SqlUnitOfWork, reference: str | None, upn: str, command: str, reason: str
) -> None:
    def work(tx: Any) -> None:
        known = None
        if reference is not None:
            try:
                known = tx.breaches.get(normalise_reference(reference)).label
            except DomainError:
                known = None
        tx.audit.refused(known, upn, command, reason)

    uow.run_now(work)


def report(done: Done) -> int:
    """Print a step's answer (0), or raise it as the command's error line (1)."""
    if not done.ok:
        raise CommandError(done.message.rstrip("."), status=1)
    print(done.message)
    return 0
