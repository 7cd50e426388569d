"""WhatsApp delivery: the bot's ``Notifier`` port on the Cloud API.

The outbox worker delivers WhatsApp messages through this, in order per recipient. A
reply goes to the number the message came from; a 1:1 message to a person goes to the
phone the organisation file gives them (news about a report reaches a reporter where
they reported). Everything is plain text (choices as numbered lines); conversation
questions are masked by the detector first, because they may echo the reporter's
answers and client details must not go into WhatsApp. A rejection by Meta (4xx) is
final; anything else is tried again later by the outbox.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import Executor

from bot.domain.organisation import Organisation, Person
from bot.services.messages import Actor, Outgoing, PostedRef, Question, plain_text
from bot.services.ports import DeliveryRefusedError, Scanner
from bot.whatsapp import texts
from bot.whatsapp.cloud import CloudSendError, redact_number
from bot.whatsapp.outbound import TextSender

log = logging.getLogger(__name__)


class WhatsAppNotifier:
    """Sends the outbox's WhatsApp messages.

    Args:
        sender: The Cloud API client.
        organisation: Where people's phone numbers come from.
        scanner: Masks conversation questions (blocking; run in ``executor``).
        executor: Where masking runs; ``None`` is the loop's default executor.
    """

    def __init__(
        self,
        sender: TextSender,
        organisation: Organisation,
        scanner: Scanner,
        executor: Executor | None = None,
    ) -> None:
        self._sender = sender
        self._organisation = organisation
        self._scanner = scanner
        self._executor = executor

    async def to_person(self, person: Person | Actor, message: Outgoing) -> PostedRef | None:
        """Send ``message`` to the person's phone (from the organisation file)."""
        found = (
            person
            if isinstance(person, Person)
            else self._organisation.find(upn=person.upn, aad_object_id=person.aad_object_id)
        )
        if found is None or not found.phone:
            raise DeliveryRefusedError("no_phone")
        return await self.to_conversation(found.phone, message)

    async def to_conversation(self, conversation_id: str, message: Outgoing) -> PostedRef | None:
        """Send ``message`` to the WhatsApp id ``conversation_id`` (a reply)."""
        body = await self._text(message)
        try:
            message_id = await self._sender.send_text(conversation_id, body)
        except CloudSendError as exc:
            who = redact_number(conversation_id)
            log.warning("whatsapp: send to %s failed (%s)", who, exc.reason)
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                raise DeliveryRefusedError(f"http_{exc.status}") from None
            raise
        return PostedRef(conversation_id, message_id) if message_id else None

    async def to_channel(self, channel_id: str, message: Outgoing) -> PostedRef:
        """WhatsApp has no channels of the bot's: refused."""
        raise DeliveryRefusedError("not_whatsapp")

    async def update(self, ref: PostedRef, message: Outgoing) -> None:
        """WhatsApp messages cannot be replaced: refused."""
        raise DeliveryRefusedError("not_whatsapp")

    async def _text(self, message: Outgoing) -> str:
        text = plain_text(message)
        if not isinstance(message, Question):
            return text
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self._scanner.mask, text)
        except Exception as exc:
            # Sending the text unmasked is not an option.
            log.error("whatsapp: masking a reply failed (%s)", type(exc).__name__)
            return texts.NOT_MASKED
