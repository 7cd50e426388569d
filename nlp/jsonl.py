"""The JSON-lines scanning contract: one output line per input line, in order.

Input lines are ``{"id": ..., "text": ...}``. Output lines are
``{"id": ..., "flagged": bool, "findings": [{"entity_type", "start", "end", "score"}]}``
or, for a line that cannot be scanned, ``{"id": ... or null, "error": "..."}``. A blank
line also gets an error line, so output line N always answers input line N. Errors never
echo the input.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from nlp.detector import ScanResult

log = logging.getLogger(__name__)


class Scanner(Protocol):
    """Anything with the detector's ``scan``."""

    def scan(self, text: str) -> ScanResult:
        """Scan one message."""


def result_record(item_id: Any, result: ScanResult) -> dict[str, Any]:
    """The output object for a scanned line."""
    return {
        "id": item_id,
        "flagged": result.flagged,
        "findings": [
            {"entity_type": f.entity_type, "start": f.start, "end": f.end, "score": f.score}
            for f in result.findings
        ],
    }


def _parse(raw: bytes) -> tuple[Any, str | None, str | None]:
    """``(id, text, error)`` for one input line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, None, "line is not UTF-8 text"
    if not line.strip():
        return None, None, "blank line"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return None, None, "line is not valid JSON"
    if not isinstance(obj, dict):
        return None, None, "line is not a JSON object"
    item_id = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return item_id, None, "missing 'text' string"
    return item_id, text, None


def scan_lines(scanner: Scanner, lines: Iterable[bytes]) -> Iterator[dict[str, Any]]:
    """One output record per input line (raw bytes, newline optional), in order."""
    for number, raw in enumerate(lines, 1):
        item_id, text, error = _parse(raw.rstrip(b"\r\n"))
        if error is not None or text is None:
            yield {"id": item_id, "error": error or "missing 'text' string"}
            continue
        try:
            yield result_record(item_id, scanner.scan(text))
        except Exception as exc:  # one bad message must not stop the run
            log.error("scan failed on input line %d (%s)", number, type(exc).__name__)
            yield {"id": item_id, "error": "internal error while scanning"}
