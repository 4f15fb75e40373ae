"""Where the validation cache lives and whose it is: a file name only this user on this machine can
make (signed with a private key kept outside the tree), so a cache in a clone is never opened."""

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

def _home() -> Path:
    """This user's cache folder for resoc ($XDG_CACHE_HOME/resoc, ~/.cache/resoc by default)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "resoc"


def cache_dir() -> Path:
    configured = os.environ.get("RESOC_CACHE_DIR")
    return Path(configured).absolute() if configured else _home() / "validate"


def _private(status: os.stat_result, others: int = 0o022) -> bool:
    """A regular file of this user that no one else may write (or, with others=0o077, read)."""
    return stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & others


def _key() -> bytes | None:
    """This user's random key on this machine, made on first use; None when it cannot be had
    safely (the key file belongs to someone else, others can read it, or it is a link)."""
    try:
        path = _home() / "key"
        return _read_key(path)
    except FileNotFoundError:
        return _make_key(path, replace=False)
    except ValueError:  # this user's and private, but not a key: replaced
        return _make_key(path, replace=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to keep it in
        return None


def _read_key(path: Path) -> bytes | None:
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as handle:
        status = os.fstat(handle.fileno())
        key = handle.read(33)
    if not _private(status, 0o077):
        return None
    if len(key) != 32:
        raise ValueError(f"{path} is not a key")
    return key


def _make_key(path: Path, replace: bool) -> bytes | None:
    """Write a new key beside its place, then link (or, for a broken one, rename) it there, so
    that two runs making it at once agree on one key."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".key.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
            handle.write(secrets.token_bytes(32))
        try:
            os.replace(tmp, path) if replace else os.link(tmp, path)
        except FileExistsError:
            pass  # another run made it first: that one is used
        finally:
            tmp.unlink(missing_ok=True)
        return _read_key(path)
    except (OSError, ValueError):
        return None


def _sign(key: bytes, purpose: str, root: Path) -> str:
    return hmac.new(key, f"{purpose}\0{os.getuid()}\0".encode() + os.fsencode(root), hashlib.sha256).hexdigest()


def cache_file(root: Path) -> Path | None:
    """Where the cache of the dataset at `root` lives; a name no one without this user's key can
    know. None when there is no key."""
    key = _key()
    return None if key is None else cache_dir() / f"validate-{_sign(key, 'name', root.resolve())[:32]}.sqlite3"


def _token(root: Path) -> str:
    key = _key()
    return "" if key is None else _sign(key, "token", root.resolve())
