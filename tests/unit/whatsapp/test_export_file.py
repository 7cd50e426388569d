"""Reading the .txt or .zip WhatsApp produces, and refusing anything else clearly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.whatsapp.export_file import ExportError, read_export

CHAT = "23/11/2026, 14:05 - Priya Okafor: Morning all\n"


def _zip(tmp_path: Path, members: dict[str, bytes], name: str = "export.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def test_plain_text_export(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Rota.txt"
    path.write_bytes(b"\xef\xbb\xbf" + CHAT.encode())
    export = read_export(path)
    assert (export.text, export.chat_name) == (CHAT, "WhatsApp Chat with Rota.txt")


@pytest.mark.parametrize("member", ["_chat.txt", "WhatsApp Chat with Northside carers.txt"])
def test_zip_from_ios_or_android_finds_the_chat_among_media(tmp_path: Path, member: str) -> None:
    path = _zip(tmp_path, {"00000012-PHOTO.jpg": b"\xff\xd8\xff" * 10, member: CHAT.encode()})
    export = read_export(path)
    assert (export.text, export.chat_name) == (CHAT, member)


def test_zip_is_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"_chat.txt": CHAT.encode()}, name="chat-export.txt")
    assert read_export(path).text == CHAT


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"photo.jpg": b"\xff\xd8"}, "contains no WhatsApp chat"),
        ({"a.txt": b"x", "b.txt": b"y"}, "contains no WhatsApp chat text file \\(2 other"),
        ({"_chat.txt": CHAT.encode(), "WhatsApp Chat - B.txt": CHAT.encode()}, "more than one"),
    ],
)
def test_zip_without_exactly_one_chat_is_refused(
    tmp_path: Path, members: dict[str, bytes], message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        read_export(_zip(tmp_path, members))


def test_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"_chat.txt": b"a" * 5_000_000})
    with pytest.raises(ExportError, match="expands too much"):
        read_export(path)


def test_member_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"_chat.txt": (CHAT * 200).encode()})
    with pytest.raises(ExportError, match="expands too much"):
        read_export(path, max_bytes=1000)


def test_text_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "_chat.txt"
    path.write_text(CHAT * 200, encoding="utf-8")
    with pytest.raises(ExportError, match="larger than"):
        read_export(path, max_bytes=1000)


def test_broken_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 10)
    with pytest.raises(ExportError, match="not a readable zip"):
        read_export(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\n \r\n", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file"),
        (b"caf\xe9 au lait\n", "not UTF-8"),
    ],
)
def test_empty_binary_and_non_utf8_files_are_refused(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(data)
    with pytest.raises(ExportError, match=message):
        read_export(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such file"):
        read_export(tmp_path / "nope.txt")
    with pytest.raises(ExportError, match="is a directory"):
        read_export(tmp_path)


def test_chat_in_a_folder_inside_the_zip(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"Northside/_chat.txt": CHAT.encode(), "Northside/a.jpg": b"\xff"})
    export = read_export(path)
    assert (export.text, export.chat_name) == (CHAT, "_chat.txt")


def test_encrypted_zip_member_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path, {"_chat.txt": CHAT.encode()})
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit in the central directory entry.
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(ExportError, match="encrypted"):
        read_export(path)
