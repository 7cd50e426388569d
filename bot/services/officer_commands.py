"""The officers' text commands: ``/ack``, ``/highrisk``, ``/handover``, ``/details``.

The same steps as the alert card's buttons (``CardActions``), typed in a chat: in Teams
1:1, the console or WhatsApp. Without a reference the command asks which breach and lists
the open ones assigned to the person; an unknown reference is said to be unknown and
nothing else. What a DPO may see is scoped like the card (``permissions.may``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.domain.breach import Breach
from bot.domain.errors import BreachNotFoundError, BreachPurgedError
from bot.domain.organisation import Person
from bot.domain.reference import normalise_reference
from bot.domain.values import BreachState
from bot.services.actions import CardActions, Decided
from bot.services.deps import BotDeps
from bot.services.guard import RefusedError
from bot.services.permissions import Act, may
from bot.services.uow import Tx

_REFERENCE = re.compile(r"\bBR[-\s]?(\d{4})[-\s]?(\d{1,6})\b", re.IGNORECASE)
OFFICER_COMMANDS = ("ack", "highrisk", "handover", "details")


def find_reference(text: str) -> str | None:
    """The breach reference in ``text`` (``br 2026 7`` too), canonical; ``None`` if none."""
    match = _REFERENCE.search(text)
    if match is None:
        return None
    return normalise_reference(f"BR-{match.group(1)}-{int(match.group(2)):04d}")


def visible_breaches(tx: Tx, deps: BotDeps, person: Person | None) -> list[Breach]:
    """The open breaches ``person`` may see (their service's, or as cover; all for the SIRO)."""
    now = deps.now()
    away = tx.away.map(now)
    seen = []
    for breach in tx.breaches.list_breaches(open_only=True):
        alert = tx.alerts.get(breach.label)
        if may(deps.organisation, person, Act.VIEW, breach, alert, away, now) is None:
            seen.append(breach)
    return seen


class OfficerCommands:
    """Runs an officer's typed command inside the step's transaction."""

    def __init__(self, deps: BotDeps) -> None:
        self.deps = deps
        self.actions = CardActions(deps)

    def run(self, tx: Tx, person: Person | None, name: str, rest: str) -> str:
        """The answer to ``/name rest``."""
        if person is None:
            return "I can't find you in the organisation file, so you can't act on breaches."
        reference = find_reference(rest)
        if reference is None:
            return self._which(tx, person, name, rest)
        steps: dict[str, Callable[[Tx, str, Person], Decided]] = {
            "ack": self.actions.acknowledge,
            "highrisk": self.actions.mark_high_risk,
            "handover": self.actions.hand_over,
            "details": self.actions.details,
        }
        try:
            return steps[name](tx, reference, person).toast
        except (BreachNotFoundError, BreachPurgedError):
            return f"There is no breach {reference} in the register."
        except RefusedError as exc:  # audited in this transaction, which commits
            return str(exc)

    def _which(self, tx: Tx, person: Person, name: str, rest: str) -> str:
        mine = [
            b
            for b in visible_breaches(tx, self.deps, person)
            if b.assigned_to is not None and b.assigned_to.upn == person.upn
        ]
        if name == "ack":
            mine = [b for b in mine if b.state is BreachState.REPORTED]
        # What was typed is not repeated: it may be a client's name rather than a reference.
        lead = "That is not a breach reference. " if rest.strip() else "Which breach? "
        if not mine:
            waiting = "waiting for you to acknowledge" if name == "ack" else "assigned to you"
            return f"{lead}There are no open breaches {waiting}."
        listed = ", ".join(b.label for b in mine[:10])
        more = f" and {len(mine) - 10} more" if len(mine) > 10 else ""
        return f"{lead}Yours: {listed}{more}. Type /{name} {mine[0].label}."
