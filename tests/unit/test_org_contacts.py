"""The organisation file's ``[contacts]`` reach the detector the bot and ``careguard scan`` use."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.detection import detector_config
from bot.settings import SettingsError, load_organisation, load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "citycare.toml"


def test_the_example_lists_its_contacts() -> None:
    contacts = load_organisation(EXAMPLE).contacts
    assert "0117 496 0100" in contacts.phones
    assert "rota@citycare.example" in contacts.mailboxes
    assert contacts.email_domains == ("citycare.example",)


def test_detector_config_carries_contacts_and_peoples_numbers() -> None:
    organisation = load_organisation(EXAMPLE)
    own = detector_config(load_settings(config_path=EXAMPLE), organisation).own_contacts
    assert own.owns("PHONE_NUMBER", "01174960100")
    assert own.owns("PHONE_NUMBER", "07700 900101")  # a DPO's phone in [people]
    assert own.owns("EMAIL_ADDRESS", "office@citycare.example")
    assert not own.owns("PHONE_NUMBER", "07700 900321")


def test_without_an_organisation_nothing_is_exempt() -> None:
    assert not detector_config(load_settings(), None).own_contacts


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("Ring the office on 0117 496 0100", False), ("Her son is on 07700 900321", True)],
)
def test_scan_with_the_organisation_file(
    text: str, flagged: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(EXAMPLE), "scan", text]) == 0
    out = capsys.readouterr().out
    assert out.startswith("FLAGGED") is flagged


def test_a_bad_contact_is_one_clear_error(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'phones = ["0117 496 0100"', 'phones = ["call the office"'
    )
    bad = tmp_path / "org.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=r"contacts\.phones"):
        load_organisation(bad)
