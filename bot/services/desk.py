"""The DPO workflow's entry points for a front-end: forms and one-click card buttons.

``open_form`` gives a form for a breach (after the same permission check the step will
make); ``submit`` checks the submitted values (errors go back in the form, values kept)
and runs the step; ``press`` runs a one-click step from a card button. Each runs inside
the caller's transaction; a refusal is recorded in the audit trail and committed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.domain.organisation import Person
from bot.services import closing, workflow
from bot.services.deps import BotDeps
from bot.services.forms import FORM_NAMES, Form, build, parse
from bot.services.guard import Done, RefusedError, checked
from bot.services.messages import Verb
from bot.services.permissions import Act
from bot.services.uow import Tx

Step = Callable[[Tx, BotDeps, str, Person, Any], Done]

_SUBMITTED: dict[str, Step] = {
    "assess": workflow.assess,
    "action": lambda tx, d, r, p, v: workflow.add_action(tx, d, r, p, v[0], v[1], v[2]),
    "ico": workflow.ico_decision,
    "inform": workflow.inform,
    "investigate": closing.investigate,
    "close": closing.close,
    "reopen": closing.reopen,
    "send_back": lambda tx, d, r, p, note: closing.decide(tx, d, r, p, approved=False, note=note),
    "action_done": lambda tx, d, r, p, v: workflow.action_done(tx, d, r, p, v[0], v[1]),
}

_PRESSED: dict[str, Callable[[Tx, BotDeps, str, Person, Mapping[str, Any]], Done]] = {
    Verb.NOTIFY_SIRO.value: lambda tx, d, r, p, _data: workflow.notify_siro(tx, d, r, p),
    Verb.ICO_PACK.value: lambda tx, d, r, p, _data: workflow.ico_pack(tx, d, r, p),
    Verb.REQUEST_APPROVAL.value: lambda tx, d, r, p, _data: closing.request_approval(tx, d, r, p),
    Verb.APPROVE.value: lambda tx, d, r, p, _data: closing.decide(tx, d, r, p, approved=True),
    Verb.ACTION_DONE.value: lambda tx, d, r, p, data: workflow.action_done(
        tx, d, r, p, _number(data)
    ),
}
PRESSED_VERBS = frozenset(_PRESSED)
"""Card buttons that run a workflow step in one click."""


def _number(data: Mapping[str, Any]) -> int:
    raw = data.get("action")
    return int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else 0


def attempt(tx: Tx, step: Callable[[Tx], Done | Form]) -> Done | Form:
    """Run ``step``; a refusal becomes its answer, and its audit record is kept."""
    try:
        return step(tx)
    except RefusedError as exc:
        return Done(str(exc), ok=False)


def open_form(
    tx: Tx, deps: BotDeps, person: Person | None, name: str, reference: str, who: str = ""
) -> Done | Form:
    """The form ``name`` for the breach, if ``person`` may fill it in."""
    if name not in FORM_NAMES:
        return Done("That form does not exist (the card may be out of date).", ok=False)
    act = Act.APPROVE if name == "send_back" else Act.REOPEN if name == "reopen" else Act.ACT
    if name == "action_done":
        act = Act.ACTION_DONE

    def step(tx: Tx) -> Done | Form:
        breach, _alert = checked(tx, deps, person, reference, f"form:{name}", act, who=who)
        return build(name, breach)

    return attempt(tx, step)


def submit(
    tx: Tx,
    deps: BotDeps,
    person: Person | None,
    name: str,
    reference: str,
    data: Mapping[str, Any],
    who: str = "",
) -> Done | Form:
    """Check the submitted form and run its step (see the module docstring)."""
    opened = open_form(tx, deps, person, name, reference, who)
    if isinstance(opened, Done):
        return opened
    parsed = parse(opened, data, deps.now())
    if isinstance(parsed, Form):
        return parsed
    assert person is not None  # open_form refused anyone else
    return attempt(tx, lambda tx: _SUBMITTED[name](tx, deps, reference, person, parsed))


def press(
    tx: Tx,
    deps: BotDeps,
    person: Person | None,
    verb: str,
    reference: str,
    data: Mapping[str, Any],
    who: str = "",
) -> Done:
    """A one-click workflow button (notify the SIRO, ICO pack, ask for approval, approve, done)."""

    def step(tx: Tx) -> Done:
        if person is None:  # refused, and audited, by the check
            checked(tx, deps, person, reference, verb, who=who)
            raise AssertionError("unreachable")
        return _PRESSED[verb](tx, deps, reference, person, data)

    result = attempt(tx, step)
    assert isinstance(result, Done)
    return result
