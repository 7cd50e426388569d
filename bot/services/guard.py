"""What every DPO step shares: the permission check (audited when it refuses) and its result.

A step is called with the acting person and the breach's reference inside one
transaction; ``checked`` loads the breach and its alert, asks ``permissions.may`` and,
when the answer is no, records the refusal in the audit trail (in the same
transaction, which the caller commits) and raises ``RefusedError`` with the sentence to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.breach import Breach
from bot.domain.errors import BreachError
from bot.domain.organisation import Person
from bot.domain.records import AlertRecord
from bot.services.alerts import hhmm
from bot.services.deps import BotDeps
from bot.services.mail import Mail
from bot.services.permissions import Act, may
from bot.services.timers import sync_breach
from bot.services.uow import Tx


class RefusedError(Exception):
    """The person may not take this step (the refusal is already in the audit trail)."""


@dataclass(frozen=True, slots=True)
class Done:
    """A step's result: a line for the person, and the breach whose card to show them."""

    message: str
    reference: str | None = None
    ok: bool = True


def checked(
    tx: Tx,
    deps: BotDeps,
    person: Person | None,
    reference: str,
    what: str,
    act: Act = Act.ACT,
    *,
    action_index: int | None = None,
    who: str | None = None,
) -> tuple[Breach, AlertRecord | None]:
    """The breach (locked for the step) and its alert, if ``person`` may take the step.

    ``who`` names someone not in the organisation file in the audit record.

    Raises:
        RefusedError: they may not (audited with ``what`` as the verb).
        BreachNotFoundError, BreachPurgedError: no such breach.
    """
    breach = tx.breaches.get(reference, for_update=True)
    alert = tx.alerts.get(breach.label)
    now = deps.now()
    why = may(
        deps.organisation,
        person,
        act,
        breach,
        alert,
        tx.away.map(now),
        now,
        action_index=action_index,
    )
    if why is not None:
        actor = person.upn if person is not None else (who or "unknown")
        tx.audit.refused(breach.label, actor, what, why)
        raise RefusedError(f"Sorry, {why}. Your attempt has been noted.")
    return breach, alert


def finish(tx: Tx, deps: BotDeps, breach: Breach, line: str) -> None:
    """After a change: a history line on the card, the card updated, the timers in step."""
    tx.alerts.update(breach.label, add_history=[f"{line} at {hhmm(deps.now())}"])
    Mail(tx).alert_card(breach.label)
    sync_breach(tx, deps, breach)


def plain(exc: BreachError, reference: str) -> Done:
    """A domain refusal as a result (domain errors carry no personal data)."""
    return Done(f"Nothing changed on {reference}: {exc}.", reference, ok=False)
