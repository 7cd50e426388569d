"""Teams dialog invokes (task/fetch, task/submit) → the bot's on_dialog → task answers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.services.forms import Form
from bot.services.messages import ActionOutcome, CardAction
from bot.teams import dialogs
from bot.teams.activities import parse_activity
from bot.teams.cards import samples_workflow as sw
from tests.unit.teams.cardsupport import schema_errors


def invoke(name: str, data: Any, activity_id: str = "inv-1") -> dict[str, Any]:
    return {
        "type": "invoke",
        "name": name,
        "id": activity_id,
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "from": {"id": "29:1", "name": "Ada", "aadObjectId": "aad-1"},
        "conversation": {"id": "19:alerts@thread.tacv2;messageid=1", "conversationType": "channel"},
        "recipient": {"id": "28:bot"},
        "replyToId": "msg-7",
        "value": {"type": name, "data": data, "context": {"theme": "default"}},
    }


@dataclass
class DialogBot:
    answer: Form | ActionOutcome | Exception
    seen: list[tuple[CardAction, bool]] = field(default_factory=list)
    delay: float = 0.0
    finished: int = 0

    async def on_dialog(self, action: CardAction, *, submitted: bool) -> Form | ActionOutcome:
        self.seen.append((action, submitted))
        if self.delay:
            await asyncio.sleep(self.delay)
        self.finished += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


DATA = {"msteams": {"type": "task/fetch"}, "form": "assess", "reference": "BR-2026-0042"}


async def test_fetch_opens_the_form_as_a_dialog_card() -> None:
    bot = DialogBot(sw.sample_form("assess"))
    answer = await dialogs.answer(bot, parse_activity(invoke("task/fetch", DATA)))
    task = answer["task"]
    assert task["type"] == "continue"
    assert task["value"]["title"] == "Assess — BR-2026-0042"
    attachment = task["value"]["card"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert schema_errors(attachment["content"]) == []
    (action, submitted) = bot.seen[0]
    assert submitted is False
    assert action.data == {"form": "assess", "reference": "BR-2026-0042"}
    assert action.conversation_id.startswith("19:alerts")
    assert action.invoke_id == "inv-1"
    assert action.actor.aad_object_id == "aad-1"


async def test_submit_passes_the_values_and_a_form_with_errors_stays_open() -> None:
    bot = DialogBot(sw.assess_with_errors())
    typed = {"form": "assess", "reference": "BR-2026-0042", "affected": "about twelve"}
    answer = await dialogs.answer(bot, parse_activity(invoke("task/submit", typed)))
    assert answer["task"]["type"] == "continue"
    assert "about twelve" in str(answer["task"]["value"]["card"])
    assert bot.seen[0][1] is True
    assert bot.seen[0][0].data["affected"] == "about twelve"


async def test_a_recorded_step_closes_the_dialog_with_its_message() -> None:
    bot = DialogBot(ActionOutcome(None, "BR-2026-0042 assessed as not high risk."))
    answer = await dialogs.answer(bot, parse_activity(invoke("task/submit", DATA)))
    assert answer == {
        "task": {"type": "message", "value": "BR-2026-0042 assessed as not high risk."}
    }


async def test_malformed_data_or_a_bot_without_dialogs_gets_a_polite_message() -> None:
    for data in (None, "x", ["a"]):
        bot = DialogBot(sw.sample_form("assess"))
        answer = await dialogs.answer(bot, parse_activity(invoke("task/fetch", data)))
        assert answer == dialogs.close_with(dialogs.BAD_DATA)
        assert bot.seen == []
    answer = await dialogs.answer(object(), parse_activity(invoke("task/fetch", DATA)))
    assert answer == dialogs.close_with(dialogs.BAD_DATA)


async def test_a_failing_step_is_answered_with_an_incident_and_no_exception_text() -> None:
    bot = DialogBot(RuntimeError("Mrs Zebedee Quill"))
    answer = await dialogs.answer(bot, parse_activity(invoke("task/submit", DATA)))
    assert answer["task"]["type"] == "message"
    assert "incident" in answer["task"]["value"]
    assert "Quill" not in str(answer)


async def test_a_slow_step_closes_the_dialog_and_finishes_in_the_background(
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(dialogs, "DIALOG_BUDGET", 0.05)
    bot = DialogBot(ActionOutcome(None, "done"), delay=0.3)
    answer = await dialogs.answer(bot, parse_activity(invoke("task/submit", DATA)))
    assert answer == dialogs.close_with(dialogs.SLOW)
    for _ in range(100):
        if bot.finished:
            break
        await asyncio.sleep(0.02)
    assert bot.finished == 1  # it ran to the end once: not cancelled by the early answer
