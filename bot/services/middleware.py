"""Cross-cutting checks, written once: error shield, de-duplication, role checks.

Like bolt-python's middleware, each wraps the listener call: the shield turns any
unexpected exception into a polite reply with an incident id (and logs the failure
without message text or exception text, which could hold personal data); the activity
key lets a step drop an activity id seen before (Teams re-delivers after about 15
seconds); the role check refuses alert-card actions from anyone who is not a DPO, SIRO
or director and records the attempt in the audit trail.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import traceback
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.domain.organisation import DECISION_ROLES, Person
from bot.domain.reference import normalise_reference
from bot.services.deps import BotDeps, actor_id
from bot.services.messages import OFFICER_VERBS, ActionOutcome, CardAction, Verb
from bot.services.uow import Tx

log = logging.getLogger("careguard.bot")

T = TypeVar("T")

REFUSAL = (
    "Sorry, only the DPOs, the SIRO and directors can act on breach alerts. "
    "Your attempt has been noted. If you know something about this breach, tell your DPO."
)


def incident_text(incident: str) -> str:
    """What a person sees when something went wrong."""
    return (
        "Sorry, something went wrong on my side and nothing was lost. "
        f"Please try again in a minute; if it keeps happening, tell IT support "
        f"(incident {incident})."
    )


def log_incident(where: str, exc: BaseException) -> str:
    """Log a failure by type and code location only; returns a new incident id."""
    incident = uuid.uuid4().hex[:10]
    frames = traceback.extract_tb(exc.__traceback__)
    trail = " <- ".join(f"{f.name}:{f.lineno}" for f in reversed(frames[-6:]))
    log.error("incident %s in %s: %s at %s", incident, where, type(exc).__name__, trail)
    return incident


async def shielded(where: str, call: Awaitable[T], fallback: Callable[[str], T]) -> T:
    """Await ``call``; on any exception, log it safely and return ``fallback(incident)``."""
    try:
        return await call
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        return fallback(log_incident(where, exc))


def activity_key(activity_id: str | None, *scope: str) -> str | None:
    """The de-duplication key of an activity id within ``scope`` (None: no id, no check).

    Teams message ids are only unique within a conversation (channel messages use
    millisecond timestamps), so the front-end and conversation are part of the key. The
    key is recorded in the step's own transaction, so a step that rolled back is not
    taken for done when Teams delivers it again.
    """
    if not activity_id:
        return None
    raw = "\x1f".join((*scope, activity_id)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def card_reference(action: CardAction) -> str | None:
    """The breach reference a card action is about, or None when missing or forged."""
    raw = action.data.get("reference") if hasattr(action.data, "get") else None
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    try:
        return normalise_reference(raw)
    except Exception:
        return None


def check_role(tx: Tx, deps: BotDeps, action: CardAction) -> Person | ActionOutcome:
    """The acting officer, or a refusal (audited in ``tx``) for anyone else on officer verbs."""
    person = deps.person(action.actor)
    if person is not None and person.role in DECISION_ROLES:
        return person
    if action.verb not in {v.value for v in OFFICER_VERBS}:
        return ActionOutcome(None, "Sorry, that button isn't for you.")
    who = action.actor.upn or f"aad:{actor_id(action.actor)}"
    tx.audit.refused(card_reference(action), who, action.verb, "not a DPO, SIRO or director")
    log.info("refused card action %s (not an officer)", action.verb)
    return ActionOutcome(None, REFUSAL)


def is_breach_verb(verb: str) -> bool:
    """True for the alert card's verbs."""
    return verb in {Verb.ACKNOWLEDGE, Verb.MARK_HIGH_RISK, Verb.HAND_OVER, Verb.DETAILS}
