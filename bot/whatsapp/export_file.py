"""Read the file WhatsApp's "Export chat" produces: a ``.txt`` or a ``.zip``.

Every refusal is an :class:`ExportError` whose message is one line a user can act on
and never contains chat content.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from bot.whatsapp.model import ChatFormatError
from bot.whatsapp.parser import parse_chat

MAX_CHAT_BYTES = 256 * 1024 * 1024
"""The largest chat text accepted (a 40,000-message export is about 4 MB)."""

MAX_COMPRESSION_RATIO = 200
"""A zip member expanding more than this is treated as a zip bomb."""

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CHAT_NAME = re.compile(r"^(?:_chat\.txt|WhatsApp Chat (?:with|-) .+\.txt)$", re.IGNORECASE)
_SNIFF = 8192
_MAX_SNIFFED = 50
"""Text files looked into when none has WhatsApp's name (bounds the work on odd zips)."""


class ExportError(Exception):
    """The file cannot be audited; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class ExportText:
    """The decoded chat text and where it came from.

    Attributes:
        text: the chat, decoded from UTF-8.
        chat_name: the file name of the chat text (inside the zip for a zip).
        size: bytes of chat text read.
    """

    text: str
    chat_name: str
    size: int


def read_export(path: Path, *, max_bytes: int = MAX_CHAT_BYTES) -> ExportText:
    """Read and decode an export, from a ``.txt`` or from the ``.zip`` WhatsApp made.

    Args:
        path: the exported file.
        max_bytes: refuse chat text larger than this.

    Raises:
        ExportError: missing, unreadable, binary, empty, too large, or a zip without a chat.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF)
    except FileNotFoundError:
        raise ExportError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ExportError(f"{path} is a directory, not an exported chat") from None
    except OSError as exc:
        raise ExportError(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(_ZIP_MAGIC):
        name, data = _read_zip_chat(path, max_bytes)
    else:
        if path.stat().st_size > max_bytes:
            raise ExportError(f"{path} is larger than {max_bytes // (1024 * 1024)} MB")
        name, data = path.name, path.read_bytes()
    return ExportText(text=_decode(data, name), chat_name=name, size=len(data))


def _read_zip_chat(path: Path, max_bytes: int) -> tuple[str, bytes]:
    """The chat text inside a WhatsApp zip, refusing bombs and encrypted members."""
    try:
        with zipfile.ZipFile(path) as zf:
            member = _find_chat_member(zf, path)
            if member.flag_bits & 0x1:
                raise ExportError(f"the chat inside {path} is encrypted")
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > max_bytes or ratio > MAX_COMPRESSION_RATIO:
                raise ExportError(f"refusing {path}: the chat inside expands too much")
            with zf.open(member) as fh:
                # The sizes in the zip directory can lie; the read itself is capped too.
                data = fh.read(max_bytes + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise ExportError(f"{path} is not a readable zip file") from None
    if len(data) > max_bytes:
        raise ExportError(f"refusing {path}: the chat inside expands too much")
    return PurePosixPath(member.filename).name, data


def _find_chat_member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The chat text member: by WhatsApp's names, else the one ``.txt`` that reads as a chat."""
    files = [i for i in zf.infolist() if not i.is_dir()]
    named = [i for i in files if _CHAT_NAME.match(PurePosixPath(i.filename).name)]
    texts = [i for i in files if i.filename.lower().endswith(".txt")]
    candidates = named or [i for i in texts[:_MAX_SNIFFED] if _reads_as_chat(zf, i)]
    if not candidates:
        others = f" ({len(texts)} other text files)" if len(texts) > 1 else ""
        raise ExportError(f"{path} contains no WhatsApp chat text file{others}")
    if len(candidates) > 1:
        raise ExportError(f"{path} contains more than one WhatsApp chat text file")
    return candidates[0]


def _reads_as_chat(zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """True when the member starts like a WhatsApp export (its first few KB are read)."""
    if member.flag_bits & 0x1:  # encrypted: cannot tell; refused later if it is the one
        return True
    try:
        with zf.open(member) as fh:
            head = fh.read(_SNIFF)
        lines = head.decode("utf-8-sig", errors="ignore").splitlines()
        parse_chat("\n".join(lines[:-1] or lines))  # the last line may be cut short
    except (ChatFormatError, zipfile.BadZipFile, OSError, RuntimeError):
        return False
    return True


def _decode(data: bytes, name: str) -> str:
    """UTF-8 text (with or without BOM); NUL bytes or bad UTF-8 mean a binary file."""
    if not data.strip():
        raise ExportError(f"{name} is empty")
    if b"\x00" in data[:_SNIFF]:
        raise ExportError(f"{name} is a binary file, not an exported chat")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{name} is not UTF-8 text, not an exported chat") from None
