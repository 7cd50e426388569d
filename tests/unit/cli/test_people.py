"""Who may act at the desk: the organisation file decides, with one plain line when not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.people import ACKNOWLEDGE, Step, require_person, roles_text
from bot.cli.util import CommandError
from bot.domain.organisation import Role
from bot.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "citycare.toml"


def settings(config: Path | None = EXAMPLE) -> Settings:
    return Settings(config_path=config)


def test_without_an_organisation_file_the_step_is_refused() -> None:
    with pytest.raises(CommandError) as caught:
        require_person(settings(None), "anyone@anywhere.example", ACKNOWLEDGE)
    assert str(caught.value) == (
        "register ack needs the organisation file to check who may acknowledge a breach: "
        "give --config FILE or set CAREGUARD_CONFIG"
    )


@pytest.mark.parametrize(
    ("upn", "reason"),
    [
        ("Rhiannon Williams", "--by must be a sign-in name such as jo.bloggs@example.org"),
        ("anyone@anywhere.example", "--by: nobody in the organisation file signs in as that"),
        (
            "support@danscomputerservices.example",
            "--by: the organisation file lists that person as IT support; only a DPO, the "
            "SIRO or a director may acknowledge a breach",
        ),
    ],
)
def test_only_people_of_the_file_with_the_role(upn: str, reason: str) -> None:
    with pytest.raises(CommandError, match=reason.replace("(", r"\(")):
        require_person(settings(), upn, ACKNOWLEDGE)


@pytest.mark.parametrize(
    ("upn", "key"),
    [
        ("RHIANNON.WILLIAMS@citycare.example", "rhiannon"),
        ("tony.merrick@citycare.example", "tony"),
        ("director.b@citycare.example", "director-b"),
    ],
)
def test_dpos_the_siro_and_directors_may_acknowledge(upn: str, key: str) -> None:
    organisation, person = require_person(settings(), upn, ACKNOWLEDGE)
    assert person.key == key
    assert organisation.name == "City Care Southwest Ltd"


def test_a_step_for_the_siro_alone_says_so() -> None:
    approve = Step("register approve", "approve a closure", frozenset({Role.SIRO}))
    with pytest.raises(CommandError, match="only the SIRO may approve a closure"):
        require_person(settings(), "claire.best@citycare.example", approve)


def test_roles_read_as_a_sentence() -> None:
    assert roles_text({Role.DIRECTOR, Role.DPO}) == "a DPO or a director"
    assert roles_text(ACKNOWLEDGE.roles) == "a DPO, the SIRO or a director"
