"""Card buttons and dialogs: the alert card's actions, the DPO workflow, name warnings.

Every press is one step (one transaction): a re-delivered press (same invoke id) changes
nothing; who may act is checked and refusals are audited in the same transaction; the
card to show the clicker is built after the step committed (the alert card is updated
for everyone through the outbox).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.domain.errors import BreachNotFoundError, BreachPurgedError
from bot.services import desk
from bot.services import middleware as mw
from bot.services.actions import CardActions, Decided
from bot.services.alerts import alert_view
from bot.services.compose import action_request, decision
from bot.services.deps import BotDeps
from bot.services.desk import PRESSED_VERBS
from bot.services.forms import Form
from bot.services.guard import Done, RefusedError
from bot.services.hygiene import HygieneService
from bot.services.messages import ActionOutcome, ApprovalRequest, CardAction, Outgoing, Verb
from bot.services.summaries import report_summary
from bot.services.uow import Tx

STALE_CARD = "That card is damaged or out of date, so nothing was changed."


@dataclass
class _Card:
    """What a card action step decided (the card to show is rendered after commit)."""

    outcome: ActionOutcome
    show: str | None = None
    card: str = ""
    """Which card was pressed: ``""`` (the alert), ``"action"`` or ``"approval"`` (1:1 cards)."""


def _missing(reference: str) -> str:
    return f"I can't find {reference} in the register; {STALE_CARD}"


def _who(action: CardAction) -> str:
    return action.actor.upn or f"aad:{action.actor.aad_object_id.casefold()}"


def _done(result: Done) -> _Card:
    return _Card(ActionOutcome(None, result.message), result.reference)


class Buttons:
    """Card actions and dialogs.

    Args:
        deps: The bot's shared parts.
        hygiene: The name-warning service (its cards' buttons), if switched on.
        on_commit: Called after every step that committed (the outbox worker's ``kick``).
    """

    def __init__(
        self,
        deps: BotDeps,
        hygiene: HygieneService | None,
        *,
        on_commit: Callable[[], None],
    ) -> None:
        self.deps = deps
        self.hygiene = hygiene
        self.on_commit = on_commit
        self.actions = CardActions(deps)

    async def on_card_action(self, action: CardAction) -> ActionOutcome:
        """Handle a card button; returns the pressed card's new content and a line for the clicker.

        The alert card is also updated in place for everyone (outbox). Only DPOs, the SIRO
        and directors may act on alert cards; anyone else is refused politely and the
        attempt goes into the audit trail.
        """
        try:
            decided = await self.deps.uow.run(lambda tx: self._card(tx, action))
        except Exception as exc:
            return ActionOutcome(None, mw.incident_text(mw.log_incident("card action", exc)))
        self.on_commit()
        if decided.show is None:
            return decided.outcome
        card = await self.current_card(decided.show, decided.card, action.data.get("action"))
        return ActionOutcome(card, decided.outcome.toast) if card else decided.outcome

    def _card(self, tx: Tx, action: CardAction) -> _Card:
        scope = ("invoke", action.channel, action.conversation_id)
        key = mw.activity_key(action.invoke_id, *scope)
        if key is not None and not tx.activities.first_time(key):
            return _Card(ActionOutcome(None, "Already done."))
        if action.verb.startswith("warning.") and action.verb != Verb.WARNING_TO_BREACH:
            return _Card(self._warning(tx, action))
        reference = mw.card_reference(action)
        person = self.deps.person(action.actor)
        if action.verb in PRESSED_VERBS and reference is not None:
            who = _who(action)
            pressed = _done(
                desk.press(tx, self.deps, person, action.verb, reference, action.data, who)
            )
            pressed.card = str(action.data.get("card", ""))
            return pressed
        if action.verb == Verb.FORM and reference is not None:
            return self._one_field_form(tx, action, reference)
        checked = mw.check_role(tx, self.deps, action)
        if isinstance(checked, ActionOutcome):
            return _Card(checked)
        if action.verb == Verb.WARNING_TO_BREACH:
            return _Card(self._warning(tx, action))
        if reference is None or not mw.is_breach_verb(action.verb):
            return _Card(ActionOutcome(None, STALE_CARD))
        handlers: dict[str, Callable[..., Decided]] = {
            Verb.ACKNOWLEDGE.value: self.actions.acknowledge,
            Verb.MARK_HIGH_RISK.value: self.actions.mark_high_risk,
            Verb.HAND_OVER.value: self.actions.hand_over,
            Verb.DETAILS.value: self.actions.details,
        }
        try:
            decided = handlers[action.verb](tx, reference, checked)
        except (BreachNotFoundError, BreachPurgedError):
            return _Card(
                ActionOutcome(None, f"I can't find {reference} in the register; {STALE_CARD}")
            )
        except RefusedError as exc:  # audited in this transaction, which commits
            return _Card(ActionOutcome(None, str(exc)))
        return _Card(ActionOutcome(None, decided.toast), decided.card)

    def _one_field_form(self, tx: Tx, action: CardAction, reference: str) -> _Card:
        """A form submitted from the card itself (Universal Actions with inputs)."""
        name = str(action.data.get("form", ""))
        person = self.deps.person(action.actor)
        result = desk.submit(tx, self.deps, person, name, reference, action.data, _who(action))
        if isinstance(result, Form):
            errors = "; ".join(f"{f.label}: {f.error}" for f in result.fields if f.error)
            return _Card(ActionOutcome(None, f"Nothing saved yet. {errors}"))
        return _done(result)

    def _warning(self, tx: Tx, action: CardAction) -> ActionOutcome:
        if self.hygiene is None:
            return ActionOutcome(None, STALE_CARD)
        outcome = self.hygiene.on_card_action(tx, action)
        return outcome if outcome is not None else ActionOutcome(None, STALE_CARD)

    async def on_dialog(self, action: CardAction, *, submitted: bool) -> Form | ActionOutcome:
        """A dialog: open the form named in the card's data, or check and run a submitted one.

        Returns the form (new, or with errors and every value kept) or, once the step ran,
        what it did. ``action.data`` holds ``form``, ``reference`` and the field values.
        """
        reference = mw.card_reference(action)
        name = str(action.data.get("form", ""))
        if reference is None:
            return ActionOutcome(None, STALE_CARD)
        person = self.deps.person(action.actor)

        def step(tx: Tx) -> Form | Done:
            who = _who(action)
            if not submitted:
                return desk.open_form(tx, self.deps, person, name, reference, who)
            result = desk.submit(tx, self.deps, person, name, reference, action.data, who)
            if isinstance(result, Done) and not result.ok and result.reference is not None:
                # The step refused (out of order, say): the form again, nothing typed lost.
                again = desk.open_form(tx, self.deps, person, name, reference, who)
                if isinstance(again, Form):
                    return replace(again.with_values(action.data, {}), problem=result.message)
            return result

        try:
            result = await self.deps.uow.run(step)
        except (BreachNotFoundError, BreachPurgedError):
            return ActionOutcome(None, _missing(reference))
        except Exception as exc:
            return ActionOutcome(None, mw.incident_text(mw.log_incident("dialog", exc)))
        self.on_commit()
        if isinstance(result, Form):
            return result
        card = await self.current_card(result.reference) if result.reference else None
        return ActionOutcome(card, result.message)

    async def current_card(
        self, reference: str, card: str = "", number: object = None
    ) -> Outgoing | None:
        """The pressed card of ``reference`` as it stands (built off the loop; None if unknown).

        ``card`` says which: the alert card (``""``), IT support's action card (``"action"``,
        action ``number``) or the SIRO's approval card (``"approval"``).
        """

        def view(tx: Tx) -> Outgoing | None:
            record = tx.alerts.get(reference)
            if record is None:
                return None
            breach = tx.breaches.get(reference)
            if card == "action":
                index = (
                    int(number) if isinstance(number, int | str) and str(number).isdigit() else 0
                )
                return action_request(breach, index)
            shown = alert_view(self.deps, breach, record)
            if card == "approval":
                return ApprovalRequest(shown, report_summary(self.deps, breach), decision(breach))
            return shown

        return await self.deps.uow.read(view)
