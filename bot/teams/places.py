"""Names of channels as people know them ("Adults – Rota"), learned from Teams.

Channel events (``channelCreated``, ``channelRenamed``, ``teamRenamed``) and the bot being
added to a team teach them: the event's own names first, then the team's channel list
from the Bot Connector (``GET /v3/teams/{id}`` and ``/v3/teams/{id}/conversations``),
which has every channel and the team's name. The General channel has no name in that
list (its id is the team's id). The organisation file's ``[place_names]`` still wins;
that is the service's business, not this module's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Protocol

from bot.teams.activities import TeamsActivity, bot_was_added
from bot.teams.connector import ConnectorError

log = logging.getLogger(__name__)

NAMING_EVENTS = frozenset({"channelCreated", "channelRenamed", "teamRenamed", "channelRestored"})
GENERAL = "General"
SEPARATOR = " – "


class TeamLister(Protocol):
    """What this needs of ``BotConnector``."""

    async def team_details(self, service_url: str, team_id: str) -> Mapping[str, Any]: ...

    async def team_channels(self, service_url: str, team_id: str) -> list[Mapping[str, Any]]: ...


def _name(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())[:120]
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _label(team: str | None, channel: str | None) -> str | None:
    if channel is None:
        return None
    return f"{team}{SEPARATOR}{channel}" if team else channel


def teaches_names(activity: TeamsActivity) -> bool:
    """True for an event that names channels (or the bot's arrival in a team)."""
    if activity.type != "conversationUpdate" or activity.team_id is None:
        return False
    data = activity.raw.get("channelData")
    event = data.get("eventType") if isinstance(data, Mapping) else None
    return event in NAMING_EVENTS or bot_was_added(activity)


def names_in_event(activity: TeamsActivity) -> dict[str, str]:
    """The names the event itself carries (a channel's, perhaps with its team's)."""
    data = activity.raw.get("channelData")
    if not isinstance(data, Mapping):
        return {}
    team = _mapping(data.get("team"))
    channel = _mapping(data.get("channel"))
    team_name = _name(team.get("name"))
    label = _label(team_name, _name(channel.get("name")))
    names: dict[str, str] = {}
    if activity.channel_id and label:
        names[activity.channel_id] = label
    if activity.team_id and team_name:
        names[f"team:{activity.team_id}"] = team_name
    return names


async def names_of_team(lister: TeamLister, activity: TeamsActivity) -> dict[str, str]:
    """Every channel of the activity's team, "Team – Channel"; ``{}`` if Teams says no."""
    if activity.service_url is None or activity.team_id is None:
        return {}
    try:
        details = await lister.team_details(activity.service_url, activity.team_id)
        channels = await lister.team_channels(activity.service_url, activity.team_id)
    except ConnectorError as exc:
        log.info("channel names: the team's channel list is unavailable (%s)", exc)
        return {}
    team_name = _name(details.get("name"))
    names: dict[str, str] = {f"team:{activity.team_id}": team_name} if team_name else {}
    for channel in channels:
        channel_id = channel.get("id")
        if not isinstance(channel_id, str) or not channel_id:
            continue
        general = channel_id == activity.team_id
        label = _label(team_name, _name(channel.get("name")) or (GENERAL if general else None))
        if label:
            names[channel_id] = label
    return names


async def learn_names(lister: TeamLister, activity: TeamsActivity) -> dict[str, str]:
    """What this activity teaches: the event's names, completed by the team's list."""
    if not teaches_names(activity):
        return {}
    return {**names_in_event(activity), **await names_of_team(lister, activity)}
