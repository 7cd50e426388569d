"""Channels named as people know them: the organisation file first, then what Teams said."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.hygiene.fakes import DPO, OFFICE, ROTA, Hygiene, message

OTHER = "19:other00000000000000000000000000003@thread.tacv2"


def counted(summary: object) -> dict[str, int]:
    out: dict[str, int] = {}
    for week in summary.weeks:  # type: ignore[attr-defined]
        for name, n in week.counts:
            out[name] = out.get(name, 0) + n
    return out


async def test_a_channel_nobody_named_is_a_teams_channel(hy: Hygiene) -> None:
    warning = await hy.warn(message(channel=OTHER))
    assert warning.place == "a Teams channel"


async def test_names_learned_from_teams_reach_the_warning(hy: Hygiene) -> None:
    await hy.h.bot.on_places({OTHER: "Children – Handover"})
    warning = await hy.warn(message(channel=OTHER))
    assert warning.place == "Children – Handover"


async def test_statistics_use_the_name_learned_after_the_warning(hy: Hygiene) -> None:
    await hy.warn(message(channel=OTHER))
    await hy.h.bot.on_places({OTHER: "Children – Handover"})
    assert counted(await hy.summary(DPO)) == {"Children – Handover": 1}


async def test_the_organisation_file_wins_over_teams(hy: Hygiene) -> None:
    hy.service.config = replace(hy.service.config, place_names={})
    org = replace(hy.h.org, place_names={OTHER: "Rota (file)"})
    hy.service.deps = replace(hy.service.deps, organisation=org)
    await hy.h.bot.on_places({OTHER: "Teams name"})
    warning = await hy.warn(message(channel=OTHER))
    assert warning.place == "Rota (file)"


async def test_renaming_changes_the_name_and_blank_names_are_ignored(hy: Hygiene) -> None:
    await hy.h.bot.on_places({OTHER: "Old name", "": "x", OFFICE: "   "})
    await hy.h.bot.on_places({OTHER: "New name"})
    assert hy.uow.state.places == {OTHER: "New name"}  # type: ignore[attr-defined]
    assert ROTA not in hy.uow.state.places  # type: ignore[attr-defined]
