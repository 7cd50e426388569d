"""The signed checkpoint: the audit chain's length and head, kept outside the database.

Someone with write access to the database can cut rows off the end of the chain and
move the head record back; nothing inside the database can show that. So after every
committed change the register writes ``{"count", "head", "at"}`` signed with the chain
key (HMAC-SHA256, ``keys.py``) to a file beside the register: for SQLite next to the
database file (``careguard.db.checkpoint``), for PostgreSQL ``CAREGUARD_REGISTER_CHECKPOINT``
or ``var/register.checkpoint``. The file is replaced atomically (mode 0600) and only by a
longer chain, so a later, shorter chain never overwrites the evidence. The DPO keeps
copies elsewhere (the daily post in the alert channel is one); ``careguard register
verify --checkpoint FILE`` checks the chain against any of them.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from bot.register.breaches.chain import (
    CHECKPOINT_PURPOSE,
    GENESIS_HASH,
    canonical_json,
    utc_text,
)
from bot.register.breaches.keys import ChainKeys
from bot.register.breaches.models import AuditHeadRow
from bot.register.db import after_commit, read_session
from bot.settings import Settings

log = logging.getLogger(__name__)

SUFFIX = ".checkpoint"
PG_DEFAULT = "register.checkpoint"
MARK = "careguard_checkpoint"
_JSON = re.compile(r"\{[^{}]*\}")


class CheckpointError(Exception):
    """A checkpoint file that cannot be read as one (named, never its contents)."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's length (``count``, the last row's seq) and head hash at time ``at``."""

    count: int
    head: str
    at: datetime
    key_id: str
    mac: str

    def to_text(self) -> str:
        """One JSON line: what the file holds and what the daily post quotes."""
        fields = {
            MARK: 1,
            "count": self.count,
            "head": self.head,
            "at": utc_text(self.at),
            "key_id": self.key_id,
            "mac": self.mac,
        }
        return json.dumps(fields, sort_keys=True)


def _message(count: int, head: str, at: datetime, key_id: str) -> str:
    fields = {"count": count, "head": head, "at": utc_text(at), "key_id": key_id}
    return canonical_json(fields).decode("utf-8")


def sign(keys: ChainKeys, count: int, head: str, at: datetime) -> Checkpoint:
    """A checkpoint signed with the primary chain key."""
    key = keys.primary
    mac = key.sign(CHECKPOINT_PURPOSE, _message(count, head, at, key.key_id))
    return Checkpoint(count, head, at, key.key_id, mac)


def signature_ok(keys: ChainKeys, cp: Checkpoint) -> bool:
    """True when one of the configured keys signed ``cp``."""
    message = _message(cp.count, cp.head, cp.at, cp.key_id)
    return keys.check(cp.key_id, CHECKPOINT_PURPOSE, message, cp.mac)


def parse(text: str) -> Checkpoint:
    """The checkpoint in ``text``: the file, or a pasted post with the JSON line in it.

    Raises:
        CheckpointError: no well-formed checkpoint in the text.
    """
    for match in _JSON.finditer(text):
        try:
            data = json.loads(match.group(0))
        except ValueError:
            continue
        if not isinstance(data, dict) or data.get(MARK) != 1:
            continue
        try:
            at = datetime.fromisoformat(str(data["at"]))
            count, head = data["count"], str(data["head"])
            key_id, mac = str(data["key_id"]), str(data["mac"])
        except (KeyError, ValueError):
            break
        if isinstance(count, int) and count >= 0 and at.tzinfo is not None:
            return Checkpoint(count, head, at.astimezone(UTC), key_id, mac)
        break
    raise CheckpointError("it holds no well-formed CareGuard checkpoint")


def read(path: Path) -> Checkpoint | None:
    """The checkpoint in ``path``; ``None`` when there is no such file.

    Raises:
        CheckpointError: the file exists but is unreadable or malformed.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"cannot read it ({type(exc).__name__})") from None
    return parse(text)


def write(path: Path, cp: Checkpoint, keys: ChainKeys) -> bool:
    """Replace ``path`` with ``cp`` atomically (0600) unless it already holds a longer chain.

    A file for the same length with another head, or a longer one, is kept and logged:
    the register went back (a restore?) or forked; ``verify`` will say where. A file
    that is malformed or not signed by a configured key is replaced.

    Returns:
        True when the file now holds ``cp``.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = os.open(f"{path}.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = read(path)
        except CheckpointError:
            current = None
        if current is not None and signature_ok(keys, current):
            if current.count == cp.count and current.head == cp.head:
                return True
            if current.count >= cp.count:
                log.warning(
                    "checkpoint %s holds %d rows, the register now %d: kept; "
                    "run `careguard register verify`",
                    path,
                    current.count,
                    cp.count,
                )
                return False
        _replace(path, cp.to_text() + "\n")
        return True
    finally:
        os.close(lock)


def _replace(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


_PATHS: dict[str, Path] = {}


def _key(url: str | URL) -> str:
    return make_url(url).render_as_string(hide_password=False)


def configure(url: str, path: Path | None) -> None:
    """Write checkpoints of the register at ``url`` to ``path`` (``None``: the default)."""
    if path is None:
        _PATHS.pop(_key(url), None)
    else:
        _PATHS[_key(url)] = path


def path_for(url: str | URL) -> Path | None:
    """Where the register at ``url`` keeps its checkpoint (``None``: nowhere configured).

    A SQLite file's checkpoint lives beside it unless configured otherwise.
    """
    configured = _PATHS.get(_key(url))
    if configured is not None:
        return configured
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() == "sqlite" and database not in (None, "", ":memory:"):
        return Path(str(database) + SUFFIX)
    return None


def settings_path(settings: Settings) -> Path | None:
    """The checkpoint path the settings give (``CAREGUARD_REGISTER_CHECKPOINT`` first)."""
    if settings.register_checkpoint is not None:
        return settings.register_checkpoint
    url = settings.effective_database_url()
    return path_for(url) or settings.var_dir / PG_DEFAULT


def schedule(session: Session, keys: ChainKeys, count: int, head: str) -> None:
    """Write the checkpoint for ``count``/``head`` once ``session`` has committed."""
    path = path_for(session.get_bind().engine.url)
    if path is None:
        return

    def record() -> None:
        write(path, sign(keys, count, head, datetime.now(UTC)), keys)

    after_commit(session, "checkpoint", record)


def record_head(engine: Engine, keys: ChainKeys, path: Path) -> Checkpoint:
    """Sign the register's current head and write it to ``path`` (never shortening it)."""
    with read_session(engine) as session:
        head = session.execute(select(AuditHeadRow)).scalars().first()
    count, last = (head.last_seq, head.last_hash) if head is not None else (0, GENESIS_HASH)
    cp = sign(keys, count, last, datetime.now(UTC))
    write(path, cp, keys)
    return cp
