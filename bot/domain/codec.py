"""Domain objects to JSON and back, driven by the dataclasses' own type hints.

The register stores a breach as one encrypted JSON snapshot. Rather than a hand-kept
mapping per field (which silently drops a field the domain adds later), this codec walks
the dataclass fields and their annotations, so a new domain field round-trips without a
change here and an unsupported type fails loudly in the tests.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import types
import typing
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


class CodecError(ValueError):
    """A stored value does not match the shape the domain expects."""


def to_jsonable(value: Any) -> Any:
    """Turn a domain value (dataclasses, enums, datetimes, collections) into JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted((to_jsonable(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise CodecError(f"cannot store a value of type {type(value).__name__}")


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild an instance of dataclass ``cls`` from ``to_jsonable`` output."""
    result = _decode(cls, data)
    return typing.cast(T, result)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return _decode_union(tp, data)
    if origin is typing.Literal:
        if data not in typing.get_args(tp):
            raise CodecError(f"{data!r} is not one of {typing.get_args(tp)!r}")
        return data
    if data is None:
        if tp is type(None):
            return None
        raise CodecError(f"missing value for {getattr(tp, '__name__', tp)}")
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _decode_dataclass(tp, data)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if tp is datetime:
        return datetime.fromisoformat(data)
    if origin in (tuple, list, frozenset, set):
        return _decode_collection(tp, origin, data)
    if origin in (dict, collections.abc.Mapping):
        _key_type, value_type = typing.get_args(tp)
        return {k: _decode(value_type, v) for k, v in data.items()}
    if tp in (str, int, float, bool) or tp is Any:
        return data
    raise CodecError(f"unsupported field type {tp!r}")


def _decode_union(tp: Any, data: Any) -> Any:
    options = typing.get_args(tp)
    if data is None and type(None) in options:
        return None
    for option in options:
        if option is type(None):
            continue
        try:
            return _decode(option, data)
        except (CodecError, ValueError, TypeError, KeyError):
            continue
    raise CodecError(f"no type in {tp!r} matches the stored value")


def _decode_dataclass(tp: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise CodecError(f"expected an object for {tp.__name__}")
    hints = _hints(tp)
    kwargs = {
        f.name: _decode(hints[f.name], data[f.name])
        for f in dataclasses.fields(tp)
        if f.name in data
    }
    return tp(**kwargs)


def _decode_collection(tp: Any, origin: Any, data: Any) -> Any:
    args = typing.get_args(tp)
    item_type = args[0] if args else Any
    items = [_decode(item_type, v) for v in data]
    return origin(items)
