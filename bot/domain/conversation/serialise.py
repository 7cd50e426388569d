"""Conversation state to and from JSON-safe dicts, for the register database.

The dict carries ``version``. Version 2 added the follow-ups (``time_alternative``,
``names_reminded``, ``rewrite_offer``, ``continuing``); a version-1 dict, as stored by
the previous release, loads with them unset, so no report in progress is lost in an
upgrade. Any other version is refused with ``StateVersionError`` rather than guessed
at, and the front-end restarts the report with an apology (see ``flow.dispatch``).
Error messages name fields, never values: the values may be a reporter's description
of a breach.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from bot.domain.conversation.model import (
    SERVICES,
    Answers,
    ConversationKey,
    ConversationState,
    Reporter,
    RewriteOffer,
    ServiceName,
    Step,
)

STATE_VERSION = 2
"""Bump when the stored shape changes; list the older versions still read in ``READABLE``."""

READABLE = frozenset({1, STATE_VERSION})
"""Versions ``state_from_dict`` reads; fields added since a version default to unset."""


class ConversationStateError(ValueError):
    """A stored state could not be read."""


class StateVersionError(ConversationStateError):
    """A stored state was written by a different version of the conversation."""


class StateFormatError(ConversationStateError):
    """A stored state is damaged: a field is missing or has the wrong type."""


def state_to_dict(state: ConversationState) -> dict[str, Any]:
    """The state as a dict of str, int, bool, None, lists and dicts only."""
    a = state.answers
    return {
        "version": STATE_VERSION,
        "key": {
            "channel": state.key.channel,
            "conversation_id": state.key.conversation_id,
            "user_id": state.key.user_id,
        },
        "reporter": {"upn": state.reporter.upn, "name": state.reporter.name},
        "step": state.step.value,
        "answers": {
            "discovered_at": _time_out(a.discovered_at),
            "service": a.service,
            "location": a.location,
            "systems": list(a.systems),
            "other_system": a.other_system,
            "description": a.description,
            "containment": list(a.containment),
            "containment_notes": a.containment_notes,
        },
        "started_at": _time_out(state.started_at),
        "updated_at": _time_out(state.updated_at),
        "default_service": state.default_service,
        "timezone": state.timezone,
        "editing": state.editing,
        "abandoned_at": _time_out(state.abandoned_at),
        "partial_sent": state.partial_sent,
        "time_alternative": _time_out(state.time_alternative),
        "names_reminded": state.names_reminded,
        "rewrite_offer": _offer_out(state.rewrite_offer),
        "continuing": state.continuing,
    }


def _offer_out(offer: RewriteOffer | None) -> dict[str, Any] | None:
    if offer is None:
        return None
    return {"step": offer.step.value, "start": offer.start, "text": offer.text}


def state_from_dict(data: Mapping[str, object]) -> ConversationState:
    """Rebuild a state stored by ``state_to_dict``.

    Raises:
        StateVersionError: the dict comes from another version.
        StateFormatError: a field is missing or malformed.
    """
    version = data.get("version") if isinstance(data, Mapping) else None
    if type(version) is not int or version not in READABLE:
        raise StateVersionError(
            f"stored conversation state has version {version!r:.20}, expected {STATE_VERSION}"
        )
    try:
        return _build(data)
    except (KeyError, TypeError, ValueError) as exc:
        field = exc.args[0] if isinstance(exc, KeyError) else type(exc).__name__
        raise StateFormatError(f"stored conversation state is malformed ({field!s:.40})") from None


def _build(data: Mapping[str, object]) -> ConversationState:
    key, reporter, answers = _dict(data, "key"), _dict(data, "reporter"), _dict(data, "answers")
    started = _time_in(data["started_at"])
    updated = _time_in(data["updated_at"])
    if started is None or updated is None:
        raise KeyError("started_at/updated_at")
    return ConversationState(
        key=ConversationKey(
            _str(key, "channel"), _str(key, "conversation_id"), _str(key, "user_id")
        ),
        reporter=Reporter(_str(reporter, "upn"), _str(reporter, "name")),
        step=Step(_str(data, "step")),
        answers=_answers(answers),
        started_at=started,
        updated_at=updated,
        default_service=_service(data.get("default_service")),
        timezone=_str(data, "timezone"),
        editing=_bool(data, "editing"),
        abandoned_at=_time_in(data.get("abandoned_at")),
        partial_sent=_bool(data, "partial_sent"),
        time_alternative=_time_in(data.get("time_alternative")),
        names_reminded=_bool(data, "names_reminded"),
        rewrite_offer=_offer_in(data.get("rewrite_offer")),
        continuing=_bool(data, "continuing"),
    )


def _offer_in(value: object) -> RewriteOffer | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise KeyError("rewrite_offer")
    raw = cast(Mapping[str, object], value)
    start = raw.get("start")
    step = Step(_str(raw, "step"))
    if type(start) is not int or start < 0 or step not in (Step.LOCATION, Step.DESCRIPTION):
        raise KeyError("rewrite_offer")
    return RewriteOffer(step, start, _str(raw, "text"))


def _answers(raw: Mapping[str, object]) -> Answers:
    return Answers(
        discovered_at=_time_in(raw.get("discovered_at")),
        service=_service(raw.get("service")),
        location=_opt_str(raw, "location"),
        systems=_strs(raw, "systems"),
        other_system=_opt_str(raw, "other_system"),
        description=_opt_str(raw, "description"),
        containment=_strs(raw, "containment"),
        containment_notes=_opt_str(raw, "containment_notes"),
    )


def _time_out(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _time_in(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("time")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("naive time")
    return parsed


def _dict(data: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = data[name]
    if not isinstance(value, Mapping):
        raise KeyError(name)
    return cast(Mapping[str, object], value)


def _str(data: Mapping[str, object], name: str) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise KeyError(name)
    return value


def _opt_str(data: Mapping[str, object], name: str) -> str | None:
    return None if data.get(name) is None else _str(data, name)


def _strs(data: Mapping[str, object], name: str) -> tuple[str, ...]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KeyError(name)
    return tuple(value)


def _bool(data: Mapping[str, object], name: str) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise KeyError(name)
    return value


def _service(value: object) -> ServiceName | None:
    if value is None:
        return None
    for service in SERVICES:
        if value == service:
            return service
    raise KeyError("service")
