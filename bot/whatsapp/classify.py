"""Tell messages, media, deleted messages and system lines apart.

Works on the part of a message after the timestamp (``Name: text`` or a system
sentence), with the continuation lines joined. Patterns are the English wording
WhatsApp uses; anything unrecognised stays a normal message, so it is scanned.
"""

from __future__ import annotations

import re

from bot.whatsapp.model import MessageKind

_LRM = "\u200e"

_ENCRYPTION = re.compile(
    r"^(?:Messages and calls are end-to-end encrypted"
    r"|Messages (?:you send )?to this (?:group|chat) are now secured with end-to-end encryption"
    r"|Your security code with .* changed)",
    re.IGNORECASE,
)
# On iOS, system lines are written as if the group sent them, text prefixed by U+200E.
_IOS_SYSTEM = re.compile(
    r"\b(?:created group|created this group|added|removed|left|joined|changed|"
    r"now an admin|pinned a message|security code|deleted this group)\b",
    re.IGNORECASE,
)
_OMITTED = re.compile(
    r"^(?:<Media omitted>|(?:image|video|audio|sticker|GIF|document|photo|voice message|"
    r"Contact card|view once (?:photo|video)) omitted)$",
    re.IGNORECASE | re.MULTILINE,
)
_ATTACHED = re.compile(r"<attached: ([^>\n]*)>")
_FILE_ATTACHED = re.compile(r"(\S[^\n]*?) \(file attached\)")
# Names the phone generates carry no personal data; scanning them would only add noise.
_GENERATED_NAME = re.compile(
    r"\b(?:(?:IMG|VID|AUD|PTT|STK|DOC)-\d{8}-WA\d{4,}|"
    r"\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER|GIF)-\d{4}(?:-\d{2}){5})\.\w+",
)
_DELETED = re.compile(
    r"^(?:This message was deleted(?: by admin .+)?|You deleted this message(?: as admin)?)\.?$"
)
_EDITED = re.compile(r"\s*<This message was edited>$")
_QUOTES = frozenset('"\u201c\u201d')


def classify(rest: str) -> tuple[str | None, str, MessageKind, bool]:
    """Split and classify the text after a timestamp.

    Args:
        rest: ``Name: text`` or a system sentence, continuation lines included.

    Returns:
        ``(sender, text, kind, edited)``; ``sender`` is None for system lines and
        ``text`` is what a scanner should read (empty when there is nothing to scan).
    """
    first_line = rest.split("\n", 1)[0]
    if ": " in first_line:
        sender, _, body = rest.partition(": ")
    elif first_line.endswith(":"):
        sender, body = first_line[:-1], rest[len(first_line) :].lstrip("\n")
    else:  # Android system lines have no "Name: "
        return None, "", MessageKind.SYSTEM, False
    # A quote before the first ": " means the colon sits inside a group subject
    # ("… changed the subject to "Rota: week 3"").
    if _QUOTES.intersection(sender):
        return None, "", MessageKind.SYSTEM, False
    sender = sender.replace(_LRM, "").strip()
    lrm = body.startswith(_LRM)
    body = body.replace(_LRM, "")
    if _ENCRYPTION.match(body) or (lrm and _IOS_SYSTEM.search(body.split("\n", 1)[0])):
        return None, "", MessageKind.SYSTEM, False
    if _DELETED.match(body.strip()):
        return sender, "", MessageKind.DELETED, False
    edited = 0
    if "<This message was edited>" in body:
        body, edited = _EDITED.subn("", body)
    text, media = _strip_media(body)
    kind = MessageKind.MEDIA if media else MessageKind.TEXT
    return sender, text, kind, edited > 0


def _strip_media(body: str) -> tuple[str, bool]:
    """Remove media markers, keeping captions and document names for scanning."""
    # Substring checks first: most messages carry no marker and the regexes are slow.
    text, n_omitted, n_attached, n_file = body, 0, 0, 0
    if "omitted" in body.lower():
        text, n_omitted = _OMITTED.subn("", text)
    if "<attached: " in body:
        text, n_attached = _ATTACHED.subn(r"\1", text)
    if " (file attached)" in body:
        text, n_file = _FILE_ATTACHED.subn(r"\1", text)
    if n_attached or n_file:
        text = _GENERATED_NAME.sub("", text)
    return text.strip(), bool(n_omitted or n_attached or n_file)
