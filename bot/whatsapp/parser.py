"""Parse the text of a WhatsApp "Export chat" file into messages.

Hand-written rather than taken from PyPI: the maintained Python parsers are either
GPL-3.0 (whatstk, not usable in this proprietary product) or pull in pandas/polars and
still miss layouts our staff phones produce (dotted and dashed dates, ``a.m.``/``p.m.``,
the U+202F before ``AM``, the iOS system lines that look like messages). See
``docs/whatsapp.md``.

Two passes: the first finds header lines and collects their raw date fields so the
date order (day-first, month-first or year-first) is decided from the whole export;
the second builds the messages. Lines that do not start a message are continuation
lines of the message before them, so nothing in the export is dropped.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.whatsapp.classify import classify
from bot.whatsapp.model import ChatFormatError, ChatMessage, DateOrder, Layout, ParsedChat

# Invisible characters WhatsApp writes around names, times and markers. U+200E is kept
# for now: on iOS it is what tells a system line apart from a message (see classify).
_INVISIBLE = str.maketrans(
    {
        "\ufeff": None,
        "\u200f": None,
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "\u202f": " ",
        "\u00a0": " ",
    }
)

_HEADER = re.compile(
    r"^\u200e?(?P<br>\[)?"
    r"(?P<d1>\d{1,4})[./-](?P<d2>\d{1,2})[./-](?P<d3>\d{1,4}),? "
    r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?:[:.](?P<ss>\d{2}))?"
    r"(?: ?(?P<ampm>[aApP])\.? ?[mM]\.?)?"
    r"(?(br)\] | [-\u2013] )"
    r"(?P<rest>.*)$"
)


def parse_chat(text: str) -> ParsedChat:
    """Parse the full text of an export.

    Args:
        text: the decoded export (any line endings).

    Returns:
        The messages, the layout and the date order used.

    Raises:
        ChatFormatError: the text is empty or does not start like a WhatsApp export.
    """
    lines = text.translate(_INVISIBLE).splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ChatFormatError("the export is empty")
    matches = [_HEADER.match(line) for line in lines]
    if matches[first] is None:
        raise ChatFormatError("this does not look like a WhatsApp chat export")
    headers = [m for m in matches if m is not None]
    order, detected = _date_order(headers)
    ios = sum(1 for m in headers if m["br"]) * 2 > len(headers)
    messages = _build_messages(lines[first:], matches[first:], order)
    return ParsedChat(
        messages=tuple(messages),
        layout=Layout.IOS if ios else Layout.ANDROID,
        date_order=order,
        date_order_detected=detected,
    )


def _date_order(headers: list[re.Match[str]]) -> tuple[DateOrder, bool]:
    """Decide the date order from every header: evidence beats the UK default."""
    if sum(1 for m in headers if len(m["d1"]) == 4) * 2 > len(headers):
        return DateOrder.YEAR_FIRST, True
    day_first = any(int(m["d1"]) > 12 for m in headers)
    month_first = any(int(m["d2"]) > 12 for m in headers)
    if month_first and not day_first:
        return DateOrder.MONTH_FIRST, True
    return DateOrder.DAY_FIRST, day_first


def _timestamp(m: re.Match[str], order: DateOrder) -> datetime | None:
    """The header's time, or None when the fields are not a real date in this order."""
    d1, d2, d3 = int(m["d1"]), int(m["d2"]), int(m["d3"])
    if order is DateOrder.YEAR_FIRST:
        year, month, day = d1, d2, d3
    elif order is DateOrder.MONTH_FIRST:
        month, day, year = d1, d2, d3
    else:
        day, month, year = d1, d2, d3
    if year < 100:
        year += 2000
    hour = int(m["hh"])
    if m["ampm"]:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if m["ampm"] in "pP" else 0)
    try:
        return datetime(year, month, day, hour, int(m["mm"]), int(m["ss"] or 0))
    except ValueError:
        return None


def _build_messages(
    lines: list[str], matches: list[re.Match[str] | None], order: DateOrder
) -> list[ChatMessage]:
    """Group lines into messages; a line that is not a valid header continues the last one."""
    out: list[ChatMessage] = []
    stamp: datetime | None = None
    parts: list[str] = []
    for line, m in zip(lines, matches, strict=True):
        when = _timestamp(m, order) if m is not None else None
        if m is None or when is None:
            if stamp is None:
                raise ChatFormatError("the dates in this export do not follow one format")
            parts.append(line)
            continue
        if stamp is not None:
            out.append(_finish(stamp, parts))
        stamp, parts = when, [m["rest"]]
    if stamp is not None:
        out.append(_finish(stamp, parts))
    return out


def _finish(stamp: datetime, parts: list[str]) -> ChatMessage:
    sender, text, kind, edited = classify("\n".join(parts).rstrip())
    return ChatMessage(timestamp=stamp, sender=sender, text=text, kind=kind, edited=edited)
