"""What WhatsApp delivery needs of the Cloud API client."""

from __future__ import annotations

from typing import Protocol


class TextSender(Protocol):
    """Sends a WhatsApp text (``bot.whatsapp.cloud.CloudClient`` fits)."""

    async def send_text(self, to: str, body: str) -> str:
        """Send ``body`` to the WhatsApp id ``to``; returns Meta's message id."""
        ...
