"""Who gets a breach, who covers when someone is away or silent, who may act on alerts.

Pure functions of the organisation, the time and who is away. The order follows the
policy: the service's DPO, then the other DPO or the SIRO (as the file's fallback list
says), then the directors.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import ensure_utc
from bot.domain.organisation import DECISION_ROLES, Organisation, Person, Role
from bot.domain.values import Service

AwayMap = Mapping[str, datetime]
"""Person key → the instant they are back (UTC). Absent or past means available."""


def escalation_chain(org: Organisation, service: Service | None) -> tuple[Person, ...]:
    """Everyone who may be responsible for a breach of ``service``, in order, once each.

    For an unknown service (an abandoned report that never said), every service's DPO
    comes first, then the fallbacks, then the SIRO and directors.
    """
    setups = [org.setup(service)] if service is not None else list(org.services)
    keys = [s.dpo for s in setups]
    for setup in setups:
        keys.extend(setup.fallback)
    siro = org.siro
    if siro is not None:
        keys.append(siro.key)
    keys.extend(d.key for d in org.directors)
    return tuple(org.person(k) for k in dict.fromkeys(keys))


def is_away(person: Person, away: AwayMap, now: datetime) -> bool:
    """True while ``person`` is away at ``now``."""
    until = away.get(person.key)
    return until is not None and ensure_utc(now, "now") < ensure_utc(until, "away until")


@dataclass(frozen=True, slots=True)
class Routing:
    """Where a new breach goes.

    Attributes:
        responsible: Who is asked to acknowledge it.
        skipped: People before them in the chain who are away.
        everyone_away: True when the whole chain is away; ``responsible`` is then the
            service's DPO anyway, so the breach is never left without an owner.
        alert_channel: The service's alert channel (``None`` for an unknown service).
    """

    responsible: Person
    skipped: tuple[Person, ...]
    everyone_away: bool
    alert_channel: str | None


def route(
    org: Organisation, service: Service | None, *, now: datetime, away: AwayMap | None = None
) -> Routing:
    """Decide who receives a new breach of ``service`` at ``now``."""
    chain = escalation_chain(org, service)
    away = away or {}
    skipped: list[Person] = []
    for person in chain:
        if not is_away(person, away, now):
            return Routing(person, tuple(skipped), False, _channel(org, service))
        skipped.append(person)
    return Routing(chain[0], tuple(skipped), True, _channel(org, service))


def _channel(org: Organisation, service: Service | None) -> str | None:
    return org.setup(service).alert_channel if service is not None else None


def next_responsible(
    org: Organisation,
    service: Service | None,
    *,
    tried: Collection[str],
    now: datetime,
    away: AwayMap | None = None,
) -> Person | None:
    """Who to ask next when nobody in ``tried`` (person keys) has acknowledged.

    Returns the first person in the chain not yet tried and not away, or ``None`` when
    the chain is exhausted (the caller keeps reminding the people already asked).
    """
    away = away or {}
    for person in escalation_chain(org, service):
        if person.key not in tried and not is_away(person, away, now):
            return person
    return None


def may_act(org: Organisation, *, upn: str | None = None, aad_object_id: str | None = None) -> bool:
    """True when the person may act on breach alert cards (a DPO, the SIRO or a director)."""
    person = org.find(upn=upn, aad_object_id=aad_object_id)
    return person is not None and person.role in DECISION_ROLES


def high_risk_contacts(org: Organisation) -> tuple[Person, ...]:
    """Who hears about a high-risk breach beyond the DPO: the SIRO, then the directors."""
    siro = org.siro
    return ((siro,) if siro is not None else ()) + org.directors


def dpos(org: Organisation) -> tuple[Person, ...]:
    """All DPOs, in file order."""
    return org.with_role(Role.DPO)
