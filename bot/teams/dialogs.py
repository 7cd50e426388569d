"""Teams dialogs (task modules): ``task/fetch`` opens a DPO form, ``task/submit`` sends it.

A form button on a card is an ``Action.Submit`` with ``msteams.type: task/fetch``; Teams
then invokes ``task/fetch`` with the button's data (``form``, ``reference``) and shows
the card we answer with in a dialog. Its Save button invokes ``task/submit`` with the
typed values. The bot checks them (``CareGuardBot.on_dialog``): errors come back in the
same form with every value kept (``task.type: continue``); once the step is recorded the
dialog closes with a short message, and the channel's alert card is updated by the
outbox like after any other step.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any, Protocol

from bot.services.forms import Form
from bot.services.messages import ActionOutcome, CardAction
from bot.teams.activities import TeamsActivity
from bot.teams.background import incident_id
from bot.teams.cards.elements import as_attachment
from bot.teams.cards.form import DATE_SUFFIX, TIME_SUFFIX, form_card

log = logging.getLogger(__name__)

TASK_FETCH = "task/fetch"
TASK_SUBMIT = "task/submit"
DIALOG_INVOKES = frozenset({TASK_FETCH, TASK_SUBMIT})
DIALOG_BUDGET = 10.0
"""Seconds a dialog step may take (Teams gives up on an invoke after about 15)."""
LARGE_FORMS = frozenset({"assess", "ico", "inform", "investigate"})
SLOW = "Still saving: the breach card will show it in a moment."
SORRY = "Sorry, something went wrong on our side. If it matters, quote incident {id} to the DPO."
BAD_DATA = "That button did not send what CareGuard expected."


class DialogPort(Protocol):
    """What dialogs need from the bot (``CareGuardBot.on_dialog``)."""

    async def on_dialog(self, action: CardAction, *, submitted: bool) -> Form | ActionOutcome: ...


def form_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The submitted values as the services read them.

    Teams' own ``msteams`` entry is dropped; a date and a time input (``at.date``,
    ``at.time``) become one ``at`` value (``"2026-11-23 14:05"``); a whole number sent
    as ``12.0`` becomes ``12``.
    """
    out: dict[str, Any] = {}
    parts: dict[str, list[str]] = {}
    for key, value in data.items():
        if not isinstance(key, str) or key == "msteams":
            continue
        for suffix, index in ((DATE_SUFFIX, 0), (TIME_SUFFIX, 1)):
            if key.endswith(suffix):
                slot = parts.setdefault(key[: -len(suffix)], ["", ""])
                slot[index] = value.strip() if isinstance(value, str) else ""
                break
        else:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[key] = value
    for key, (date, time) in parts.items():
        out[key] = f"{date} {time}".strip()
    return out


def to_dialog_action(activity: TeamsActivity) -> CardAction | None:
    """A ``task/fetch`` or ``task/submit`` invoke as a ``CardAction`` (None when malformed)."""
    value = activity.raw.get("value")
    data = value.get("data") if isinstance(value, Mapping) else None
    if not isinstance(data, Mapping):
        return None
    reply_to = activity.raw.get("replyToId")
    return CardAction(
        actor=activity.actor,
        verb=str(activity.name),
        data=form_values(data),
        conversation_id=activity.conversation_id,
        activity_id=reply_to if isinstance(reply_to, str) else None,
        invoke_id=activity.id,
    )


def continue_with(form: Form) -> dict[str, Any]:
    """The invoke answer that shows ``form`` in the dialog (a new one, or again with errors)."""
    size = "large" if form.name in LARGE_FORMS else "medium"
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": form.title,
                "height": size,
                "width": "medium",
                "card": as_attachment(form_card(form)),
            },
        }
    }


def close_with(text: str) -> dict[str, Any]:
    """The invoke answer that closes the dialog (or does not open one) with a message."""
    return {"task": {"type": "message", "value": text}}


async def answer(bot: object, activity: TeamsActivity) -> dict[str, Any]:
    """The answer to a dialog invoke (always a ``task`` object; never raises)."""
    action = to_dialog_action(activity)
    handler = getattr(bot, "on_dialog", None)
    if action is None or handler is None:
        return close_with(BAD_DATA)
    port: DialogPort = bot  # type: ignore[assignment]
    work = asyncio.ensure_future(port.on_dialog(action, submitted=activity.name == TASK_SUBMIT))
    try:
        result = await asyncio.wait_for(asyncio.shield(work), DIALOG_BUDGET)
    except TimeoutError:
        return close_with(SLOW)
    except Exception as exc:
        incident = incident_id()
        log.error("dialog failed: %s (incident %s)", type(exc).__name__, incident)
        return close_with(SORRY.format(id=incident))
    if isinstance(result, Form):
        return continue_with(result)
    return close_with(result.toast)
