"""The alert card's stage section: stage, what is due next, the clocks, and the stage's buttons.

One-click steps are ``Action.Execute`` (Universal Actions); a step that needs a form is an
``Action.Submit`` whose data asks Teams for a dialog (``msteams.type: task/fetch``): the
bot answers the ``task/fetch`` invoke with the form as an Adaptive Card. Every button
carries the breach reference; who may take the step is checked when it is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.teams.cards.elements import Json, container, execute, facts, rich
from bot.teams.cards.views import StageView, StepView

TASK_FETCH = "task/fetch"


def dialog(title: str, form: str, data: Mapping[str, Any], *, style: str | None = None) -> Json:
    """A button that opens the form ``form`` as a Teams dialog (``task/fetch`` invoke)."""
    out: Json = {
        "type": "Action.Submit",
        "title": title,
        "data": {"msteams": {"type": TASK_FETCH}, "form": form, **data},
    }
    if style:
        out["style"] = style
    return out


def step_button(reference: str, step: StepView) -> Json:
    """The button of one step."""
    data = {"reference": reference}
    if step.form:
        return dialog(step.title, step.form, data, style=step.style)
    return execute(step.title, step.verb, data, style=step.style)


def step_buttons(reference: str, steps: Sequence[StepView]) -> list[Json]:
    """The stage's buttons, in order."""
    return [step_button(reference, s) for s in steps]


def stage_section(stage: StageView) -> Json:
    """Stage, next step and clocks, in a container set off from the facts."""
    items: list[Json] = [rich(("Stage: ", True), (stage.name, False))]
    if stage.next_due:
        items.append(rich(("Next: ", True), (stage.next_due, False), spacing="Small"))
    if stage.clocks:
        items.append(facts(stage.clocks))
    return container(items, style="emphasis", spacing="Medium")
