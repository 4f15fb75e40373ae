"""Changing the dataset: new records, ended memberships, erased people, the canonical form.

Each function prepares a `writing.Changes` and returns it with a description of what it does;
the caller commits it (which validates first and writes nothing on an error). Edits are made
in round-trip mode and touch only what they change, so a reviewer's diff shows just that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache_fmt import Known, fmt_scope
from .canonical import field_order
from .errors import DataError, NotFoundError, UsageError
from .findings import Finding
from .suggest import did_you_mean, unaccented
from .loading import YAML_SUFFIXES, kind_of_rel, scan
from .kinds import FILE_KINDS, MODELS, file_placement
from .meaning import tree as tree_of
from .models import Action, Council, Event, Membership, Pillar
from .when import When
from .writing import Changes, Unreadable, append_in_order, leftovers, mapping



@dataclass
class Edit:
    """Prepared changes and, for people, what they will do."""

    changes: Changes
    summary: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    """'Lieve Cox' -> 'lieve-cox'; accents folded, anything else a hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", unaccented(text).lower()).strip("-") or "record"


def free_id(root: Path, kind: str, name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A slug of the name that no record of the kind uses yet (lieve-cox, lieve-cox-2, ...), nor
    any id in `taken` (those an import is about to create)."""
    base, number = slug(name), 1
    candidate = base
    while (root / FILE_KINDS[kind].rel(candidate)).exists() or candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _check_date(value: str | None, option: str) -> Any:
    """A date from the command line as the dataset writes it: a day as a YAML date, a year as a
    number, a month or season as text (so that none of them comes out quoted)."""
    if value is None:
        return None
    try:
        when = When.parse(value)
    except ValueError as error:
        raise UsageError(f"{option}: {error}") from None
    if when.precision == "day":
        return when.earliest
    if when.precision == "year":
        return int(when.text)
    return when.text


def _sources(sources: list[str]) -> list[str]:
    if not sources:
        raise UsageError("give at least one --source: a seed file name or the web address the facts come from")
    return sources


def _record(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The values in schema order, empty ones left out."""
    order = field_order(MODELS[kind])
    return {k: values[k] for k in order if values.get(k) not in (None, [], {})}


def same_name(root: Path, kind: str, name: str) -> list[tuple[str, str]]:
    """The records of a kind (id, file) whose name is this one, case and accents aside: a second
    'Lieve Cox' is more often the same person typed again than a namesake."""
    from .loading import fast_loader

    wanted, found = slug(name), []
    for rel, _, _ in scan(root):
        if kind_of_rel(rel) != kind or not rel.endswith(YAML_SUFFIXES):
            continue
        try:
            data = fast_loader().load((root / rel).read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - an unreadable file names nobody; the writer refuses it, located
            continue
        if isinstance(data, dict) and slug(str(data.get("name") or "")) == wanted:
            found.append((str(data.get("id")), rel))
    return found


def new_record(root: Path, kind: str, values: dict[str, Any], changes: Changes | None = None) -> Edit:
    """A new file for a contact, organisation or council, its id made from its name when not given.
    `changes` adds it to a larger change (an import), committed by the caller."""
    changes = changes or Changes(root)
    changes.hold()  # before the free id is chosen: a writer at the same time cannot take it
    values = dict(values)
    values["id"] = values.get("id") or free_id(root, kind, values["name"])
    values["sources"] = _sources(values.get("sources") or [])
    for key in ("start_date", "end_date"):
        if isinstance(values.get(key), str):
            values[key] = _check_date(values[key], f"--{key.replace('_', '-')}")
    _valid(MODELS[kind], values)
    rel = file_placement(kind, values)
    changes.create(rel, _record(kind, values))
    return Edit(changes, [f"new {kind} {values['id']}: {rel}"])


def e164(text: str) -> str:
    """A phone number as people write it ('014 72 86 57', '+32 (0)14 72 86 57') in its one stored
    form, E.164 ('+3214728657'); Belgian unless it says otherwise. ValueError: not a number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normal_email(text: str) -> str:
    """An e-mail address with its domain in lower case (the local part is the owner's to spell),
    by the library the validation uses, so what is written is what validates. ValueError: why not."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(text.strip(), check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None


def phone_number(text: str) -> str:
    """`--phone` as stored; not a number: a usage error."""
    try:
        return e164(text)
    except ValueError:
        raise UsageError(f"--phone: '{text}' is not a valid phone number (e.g. 014 72 86 57 or +3214728657)") from None


def email_address(text: str) -> str:
    """`--email` as stored; not an address: a usage error."""
    try:
        return normal_email(text)
    except ValueError as error:
        raise UsageError(f"--email: '{text}' is not an e-mail address: {error}") from None


def new_contact(root: Path, name: str, sources: list[str], id: str | None = None, email: str | None = None,
                phone: str | None = None, visibility: str = "internal") -> Edit:
    """A person's file; the e-mail and phone as the dataset stores them, whatever way they were typed."""
    details = []
    if email:
        details.append({"type": "email", "value": email_address(email), "visibility": visibility})
    if phone:
        details.append({"type": "phone", "value": phone_number(phone), "visibility": visibility})
    return new_record(root, "contact", {"id": id, "name": name, "contact_details": details, "sources": sources})


def _load(changes: Changes, kind: str, id: str) -> tuple[str, Any]:
    """A record's file (relative path) and its round-trip tree, for editing."""
    rel = FILE_KINDS[kind].rel(id)
    changes.hold()
    if not (changes.root / rel).is_file():
        raise NotFoundError(f"no {kind} has the id '{id}'{did_you_mean(id, _ids_on_disk(changes.root, kind))}")
    return rel, changes.parse(rel)


def _ids_on_disk(root: Path, kind: str) -> list[str]:
    """The ids of a kind whose files sit in one folder, from the file names (for a suggestion)."""
    spec = FILE_KINDS[kind]
    return [] if spec.nested else [p.stem for p in (root / spec.path[0]).glob("*.yaml")]


def new_membership(root: Path, contact: str, council: str, role: str, start_date: str, side: str | None = None,
                   on_behalf_of: str | None = None, label: str | None = None, sources: list[str] | None = None,
                   changes: Changes | None = None, note: str | None = None) -> Edit:
    """Put a person on a council seat, on behalf of an organisation, from a date (`changes`: as in new_record)."""
    changes = changes or Changes(root)
    rel, tree = _load(changes, "council", council)
    membership = mapping({"contact": contact, "on_behalf_of": on_behalf_of, "role": role, "side": side, "label": label,
                          "start_date": _check_date(start_date, "--start"), "note": note, "sources": sources})
    _valid(Membership, membership)
    append_in_order(tree, Council, "memberships", membership)
    changes.edit(rel, tree)
    who = f"{contact} for {on_behalf_of}" if on_behalf_of else contact
    return Edit(changes, [f"{rel}: {who} joins as {role}{f' ({side})' if side else ''} from {start_date}"])


def _valid(model: Any, values: Any) -> None:
    """Refuse values the schema refuses, with the schema's words, before anything is prepared."""
    from pydantic import ValidationError

    try:
        model.model_validate({k: (str(v) if hasattr(v, "isoformat") else v) for k, v in dict(values).items() if v is not None})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UsageError(f"{where + ': ' if where else ''}{first['msg'].removeprefix('Value error, ')}") from None


def end_membership(root: Path, contact: str, council: str, date: str, reason: str | None = None,
                   sources: list[str] | None = None) -> Edit:
    """Close the person's open memberships of a council on a date (openstates' `retire`); the
    sources that say so join the membership's own."""
    changes = Changes(root)
    rel, tree = _load(changes, "council", council)
    day = When.parse(_check_date(date, "--end"))
    ended = []
    for index, m in enumerate(tree.get("memberships") or []):
        if not _open_on(m, contact, day):
            continue
        m.insert(_end_position(m), "end_date", _check_date(str(day), "--end"))
        if reason:
            m.insert(list(m).index("end_date") + 1, "end_reason", reason)
        _add_sources(m, sources or [])
        ended.append(f"{rel}: memberships[{index}] ({m.get('role')}) of {contact} ends on {day}")
    if not ended:
        raise NotFoundError(f"{contact} has no open membership of {council} on {day}")
    changes.edit(rel, tree)
    return Edit(changes, ended)


def _open_on(membership: Any, contact: str, day: When) -> bool:
    """Whether a membership (a round-trip mapping) is the contact's and open on that day."""
    if membership.get("contact") != contact or membership.get("end_date") is not None:
        return False
    start = membership.get("start_date")
    return start is None or When.parse(str(start)).earliest <= day.latest  # one starting later is not open then


def _add_sources(item: Any, sources: list[str]) -> None:
    """Cite new sources on an item, after the ones it has (a list created when it had none)."""
    from ruamel.yaml.comments import CommentedSeq

    new = [s for s in sources if s not in (item.get("sources") or [])]
    if not new:
        return
    if item.get("sources") is None:
        item["sources"] = CommentedSeq()
    item["sources"].extend(new)


def _end_position(membership: Any) -> int:
    order = field_order(Membership)
    later = [k for k in membership if k in order and order.index(k) > order.index("end_date")]
    return list(membership).index(later[0]) if later else len(membership)


def forget_contact(root: Path, contact: str) -> Edit:
    """Erase a person: their file, and every reference to them in other files (the right to erasure).

    A membership held on behalf of an organisation stays, without the person: the seat was
    filled, by whom is forgotten. A membership of the person alone goes.
    """
    changes = Changes(root)
    changes.hold()  # finishes an interrupted change and clears resoc's own temporary files first
    rel = FILE_KINDS["contact"].rel(contact)
    if not (root / rel).is_file():
        raise NotFoundError(f"no contact has the id '{contact}'{did_you_mean(contact, _ids_on_disk(root, 'contact'))}")
    changes.delete(rel)
    summary = [f"deleted {rel}"]
    for other, _, _ in scan(root):
        if other == rel or kind_of_rel(other) is None or not other.endswith(YAML_SUFFIXES):
            continue
        if contact not in changes.read(other):  # a file that cannot be read might hold the person: refused
            continue
        tree = changes.parse(other)
        removed = _forget_in(tree, contact, other)
        if removed:
            changes.edit(other, tree)
            summary += removed
    for leftover in leftovers(root):  # an older writer's temporary copies hold the person too
        if contact.encode() in changes.read_bytes(leftover):
            changes.delete(leftover)
            summary.append(f"deleted {leftover}, a temporary file an interrupted write left behind")
    return Edit(changes, summary)


def _forget_in(tree: Any, contact: str, rel: str, path: str = "") -> list[str]:
    """Remove references to the contact below `tree`, in place; what was removed, in words."""
    removed: list[str] = []
    if isinstance(tree, dict):
        for key in list(tree):
            value = tree[key]
            if key == "contact" and value == contact:
                del tree[key]
                removed.append(f"{rel}: removed {path}.contact" if path else f"{rel}: removed contact")
            elif key == "memberships" and isinstance(value, list):
                for index in reversed(range(len(value))):
                    member = value[index]
                    if isinstance(member, dict) and member.get("contact") == contact:
                        if member.get("on_behalf_of"):
                            del member["contact"]
                            removed.append(f"{rel}: memberships[{index}] keeps its seat for {member['on_behalf_of']}, without the person")
                        else:
                            del value[index]
                            removed.append(f"{rel}: removed memberships[{index}]")
            else:
                removed += _forget_in(value, contact, rel, f"{path}.{key}" if path else key)
    elif isinstance(tree, list):
        for index, item in enumerate(tree):
            removed += _forget_in(item, contact, rel, f"{path}[{index}]")
    return removed


def new_action(root: Path, pact: str, parent: str, name: str, slug_id: str | None = None, lead: list[str] | None = None,
               partners: list[str] | None = None, councils: list[str] | None = None, start: str | None = None,
               end: str | None = None, status: str | None = None, sources: list[str] | None = None) -> Edit:
    """Add an action under a pillar or cluster of a pact; its id is the parent's id, a dot and a slug."""
    changes = Changes(root)
    rel, tree = _load(changes, "pact", pact)
    node = _find_node(tree, parent)
    action_id = slug_id if slug_id and slug_id.startswith(f"{parent}.") else f"{parent}.{slug_id or slug(name)}"
    action = mapping({"id": action_id, "name": name, "lead": lead, "partners": partners, "councils": councils,
                       "start_date": _check_date(start, "--start"), "end_date": _check_date(end, "--end"), "status": status,
                       "sources": sources})
    _valid(Action, action)
    if any(a.get("id") == action_id for a in node.get("actions") or []):
        raise UsageError(f"{pact} has an action {action_id} already")
    append_in_order(node, Pillar, "actions", action)
    changes.edit(rel, tree)
    return Edit(changes, [f"{rel}: new action {action_id} under {parent}"])


def new_event(root: Path, pact: str, action: str, title: str, date: str, slug_id: str | None = None,
              location: str | None = None, councils: list[str] | None = None, sources: list[str] | None = None,
              end: str | None = None) -> Edit:
    """Add a dated event to a pact action; a second event of the same title needs its own --id."""
    changes = Changes(root)
    rel, tree = _load(changes, "pact", pact)
    node = _find_node(tree, action)
    event = mapping({"id": slug_id or slug(title), "title": title, "start_date": _check_date(date, "--start"),
                     "end_date": _check_date(end, "--end"), "location": location, "councils": councils, "sources": sources})
    _valid(Event, event)
    if any(e.get("id") == event["id"] for e in node.get("events") or []):
        raise DataError(f"{action} has an event {event['id']} already: give the new one another --id")
    append_in_order(node, Action, "events", event)
    changes.edit(rel, tree)
    return Edit(changes, [f"{rel}: new event {event['id']} on {event['start_date']} under {action}"])


FMT_CHUNK = 32  # files per task of a worker: a file's round trip takes about 20 ms


def _canonical_forms(changes: Changes, rels: list[str]) -> Iterator[tuple[str, str | None]]:
    """(path, canonical text or None) of each file, in path order. ruamel's round trip costs
    about 20 ms a file (a first fmt --check of 25,000 files: minutes), so with enough files
    and free cores (checking.workers) the files are formatted in worker processes, a batch at
    a time, so that no more texts are sent than a batch holds (the bytes read stay in
    Changes, as in one process, for the check before writing)."""
    from .checking import worker_pool, workers
    from .writing import canonical_forms

    count = workers(len(rels))
    if count == 1:
        for rel in rels:
            yield from canonical_forms([(rel, changes.read(rel))])
        return
    batch = FMT_CHUNK * count * 16
    with worker_pool(count) as pool:
        for start in range(0, len(rels), batch):
            part = rels[start:start + batch]
            chunks = [[(rel, changes.read(rel)) for rel in part[i:i + FMT_CHUNK]] for i in range(0, len(part), FMT_CHUNK)]
            found = dict(pair for done in pool.imap_unordered(canonical_forms, chunks) for pair in done)
            yield from ((rel, found[rel]) for rel in part)


def _find_node(tree: Any, node_id: str) -> Any:
    """A pillar, cluster or action of a pact's round-trip tree, by its id."""
    for _, node in tree_of(tree, lambda item, key: item.get(key) or []):
        if node.get("id") == node_id:
            return node
    raise NotFoundError(f"the pact has no pillar, cluster or action '{node_id}'")


def fmt(root: Path, rels: list[str] | None = None, check: bool = False, known: Known | None = None) -> Edit:
    """Bring files (paths relative to root; default: all) into the canonical form; the Edit
    holds only the files that change. With `known`, a content known canonical is not parsed,
    and one found canonical is remembered (cache_fmt.py).

    A file that cannot be read, decoded or parsed is a located error for `--check` as for a
    run that writes, and stops the run before anything is written. `check` reads without the
    writer's lock (a read-only checkout can be checked).
    """
    changes = Changes(root, lock=not check)
    scope = [rel for rel, _ in fmt_scope(root)] if rels is None else rels
    problems: dict[str, Finding] = {}
    todo = []
    for rel in scope:
        try:
            if kind_of_rel(rel) is not None and not (known is not None and known.canonical(rel, root / rel)):
                changes.read(rel)  # refused here, located, when it is not UTF-8 or YAML
                todo.append(rel)
        except Unreadable as error:
            problems[rel] = error.finding
    for rel, formatted in _canonical_forms(changes, todo):
        try:
            formatted = formatted if formatted is not None else changes.canonical(rel)  # says where it breaks
        except Unreadable as error:
            problems[rel] = error.finding
            continue
        if formatted != changes.read(rel) or rel in changes.boms:
            changes.reformat(rel, formatted)
        elif known is not None:
            known.remember(rel, changes.read_bytes(rel))
    if problems:
        lines = "\n".join(f"  {problems[rel].located()}" for rel in scope if rel in problems)
        raise DataError(f"{len(problems)} file(s) cannot be formatted{'' if check else ', so nothing was written'}:\n{lines}")
    return Edit(changes, [f"formatted {rel}" for rel in sorted(changes.writes)])
