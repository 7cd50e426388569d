"""The organisation: people, which DPO covers which service, fallbacks, channels and clocks.

Built from the organisation file by ``bot.settings.load_organisation``; pure data here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.clocks import DEFAULT_CLOCKS, ClockSettings
from bot.domain.errors import DomainError
from bot.domain.values import Actor, Service


class Role(StrEnum):
    """What someone does in data protection (policy: Roles and Responsibilities)."""

    DPO = "dpo"
    SIRO = "siro"
    DIRECTOR = "director"
    IT_SUPPORT = "it_support"


DECISION_ROLES = frozenset({Role.DPO, Role.SIRO, Role.DIRECTOR})
"""Roles that may act on breach alert cards."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the organisation file.

    Attributes:
        key: Short stable key used inside the file (e.g. ``rhiannon``).
        name: Display name.
        role: Their data-protection role.
        aad_object_id: Microsoft Entra (Azure AD) object id, used to address them in Teams.
        upn: Sign-in name.
        phone: Mobile number in E.164 form for WhatsApp, if any.
    """

    key: str
    name: str
    role: Role
    aad_object_id: str
    upn: str
    phone: str | None = None

    @property
    def actor(self) -> Actor:
        """This person as the actor of a breach change."""
        return Actor(self.upn, self.name)


@dataclass(frozen=True, slots=True)
class ServiceSetup:
    """How one service is covered.

    Attributes:
        service: Adults or children.
        dpo: Key of the responsible DPO.
        fallback: Keys of who covers, in order, when the DPO is away or silent.
        alert_channel: Teams channel or conversation id where alerts for the service go.
    """

    service: Service
    dpo: str
    fallback: tuple[str, ...]
    alert_channel: str


@dataclass(frozen=True, slots=True)
class OrganisationContacts:
    """The organisation's own contact details, as written in the organisation file.

    The detector never flags them: carers pass on the office number all day.

    Attributes:
        phones: Office, out-of-hours and on-call numbers.
        mailboxes: Role mailboxes ("office@...", "rota@...").
        email_domains: Domains whose every address is the organisation's own.
    """

    phones: tuple[str, ...] = ()
    mailboxes: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Organisation:
    """Everything routing needs to know about the organisation.

    Raises:
        DomainError: on construction, when keys are duplicated or references unknown.
    """

    name: str
    people: tuple[Person, ...]
    services: tuple[ServiceSetup, ...]
    clocks: ClockSettings = field(default=DEFAULT_CLOCKS)
    contacts: OrganisationContacts = field(default=OrganisationContacts())
    place_names: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Channel or group-chat id → the name people know it by (overrides Teams' names)."""

    def __post_init__(self) -> None:
        _check_unique((p.key for p in self.people), "person key")
        _check_unique((p.upn.casefold() for p in self.people), "UPN")
        _check_unique((p.aad_object_id.casefold() for p in self.people), "AAD object id")
        _check_unique((s.service for s in self.services), "service")
        keys = {p.key for p in self.people}
        for setup in self.services:
            for key in (setup.dpo, *setup.fallback):
                if key not in keys:
                    raise DomainError(f"service {setup.service}: unknown person key {key!r}")
            if self.person(setup.dpo).role is not Role.DPO:
                raise DomainError(f"service {setup.service}: {setup.dpo!r} is not a DPO")

    def person(self, key: str) -> Person:
        """The person with ``key``; ``DomainError`` if there is none."""
        for person in self.people:
            if person.key == key:
                return person
        raise DomainError(f"unknown person key {key!r}")

    def find(self, *, upn: str | None = None, aad_object_id: str | None = None) -> Person | None:
        """The person with this sign-in name or Entra object id (case-insensitive), if any."""
        for person in self.people:
            if upn is not None and person.upn.casefold() == upn.casefold():
                return person
            if aad_object_id is not None and (
                person.aad_object_id.casefold() == aad_object_id.casefold()
            ):
                return person
        return None

    def setup(self, service: Service) -> ServiceSetup:
        """How ``service`` is covered; ``DomainError`` if the file does not cover it."""
        for setup in self.services:
            if setup.service is service:
                return setup
        raise DomainError(f"the organisation file does not cover the {service} service")

    def with_role(self, role: Role) -> tuple[Person, ...]:
        """Everyone with ``role``, in file order."""
        return tuple(p for p in self.people if p.role is role)

    @property
    def siro(self) -> Person | None:
        """The Senior Information Risk Owner, if named."""
        siros = self.with_role(Role.SIRO)
        return siros[0] if siros else None

    @property
    def directors(self) -> tuple[Person, ...]:
        """Directors, in file order (the last escalation step)."""
        return self.with_role(Role.DIRECTOR)

    @property
    def it_support(self) -> tuple[Person, ...]:
        """IT support contacts (technical containment)."""
        return self.with_role(Role.IT_SUPPORT)


def _check_unique(values: Iterable[object], what: str) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise DomainError(f"duplicate {what} {value!s}")
        seen.add(value)
