"""A semantic diff of the dataset between two git revisions (or a revision and the working tree).

Reviewers read raw YAML diffs badly; this names what changed: records added, removed or
renamed, fields changed from old to new, memberships started and ended. Records are compared
as data (after parsing), so re-indenting or re-quoting a file shows as no change.

Only the files git names as changed between the two revisions are read and parsed (git
compares its trees, or the working tree with its index), so the diff of one file costs about
the same in a dataset of 100 files as of 25,000. Every name the diff shows is in a changed
record itself, so no other file is needed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from . import visibility
from .errors import UsageError
from .suggest import unknown
from .kinds import FILE_KINDS, MODELS, folder_of, kind_of_rel
from .loading import dump_yaml, Document, fast_loader
from .migrations import upgrade
from .neutral import markdown_text, terminal_text

Key = tuple[str, str]  # (kind, id); a record filed under another's folder (a plan) is owner/id
Step = str | tuple[str, Any]  # a key of a mapping, or ("id", x): the item of a list whose id is x


@dataclass
class Snapshot:
    """The dataset at one revision: each record's data (migrated), its file in the repository and its text."""

    records: dict[Key, Any] = field(default_factory=dict)
    files: dict[Key, str] = field(default_factory=dict)
    texts: dict[Key, str] = field(default_factory=dict)

    def add(self, rel: str, folder: str, body: bytes) -> None:
        key = _key(rel)
        if key:
            text = body.decode("utf-8", errors="replace")  # for positions; the data only from valid UTF-8
            self.records[key] = _parse(body, key[0])
            self.files[key] = f"{folder}/{rel}" if folder not in ("", ".") else rel
            self.texts[key] = text


@dataclass
class Change:
    kind: str
    id: str
    change: str  # added, removed, renamed, changed
    name: str | None = None
    renamed_from: str | None = None
    file: str | None = None  # in the repository: head's file, base's for a removed record
    line: int | None = None  # of the record's first key in head's file
    record: dict[str, Any] | None = None  # an added or removed record's data, internal details masked
    fields: list[dict[str, Any]] = field(default_factory=list)  # {"path", "old", "new", "line"}
    memberships: list[dict[str, Any]] = field(default_factory=list)  # {"event": started|ended|removed|changed, ...}

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [])}


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=repo, input=data, capture_output=True)
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args[:2])}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def repository(data: Path) -> tuple[Path, str]:
    """The git repository holding the dataset folder, and the folder's path inside it."""
    if not data.is_dir():
        raise UsageError(f"no dataset at {data}")
    top = Path(_git(data, "rev-parse", "--show-toplevel").decode().strip())
    return top, data.resolve().relative_to(top.resolve()).as_posix()


def _key(rel: str) -> Key | None:
    kind = kind_of_rel(rel)
    if kind is None:
        return None
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return (kind, f"{folder_of(rel, kind)}/{stem}" if FILE_KINDS[kind].nested else stem)


def _parse(body: bytes, kind: str) -> Any:
    """A file's data in the current format (older revisions are migrated, so a rename is no change)."""
    try:
        data = fast_loader().load(body.decode("utf-8"))
    except Exception:
        return {"_unreadable": True}
    upgrade(data, MODELS[kind])
    return data


def _check_revision(repo: Path, revision: str | None) -> None:
    """A revision git does not know is a usage error naming the nearest branch or tag."""
    if revision is None or subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                                          cwd=repo, capture_output=True).returncode == 0:
        return
    refs = _git(repo, "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags").decode().split()
    raise UsageError(unknown("revision", revision, ["HEAD", *refs]))


def changed_files(repo: Path, folder: str, base: str, head: str | None) -> list[str]:
    """The YAML files under the dataset folder (paths in the repository) whose content differs
    between the revisions, as git says from its trees; head None: the working tree, untracked
    files included. A rename is a removal and an addition (the diff matches records itself)."""
    spec = folder if folder not in ("", ".") else "."
    for revision in (base, head):
        _check_revision(repo, revision)
    names = set(_git(repo, "diff", "--name-only", "-z", "--no-renames", base, *([head] if head else []), "--", spec)
                .decode().split("\0"))
    if head is None:
        names |= set(_git(repo, "ls-files", "-z", "--others", "--", spec).decode().split("\0"))
    return sorted(n for n in names if n.endswith((".yaml", ".yml")) and _inside(n, folder) is not None)


def _inside(name: str, folder: str) -> str | None:
    """A repository path relative to the dataset folder; None outside it or in a hidden folder."""
    rel = name[len(folder) + 1:] if folder not in ("", ".") else name
    inside = folder in ("", ".") or name.startswith(f"{folder}/")
    return rel if inside and not any(part.startswith(".") for part in rel.split("/")) else None


def snapshot(repo: Path, folder: str, rev: str | None, names: list[str]) -> Snapshot:
    """The records of the named files (paths in the repository) at a revision (None: the working
    tree), as parsed data; a file the revision does not have is left out."""
    found = Snapshot()
    for name, body in _blobs(repo, rev, names):
        found.add(_inside(name, folder) or name, folder, body)  # names are inside: changed_files
    return found


def _blobs(repo: Path, rev: str | None, names: list[str]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of each named file the revision has: one `git cat-file --batch` for all."""
    if rev is None:
        yield from ((n, (repo / n).read_bytes()) for n in names if (repo / n).is_file())
        return
    if not names:
        return
    batch = _git(repo, "cat-file", "--batch", data="".join(f"{rev}:{n}\n" for n in names).encode())
    position = 0
    for name in names:
        header_end = batch.index(b"\n", position)
        header = batch[position:header_end].split()
        position = header_end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        if header[1] == b"blob":
            yield name, batch[position: position + size]
        position += size + 1


class _Places:
    """Lines in head's file of one record, from ruamel's round-trip positions (parsed only when asked)."""

    def __init__(self, head: Snapshot, key: Key) -> None:
        self.data = head.records[key]
        self.document = Document.at(Path(head.files[key]), head.files[key], key[0], text=head.texts[key])

    def line(self, loc: tuple[Any, ...] = ()) -> int:
        """The line of the key (or list item) at loc; the record's first key for the record itself."""
        if not loc:
            first = next(iter(self.data), None) if isinstance(self.data, dict) else None
            return self.document.locate((first,), key=True)[0] if first is not None else 1
        return self.document.locate(loc, key=True)[0]

    def line_of(self, steps: tuple[Step, ...]) -> int:
        """The line of the deepest part of `steps` that head still has (a removed key: its parent)."""
        loc: list[Any] = []
        node = self.data
        for step in steps:
            part = _index_of(node, step[1]) if isinstance(step, tuple) else step if isinstance(node, dict) and step in node else None
            if part is None:
                break
            loc.append(part)
            node = node[part]
        return self.line(tuple(loc))


def _index_of(items: Any, item_id: Any) -> int | None:
    """Where in a list the item with this id is."""
    if not isinstance(items, list):
        return None
    return next((i for i, v in enumerate(items) if isinstance(v, dict) and v.get("id") == item_id), None)


def diff(base: Snapshot, head: Snapshot, include_internal: bool = False) -> list[Change]:
    """What changed from base to head, record by record, each placed on its line in head's file;
    internal details changed but not shown unless asked for (the visibility boundary, visibility.py)."""
    old_records, new_records = (base.records, head.records) if include_internal else _masked(base.records, head.records)
    changes: list[Change] = []
    removed = {k: v for k, v in old_records.items() if k not in new_records}
    for key in sorted(k for k in new_records if k not in old_records):
        new, places = new_records[key], _Places(head, key)
        old_key = _renamed_from(key, new, removed)
        if old_key is not None:
            change = Change(key[0], key[1], "renamed", _name(new), renamed_from=old_key[1])
            change.fields = _field_changes(_without_id(removed.pop(old_key)), _without_id(new), places)
        else:
            change = Change(key[0], key[1], "added", _name(new), record=new)
        changes.append(_placed(change, head.files[key], places))
    for key, old in sorted(removed.items()):
        changes.append(Change(key[0], key[1], "removed", _name(old), file=base.files[key], record=old))
    for key in sorted(set(old_records) & set(new_records)):
        old, new = old_records[key], new_records[key]
        if old != new:
            places = _Places(head, key)
            changes.append(_placed(_changed(key, old, new, places), head.files[key], places))
    order = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
    return sorted(changes, key=lambda c: (order[c.change], c.kind, c.id))


def _placed(change: Change, file: str, places: _Places) -> Change:
    change.file, change.line = file, places.line()
    return change


def _changed(key: Key, old: Any, new: Any, places: _Places) -> Change:
    change = Change(key[0], key[1], "changed", _name(new))
    if key[0] == "council" and isinstance(old, dict) and isinstance(new, dict):
        change.memberships = _membership_changes(old.get("memberships") or [], new.get("memberships") or [], places)
        old, new = _without(old, "memberships"), _without(new, "memberships")
    change.fields = _field_changes(old, new, places)
    return change


def _masked(base: dict[Key, Any], head: dict[Key, Any]) -> tuple[dict[Key, Any], dict[Key, Any]]:
    pairs = {key: visibility.mask_pair(base.get(key), head.get(key)) for key in {*base, *head}}
    return ({k: pairs[k][0] for k in base}, {k: pairs[k][1] for k in head})


def _name(record: Any) -> str | None:
    return record.get("name") or record.get("title") if isinstance(record, dict) else None


def _without(record: Any, key: str) -> Any:
    return {k: v for k, v in record.items() if k != key} if isinstance(record, dict) else record


def _without_id(record: Any) -> Any:
    return _without(record, "id")


def _renamed_from(key: Key, new: Any, removed: dict[Key, Any]) -> Key | None:
    """A removed record of the same kind with the same content (but its id) or the same name."""
    candidates = [k for k in removed if k[0] == key[0]]
    for k in candidates:
        if _without_id(removed[k]) == _without_id(new):
            return k
    for k in candidates:
        if _name(removed[k]) and _name(removed[k]) == _name(new):
            return k
    return None


def _by_id(old: Any, new: Any) -> bool:
    """Both are lists of items with ids (a pact's pillars, a plan's items): matched by id, not position."""
    items = [*old, *new] if isinstance(old, list) and isinstance(new, list) else []
    return bool(items) and all(isinstance(v, dict) and "id" in v for v in items)


def _walk(old: Any, new: Any, path: str = "", steps: tuple[Step, ...] = ()) -> Iterator[tuple[str, tuple[Step, ...], Any, Any]]:
    """(dotted path, steps to it, old, new) of every part that differs; an item of a list with ids
    that is only on one side is one part (its path ends in [id])."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [*new, *(k for k in old if k not in new)]:
            yield from _walk(old.get(k), new.get(k), f"{path}.{k}" if path else str(k), (*steps, k))
    elif _by_id(old, new):
        before, after = {v["id"]: v for v in old}, {v["id"]: v for v in new}
        for i in [*after, *(i for i in before if i not in after)]:
            here, at = f"{path}[{i}]", (*steps, ("id", i))
            if i in before and i in after:
                yield from _walk(_without_id(before[i]), _without_id(after[i]), here, at)
            else:
                yield here, at, before.get(i), after.get(i)
    else:
        yield path, steps, old, new


def _field_changes(old: Any, new: Any, places: _Places) -> list[dict[str, Any]]:
    """Every part that changed, in the order of head's file (a removed part at its parent's line)."""
    changes = [{"path": path, "old": a, "new": b, "line": places.line_of(steps)} for path, steps, a, b in _walk(old, new)]
    return sorted(changes, key=lambda c: c["line"])


def _member_key(m: dict[str, Any]) -> tuple[Any, ...]:
    return (m.get("contact"), m.get("on_behalf_of"), m.get("role"), m.get("side"), m.get("start_date"))


def _membership_changes(old: list[Any], new: list[Any], places: _Places) -> list[dict[str, Any]]:
    """Memberships started, ended, changed or removed, each with the membership before and after."""
    before = {_member_key(m): m for m in old if isinstance(m, dict)}
    after = {_member_key(m): (index, m) for index, m in enumerate(new) if isinstance(m, dict)}
    events = []
    for key, (index, m) in after.items():
        who = {"contact": m.get("contact"), "on_behalf_of": m.get("on_behalf_of"), "role": m.get("role")}
        line = places.line(("memberships", index))
        if key not in before:
            events.append({"event": "started", **who, "date": m.get("start_date"), "line": line, "new": m})
        elif before[key] != m:
            if before[key].get("end_date") is None and m.get("end_date") is not None:
                event = {"event": "ended", "date": m.get("end_date"), "reason": m.get("end_reason")}
            else:
                event = {"event": "changed"}
            events.append({**event, **who, "line": line, "old": before[key], "new": m})
    for key, m in before.items():
        if key not in after:
            events.append({"event": "removed", "contact": m.get("contact"), "on_behalf_of": m.get("on_behalf_of"),
                           "role": m.get("role"), "line": places.line_of(("memberships",)), "old": m})
    return sorted(events, key=lambda e: e["line"])


def dataset_diff(data: Path, base: str, head: str | None = None, include_internal: bool = False) -> list[dict[str, Any]]:
    """The library call behind `resoc diff`: changes between two revisions (head None: working tree)."""
    repo, folder = repository(data)
    names = changed_files(repo, folder, base, head)
    return [c.to_dict() for c in diff(snapshot(repo, folder, base, names), snapshot(repo, folder, head, names), include_internal)]


# ---------------------------------------------------------------------------- rendering
#
# Text and Markdown show every change as a small YAML diff: the values as the files write them
# (block style, dates plain), lines marked '- ' (before), '+ ' (after) or '  ' (unchanged), under
# a header with the change's line in head's file. JSON keeps the values as data.

Hunk = tuple[str, int | None, list[str]]  # (what, line in head's file, marked YAML lines)
ORDER = ("added", "renamed", "changed", "removed")
REAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def yaml_lines(value: Any) -> list[str]:
    """A value as the dataset's files would write it, line by line (nothing for None)."""
    if value is None:
        return []
    return [line for line in dump_yaml(_dated(value)).splitlines() if line != "..."]


def _dated(value: Any) -> Any:
    """Dates back to dates (the loader keeps them as text), so that they print unquoted as in the files."""
    if isinstance(value, dict):
        return {k: _dated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v) for v in value]
    if isinstance(value, str) and REAL_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def marked(old: Any, new: Any) -> list[str]:
    """The lines of old and new as a line diff: '- ' gone, '+ ' come, '  ' kept."""
    before, after = yaml_lines(old), yaml_lines(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [f"  {line}" for line in before[i1:i2]]
        else:
            out += [f"- {line}" for line in before[i1:i2]] + [f"+ {line}" for line in after[j1:j2]]
    return out


def _leaf(path: str) -> str:
    return re.split(r"[.\]]", path)[-1]


def _keyed(path: str, value: Any) -> Any:
    """A part as its file writes it: under its key, or as a list item when it is one (path ends in [id])."""
    if value is None:
        return None
    return [value] if path.endswith("]") else {_leaf(path): value}


def _item(value: Any) -> Any:
    return None if value is None else [value]


def hunks(change: dict[str, Any]) -> list[Hunk]:
    """A change's parts, each a small YAML diff at its line in head's file."""
    if change["change"] == "added":
        return [("new record", change.get("line"), marked(None, change.get("record")))]
    if change["change"] == "removed":
        return [("record removed", None, marked(change.get("record"), None))]
    out = [(f["path"], f.get("line"), marked(_keyed(f["path"], f["old"]), _keyed(f["path"], f["new"])))
           for f in change.get("fields", [])]
    out += [(f"membership {_member_words(m)}", m.get("line"), marked(_item(m.get("old")), _item(m.get("new"))))
            for m in change.get("memberships", [])]
    return sorted(out, key=lambda hunk: hunk[1] or 0)  # in the order of the file


def _member_words(event: dict[str, Any]) -> str:
    who = event.get("contact") or "(no person)"
    party = f" for {event['on_behalf_of']}" if event.get("on_behalf_of") else ""
    return f"{event['event']}: {who}{party}, {event.get('role')}"


def summary(changes: list[dict[str, Any]]) -> str:
    """'5 records: 1 added, 1 renamed, 2 changed, 1 removed'."""
    counts = [(sum(1 for c in changes if c["change"] == k), k) for k in ORDER]
    return f"{len(changes)} record{'s' if len(changes) != 1 else ''}: " + ", ".join(f"{n} {k}" for n, k in counts if n)


def _title(change: dict[str, Any]) -> str:
    return f"{change['change']} {change['kind']} {change['id']}" + (
        f" (was {change['renamed_from']})" if change.get("renamed_from") else "")


def to_text(changes: list[dict[str, Any]]) -> str:
    """For a terminal: a summary line, then per record its hunks under 'file:line  what'."""
    if not changes:
        return "no changes to the dataset\n"
    lines = [summary(changes)]
    for c in changes:
        lines += ["", _title(c) + (f"  {c['name']}" if c.get("name") else "")]
        for what, line, body in hunks(c):
            lines.append(f"  {c.get('file')}{f':{line}' if line else ''}  {what}")
            lines += [f"    {text}" for text in body]
    return terminal_text("\n".join(lines) + "\n")


def to_markdown(changes: list[dict[str, Any]]) -> str:
    """For a pull-request comment or $GITHUB_STEP_SUMMARY: a summary line, then per record a heading,
    its file and one diff block (values sit in code, where nothing in them is markup)."""
    if not changes:
        return "### Dataset changes\n\nNo changes to the dataset.\n"
    lines = ["### Dataset changes", "", summary(changes) + "."]
    for c in changes:
        title = f"{c['change'].capitalize()} {c['kind']} {_code(c['id'])}"
        title += f" (was {_code(c['renamed_from'])})" if c.get("renamed_from") else ""
        title += f" — {markdown_text(str(c['name']))}" if c.get("name") else ""
        lines += ["", f"#### {title}", "", _code(str(c.get("file")))]
        body = [f"@@ {f'line {line}: ' if line else ''}{what} @@\n" + "".join(f"{text}\n" for text in part)
                for what, line, part in hunks(c)]
        fence = "`" * max(3, _longest_backticks("".join(body)) + 1)
        lines += ["", f"{fence}diff", "".join(body).rstrip("\n"), fence]
    return "\n".join(lines) + "\n"


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _code(text: str) -> str:
    """Text as an inline code span that no backtick or line break in it can end early."""
    text = " ".join(text.splitlines())
    ticks = "`" * (_longest_backticks(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
