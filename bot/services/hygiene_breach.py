"""Turning a name warning into a breach record, for a DPO, in one click.

The breach carries what the warning knows and nothing more: where (the channel's
name), when, that Teams was the system, and the kinds of identifier found. The message
text was never kept, so it cannot leak into the register either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.domain import lifecycle
from bot.domain.breach import Breach, BreachEvent
from bot.domain.organisation import Organisation, Person
from bot.domain.records import HygieneEvent
from bot.domain.routing import route
from bot.domain.values import Service, System


def choose_service(
    event: HygieneEvent,
    officer: Person,
    organisation: Organisation,
    service_by_team: Mapping[str, Service],
) -> Service:
    """Which service the breach belongs to.

    The team's service when the composition root knows it, else the service the officer
    is DPO of, else the first service in the organisation file (the DPO can hand it over).
    """
    if event.team_id is not None and event.team_id in service_by_team:
        return service_by_team[event.team_id]
    for setup in organisation.services:
        if setup.dpo == officer.key:
            return setup.service
    return organisation.services[0].service


def describe(event: HygieneEvent) -> str:
    """The breach description: kinds of identifier and where, never the message."""
    kinds = ", ".join(event.entity_types) or "identifying details"
    where = "group chat" if event.conversation_type == "groupChat" else "Teams channel"
    return (
        f"A message in the {where} {event.place_name!s} contained client-identifying data "
        f"({kinds}). Recorded from CareGuard name warning {event.id}; "
        "the message text is not kept by CareGuard."
    )


def breach_from_warning(
    event: HygieneEvent,
    *,
    officer: Person,
    organisation: Organisation,
    service: Service,
    now: datetime,
) -> tuple[Breach, list[BreachEvent]]:
    """A reported breach (not yet in the register) and the events that made it.

    Args:
        event: The warning.
        officer: The DPO, SIRO or director recording it (the reporter of the breach).
        organisation: For routing and the organisation's clocks.
        service: From ``choose_service``.
        now: The report time.

    Returns:
        The breach, discovered when the warning was given, assigned by the routing rules.
    """
    actor = officer.actor
    created = lifecycle.create(reporter=actor, at=now, service=service)
    drafted = lifecycle.update_draft(
        created.breach,
        by=actor,
        at=now,
        discovered_at=min(event.occurred_at, now),
        location=f"Teams: {event.place_name}",
        systems=(System.TEAMS,),
        description=describe(event),
    )
    responsible = route(organisation, service, now=now).responsible
    reported = lifecycle.report(
        drafted.breach,
        at=now,
        assign_to=responsible.actor,
        clocks=organisation.clocks,
        by=actor,
    )
    return reported.breach, [created.event, drafted.event, reported.event]
