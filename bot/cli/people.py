"""Who may do what at the desk: the organisation file decides, as it does in Teams.

Every register command that records someone's decision names them with ``--by`` (a
sign-in name). ``require_person`` is the one check: the organisation file must be given
(``--config`` or ``CAREGUARD_CONFIG``), the person must be in it, and their role must be
one the step allows. Each refusal is one plain line naming what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.cli.util import CommandError
from bot.domain.organisation import DECISION_ROLES, Organisation, Person, Role
from bot.settings import Settings, load_organisation

ROLE_WORDS: dict[Role, str] = {
    Role.DPO: "a DPO",
    Role.SIRO: "the SIRO",
    Role.DIRECTOR: "a director",
    Role.IT_SUPPORT: "IT support",
}
"""How a role is said in a sentence."""


@dataclass(frozen=True, slots=True)
class Step:
    """Something a person does to a breach, and who may do it.

    Attributes:
        command: The command, as the user typed it (``"register ack"``).
        doing: The step in words, after "may" (``"acknowledge a breach"``).
        roles: The roles allowed to take the step.
    """

    command: str
    doing: str
    roles: frozenset[Role] = DECISION_ROLES


ACKNOWLEDGE = Step("register ack", "acknowledge a breach")
LOG_REPORT = Step("register add", "log a breach reported to them")


def sign_in_name(text: str, flag: str) -> str:
    """``text`` as a sign-in name (``name@domain``).

    Raises:
        CommandError: it is not shaped like one.
    """
    upn = text.strip()
    if upn.count("@") != 1 or " " in upn or upn.startswith("@") or upn.endswith("@"):
        raise CommandError(f"{flag} must be a sign-in name such as jo.bloggs@example.org")
    return upn


def require_organisation(settings: Settings, command: str, why: str) -> Organisation:
    """The organisation file, which ``command`` cannot run without.

    Args:
        settings: Names the file (``--config`` or ``CAREGUARD_CONFIG``).
        command: The command, as typed (``"register ack"``).
        why: What the file is needed for (``"to route the breach to its DPO"``).

    Raises:
        CommandError: no file was named.
        SettingsError: the file cannot be read or is invalid (names the file and key).
    """
    if settings.config_path is None:
        raise CommandError(
            f"{command} needs the organisation file {why}: "
            "give --config FILE or set CAREGUARD_CONFIG"
        )
    return load_organisation(settings.config_path)


def require_person(
    settings: Settings, upn_text: str, step: Step, *, flag: str = "--by"
) -> tuple[Organisation, Person]:
    """The organisation and the person ``upn_text`` names, allowed to take ``step``.

    Raises:
        CommandError: no organisation file, not a sign-in name, nobody of that name in
            the file, or a role the step does not allow.
        SettingsError: the organisation file cannot be read or is invalid.
    """
    upn = sign_in_name(upn_text, flag)
    organisation = require_organisation(settings, step.command, f"to check who may {step.doing}")
    return organisation, allowed_person(organisation, upn, step, flag=flag)


def allowed_person(organisation: Organisation, upn: str, step: Step, *, flag: str) -> Person:
    """The person with sign-in name ``upn``, when their role allows ``step``.

    Raises:
        CommandError: nobody of that name in the file, or a role the step does not allow.
    """
    person = organisation.find(upn=upn)
    if person is None:
        raise CommandError(
            f"{flag}: nobody in the organisation file signs in as that; "
            f"only {roles_text(step.roles)} may {step.doing}"
        )
    if person.role not in step.roles:
        raise CommandError(
            f"{flag}: the organisation file lists that person as {ROLE_WORDS[person.role]}; "
            f"only {roles_text(step.roles)} may {step.doing}"
        )
    return person


def roles_text(roles: Iterable[Role]) -> str:
    """``"a DPO, the SIRO or a director"``, in the order roles are declared."""
    words = [ROLE_WORDS[r] for r in Role if r in set(roles)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
