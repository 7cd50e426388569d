"""Reading Cloud API notifications and the webhook's configuration."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.whatsapp.webhook import WebhookConfig, parse_messages
from tests.unit.whatsapp.fakes import FIXTURES


def _payload() -> dict[str, object]:
    data = json.loads((FIXTURES / "cloud-api-text-message.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_text_and_media_messages_are_read() -> None:
    text, image = parse_messages(_payload())
    assert text.sender == "447700900123"
    assert text.kind == "text"
    assert text.text == "Morning, MH is first on the list today"
    assert text.sent_at == datetime(2026, 11, 23, 10, 5, tzinfo=UTC)
    assert text.phone_number_id == "106540352242922"
    assert (image.kind, image.text) == ("image", None)
    assert text.message_id != image.message_id


def test_status_notifications_carry_no_messages() -> None:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"changes": [{"value": {"statuses": [{"id": "wamid.1", "status": "read"}]}}]}],
    }
    assert parse_messages(payload) == []


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"object": "page", "entry": []},
        {
            "object": "whatsapp_business_account",
            "entry": [{"changes": [{"value": {"messages": [{}]}}]}],
        },
        {"object": "whatsapp_business_account", "entry": ["x"]},
    ],
)
def test_other_shapes_are_refused(payload: object) -> None:
    with pytest.raises((ValueError, TypeError, KeyError, AttributeError)):
        parse_messages(payload)


@pytest.mark.parametrize(("token", "secret"), [("", "s"), ("t", ""), ("  ", "s")])
def test_empty_secrets_are_refused(token: str, secret: str) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        WebhookConfig(verify_token=token, app_secret=secret)


def test_secrets_do_not_show_in_repr() -> None:
    assert "hunter2" not in repr(WebhookConfig(verify_token="hunter2", app_secret="hunter2"))
