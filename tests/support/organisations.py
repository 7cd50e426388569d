"""Small invented organisations for tests: two DPOs covering each other, a SIRO and others."""

from __future__ import annotations

from bot.domain.organisation import Organisation, Person, Role, ServiceSetup
from bot.domain.values import Service


def person(key: str, role: Role, n: int) -> Person:
    """A person whose name, AAD object id and UPN are derived from ``key`` and ``n``."""
    return Person(
        key=key,
        name=key.title(),
        role=role,
        aad_object_id=f"00000000-0000-4000-8000-{n:012d}",
        upn=f"{key}@example.org",
    )


def two_dpo_organisation(*people: Person) -> Organisation:
    """Ada is DPO for adults and Bea for children, each falling back to the other, then Cy."""
    return Organisation(
        name="Example Care",
        people=people,
        services=(
            ServiceSetup(Service.ADULTS, "ada", ("bea", "cy"), "19:adults@thread.tacv2"),
            ServiceSetup(Service.CHILDREN, "bea", ("ada", "cy"), "19:children@thread.tacv2"),
        ),
    )
