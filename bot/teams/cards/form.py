"""A DPO form as an Adaptive Card, for a Teams dialog (task module).

The card is built from the services' ``Form`` (its fields, values and errors): an error
is shown in words under its field and the typed values are kept, so a bad field loses
nothing. A date and time is asked as two inputs (``<key>.date`` and ``<key>.time``,
joined again by ``bot.teams.dialogs``). The submit button carries the form's name and
the breach reference; the bot checks everything again when it arrives.
"""

from __future__ import annotations

import re

from bot.services.forms import TEXT_LIMIT, Field, Form
from bot.teams.cards.elements import Json, card, container, heading, text

DATE_SUFFIX = ".date"
TIME_SUFFIX = ".time"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{1,2}:\d{2}")
WARNING = "⚠"


def _label(field: Field) -> str:
    return field.label if field.required else f"{field.label} (optional)"


def _common(field: Field, input_id: str) -> Json:
    out: Json = {"id": input_id, "label": _label(field)}
    if field.required:
        out.update(isRequired=True, errorMessage="Please fill this in.")
    return out


def split_when(value: str) -> tuple[str, str]:
    """``"2026-11-23 14:05"`` → (``"2026-11-23"``, ``"14:05"``); a malformed part is dropped."""
    parts = value.replace("T", " ").split()
    date = next((p for p in parts if _DATE.fullmatch(p)), "")
    time = next((p for p in parts if _TIME.fullmatch(p)), "")
    if len(time) == 4:
        time = "0" + time
    return date, time


def _inputs(field: Field) -> list[Json]:
    """The Adaptive Card inputs of one field."""
    if field.kind == "datetime":
        date, time = split_when(field.value)
        date_in: Json = {"type": "Input.Date", **_common(field, field.key + DATE_SUFFIX)}
        time_in: Json = {"type": "Input.Time", "id": field.key + TIME_SUFFIX}
        time_in["label"] = "Time (UK)"
        if date:
            date_in["value"] = date
        if time:
            time_in["value"] = time
        return [date_in, time_in]
    out: Json = _common(field, field.key)
    if field.kind in ("choice", "choices"):
        out.update(
            type="Input.ChoiceSet",
            choices=[{"title": label, "value": value} for value, label in field.choices],
            style="expanded",
            wrap=True,
        )
        if field.kind == "choices":
            out["isMultiSelect"] = True
        if field.value:
            out["value"] = field.value
    elif field.kind == "number":
        # A text input (number keypad on phones), so a bad entry comes back as typed.
        out.update(type="Input.Text", style="tel", maxLength=12, placeholder="e.g. 12")
        if field.value:
            out["value"] = field.value
    elif field.kind == "toggle":
        out.pop("label")
        out.update(
            type="Input.Toggle",
            title=field.label,
            valueOn="true",
            valueOff="false",
            value="true" if field.value == "true" else "false",
            wrap=True,
        )
    else:
        out.update(type="Input.Text", maxLength=TEXT_LIMIT)
        if field.kind == "long":
            out["isMultiline"] = True
        if field.value:
            out["value"] = field.value
    return [out]


def field_items(field: Field) -> list[Json]:
    """A field's inputs, its hint and, when it was refused, the reason in words."""
    items = _inputs(field)
    if field.hint:
        items.append(text(field.hint, size="Small", isSubtle=True, spacing="None"))
    if field.error:
        items.append(
            text(f"{WARNING} {field.error}", color="Attention", weight="Bolder", spacing="None")
        )
    return items


def form_card(form: Form) -> Json:
    """The form as a card: a heading, what went wrong (if anything), the fields, Save.

    ``form`` carries the values already typed, each field's error and, when the step
    refused the form as a whole, its ``problem`` (shown at the top).
    """
    problem = form.problem
    body: list[Json] = [heading(form.title)]
    if form.intro:
        body.append(text(form.intro))
    notes = []
    if problem:
        notes.append(text(f"{WARNING} {problem}", color="Attention", weight="Bolder"))
    if form.has_errors:
        count = sum(1 for f in form.fields if f.error)
        fields = "field needs" if count == 1 else "fields need"
        notes.append(
            text(
                f"{WARNING} Nothing has been saved yet: {count} {fields} your attention "
                f"(marked {WARNING}). What you typed is kept.",
                color="Attention",
                weight="Bolder",
            )
        )
    if notes:
        body.append(container(notes, style="attention"))
    for field in form.fields:
        body.append(container(field_items(field), spacing="Medium"))
    submit: Json = {
        "type": "Action.Submit",
        "title": form.submit,
        "style": "positive",
        "data": {"form": form.name, "reference": form.reference},
    }
    fallback = f"{form.title}: open it in Teams to fill it in."
    return card(body, actions=[submit], fallback=fallback)
