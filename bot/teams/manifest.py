"""Build the Teams app package: fill the manifest template, add the command lists, zip it.

Values come from the ``[teams_app]`` table of the organisation file, falling back to
environment variables (:data:`ENV_VARS`). The package is checked with
:func:`bot.teams.manifest_validate.validate_package` before it is written.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from bot import __version__
from bot.domain.commands import COMMANDS, Command, Scope

TEMPLATE_NAME = "manifest.template.json"
ICON_FILES = {"color": ("color.png", 192), "outline": ("outline.png", 32)}
MAX_COMMANDS_PER_LIST = 10  # manifest schema 1.22
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same input gives the same bytes

ENV_VARS: dict[str, str] = {
    "app_id": "CAREGUARD_TEAMS_APP_ID",
    "bot_id": "CAREGUARD_BOT_APP_ID",
    "domain": "CAREGUARD_TEAMS_DOMAIN",
    "version": "CAREGUARD_TEAMS_APP_VERSION",
    "developer_name": "CAREGUARD_TEAMS_DEVELOPER_NAME",
    "website_url": "CAREGUARD_TEAMS_WEBSITE_URL",
    "privacy_url": "CAREGUARD_TEAMS_PRIVACY_URL",
    "terms_url": "CAREGUARD_TEAMS_TERMS_URL",
}
"""Environment variable read for each ``[teams_app]`` key the organisation file leaves out."""

_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


class ManifestError(Exception):
    """The package cannot be built; the message names the problem."""


def is_guid(value: str) -> bool:
    """True for a GUID written as 8-4-4-4-12 hex digits (what Teams accepts)."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == 36 and value.count("-") == 4


class TeamsAppConfig(BaseModel):
    """The ``[teams_app]`` table: values filled into the manifest template."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    bot_id: str
    app_id: str | None = None
    domain: str
    version: str = __version__
    developer_name: str
    website_url: str
    privacy_url: str
    terms_url: str

    @field_validator("bot_id", "app_id")
    @classmethod
    def _guid(cls, value: str | None) -> str | None:
        if value is not None and not is_guid(value):
            raise ValueError("is not a GUID (expected 8-4-4-4-12 hex digits)")
        return value.lower() if value else value

    @field_validator("domain")
    @classmethod
    def _host(cls, value: str) -> str:
        if not _HOST.match(value.lower()):
            raise ValueError("must be a host name such as careguard.example.org (no https://)")
        return value.lower()

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not _SEMVER.match(value):
            raise ValueError("must be MAJOR.MINOR.PATCH, such as 1.0.0")
        return value

    @field_validator("developer_name")
    @classmethod
    def _short(cls, value: str) -> str:
        if not 0 < len(value) <= 32:
            raise ValueError("must be 1 to 32 characters")
        return value

    @field_validator("website_url", "privacy_url", "terms_url")
    @classmethod
    def _https(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or len(value) > 2048:
            raise ValueError("must be an https:// address")
        return value

    def placeholders(self) -> dict[str, str]:
        """Template placeholder → value."""
        return {
            "APP_ID": self.app_id or self.bot_id,
            "BOT_ID": self.bot_id,
            "VALID_DOMAIN": self.domain,
            "VERSION": self.version,
            "DEVELOPER_NAME": self.developer_name,
            "WEBSITE_URL": self.website_url,
            "PRIVACY_URL": self.privacy_url,
            "TERMS_URL": self.terms_url,
        }


def load_config(path: Path | None, environ: Mapping[str, str]) -> TeamsAppConfig:
    """Read ``[teams_app]`` from the organisation file, filling gaps from ``environ``.

    Raises:
        ManifestError: unreadable file, or a missing or invalid value (named, with where to
            set it).
    """
    table: dict[str, Any] = {}
    if path is not None:
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ManifestError(f"cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ManifestError(f"cannot read {path}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise ManifestError(f"{path} is not valid TOML: {exc}") from None
        raw = document.get("teams_app", {})
        if not isinstance(raw, dict):
            raise ManifestError(f"{path}: teams_app must be a table ([teams_app])")
        table = dict(raw)
    for key, env in ENV_VARS.items():
        if key not in table and environ.get(env):
            table[key] = environ[env]
    try:
        return TeamsAppConfig.model_validate(table)
    except ValidationError as exc:
        raise ManifestError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    """Every missing or invalid key in one line, missing ones with where to set them."""
    missing = [str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing"]
    parts = [_describe_invalid(e) for e in exc.errors() if e["type"] != "missing"]
    if missing:
        keys = ", ".join(f"{k} ({ENV_VARS[k]})" for k in missing)
        parts.insert(
            0,
            f"teams_app settings not set: {keys}; add them to [teams_app] in the organisation "
            "file (--config) or set the environment variables",
        )
    return "; ".join(parts)


def _describe_invalid(error: Any) -> str:
    key = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"teams_app.{key} is not a known setting (known: {', '.join(sorted(ENV_VARS))})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"teams_app.{key} {message}: {error['input']!r}"


def command_lists(commands: Sequence[Command] = COMMANDS) -> list[dict[str, Any]]:
    """The manifest's ``bots[0].commandLists``, generated from the command declarations.

    One list per distinct set of commands, listing every scope that offers that set.
    """
    lists: list[dict[str, Any]] = []
    for scope in Scope:
        entries = [{"title": c.name, "description": c.help} for c in commands if scope in c.scopes]
        if not entries:
            continue
        if len(entries) > MAX_COMMANDS_PER_LIST:
            raise ManifestError(f"more than {MAX_COMMANDS_PER_LIST} commands in scope {scope}")
        same = next((item for item in lists if item["commands"] == entries), None)
        if same is not None:
            same["scopes"].append(scope.value)
        else:
            lists.append({"scopes": [scope.value], "commands": entries})
    return lists


def fill_template(template: Any, values: Mapping[str, str]) -> Any:
    """Replace every ``{{NAME}}`` in the template's strings.

    Raises:
        ManifestError: a placeholder has no value.
    """
    if isinstance(template, dict):
        return {k: fill_template(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill_template(v, values) for v in template]
    if isinstance(template, str):

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise ManifestError(f"template placeholder {{{{{name}}}}} has no value")
            return values[name]

        return _PLACEHOLDER.sub(sub, template)
    return template


def render_manifest(source: Path, config: TeamsAppConfig) -> dict[str, Any]:
    """The filled manifest: template values plus generated command lists."""
    path = source / TEMPLATE_NAME
    try:
        template = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path} not found (pass --source DIR with the template)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} is not valid JSON: {exc}") from None
    manifest: dict[str, Any] = fill_template(template, config.placeholders())
    bot = manifest["bots"][0]
    if bot.get("commandLists"):
        raise ManifestError(
            f"{path}: leave bots[0].commandLists empty; they are generated from "
            "bot/domain/commands.py"
        )
    bot["commandLists"] = command_lists()
    return manifest


def package_bytes(manifest: Mapping[str, Any], icons: Mapping[str, bytes]) -> bytes:
    """The zip: manifest.json and the icons at the top level, with fixed timestamps."""
    files = {"manifest.json": (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()}
    files.update(icons)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def build_package(source: Path, config: TeamsAppConfig, out: Path) -> list[str]:
    """Build the package from ``source`` (template and icons) into ``out``.

    Returns:
        The problems found by validating the result (empty when the package was written).

    Raises:
        ManifestError: the template or an icon is unusable (named).
    """
    from bot.teams.manifest_validate import icon_problems, validate_bytes

    icons: dict[str, bytes] = {}
    problems: list[str] = []
    for kind, (name, _size) in ICON_FILES.items():
        path = source / name
        try:
            icons[name] = path.read_bytes()
        except OSError:
            problems.append(f"{path}: icon file not found")
            continue
        problems += [f"{path}: {p}" for p in icon_problems(icons[name], kind)]
    if problems:
        raise ManifestError("; ".join(problems))
    data = package_bytes(render_manifest(source, config), icons)
    found = validate_bytes(data)
    if not found:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        except OSError as exc:
            raise ManifestError(f"cannot write {out}: {exc.strerror}") from None
    return found
