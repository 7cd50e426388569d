"""The outbox worker: delivers what committed steps caused, at least once, in order per lane.

Each round claims a batch (one row per lane, so a person's messages keep their order),
composes each message from the register, sends it through its front-end's ``Notifier``
outside any transaction, then records the outcome in one transaction together with what
the delivery completes: a first card post records where the card is (so later changes
update it in place) and counts the responsible person as asked; an escalation notice
counts its recipient as asked, so the chain moves on. A failed send is due again later
(5 s, doubling, at most 5 minutes apart); a row about an open breach is never given up;
a refused one (no such chat) is failed for good and, for a notice, the chain moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.errors import BreachNotFoundError, BreachPurgedError
from bot.domain.records import OutboxItem
from bot.services.alerts import hhmm
from bot.services.compose import Composed, ComposeError, compose
from bot.services.deps import BotDeps
from bot.services.mail import Mail
from bot.services.messages import PostedRef
from bot.services.ports import DeliveryRefusedError, Notifier
from bot.services.timers import sync_breach
from bot.services.uow import Tx

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeliverySettings:
    """How the worker claims and retries.

    Attributes:
        batch: Rows claimed per round.
        lease: How long a claim is exclusive (a worker that died is replaced after it).
        first_retry: Delay after the first failure; doubles per failure.
        max_delay: Longest delay between tries.
        give_up_after: Failures after which a row not about an open breach is failed.
        poll: Seconds between rounds when idle (a step's kick starts one at once).
    """

    batch: int = 20
    lease: timedelta = timedelta(minutes=2)
    first_retry: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(minutes=5)
    give_up_after: int = 12
    poll: float = 1.0


class OutboxWorker:
    """Delivers outbox rows through the front-ends' notifiers.

    Args:
        deps: The bot's shared parts (unit of work, scanner, organisation, clock).
        notifiers: Front-end name (``msteams``, ``whatsapp``, ``console``) → notifier.
        settings: Batches, leases and retries.
    """

    def __init__(
        self,
        deps: BotDeps,
        notifiers: Mapping[str, Notifier],
        settings: DeliverySettings | None = None,
    ) -> None:
        self.deps = deps
        self.notifiers = dict(notifiers)
        self.settings = settings or DeliverySettings()
        self.worker_id = f"outbox:{uuid.uuid4().hex[:12]}"
        self._wake = asyncio.Event()
        self._first_posts = asyncio.Lock()
        # One round at a time in this process: a ``drain`` that ran while the background
        # worker had a lane's head in flight would find that lane blocked and stop early,
        # leaving the lane's next message undelivered.
        self._round = asyncio.Lock()

    def kick(self) -> None:
        """Start a round now (a step just committed messages)."""
        self._wake.set()

    async def run_once(self) -> int:
        """Claim one batch and deliver it; returns how many rows were tried."""
        s = self.settings
        async with self._round:
            items = await self.deps.uow.run(
                lambda tx: tx.outbox.claim(self.worker_id, limit=s.batch, lease=s.lease)
            )
            if items:
                await asyncio.gather(*(self._deliver(item) for item in items))
        return len(items)

    async def drain(self, rounds: int = 100) -> int:
        """Deliver until nothing is due (tests, the console); returns rows tried."""
        total = 0
        for _ in range(rounds):
            tried = await self.run_once()
            total += tried
            if not tried:
                break
        return total

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; a database outage is logged and retried."""
        while not stop.is_set():
            self._wake.clear()  # a kick from now on starts the next round at once
            try:
                tried = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("outbox: claim failed (%s); retrying", type(exc).__name__)
                tried = 0
            # A delivery unblocks the next message of its lane: go again at once. Only a
            # round with nothing due waits (for a step's kick, or the poll interval).
            if not tried:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=self.settings.poll)

    async def _deliver(self, item: OutboxItem) -> None:
        try:
            composed = await self.deps.uow.read(lambda tx: compose(tx, self.deps, item))
        except Exception as exc:
            await self._not_delivered(item, exc)
            return
        # A new alert card cannot be posted idempotently (the Bot Connector has no key for
        # that), so a crash between its post and its record posts it again. Alert cards go
        # out one at a time, from post to record, so a crash repeats at most one of them.
        async with self._first_posts if composed.first_card_post else contextlib.nullcontext():
            try:
                posted = await self._send(item.channel, composed)
            except Exception as exc:
                await self._not_delivered(item, exc)
                return
            await self.deps.uow.run(lambda tx: self._done(tx, item, composed, posted))

    async def _not_delivered(self, item: OutboxItem, exc: Exception) -> None:
        if isinstance(exc, ComposeError | BreachNotFoundError | BreachPurgedError):
            await self._failed(item, getattr(exc, "code", type(exc).__name__), refused=True)
        elif isinstance(exc, DeliveryRefusedError):
            await self._failed(item, exc.code, refused=True)
        else:  # an outage, throttling, a timeout: tried again later
            await self._failed(item, type(exc).__name__, refused=False)

    async def _send(self, channel: str, composed: Composed) -> PostedRef | None:
        notifier = self.notifiers.get(channel)
        if notifier is None:
            raise DeliveryRefusedError(f"no_{channel}")
        where = composed.where
        if where.kind == "update":
            await notifier.update(where.ref, composed.message)
            return None
        if where.kind == "channel":
            return await notifier.to_channel(where.address, composed.message)
        if where.kind == "conversation":
            return await notifier.to_conversation(where.address, composed.message)
        assert where.person is not None
        return await notifier.to_person(where.person, composed.message)

    def _done(self, tx: Tx, item: OutboxItem, composed: Composed, posted: PostedRef | None) -> None:
        if not tx.outbox.delivered(item, posted.message_id if posted else None):
            return  # the lease ran out and another worker owns the row now
        reference = item.reference
        if reference is None:
            return
        if composed.first_card_post and posted is not None:
            tx.alerts.update(reference, posted=(posted.channel_id, posted.message_id))
            breach = tx.breaches.get(reference)
            owner = (
                self.deps.organisation.find(upn=breach.assigned_to.upn)
                if breach.assigned_to
                else None
            )
            if owner is not None:
                self._asked(tx, reference, owner.key, None)
        if item.body.get("type") == "notice" and item.body.get("chain"):
            self._asked(tx, reference, str(item.body.get("recipient")), None)

    def _asked(self, tx: Tx, reference: str, person_key: str, trouble: str | None) -> None:
        """The chain is done asking ``person_key``: delivered, or (``trouble``) never can be."""
        record = tx.alerts.get(reference, for_update=True)
        if record is None or person_key in record.asked:
            return
        now = self.deps.now()
        lines = []
        if trouble is not None:
            name = self.deps.organisation.person(person_key).name
            lines.append(f"Could not reach {name} in Teams ({trouble}) at {hhmm(now)}")
        tx.alerts.update(
            reference,
            asked=(*record.asked, person_key),
            asked_at=now if trouble is None else None,
            add_history=lines,
        )
        with contextlib.suppress(BreachNotFoundError, BreachPurgedError):
            sync_breach(tx, self.deps, tx.breaches.get(reference))

    async def _failed(self, item: OutboxItem, code: str, *, refused: bool) -> None:
        s = self.settings
        delay = min(s.first_retry * (2 ** max(item.attempts - 1, 0)), s.max_delay)

        def record(tx: Tx) -> None:
            retry_at = None if refused else self.deps.now() + delay
            if not refused and item.attempts >= s.give_up_after and not _open(tx, item):
                retry_at = None
            if not tx.outbox.failed(item, code, retry_at):
                return
            if refused and item.reference is not None:
                self._refused(tx, item, item.reference, code)

        log.warning("outbox: delivery %s failed (%s, attempt %d)", item.id, code, item.attempts)
        try:
            await self.deps.uow.run(record)
        except Exception as exc:  # the lease runs out and the row is tried again
            log.warning("outbox: recording failure of %s failed (%s)", item.id, type(exc).__name__)

    def _refused(self, tx: Tx, item: OutboxItem, reference: str, code: str) -> None:
        """A message about a breach can never be delivered: the chain must not wait for it."""
        kind = item.body.get("type")
        if kind == "notice" and item.body.get("chain"):
            self._asked(tx, reference, str(item.body.get("recipient")), code)
            return
        record = tx.alerts.get(reference)
        if kind != "alert_card" or record is None or record.message_id is not None:
            return
        # The alert channel refused the card: its owner gets it privately instead.
        try:
            breach = tx.breaches.get(reference)
        except (BreachNotFoundError, BreachPurgedError):
            return
        owner = (
            self.deps.organisation.find(upn=breach.assigned_to.upn) if breach.assigned_to else None
        )
        if owner is None:
            return
        reason = f"The alert channel could not take this card ({code}), so it comes to you here"
        Mail(tx).notice(reference, owner, reason, chain=True)


def _open(tx: Tx, item: OutboxItem) -> bool:
    if item.reference is None:
        return False
    try:
        return tx.breaches.get(item.reference).is_open
    except (BreachNotFoundError, BreachPurgedError):
        return False
