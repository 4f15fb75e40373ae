"""A semantic diff of the dataset between two git revisions (or a revision and the working tree).

Reviewers read raw YAML diffs badly; this names what changed: records added, removed or
renamed, fields changed from old to new, memberships started and ended. Records are compared
as data (after parsing), so re-indenting or re-quoting a file shows as no change.
"""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import visibility
from .errors import UsageError
from .findings import md_cell
from .kinds import FILE_KINDS, MODELS, folder_of, kind_of_rel
from .loading import fast_loader, scan
from .migrations import upgrade

Key = tuple[str, str]  # (kind, id); a record filed under another's folder (a plan) is owner/id


@dataclass
class Change:
    kind: str
    id: str
    change: str  # added, removed, renamed, changed
    name: str | None = None
    renamed_from: str | None = None
    fields: list[dict[str, Any]] = field(default_factory=list)  # {"path", "old", "new"}
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


def _parse(text: bytes, kind: str) -> Any:
    """A file's data in the current format (older revisions are migrated, so a rename is no change)."""
    try:
        data = fast_loader().load(text.decode("utf-8"))
    except Exception:
        return {"_unreadable": True}
    upgrade(data, MODELS[kind])
    return data


def snapshot(repo: Path, folder: str, rev: str | None) -> dict[Key, Any]:
    """Every record of the dataset at a revision (None: the working tree), as parsed data."""
    records: dict[Key, Any] = {}
    if rev is None:
        root = repo / folder
        for rel, _, _ in scan(root):
            key = _key(rel)
            if key:
                records[key] = _parse((root / rel).read_bytes(), key[0])
        return records
    names = [n for n in _git(repo, "ls-tree", "-r", "--name-only", rev, "--", folder).decode().splitlines()
             if n.endswith((".yaml", ".yml"))]
    if not names:
        return records
    batch = _git(repo, "cat-file", "--batch", data="".join(f"{rev}:{n}\n" for n in names).encode())
    position = 0
    for name in names:
        header_end = batch.index(b"\n", position)
        size = int(batch[position:header_end].split()[2])
        body = batch[header_end + 1: header_end + 1 + size]
        position = header_end + 1 + size + 1
        key = _key(name[len(folder) + 1:])
        if key:
            records[key] = _parse(body, key[0])
    return records


def diff(base: dict[Key, Any], head: dict[Key, Any], include_internal: bool = False) -> list[Change]:
    """What changed from base to head, record by record; internal details changed but not shown
    unless asked for (the visibility boundary, visibility.py)."""
    if not include_internal:
        base, head = _masked(base, head)
    changes: list[Change] = []
    removed = {k: v for k, v in base.items() if k not in head}
    added = {k: v for k, v in head.items() if k not in base}
    for key, new in sorted(added.items()):
        old_key = _renamed_from(key, new, removed)
        if old_key is not None:
            old = removed.pop(old_key)
            change = Change(key[0], key[1], "renamed", _name(new), renamed_from=old_key[1])
            change.fields = _field_changes(_without_id(old), _without_id(new))
            changes.append(change)
        else:
            changes.append(Change(key[0], key[1], "added", _name(new)))
    for key, old in sorted(removed.items()):
        changes.append(Change(key[0], key[1], "removed", _name(old)))
    for key in sorted(set(base) & set(head)):
        old, new = base[key], head[key]
        if old == new:
            continue
        change = Change(key[0], key[1], "changed", _name(new))
        if key[0] == "council":
            change.memberships = _membership_changes(old.get("memberships") or [], new.get("memberships") or [])
            old, new = _without(old, "memberships"), _without(new, "memberships")
        change.fields = _field_changes(old, new)
        changes.append(change)
    order = {"added": 0, "renamed": 1, "changed": 2, "removed": 3}
    return sorted(changes, key=lambda c: (order[c.change], c.kind, c.id))


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


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    """Nested data as {dotted path: value}; list items with an id are keyed by it."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{path}.{k}" if path else str(k)))
        return out or {path: {}}
    if isinstance(value, list) and value and all(isinstance(v, dict) and "id" in v for v in value):
        out = {}
        for v in value:
            out.update(_flatten(_without_id(v), f"{path}[{v['id']}]"))
        return out
    return {path: value}


def _field_changes(old: Any, new: Any) -> list[dict[str, Any]]:
    before, after = _flatten(old), _flatten(new)
    return [{"path": p, "old": before.get(p), "new": after.get(p)}
            for p in sorted(set(before) | set(after)) if before.get(p) != after.get(p)]


def _member_key(m: dict[str, Any]) -> tuple[Any, ...]:
    return (m.get("contact"), m.get("on_behalf_of"), m.get("role"), m.get("side"), m.get("start_date"))


def _membership_changes(old: list[Any], new: list[Any]) -> list[dict[str, Any]]:
    before = {_member_key(m): m for m in old if isinstance(m, dict)}
    after = {_member_key(m): m for m in new if isinstance(m, dict)}
    events = []
    for key, m in after.items():
        who = {"contact": m.get("contact"), "on_behalf_of": m.get("on_behalf_of"), "role": m.get("role")}
        if key not in before:
            events.append({"event": "started", **who, "date": m.get("start_date")})
        elif before[key] != m:
            if before[key].get("end_date") is None and m.get("end_date") is not None:
                events.append({"event": "ended", **who, "date": m.get("end_date"), "reason": m.get("end_reason")})
            else:
                events.append({"event": "changed", **who, "fields": _field_changes(before[key], m)})
    for key, m in before.items():
        if key not in after:
            events.append({"event": "removed", "contact": m.get("contact"), "on_behalf_of": m.get("on_behalf_of"),
                           "role": m.get("role")})
    return events


def dataset_diff(data: Path, base: str, head: str | None = None, include_internal: bool = False) -> list[dict[str, Any]]:
    """The library call behind `resoc diff`: changes between two revisions (head None: working tree)."""
    repo, folder = repository(data)
    return [c.to_dict() for c in diff(snapshot(repo, folder, base), snapshot(repo, folder, head), include_internal)]


# ---------------------------------------------------------------------------- rendering


def _value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "[]"
    return str(value)


def _member_line(event: dict[str, Any]) -> str:
    who = event.get("contact") or "(no person)"
    party = f" for {event['on_behalf_of']}" if event.get("on_behalf_of") else ""
    date = f" on {event['date']}" if event.get("date") else ""
    reason = f" ({event['reason']})" if event.get("reason") else ""
    return f"{who}{party}, {event.get('role')}: {event['event']}{date}{reason}"


def to_text(changes: list[dict[str, Any]]) -> str:
    if not changes:
        return "no changes to the dataset\n"
    lines = []
    for c in changes:
        head = f"{c['change']:<8} {c['kind']} {c['id']}"
        if c.get("renamed_from"):
            head += f" (was {c['renamed_from']})"
        lines.append(head + (f"  {c['name']}" if c.get("name") else ""))
        lines += [f"    {f['path']}: {_value(f['old'])} -> {_value(f['new'])}" for f in c.get("fields", [])]
        lines += [f"    membership {_member_line(m)}" for m in c.get("memberships", [])]
    return "\n".join(lines) + "\n"


def to_markdown(changes: list[dict[str, Any]]) -> str:
    """For a pull-request comment or $GITHUB_STEP_SUMMARY."""
    if not changes:
        return "### Dataset changes\n\nNo changes to the dataset.\n"
    counts = {k: sum(1 for c in changes if c["change"] == k) for k in ("added", "renamed", "changed", "removed")}
    lines = ["### Dataset changes", "", ", ".join(f"{n} {k}" for k, n in counts.items() if n), ""]
    for c in changes:
        title = f"**{c['change']}** {c['kind']} `{c['id']}`" + (f" — {c['name']}" if c.get("name") else "")
        if c.get("renamed_from"):
            title += f" (was `{c['renamed_from']}`)"
        lines.append(f"- {title}")
        if c.get("fields"):
            lines += ["", "  | field | old | new |", "  |---|---|---|"]
            lines += [f"  | `{f['path']}` | {_cell(f['old'])} | {_cell(f['new'])} |" for f in c["fields"]]
            lines.append("")
        lines += [f"  - membership {_cell(_member_line(m))}" for m in c.get("memberships", [])]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return md_cell(_value(value))
