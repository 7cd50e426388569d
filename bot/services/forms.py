"""The DPO's forms, front-end neutral: what each asks, and checking what comes back.

Teams shows a form as a dialog (an Adaptive Card in a task module); the command line
has flags for the same fields. ``build`` gives a form with its defaults (a reassessment
starts from the last assessment); ``parse`` turns submitted values into a step's input,
or gives the form back with an error on each bad field and every value kept, so nothing
typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from bot.domain.assessment import DATA_TYPE_LABELS, DataType
from bot.domain.breach import Breach
from bot.domain.errors import DomainError
from bot.domain.values import ACTION_OWNER_LABELS, ActionKind, ActionOwner
from bot.services.closing import InvestigationInput
from bot.services.uk_time import local_time
from bot.services.workflow import AssessInput, IcoInput, InformInput

Kind = Literal["text", "long", "choice", "choices", "number", "toggle", "datetime"]
TEXT_LIMIT = 4000


@dataclass(frozen=True, slots=True)
class Field:
    """One question of a form."""

    key: str
    label: str
    kind: Kind = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    value: str = ""
    error: str | None = None
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A form for one breach (``name`` says which step it feeds)."""

    name: str
    reference: str
    title: str
    fields: tuple[Field, ...]
    submit: str = "Save"
    intro: str = ""
    problem: str = ""
    """Why the step refused the form as a whole (shown at its top; the values are kept)."""

    @property
    def has_errors(self) -> bool:
        """True when some field was refused."""
        return any(f.error for f in self.fields)

    def with_values(self, data: Mapping[str, Any], errors: Mapping[str, str]) -> Form:
        """The same form with what was submitted kept and the errors shown."""
        fields = tuple(
            replace(f, value=_text(data.get(f.key, f.value)), error=errors.get(f.key))
            for f in self.fields
        )
        return replace(self, fields=fields)


YES_NO = (("yes", "Yes"), ("no", "No"))
DATA_TYPES = tuple((t.value, DATA_TYPE_LABELS[t]) for t in DataType)
OWNERS = tuple((o.value, ACTION_OWNER_LABELS[o].capitalize()) for o in ActionOwner)
KINDS = (("containment", "Containment (stop it spreading)"), ("remediation", "Remediation"))


def _assess(breach: Breach) -> tuple[Field, ...]:
    a = breach.assessment
    return (
        Field(
            "data_types",
            "Data involved",
            "choices",
            choices=DATA_TYPES,
            value=",".join(sorted(t.value for t in a.data_types)) if a else "",
        ),
        Field(
            "affected",
            "How many individuals are affected?",
            "number",
            value=str(a.individuals.count) if a else "",
        ),
        Field(
            "estimate",
            "That number is an estimate",
            "toggle",
            required=False,
            value="true" if a and a.individuals.estimated else "false",
        ),
        Field("impact", "Likely impact on them", "long", value=a.likely_impact if a else ""),
        Field(
            "high_risk",
            "High risk (the ICO must be told within 72 hours)?",
            "choice",
            choices=YES_NO,
            value=("yes" if a.high_risk else "no") if a else "",
        ),
        Field("rationale", "Why (or why not) high risk", "long", value=a.rationale if a else ""),
    )


_FIELDS: dict[str, tuple[str, str, Callable[[Breach], tuple[Field, ...]]]] = {
    "assess": ("Assess", "Save the assessment", _assess),
    "action": (
        "Add an action",
        "Add the action",
        lambda b: (
            Field("text", "What is to be done?", "long"),
            Field("owner", "Who does it?", "choice", choices=OWNERS, value="it"),
            Field("kind", "Kind", "choice", choices=KINDS, value="containment"),
        ),
    ),
    "ico": (
        "ICO decision",
        "Record the decision",
        lambda b: (
            Field(
                "notified",
                "Was the ICO notified?",
                "choice",
                choices=(("yes", "Yes, the ICO was notified"), ("no", "No: not reportable")),
            ),
            Field("at", "When (UK time)", "datetime", required=False, hint="for a notification"),
            Field("ico_reference", "ICO case reference", required=False),
            Field(
                "reason",
                "Why it is not reportable",
                "long",
                required=False,
                hint="the ICO expects every breach logged either way",
            ),
        ),
    ),
    "inform": (
        "Individuals informed",
        "Record it",
        lambda b: (
            Field("informed", "Were the individuals told?", "choice", choices=YES_NO),
            Field("at", "When (UK time)", "datetime", required=False),
            Field("how", "How were they told?", "long", required=False),
            Field("reason", "Why not?", "long", required=False),
        ),
    ),
    "investigate": (
        "Investigation",
        "Save the findings",
        lambda b: (
            Field("root_cause", "Root cause", "long"),
            Field("lessons", "Lessons learned", "long"),
            Field("recommendations", "Recommended changes (policy, training, systems)", "long"),
        ),
    ),
    "close": (
        "Close the breach",
        "Close it",
        lambda b: (Field("summary", "Outcome and closure summary", "long"),),
    ),
    "reopen": (
        "Reopen the breach",
        "Reopen it",
        lambda b: (Field("reason", "Why reopen?", "long"),),
    ),
    "send_back": (
        "Send the report back",
        "Send it back",
        lambda b: (Field("note", "What should the DPO change?", "long"),),
    ),
    "action_done": (
        "Mark an action done",
        "Mark it done",
        lambda b: (
            Field("number", "Action number", "number"),
            Field("note", "Note (what was done)", "long", required=False),
        ),
    ),
}
FORM_NAMES = frozenset(_FIELDS)


def build(name: str, breach: Breach) -> Form:
    """The form ``name`` for ``breach``, with its defaults.

    Raises:
        KeyError: no such form.
    """
    title, submit, fields = _FIELDS[name]
    return Form(name, breach.label, f"{title} — {breach.label}", fields(breach), submit)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)[:TEXT_LIMIT].strip()


def parse(form: Form, data: Mapping[str, Any], now: datetime) -> Any:
    """The step's input from submitted ``data``, or ``form`` with errors (values kept)."""
    values = {f.key: _text(data.get(f.key)) for f in form.fields}
    errors: dict[str, str] = {}
    for f in form.fields:
        if f.required and not values[f.key]:
            errors[f.key] = "Please fill this in."
        elif f.kind == "number" and values[f.key] and not values[f.key].isdigit():
            errors[f.key] = "A whole number, please."
        elif f.kind in ("choice", "choices") and values[f.key]:
            known = {c for c, _label in f.choices}
            if not set(values[f.key].split(",")) <= known:
                errors[f.key] = "Choose from the list."
        elif f.kind == "datetime" and values[f.key]:
            errors.update(_when_error(f.key, values[f.key], now))
    result = None if errors else _INPUTS[form.name](values, now, errors)
    if errors:
        return form.with_values(values, errors)
    return result


def _when_error(key: str, text: str, now: datetime) -> dict[str, str]:
    try:
        at = local_time(text)
    except DomainError as exc:
        return {key: f"{exc}."}
    return {key: "That time has not happened yet."} if at > now else {}


def _at(values: Mapping[str, str], key: str = "at") -> datetime | None:
    return local_time(values[key]) if values.get(key) else None


def _assess_input(v: Mapping[str, str], now: datetime, errors: dict[str, str]) -> Any:
    return AssessInput(
        data_types=frozenset(DataType(t) for t in v["data_types"].split(",")),
        affected=int(v["affected"]),
        estimate=v.get("estimate") == "true",
        impact=v["impact"],
        high_risk=v["high_risk"] == "yes",
        rationale=v["rationale"],
    )


def _ico_input(v: Mapping[str, str], now: datetime, errors: dict[str, str]) -> Any:
    notified = v["notified"] == "yes"
    if not notified and not v["reason"]:
        errors["reason"] = "Say why the breach is not reportable."
        return None
    return IcoInput(notified, _at(v), v["ico_reference"] or None, v["reason"] or None)


def _inform_input(v: Mapping[str, str], now: datetime, errors: dict[str, str]) -> Any:
    informed = v["informed"] == "yes"
    if informed and not v["how"]:
        errors["how"] = "Say how they were told."
    if not informed and not v["reason"]:
        errors["reason"] = "Say why they were not told."
    if errors:
        return None
    return InformInput(informed, _at(v), v["how"] or None, v["reason"] or None)


_INPUTS: dict[str, Callable[[Mapping[str, str], datetime, dict[str, str]], Any]] = {
    "assess": _assess_input,
    "action": lambda v, n, e: (v["text"], ActionOwner(v["owner"]), ActionKind(v["kind"])),
    "ico": _ico_input,
    "inform": _inform_input,
    "investigate": lambda v, n, e: InvestigationInput(
        v["root_cause"], v["lessons"], v["recommendations"]
    ),
    "close": lambda v, n, e: v["summary"],
    "reopen": lambda v, n, e: v["reason"],
    "send_back": lambda v, n, e: v["note"],
    "action_done": lambda v, n, e: (int(v["number"]), v["note"] or None),
}
