"""``register list --by UPN`` and ``register show REF --by UPN``: what that person may see.

The organisation file decides, as it does in Teams (``services.permissions``): a DPO sees
their own service's breaches and those that came to them or that they cover; the SIRO
and directors see every breach. A refusal is recorded in the audit trail (committed)
and is one line on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from bot.cli.desk import NOT_SCANNING
from bot.cli.people import require_organisation, sign_in_name
from bot.cli.util import CommandError
from bot.domain.clock import SystemClock
from bot.domain.organisation import DECISION_ROLES, Person, Role
from bot.domain.records import BreachSummary
from bot.register.service import Register, open_register
from bot.register.uow import SqlUnitOfWork
from bot.services.deps import BotConfig, BotDeps
from bot.services.guard import RefusedError, checked
from bot.services.permissions import Act, may
from bot.settings import Settings

T = TypeVar("T")


@contextmanager
def _reader(settings: Settings, command: str) -> Iterator[tuple[Register, SqlUnitOfWork, BotDeps]]:
    organisation = require_organisation(settings, command, "to check who may see which breach")
    register = open_register(settings)
    clock = SystemClock()
    uow = SqlUnitOfWork(register.engine, register.cipher, clock)
    deps = BotDeps(organisation, uow, NOT_SCANNING, clock, BotConfig())
    try:
        yield register, uow, deps
    finally:
        register.close()


def _refused_line(exc: RefusedError) -> CommandError:
    return CommandError(str(exc).rstrip("."), status=1)


def _run(uow: SqlUnitOfWork, step: Callable[[Any], T]) -> T:
    """Run ``step``; a refusal's audit record is committed before it is reported."""
    refusal: list[RefusedError] = []

    def work(tx: Any) -> T | None:
        try:
            return step(tx)
        except RefusedError as exc:
            refusal.append(exc)
            return None

    result = uow.run_now(work)
    if refusal:
        raise _refused_line(refusal[0])
    assert result is not None
    return result


def visible_summaries(settings: Settings, by: str, *, open_only: bool) -> list[BreachSummary]:
    """The summaries of the breaches ``by`` may see."""
    upn = sign_in_name(by, "--by")
    with _reader(settings, "register list") as (_register, uow, deps):
        person = deps.organisation.find(upn=upn)

        def step(tx: Any) -> list[BreachSummary]:
            if person is None or person.role not in DECISION_ROLES:
                why = (
                    "only people in the organisation file can see breaches"
                    if person is None
                    else "only the DPOs, the SIRO and directors can list breaches"
                )
                tx.audit.refused(None, upn, "register list", why)
                raise RefusedError(f"Sorry, {why}. Your attempt has been noted.")
            return [
                s for s in tx.breaches.summaries(open_only=open_only) if _sees(tx, deps, person, s)
            ]

        return _run(uow, step)


def _sees(tx: Any, deps: BotDeps, person: Person, summary: BreachSummary) -> bool:
    if summary.purged:  # a tombstone: nothing personal is left, its service decides
        if person.role is not Role.DPO or summary.service is None:
            return True
        return deps.organisation.setup(summary.service).dpo == person.key
    breach = tx.breaches.get(summary.reference)
    alert = tx.alerts.get(summary.reference)
    now = deps.now()
    return may(deps.organisation, person, Act.VIEW, breach, alert, tx.away.map(now), now) is None


@contextmanager
def viewing(settings: Settings, by: str, reference: str, what: str) -> Iterator[Register]:
    """The open register, once ``by`` may see ``reference`` (a refusal is audited)."""
    upn = sign_in_name(by, "--by")
    with _reader(settings, f"register {what}") as (register, uow, deps):
        person = deps.organisation.find(upn=upn)
        _run(uow, lambda tx: checked(tx, deps, person, reference, what, Act.VIEW, who=upn))
        yield register
