"""What the bot's listeners share: collaborators, knobs and small helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.clocks import ClockSettings
from bot.domain.organisation import DECISION_ROLES, Organisation, Person, Role
from bot.domain.values import Actor as DomainActor
from bot.services.messages import Actor
from bot.services.ports import Scanner
from bot.services.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class BotConfig:
    """Knobs of the bot (the clocks themselves come from the organisation file).

    Attributes:
        dedupe_ttl: How long processed activity ids are remembered (Teams re-delivers
            after about 15 s; an hour is generous).
        escalation_budget: The whole escalation chain must finish inside this (policy:
            report within the hour), so steps come closer together for long chains.
        default_service_by_team: Team id → ``"adults"``/``"children"``, to suggest the
            service when ``/breach`` starts from that team.
        checkpoint_post_hour: UK hour from which the register's daily checkpoint is
            posted to the alert channels (``bot.services.anchor``); ``None``: never.
    """

    dedupe_ttl: timedelta = timedelta(hours=1)
    escalation_budget: timedelta = timedelta(minutes=60)
    default_service_by_team: Mapping[str, str] = field(default_factory=dict)
    checkpoint_post_hour: int | None = 7


@dataclass(frozen=True, slots=True)
class BotDeps:
    """Everything the bot's listeners share."""

    organisation: Organisation
    uow: UnitOfWork
    scanner: Scanner
    clock: Clock
    config: BotConfig

    def now(self) -> datetime:
        """The current time from the injected clock (UTC)."""
        return self.clock.now()

    @property
    def clocks(self) -> ClockSettings:
        """The organisation's time limits."""
        return self.organisation.clocks

    def person(self, actor: Actor) -> Person | None:
        """The organisation-file person behind a front-end actor, if listed."""
        return self.organisation.find(upn=actor.upn, aad_object_id=actor.aad_object_id)

    def is_officer(self, actor: Actor) -> bool:
        """True for a DPO, the SIRO or a director."""
        person = self.person(actor)
        return person is not None and person.role in DECISION_ROLES


def actor_id(actor: Actor) -> str:
    """A stable id for someone on any front-end (the Entra object id, lower case)."""
    return actor.aad_object_id.casefold()


def domain_actor(actor: Actor, person: Person | None = None) -> DomainActor:
    """The register's actor for someone: their UPN, else ``aad:<object id>``."""
    if person is not None:
        return person.actor
    return DomainActor(actor.upn or f"aad:{actor_id(actor)}", actor.name or "Unknown")


def role_label(org: Organisation, person: Person) -> str:
    """``"DPO Adults"``, ``"SIRO"``, ``"Director"``: how a person's role reads on a card."""
    if person.role is Role.DPO:
        services = [s.service.value.capitalize() for s in org.services if s.dpo == person.key]
        return "DPO " + " & ".join(services) if services else "DPO"
    return {Role.SIRO: "SIRO", Role.DIRECTOR: "Director"}.get(person.role, "IT support")


def owner_label(org: Organisation, upn: str | None) -> str:
    """``"Rhiannon Williams (DPO Adults)"`` for the person with ``upn``; empty if none."""
    if upn is None:
        return ""
    person = org.find(upn=upn)
    return f"{person.name} ({role_label(org, person)})" if person is not None else upn
