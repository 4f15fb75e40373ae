"""The validation cache's values as plain JSON: findings and facts written as data and read back by
their type hints, so that nothing but those types can come out of a cache file (never a pickle)."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import stat
import time
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .findings import Finding
from .when import When

def _findings(text: str | None) -> list[Finding]:
    return [Finding(*item) for item in json.loads(text)] if text else []


def _plain(value: Any) -> Any:
    """The JSON form of what json does not know: a date as its text, a dataclass as the list of
    its field values in order (tuples become lists; _reader turns them back)."""
    if isinstance(value, When):
        return value.text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, name) for name in _field_names(type(value))]
    raise TypeError(f"the cache cannot store a {type(value).__name__}")


@lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names in order, asked of dataclasses once per class (a cold pass
    stores 40,000 facts and their parts)."""
    return tuple(item.name for item in dataclasses.fields(kind))


@lru_cache(maxsize=None)
def _reader(kind: Any) -> Callable[[Any], Any]:
    """A function that turns the JSON form of a value of type `kind` back into that value.

    Built from the type hints, so a new field of the facts is stored without a change here, and
    only the types those hints name can come out of the cache: text, numbers, tuples, lists,
    dicts, dates (through When.parse) and the facts' own dataclasses.
    """
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is When:
        return _when
    if kind in (str, int, bool, Any):
        return _same
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _reader(next(arg for arg in args if arg is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        each = _reader(args[0])
        return tuple if each is _same else lambda value: tuple([each(item) for item in value])
    if origin is tuple:
        return _positional([_reader(arg) for arg in args], tuple)
    if origin is list:
        each = _reader(args[0])
        return list if each is _same else lambda value: [each(item) for item in value]
    if origin is dict:
        each = _reader(args[1])
        return dict if each is _same else lambda value: {key: each(item) for key, item in value.items()}
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return _positional([_reader(hints[item.name]) for item in dataclasses.fields(kind)], lambda items: kind(*items))
    raise TypeError(f"the cache cannot read back a {kind!r}")


def _positional(readers: list[Callable[[Any], Any]], build: Callable[[list[Any]], Any]) -> Callable[[Any], Any]:
    """A reader of a fixed-length JSON list (a tuple, a dataclass) that converts only the items
    that need it: the facts hold tens of thousands of these, mostly text and numbers."""
    size = len(readers)
    convert = [(index, read) for index, read in enumerate(readers) if read is not _same]

    def read(value: Any) -> Any:
        if not isinstance(value, list) or len(value) != size:
            raise ValueError(f"expected a list of {size} values")
        for index, each in convert:
            value[index] = each(value[index])
        return build(value)

    return read


def _same(value: Any) -> Any:
    return value


@lru_cache(maxsize=4096)
def _when(text: str) -> When:
    """A date read back from its text; the same few dates recur all over the facts."""
    return When.parse(text)
