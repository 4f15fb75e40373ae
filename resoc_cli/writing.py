"""Writing the dataset: one writer for every command that changes a file.

Every change goes through `Changes.commit`, which

- edits files in ruamel's round-trip mode, so comments, blank lines, key order and quoting
  survive (the canonical form below is applied only by `resoc fmt` and to new files);
- validates the dataset as it would be after the change, and refuses (writing nothing) when
  that has errors;
- writes each file atomically (a temporary file in the same folder, then a rename);
- never overwrites a file it did not mean to change: a new file must not exist yet, and a
  file it edits must still hold what it read.

The canonical form (`canonical_text`): key order as in the schema, 2-space indentation, no
line wrapping, ISO dates, the `# yaml-language-server: $schema=…` line first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .canonical import child_model, is_date_field, ordered_keys
from .errors import DataError, UsageError
from .findings import Finding
from .loading import kind_of_rel
from .kinds import MODELS

MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S+\n")
LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _iso(text: str) -> Any:
    """A day written without leading zeros, as a date; left as it is when it is no real day."""
    year, month, day = (int(part) for part in LOOSE_DATE.match(text).groups())  # type: ignore[union-attr]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return text


def round_trip() -> Any:
    """ruamel's round-trip YAML, set to the dataset's layout."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def load_text(text: str) -> Any:
    return round_trip().load(text)


def dump_text(tree: Any) -> str:
    stream = io.StringIO()
    round_trip().dump(tree, stream)
    return stream.getvalue()


def modeline(rel: str) -> str:
    """The editor's schema line for a file at `rel` (relative to the dataset root)."""
    kind = kind_of_rel(rel)
    depth = rel.count("/") + 1  # from the file's folder up to the repository (the dataset root's parent)
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


def canonical(tree: Any, model: Any) -> Any:
    """Put keys in schema order and dates in ISO form, in place; comments go with their keys."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(tree, CommentedMap):
        for key in ordered_keys(model, list(tree)) if model is not None else list(tree):
            tree.move_to_end(key)
        for key in list(tree):
            value = tree[key]
            if model is not None and isinstance(value, str) and is_date_field(model, key) and LOOSE_DATE.match(value):
                tree[key] = _iso(value)  # 2018-3-1 -> 2018-03-01
            else:
                canonical(value, child_model(model, key))
    elif isinstance(tree, CommentedSeq):
        for item in tree:
            canonical(item, model)
    return tree


def canonical_text(rel: str, text: str) -> str:
    """The canonical form of a file's text (unchanged when it cannot be parsed or placed)."""
    kind = kind_of_rel(rel)
    if kind is None:
        return text
    try:
        tree = load_text(MODELINE.sub("", text, count=1))
    except Exception:  # a broken file is validate's business, not fmt's
        return text
    if tree is None:
        return text
    return modeline(rel) + dump_text(canonical(tree, MODELS[kind]))


@dataclass
class Changes:
    """A set of file changes to a dataset, applied all together or not at all."""

    root: Path
    writes: dict[str, str] = field(default_factory=dict)  # rel -> new text
    deletes: set[str] = field(default_factory=set)
    creates: set[str] = field(default_factory=set)
    expected: dict[str, str] = field(default_factory=dict)  # rel -> hash of the text read

    def read(self, rel: str) -> str:
        """A file's current text (as changed so far), remembering what was read to detect others' edits."""
        if rel in self.writes:
            return self.writes[rel]
        path = self.root / rel
        if not path.is_file():
            raise UsageError(f"{path} does not exist")
        text = path.read_text(encoding="utf-8")
        self.expected.setdefault(rel, _digest(text))
        return text

    def edit(self, rel: str, tree: Any) -> None:
        self.read(rel)
        self.writes[rel] = _with_modeline(rel, self.read(rel), dump_text(tree))

    def create(self, rel: str, data: dict[str, Any]) -> None:
        if (self.root / rel).exists() or rel in self.writes:
            raise UsageError(f"{self.root / rel} exists already: nothing was written")
        from ruamel.yaml.comments import CommentedMap

        kind = kind_of_rel(rel)
        tree = canonical(_commented(data, CommentedMap), MODELS[kind] if kind else None)
        self.writes[rel] = modeline(rel) + dump_text(tree)
        self.creates.add(rel)

    def delete(self, rel: str) -> None:
        self.read(rel)
        self.deletes.add(rel)
        self.writes.pop(rel, None)

    def overlay(self) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {rel: text.encode("utf-8") for rel, text in self.writes.items()}
        out.update({rel: None for rel in self.deletes})
        return out

    def check(self) -> list[Finding]:
        """The errors the dataset would have after these changes."""
        from .validate import validate

        return validate([self.root], overlay=self.overlay()).errors

    def commit(self) -> list[str]:
        """Validate, then write every change atomically; returns the changed paths (relative)."""
        errors = self.check()
        if errors:
            lines = "\n".join(f"  {f.file}:{f.line}:{f.column} {f.code} {f.message}" for f in errors[:10])
            raise DataError(f"the change would leave {len(errors)} error(s) in the dataset, so nothing was written:\n{lines}")
        for rel, digest in self.expected.items():
            path = self.root / rel
            if not path.is_file() or _digest(path.read_text(encoding="utf-8")) != digest:
                raise DataError(f"{path} changed on disk while this command ran: nothing was written")
        for rel, text in self.writes.items():
            write_atomic(self.root / rel, text, new=rel in self.creates)
        for rel in self.deletes:
            (self.root / rel).unlink()
        return sorted([*self.writes, *self.deletes])


def write_atomic(path: Path, text: str | bytes, new: bool = False) -> None:
    """Write via a temporary file in the same folder and a rename; a new file must not exist (bytes: a PDF)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with (open(tmp, "wb") if isinstance(text, bytes) else open(tmp, "w", encoding="utf-8", newline="\n")) as handle:
        handle.write(text)
    if new:
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
        finally:
            tmp.unlink()
    else:
        os.replace(tmp, path)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _with_modeline(rel: str, before: str, after: str) -> str:
    """Keep the modeline the file had, should the round trip have dropped it."""
    kept = MODELINE.match(before)
    return after if kept is None or MODELINE.match(after) else kept.group(0) + after


def _commented(value: Any, mapping: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    if isinstance(value, dict):
        return mapping((k, _commented(v, mapping)) for k, v in value.items() if v not in (None, [], {}))
    if isinstance(value, list):
        return CommentedSeq(_commented(v, mapping) for v in value)
    return value
