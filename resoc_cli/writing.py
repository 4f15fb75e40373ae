"""Writing the dataset: one writer for every command that changes a file.

Every change goes through `Changes.commit`, which

- edits files in ruamel's round-trip mode, so comments, blank lines, key order and quoting
  survive (the canonical form below is applied only by `resoc fmt` and to new files);
- validates the dataset as it would be after the change, and refuses (writing nothing) when
  that has errors;
- holds the dataset's lock from its first read to its last write, and applies the files of
  a change all together or not at all, even when killed (journal.py);
- never overwrites a file it did not mean to change: a new file must not exist yet, and a
  file it edits must still hold what it read; a file keeps its mode, and a read-only one
  is refused;
- refuses a file it cannot read, decode or parse with a finding that says where.

A file that starts with a UTF-8 byte-order mark keeps it through an edit; `resoc fmt` removes
it, since the canonical form has none.

`atomic_write` is the one way the tool writes any other whole file (reports, exports).

The canonical form (`canonical_text`): key order as in the schema, 2-space indentation, no
line wrapping, ISO dates, the `# yaml-language-server: $schema=…` line first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable
from typing import Any

from . import journal
from .canonical import field_order, child_model, is_date_field, ordered_keys
from .errors import DataError, UsageError
from .findings import Finding
from .kinds import MODELS, kind_of_rel
from .loading import display_path, fast_parse, read_file, yaml_problem

MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S+\n")
LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
BOM = "\ufeff"


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
    try:
        return _canonical(rel, text)
    except Exception:  # a broken file is validate's business here; fmt refuses it (Changes.canonical)
        return text


def canonical_forms(items: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(path, canonical text) of each (path, text); None for a text that does not parse, which
    Changes.canonical then refuses where it breaks. Plain values in and out: it runs in fmt's
    worker processes."""
    from ruamel.yaml.error import YAMLError

    out: list[tuple[str, str | None]] = []
    for rel, text in items:
        try:
            out.append((rel, _canonical(rel, text)))
        except YAMLError:
            out.append((rel, None))
    return out


def _canonical(rel: str, text: str) -> str:
    kind = kind_of_rel(rel)
    if kind is None:
        return text
    tree = load_text(MODELINE.sub("", text.removeprefix(BOM), count=1))
    if tree is None:
        return text
    return modeline(rel) + dump_text(canonical(tree, MODELS[kind]))


def atomic_write(path: Path, data: bytes | Iterable[bytes], mode: int | None = None) -> None:
    """Write a whole file (`data`, or its pieces as they are made, so that a large export is
    never whole in memory) so that a reader, a crash or a full disk finds the old content or the
    new, never a mix: a flushed temporary file in the same folder, renamed onto the path, then
    the folder flushed. The file keeps its mode (or takes `mode`); a read-only file is refused;
    a missing folder is a usage error, never created (`-o /nonexistent/dir/x.md`)."""
    folder = journal.writable_folder(path.parent)
    keep = journal.kept_mode(path)
    staged = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        journal.write_synced(staged, data, keep if mode is None else mode)
        os.replace(staged, path)
        journal.sync_folder(folder)
    except OSError as error:
        raise DataError(f"could not write {path}: {error.strerror}; nothing was written") from None
    finally:
        staged.unlink(missing_ok=True)


def atomic_write_all(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Write many whole files (an export folder) as `atomic_write` writes one, with one flush
    for all of them: each file is staged beside its path, everything staged is flushed with one
    sync, and only then is each renamed into place and its folder flushed. A reader, a crash or
    a full disk finds each file old or new, never half-written. (An fsync per file made an
    OParl export of 3,700 files spend 3 of its 7 seconds waiting for the disk.)

    A file that already holds exactly these bytes is left as it is (its time stamp too, so a
    folder published with rsync or committed to git shows what changed): exporting again over
    an earlier export renamed 18,725 files onto themselves, at about 0.1 ms each. The sync still
    flushes whatever of it an earlier run left unwritten. Returns every file of the export."""
    staged: list[tuple[Path, Path]] = []
    written: list[Path] = []
    folders: set[Path] = set()
    placed = 0
    try:
        for path, data in files:
            if path.parent not in folders:
                folders.add(journal.writable_folder(path.parent))
            keep = journal.kept_mode(path)  # a read-only file is refused, changed or not
            written.append(path)
            if keep is not None and _holds(path, data):
                continue
            staged.append((path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp", path))
            journal.write_synced(staged[-1][0], data, keep, sync=False)
        os.sync()
        for temporary, path in staged:
            os.replace(temporary, path)
            placed += 1
        for folder in {path.parent for _, path in staged}:
            journal.sync_folder(folder)
    except OSError as error:
        raise DataError(f"could not write {error.filename or 'the export'}: {error.strerror}; "
                        "files not yet in place were not written") from None
    finally:
        for temporary, _ in staged[placed:]:
            temporary.unlink(missing_ok=True)
    return written


def _holds(path: Path, data: bytes) -> bool:
    """True when `path` is a regular file, not a link, whose content is exactly `data`. Anything
    else is never opened (a FIFO would block the open for ever); O_NONBLOCK and O_NOFOLLOW keep
    a swap made between the look and the open from doing so either."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        handle = open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK))
    except OSError:
        return False
    with handle:
        status = os.fstat(handle.fileno())
        return stat.S_ISREG(status.st_mode) and status.st_size == len(data) and handle.read(len(data) + 1) == data


class Unreadable(DataError):
    """A file a change has to read cannot be read, decoded or parsed; the finding says where."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(f"{finding.located()}; nothing was written")
        self.finding = finding


@dataclass
class Changes:
    """A set of file changes to a dataset, applied all together or not at all.

    The first read (or `hold`) takes the dataset's lock, which `commit` (or `release`) gives
    back, so that what a change was made from is what it is written over. `lock=False` is for
    reading only (`fmt --check`).
    """

    root: Path
    writes: dict[str, str] = field(default_factory=dict)  # rel -> new text
    deletes: set[str] = field(default_factory=set)
    creates: set[str] = field(default_factory=set)
    expected: dict[str, str] = field(default_factory=dict)  # rel -> hash of the bytes read
    lock: bool = True
    boms: set[str] = field(default_factory=set)  # files that start with a byte-order mark, kept
    warnings: list[Finding] = field(default_factory=list)  # what the change adds, found by `check`
    _raw: dict[str, bytes] = field(default_factory=dict, repr=False)
    _parsed: set[str] = field(default_factory=set, repr=False)  # files whose bytes read as YAML (checked once)
    _held: contextlib.ExitStack | None = field(default=None, repr=False)

    def hold(self) -> None:
        """Take the dataset's lock, finishing an interrupted change first (once; re-entrant)."""
        if self._held is not None:
            return
        self._held = contextlib.ExitStack()
        if self.lock:
            self._held.enter_context(journal.dataset_lock(self.root))
        else:
            journal.recover(self.root)

    def release(self) -> None:
        if self._held is not None:
            self._held.close()
            self._held = None

    def read_bytes(self, rel: str) -> bytes:
        """A file's bytes as on disk, remembered (and their hash, to detect others' edits)."""
        self.hold()
        if rel not in self._raw:
            path = self.root / rel
            if not path.is_file():
                raise UsageError(f"{path} does not exist")
            raw, problem = read_file(path, self.display(rel))
            if raw is None:
                raise Unreadable(problem)  # type: ignore[arg-type]
            self._raw[rel] = raw
            self.expected.setdefault(rel, journal.digest(self._raw[rel]))
        return self._raw[rel]

    def read(self, rel: str) -> str:
        """A file's current text (as changed so far); a file too big, not UTF-8 or not YAML is
        refused, located."""
        if rel in self.writes:
            return self.writes[rel]
        raw = self.read_bytes(rel)  # read once: the same bytes on every call
        if rel not in self._parsed:
            _, problem = fast_parse(self.display(rel), raw)  # quick, and refuses what would take the round trip minutes
            if problem is not None:
                raise Unreadable(problem)
            self._parsed.add(rel)
        text = raw.decode("utf-8")
        if text.startswith(BOM):
            self.boms.add(rel)
        return text.removeprefix(BOM)

    def parse(self, rel: str) -> Any:
        """A file's round-trip tree, for editing; a YAML error is refused where it is."""
        text = self.read(rel)
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        try:
            return load_text(text)
        except MarkedYAMLError as error:
            raise Unreadable(yaml_problem(self.display(rel), error)) from None
        except YAMLError as error:  # a character YAML does not allow, at `position`
            before = text[: getattr(error, "position", 0)]
            finding = Finding(self.display(rel), before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1, "Y001",
                              "error", f"the file cannot be read as YAML: {error}")
            raise Unreadable(finding) from None

    def canonical(self, rel: str) -> str:
        """The file's text in canonical form; a file that does not parse is refused, located."""
        text = self.read(rel)
        from ruamel.yaml.error import YAMLError

        try:
            return _canonical(rel, text)
        except YAMLError:
            self.parse(rel)  # raises the error where the file (with its schema line) has it
            raise

    def display(self, rel: str) -> str:
        return display_path(self.root / rel)

    def edit(self, rel: str, tree: Any) -> None:
        self.writes[rel] = _with_modeline(rel, self.read(rel), dump_text(tree))

    def reformat(self, rel: str, text: str) -> None:
        """Replace a file's text with its canonical form, which has no byte-order mark."""
        self.read(rel)
        self.writes[rel] = text
        self.boms.discard(rel)

    def create(self, rel: str, data: dict[str, Any]) -> None:
        self.hold()
        if (self.root / rel).exists() or rel in self.writes:
            raise DataError(f"{self.root / rel} exists already: nothing was written")  # a conflict with the data: exit 1
        from ruamel.yaml.comments import CommentedMap

        kind = kind_of_rel(rel)
        tree = canonical(_commented(data, CommentedMap), MODELS[kind] if kind else None)
        self.writes[rel] = modeline(rel) + dump_text(tree)
        self.creates.add(rel)

    def delete(self, rel: str) -> None:
        self.read_bytes(rel)
        self.deletes.add(rel)
        self.writes.pop(rel, None)

    def data(self, rel: str) -> bytes:
        """The bytes a changed file will hold."""
        return ((BOM if rel in self.boms else "") + self.writes[rel]).encode("utf-8")

    def overlay(self) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {rel: self.data(rel) for rel in self.writes}
        out.update({rel: None for rel in self.deletes})
        return out

    def check(self) -> list[Finding]:
        """The errors the dataset would have after these changes. The warnings it would gain in
        the files changed are kept in `warnings`, for the writer to show once it has written."""
        from .validate import validate

        report = validate([self.root], overlay=self.overlay())
        changed = {self.display(rel) for rel in self.writes}
        gained = [f for f in report.warnings if f.file in changed]
        if gained:  # only then the dataset as it is: most changes bring no warning
            known = {(f.file, f.code, f.message) for f in validate([self.root]).warnings}
            gained = [f for f in gained if (f.file, f.code, f.message) not in known]
        self.warnings = gained
        return report.errors

    def commit(self, validate: bool = True) -> list[str]:
        """Validate (unless told not to: fmt changes only the layout), then write every change
        under the lock, all or nothing; returns the changed paths (relative)."""
        self.hold()
        try:
            errors = self.check() if validate else []
            if errors:
                lines = "\n".join(f"  {f.located()}" for f in errors[:10])
                raise DataError(f"the change would leave {len(errors)} error(s) in the dataset, so nothing was written:\n{lines}")
            self._unchanged_on_disk()
            ops = [journal.Op(rel, self.data(rel), rel in self.creates, self.expected.get(rel)) for rel in sorted(self.writes)]
            ops += [journal.Op(rel, None, False, self.expected[rel]) for rel in sorted(self.deletes)]
            try:
                if ops:
                    journal.apply(self.root, ops)
            except OSError as error:
                where = error.filename or self.root
                raise DataError(f"could not write {where}: {error.strerror}; nothing was written") from None
        finally:
            self.release()
        return sorted([*self.writes, *self.deletes])

    def _unchanged_on_disk(self) -> None:
        """Refuse when a file read has changed (or a file to create has appeared) since: someone
        else's edit is never written over."""
        for rel, digest in self.expected.items():
            path = self.root / rel
            try:
                now = journal.digest(path.read_bytes())
            except FileNotFoundError:
                now = None
            if now != digest:
                raise DataError(f"{path} changed on disk while this command ran: nothing was written")
        for rel in self.creates:
            if (self.root / rel).exists():
                raise DataError(f"{self.root / rel} appeared while this command ran: nothing was written")


def leftovers(root: Path) -> list[str]:
    """Temporary files below the dataset folder that an interrupted writer (of this or an older
    version) may have left, outside `.resoc/` (which every writer empties): `forget` searches them."""
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != journal.STATE]
        found += [Path(folder, name).relative_to(root).as_posix() for name in files if name.endswith(".tmp")]
    return sorted(found)


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


# ---------------------------------------------------------------------------- building round-trip trees
# A command that adds to a file builds the new part here, with the writer, so that only this
# module and loading.py know ruamel's types.


def mapping(values: dict[str, Any]) -> Any:
    """A round-trip mapping of the values given (lists as block sequences), in the order given, empty ones left out."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    return CommentedMap((k, CommentedSeq(v) if isinstance(v, list) else v) for k, v in values.items() if v)


def append_in_order(tree: Any, model: Any, key: str, item: Any) -> None:
    """Append `item` to the list at `key`, first adding the key where the schema order puts it
    (the other keys stay where they are) when the file has no such list yet."""
    from ruamel.yaml.comments import CommentedSeq

    if key not in tree:
        order = field_order(model)
        later = [k for k in tree if k in order and order.index(k) > order.index(key)]
        tree.insert(list(tree).index(later[0]) if later else len(tree), key, CommentedSeq())
    tree[key].append(item)
