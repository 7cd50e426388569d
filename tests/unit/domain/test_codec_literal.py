"""The codec round-trips ``Literal`` fields (the service of a partial report is one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from bot.domain.codec import CodecError, from_jsonable, to_jsonable


@dataclass(frozen=True)
class Picked:
    service: Literal["adults", "children"] | None
    size: Literal[1, 2] = 1


def test_literal_values_round_trip() -> None:
    for value in (Picked("adults", 2), Picked("children"), Picked(None)):
        assert from_jsonable(Picked, to_jsonable(value)) == value


def test_a_value_outside_the_literal_fails_loudly() -> None:
    with pytest.raises(CodecError):
        from_jsonable(Picked, {"service": "elsewhere"})
    with pytest.raises(CodecError):
        from_jsonable(Picked, {"service": "adults", "size": 3})
