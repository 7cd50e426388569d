"""Check a Teams app package offline and list every problem.

Microsoft's manifest JSON Schema 1.22 (shipped in :mod:`bot.teams.manifest_schema`), plus what
the schema cannot say: zip layout, icons (PNG, exact size, outline white on transparent),
GUIDs, unfilled placeholders, the consent CareGuard needs, and command lists that match the
bot's command declarations.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from PIL import Image, UnidentifiedImageError

from bot.teams.manifest import ICON_FILES, command_lists, is_guid
from bot.teams.manifest_schema import MANIFEST_VERSION, SCHEMA_FILE

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
REQUIRED_RSC = {"ChannelMessage.Read.Group", "ChatMessage.Read.Chat"}


@cache
def _validator() -> jsonschema.Draft7Validator:
    # The schema says draft-04 but uses `const`; Draft7 enforces it. check_schema is skipped
    # on purpose (Microsoft's schemas do not all pass it, see docs/deploy-teams.md).
    text = resources.files("bot.teams.manifest_schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    return jsonschema.Draft7Validator(json.loads(text))


def icon_problems(data: bytes, kind: str) -> list[str]:
    """Problems with one icon (``kind`` is "color" or "outline"); empty when it is fine."""
    size = ICON_FILES[kind][1]
    if not data.startswith(PNG_MAGIC):
        return ["is not a PNG image"]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            found = image.size
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError):
        return ["is not a readable PNG image"]
    if found != (size, size):
        return [f"must be {size}×{size} pixels, found {found[0]}×{found[1]}"]
    if kind == "outline":
        return _outline_problems(rgba)
    return []


def _outline_problems(rgba: Image.Image) -> list[str]:
    raw = rgba.tobytes()
    pixels = [raw[i : i + 4] for i in range(0, len(raw), 4)]
    problems = []
    if not any(p[3] == 0 for p in pixels):
        problems.append("outline icon must have a transparent background")
    # Any pixel that shows must be white; fully transparent pixels may hold any colour.
    if any(p[3] > 0 and p[:3] != b"\xff\xff\xff" for p in pixels):
        problems.append("outline icon must be white only (every visible pixel #FFFFFF)")
    if not any(p[3] > 0 for p in pixels):
        problems.append("outline icon is fully transparent")
    return problems


def _schema_problems(manifest: Any) -> list[str]:
    errors = sorted(_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
    return [
        f"manifest.json {'/'.join(map(str, e.absolute_path)) or '(top)'}: {_short(e.message)}"
        for e in errors
    ]


def _short(message: str, limit: int = 300) -> str:
    """Schema messages can quote a whole object; keep each problem to one readable line."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, f"{path}/{k}".lstrip("/"))]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _strings(v, f"{path}/{i}".lstrip("/"))]
    return [(path, node)] if isinstance(node, str) else []


def _obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (the schema reports the type)."""
    return value if isinstance(value, dict) else {}


def _manifest_problems(manifest: dict[str, Any]) -> list[str]:
    problems = []
    version = manifest.get("manifestVersion")
    if version != MANIFEST_VERSION:
        problems.append(f"manifestVersion is {version!r}; this package must use {MANIFEST_VERSION}")
    for path, value in _strings(manifest):
        if "{{" in value:
            problems.append(f"manifest.json {path}: placeholder not filled: {value}")
    bots = manifest.get("bots")
    bot = _obj(bots[0] if isinstance(bots, list) and bots else None)
    app_info = _obj(manifest.get("webApplicationInfo"))
    for label, guid in (
        ("id", manifest.get("id")),
        ("bots/0/botId", bot.get("botId")),
        ("webApplicationInfo/id", app_info.get("id")),
    ):
        if not isinstance(guid, str) or not is_guid(guid):
            problems.append(f"manifest.json {label} is not a GUID: {guid!r}")
    if app_info.get("id") != bot.get("botId"):
        problems.append("webApplicationInfo.id must be the bot's Entra app id (bots[0].botId)")
    granted = (manifest.get("authorization") or {}).get("permissions", {})
    rsc = {
        p.get("name") for p in granted.get("resourceSpecific", []) if p.get("type") == "Application"
    }
    for name in sorted(REQUIRED_RSC - rsc):
        problems.append(f"resource-specific consent {name} (type Application) is missing")
    if bot.get("commandLists") != command_lists():
        problems.append(
            "bots[0].commandLists do not match the commands declared in bot/domain/commands.py; "
            "rebuild the package"
        )
    domains = manifest.get("validDomains")
    for domain in domains if isinstance(domains, list) else []:
        if "/" in str(domain) or ":" in str(domain):
            problems.append(f"validDomains entry must be a host name only: {domain!r}")
    return problems


def _read_manifest(archive: zipfile.ZipFile) -> tuple[dict[str, Any] | None, list[str]]:
    try:
        raw = archive.read("manifest.json")
        manifest = json.loads(raw.decode("utf-8"))
    except KeyError:
        return None, ["manifest.json is missing from the top level of the zip"]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [f"manifest.json is not valid UTF-8 JSON: {exc}"]
    if not isinstance(manifest, dict):
        return None, ["manifest.json must hold a JSON object"]
    return manifest, []


def _icon_checks(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> list[str]:
    problems = []
    names = set(archive.namelist())
    icons = manifest.get("icons")
    if not isinstance(icons, dict):
        return []  # the schema reports it
    for kind in ICON_FILES:
        name = icons.get(kind)
        if not isinstance(name, str):
            continue  # the schema reports the missing icon entry
        if name not in names:
            problems.append(f"icon {name} ({kind}) is named in manifest.json but not in the zip")
            continue
        problems += [f"icon {name}: {p}" for p in icon_problems(archive.read(name), kind)]
    return problems


def validate_bytes(data: bytes) -> list[str]:
    """Every problem with a package given as zip bytes; empty when it is valid."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return ["not a zip file"]
    with archive:
        problems = [
            f"{name} must be at the top level of the zip (no folders)"
            for name in archive.namelist()
            if "/" in name.rstrip("/") or name.endswith("/")
        ]
        manifest, found = _read_manifest(archive)
        problems += found
        if manifest is None:
            return problems
        problems += _schema_problems(manifest)
        problems += _manifest_problems(manifest)
        problems += _icon_checks(archive, manifest)
    return problems
