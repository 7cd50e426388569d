"""The organisation file: the example loads; bad files fail naming file, key and reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain import routing
from bot.domain.organisation import Role
from bot.domain.values import Service
from bot.settings import SettingsError, load_organisation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "citycare.toml"


def test_example_file_encodes_the_policy_organisation() -> None:
    org = load_organisation(EXAMPLE)
    assert org.name == "City Care Southwest Ltd"
    assert org.person(org.setup(Service.ADULTS).dpo).name == "Rhiannon Williams"
    assert org.person(org.setup(Service.CHILDREN).dpo).name == "Claire Best"
    assert org.siro is not None
    assert org.siro.name == "Tony Merrick"
    assert [p.name for p in org.it_support] == ["Dan's Computer Services"]
    assert len(org.directors) == 2
    chain = [p.name for p in routing.escalation_chain(org, Service.ADULTS)]
    assert chain[:3] == ["Rhiannon Williams", "Claire Best", "Tony Merrick"]
    assert org.clocks.report_window == timedelta(minutes=60)
    assert org.clocks.ico_window == timedelta(hours=72)
    assert org.clocks.ico_reminders == tuple(timedelta(hours=h) for h in (24, 48, 66))
    assert all(p.role in Role for p in org.people)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    return write(tmp_path, text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        ('dpo = "rhiannon"', 'dpo = "rhianon"', "services.adults.dpo", "unknown person key"),
        ('dpo = "rhiannon"', 'dpo = "tony"', "services.adults.dpo", "'tony' is not a DPO"),
        (
            'fallback = ["claire", "tony"]',
            'fallback = ["claire", "tonny"]',
            "services.adults.fallback[1]",
            "unknown person key 'tonny'",
        ),
        (
            'fallback = ["claire", "tony"]',
            'fallback = ["rhiannon", "tony"]',
            "services.adults.fallback[0]",
            "already earlier in the order",
        ),
        (
            "[services.children]",
            "[services.elderly]",
            "services.elderly",
            "unknown service (expected adults or children)",
        ),
        (
            '"42ec9886-0f5c-40bc-9631-e25354073da3"',
            '"42ec9886-not-a-guid"',
            "people.claire.aad_object_id",
            "not a GUID",
        ),
        (
            '"42ec9886-0f5c-40bc-9631-e25354073da3"',
            '"3eb84bf7-9b7e-4a5f-98a5-fc61b3c3356d"',
            "people.claire.aad_object_id",
            "duplicate person: same as people.rhiannon",
        ),
        (
            'upn = "claire.best@citycare.example"',
            'upn = "Rhiannon.Williams@citycare.example"',
            "people.claire.upn",
            "duplicate person: same as people.rhiannon",
        ),
        ('upn = "claire.best@citycare.example"', 'upn = "claire"', "people.claire.upn", "name@"),
        ('role = "siro"', 'role = "boss"', "people.tony.role", "Input should be"),
        ('phone = "+447700900102"', 'phone = "07700 900102"', "people.claire.phone", "+44"),
        (
            "ack_timeout_minutes = 15",
            "ack_timeout_minutes = -5",
            "clocks.ack_timeout_minutes",
            "must be a positive whole number",
        ),
        (
            "ico_reminder_hours = [24, 48, 66]",
            "ico_reminder_hours = [24, 80]",
            "clocks.ico_reminder_hours",
            "inside the ICO window",
        ),
        (
            "abandon_timeout_minutes = 10",
            "abandon_timout_minutes = 10",
            "clocks.abandon_timout_minutes",
            "unknown key",
        ),
        ('name = "City Care Southwest Ltd"', "", "organisation.name", "required but missing"),
        ('role = "director"', 'role = "siro"', "people.director-a.role", "only one SIRO"),
        ("[people.dans-it]", "[people.Dans_IT]", "people.Dans_IT", "must be lower case"),
    ],
)
def test_bad_file_names_file_key_and_reason(
    tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    path = edited(tmp_path, old, new)
    with pytest.raises(SettingsError) as err:
        load_organisation(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert reason in message


def test_missing_service_is_named(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = write(tmp_path, text[: text.index("[services.children]")])
    with pytest.raises(SettingsError, match=r"services\.children: missing"):
        load_organisation(path)


def test_several_problems_are_counted(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('dpo = "', 'dpo = "x')
    path = write(tmp_path, text)
    with pytest.raises(SettingsError, match=r"services\.adults\.dpo: .* \(and 1 more problem"):
        load_organisation(path)


def test_duplicate_table_is_a_toml_error_naming_the_file(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = write(tmp_path, text + '\n[people.tony]\nname = "Again"\n')
    with pytest.raises(SettingsError, match=r"org\.toml: not valid TOML: .*people.*tony"):
        load_organisation(path)


def test_unreadable_file_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"absent\.toml: cannot read the organisation file"):
        load_organisation(tmp_path / "absent.toml")


def test_defaults_apply_when_clocks_are_left_out(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start, end = text.index("[clocks]"), text.index("# People.")
    org = load_organisation(write(tmp_path, text[:start] + text[end:]))
    assert org.clocks.ack_timeout == timedelta(minutes=15)
    assert org.clocks.abandon_timeout == timedelta(minutes=10)


def test_guid_is_normalised_to_lower_case(tmp_path: Path) -> None:
    upper = "3EB84BF7-9B7E-4A5F-98A5-FC61B3C3356D"
    org = load_organisation(edited(tmp_path, "3eb84bf7-9b7e-4a5f-98a5-fc61b3c3356d", upper))
    assert org.person("rhiannon").aad_object_id == upper.lower()
    assert routing.may_act(org, aad_object_id=upper)


def test_place_names_come_from_the_file_and_bad_ones_are_named(tmp_path: Path) -> None:
    org = load_organisation(EXAMPLE)
    assert org.place_names["19:9c1f2b7d4e5a4c3b8a6d0e2f1b3c5d7e@thread.tacv2"] == (
        "Adults – DPO alerts"
    )
    bad = edited(tmp_path, '= "Adults – DPO alerts"', '= ""')
    with pytest.raises(SettingsError, match="place_names"):
        load_organisation(bad)
