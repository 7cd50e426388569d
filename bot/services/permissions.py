"""Who may see and act on which breach: the organisation file and the policy's routing.

- A DPO sees and acts on their own service's breaches, and on the other service's only
  as cover: while that service's DPO is away, or when the breach came to them (routed,
  escalated or handed over: it is assigned to them or they are in its chain).
- The SIRO sees and acts on every breach; only the SIRO approves a post-breach report.
- Directors see every breach and act on those escalated to them or high risk (the policy:
  "Directors step in for high-risk ICO-reportable breaches or where escalation beyond
  DPO/SIRO is required").
- IT support marks done the containment and remediation actions given to IT.
- A closed breach is reopened by a DPO (as above) or the SIRO.
- A breach whose service is not known yet (a report abandoned before that question) is
  every DPO's.

Refusals are plain sentences; the caller records them in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from bot.domain.breach import Breach
from bot.domain.organisation import Organisation, Person, Role
from bot.domain.records import AlertRecord
from bot.domain.routing import is_away
from bot.domain.values import ActionOwner


class Act(StrEnum):
    """What someone may try to do to a breach."""

    VIEW = "view"
    ACT = "act"
    APPROVE = "approve"
    REOPEN = "reopen"
    ACTION_DONE = "action_done"


def may(
    org: Organisation,
    person: Person | None,
    act: Act,
    breach: Breach,
    alert: AlertRecord | None,
    away: Mapping[str, datetime],
    now: datetime,
    *,
    action_index: int | None = None,
) -> str | None:
    """``None`` when ``person`` may ``act`` on ``breach``; otherwise why not (one sentence)."""
    if person is None:
        return "only people in the organisation file can act on breaches"
    if act is Act.APPROVE:
        return None if person.role is Role.SIRO else "only the SIRO approves post-breach reports"
    if act is Act.ACTION_DONE and person.role is Role.IT_SUPPORT:
        return _it_action(breach, action_index)
    if act is Act.REOPEN and person.role not in (Role.DPO, Role.SIRO):
        return "only a DPO or the SIRO reopens a breach"
    if person.role is Role.SIRO:
        return None
    if person.role is Role.DIRECTOR:
        if act is Act.VIEW or breach.high_risk or _reached(person, breach, alert):
            return None
        return "directors act on breaches that are high risk or were escalated to them"
    if person.role is Role.DPO:
        return _dpo(org, person, breach, alert, away, now)
    return "only the DPOs, the SIRO and directors can act on breach alerts"


def _dpo(
    org: Organisation,
    person: Person,
    breach: Breach,
    alert: AlertRecord | None,
    away: Mapping[str, datetime],
    now: datetime,
) -> str | None:
    if breach.service is None:
        return None
    setup = org.setup(breach.service)
    if setup.dpo == person.key or _reached(person, breach, alert):
        return None
    if is_away(org.person(setup.dpo), away, now):
        return None  # covering for the service's DPO while they are away
    service = breach.service.value
    return (
        f"that breach belongs to the {service} service; you can act on it as cover when "
        f"its DPO is away or it is handed or escalated to you"
    )


def _reached(person: Person, breach: Breach, alert: AlertRecord | None) -> bool:
    """The breach came to this person: it is theirs now, or the chain went to them."""
    if breach.assigned_to is not None and breach.assigned_to.upn == person.upn:
        return True
    return alert is not None and person.key in alert.tried


def _it_action(breach: Breach, index: int | None) -> str | None:
    if index is None or not 0 <= index < len(breach.actions):
        return "IT support can only mark IT actions done"
    if breach.actions[index].owner is not ActionOwner.IT:
        return "that action is not IT support's"
    return None
