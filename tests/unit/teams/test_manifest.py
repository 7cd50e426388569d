"""`careguard manifest build|validate`: a package Teams accepts, and clear errors otherwise."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.cli import main
from bot.domain.commands import COMMANDS, Scope
from bot.teams.manifest import (
    ENV_VARS,
    ManifestError,
    TeamsAppConfig,
    build_package,
    command_lists,
    load_config,
    package_bytes,
)
from bot.teams.manifest_validate import validate_bytes

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "manifest"
EXAMPLE = SOURCE / "example-teams-app.toml"
BOT_ID = "4f9a7c2e-1b3d-4e8f-9a6b-2c5d7e9f1a3b"
APP_ID = "d2b6e0a4-7c1f-4b9e-8d3a-5f6e7a8b9c0d"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS.values():
        monkeypatch.delenv(name, raising=False)


def _example() -> TeamsAppConfig:
    return load_config(EXAMPLE, {})


def _build(tmp_path: Path, source: Path = SOURCE) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "build" / "careguard.zip"
    assert build_package(source, _example(), out) == []
    with zipfile.ZipFile(out) as archive:
        return out, json.loads(archive.read("manifest.json"))


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _png(size: tuple[int, int], colour: tuple[int, int, int, int], mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour[: len(mode)]).save(buffer, "PNG")
    return buffer.getvalue()


def test_built_package_is_valid_with_everything_filled(tmp_path: Path) -> None:
    out, manifest = _build(tmp_path)
    assert validate_bytes(out.read_bytes()) == []
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
    assert manifest["manifestVersion"] == "1.22"
    assert manifest["id"] == APP_ID
    assert manifest["version"] == "1.0.0"
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["bots"][0]["scopes"] == ["personal", "team", "groupChat"]
    assert manifest["webApplicationInfo"]["id"] == BOT_ID
    assert manifest["validDomains"] == ["careguard.citycare.example"]
    assert manifest["developer"]["privacyUrl"] == "https://www.citycare.example/privacy"
    assert "{{" not in json.dumps(manifest)


def test_consent_and_a_plain_description_of_what_is_read(tmp_path: Path) -> None:
    _, manifest = _build(tmp_path)
    rsc = manifest["authorization"]["permissions"]["resourceSpecific"]
    assert {(p["name"], p["type"]) for p in rsc} == {
        ("ChannelMessage.Read.Group", "Application"),
        ("ChatMessage.Read.Chat", "Application"),
    }
    full = manifest["description"]["full"]
    for words in ("ChannelMessage.Read.Group", "ChatMessage.Read.Chat", "does not keep the text"):
        assert words in full
    assert len(manifest["description"]["short"]) <= 80


def test_command_lists_agree_with_the_declarations(tmp_path: Path) -> None:
    _, manifest = _build(tmp_path)
    lists = manifest["bots"][0]["commandLists"]
    offered: dict[str, list[tuple[str, str]]] = {}
    for entry in lists:
        for scope in entry["scopes"]:
            offered[scope] = [(c["title"], c["description"]) for c in entry["commands"]]
    for scope in Scope:
        expected = [(c.name, c.help) for c in COMMANDS if scope in c.scopes]
        assert offered.get(scope.value, []) == expected
    assert {c.name for c in COMMANDS} == {t for t, _ in offered["personal"]}


def test_validate_catches_command_lists_that_disagree(tmp_path: Path) -> None:
    out, manifest = _build(tmp_path)
    manifest["bots"][0]["commandLists"][0]["commands"].pop()
    with zipfile.ZipFile(out) as archive:
        icons = {n: archive.read(n) for n in ("color.png", "outline.png")}
    problems = validate_bytes(package_bytes(manifest, icons))
    assert any("commandLists do not match" in p for p in problems)


def test_identical_scopes_share_one_command_list() -> None:
    lists = command_lists([c for c in COMMANDS if c.scopes == frozenset(Scope)])
    assert lists == [
        {
            "scopes": ["personal", "team", "groupChat"],
            "commands": [{"title": "help", "description": COMMANDS[0].help}]
            + [{"title": c.name, "description": c.help} for c in COMMANDS[1:3]],
        }
    ]


def test_builds_are_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first, _ = _build(tmp_path / "a")
    second, _ = _build(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def test_app_id_defaults_to_the_bot_id_and_env_fills_gaps() -> None:
    env = {
        ENV_VARS["bot_id"]: BOT_ID.upper(),
        ENV_VARS["domain"]: "bot.example.org",
        ENV_VARS["developer_name"]: "Example Care Ltd",
        ENV_VARS["website_url"]: "https://example.org",
        ENV_VARS["privacy_url"]: "https://example.org/privacy",
        ENV_VARS["terms_url"]: "https://example.org/terms",
    }
    config = load_config(None, env)
    assert config.placeholders()["APP_ID"] == BOT_ID
    assert config.bot_id == BOT_ID  # normalised to lower case
    # The organisation file wins over the environment.
    assert load_config(EXAMPLE, env).domain == "careguard.citycare.example"


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('bot_id = "abc"', "teams_app.bot_id is not a GUID"),
        ('app_id = "{4f9a7c2e-1b3d-4e8f-9a6b-2c5d7e9f1a3b}"', "teams_app.app_id is not a GUID"),
        ('domain = "https://bot.example.org/api"', "teams_app.domain must be a host name"),
        ('version = "1.0"', "teams_app.version must be MAJOR.MINOR.PATCH"),
        ('privacy_url = "http://example.org/privacy"', "teams_app.privacy_url must be an https://"),
        ('developer_name = "' + "x" * 33 + '"', "teams_app.developer_name must be 1 to 32"),
        ("colour = 1", "teams_app.colour is not a known setting"),
    ],
)
def test_bad_values_are_named(tmp_path: Path, line: str, message: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    key = line.split(" =")[0]
    kept = "\n".join(row for row in text.splitlines() if not row.startswith(f"{key} ="))
    with pytest.raises(ManifestError) as caught:
        load_config(_toml(tmp_path, f"{kept}\n{line}\n"), {})
    assert message in str(caught.value)


def test_missing_values_name_the_key_and_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ManifestError) as caught:
        load_config(_toml(tmp_path, f'[teams_app]\nbot_id = "{BOT_ID}"\n'), {})
    text = str(caught.value)
    assert "domain (CAREGUARD_TEAMS_DOMAIN)" in text
    assert "terms_url (CAREGUARD_TEAMS_TERMS_URL)" in text
    assert "bot_id (" not in text  # the one that is set is not reported


@pytest.mark.parametrize(
    ("text", "message"),
    [("[teams_app\n", "is not valid TOML"), ('teams_app = "x"\n', "must be a table")],
)
def test_broken_organisation_files_are_reported(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ManifestError, match=message):
        load_config(_toml(tmp_path, text), {})


def _source_with(tmp_path: Path, **icons: bytes) -> Path:
    source = tmp_path / "src"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("*.py", "*.toml"))
    for name, data in icons.items():
        (source / f"{name}.png").write_bytes(data)
    return source


@pytest.mark.parametrize(
    ("icons", "message"),
    [
        (
            {"color": _png((100, 100), (0, 0, 0, 255))},
            "color.png: must be 192×192 pixels, found 100×100",
        ),
        ({"color": b"GIF89a not a png"}, "color.png: is not a PNG image"),
        ({"outline": _png((32, 32), (255, 0, 0, 255))}, "outline icon must be white only"),
        ({"outline": _png((32, 32), (255, 255, 255, 255))}, "must have a transparent background"),
        ({"outline": _png((32, 32), (0, 0, 0, 0))}, "outline icon is fully transparent"),
    ],
)
def test_bad_icons_stop_the_build_with_the_problem_named(
    tmp_path: Path, icons: dict[str, bytes], message: str
) -> None:
    out = tmp_path / "out.zip"
    with pytest.raises(ManifestError) as caught:
        build_package(_source_with(tmp_path, **icons), _example(), out)
    assert message in str(caught.value)
    assert not out.exists()


def test_validate_lists_every_problem_at_once() -> None:
    manifest = json.loads((SOURCE / "manifest.template.json").read_text(encoding="utf-8"))
    manifest["id"] = "not-a-guid"
    manifest["authorization"]["permissions"]["resourceSpecific"].pop()
    data = _zip(
        {
            "manifest.json": json.dumps(manifest).encode(),
            "color.png": _png((96, 96), (0, 0, 0, 255)),
            "extra/readme.txt": b"x",
        }
    )
    problems = validate_bytes(data)
    expected = [
        "extra/readme.txt must be at the top level",
        "manifest.json id: 'not-a-guid' does not match",
        "placeholder not filled: {{VERSION}}",
        "manifest.json bots/0/botId is not a GUID: '{{BOT_ID}}'",
        "ChatMessage.Read.Chat (type Application) is missing",
        "commandLists do not match",
        "icon outline.png (outline) is named in manifest.json but not in the zip",
        "icon color.png: must be 192×192 pixels, found 96×96",
    ]
    for text in expected:
        assert any(text in p for p in problems), (text, problems)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a zip file"),
        (_zip({"color.png": b""}), "manifest.json is missing"),
        (_zip({"manifest.json": b"{nope"}), "manifest.json is not valid UTF-8 JSON"),
        (_zip({"manifest.json": b"[]"}), "manifest.json must hold a JSON object"),
    ],
)
def test_validate_rejects_broken_packages(data: bytes, message: str) -> None:
    problems = validate_bytes(data)
    assert any(message in p for p in problems), problems


def test_validate_rejects_other_manifest_versions(tmp_path: Path) -> None:
    out, manifest = _build(tmp_path)
    manifest["manifestVersion"] = "1.25"
    with zipfile.ZipFile(out) as archive:
        icons = {n: archive.read(n) for n in ("color.png", "outline.png")}
    problems = validate_bytes(package_bytes(manifest, icons))
    assert any("manifestVersion is '1.25'; this package must use 1.22" in p for p in problems)
    assert any("manifestVersion" in p and "1.22" in p and "was expected" in p for p in problems)


def test_cli_build_then_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "careguard.zip"
    assert main(["manifest", "build", "--config", str(EXAMPLE), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert main(["manifest", "validate", str(out)]) == 0
    assert "valid Teams app package (manifest 1.22)" in capsys.readouterr().out


def test_cli_validate_fails_listing_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_zip({"manifest.json": b"{}"}))
    assert main(["manifest", "validate", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "  - manifest.json (top): 'manifestVersion' is a required property" in err
    assert "careguard: error:" in err
    assert "Traceback" not in err


def test_cli_build_without_settings_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["manifest", "build", "--out", str(tmp_path / "x.zip")]) == 2
    err = capsys.readouterr().err
    assert "careguard: error: teams_app settings not set: bot_id (CAREGUARD_BOT_APP_ID)" in err
    assert not (tmp_path / "x.zip").exists()


def test_cli_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "validate", str(tmp_path / "nope.zip")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ManifestError, match="cannot write"):
        build_package(SOURCE, _example(), blocker / "careguard.zip")


def test_schema_ships_with_its_licence_as_package_data() -> None:
    from importlib import resources

    folder = resources.files("bot.teams.manifest_schema")
    assert folder.joinpath("MicrosoftTeams.v1.22.schema.json").is_file()
    assert "MIT License" in folder.joinpath("LICENSE.txt").read_text(encoding="utf-8")
