"""The loaded dataset, indexed once: records by kind and id, seats by person, body and party,
pact nodes by path, events by date, and who points at whom.

Queries, reports, plans and exports read records through here, and every question they ask
is a dictionary look-up, so that a command over n records does O(n) work, not O(n²).
Validation does not load records: it checks each file on its own and the dataset through
the files' facts (checking.py), indexed by the same `KindIndex`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from . import meaning, visibility
from .kinds import KINDS, MODELS, PARTY_KINDS, top_folder
from .cache import IN_INDEX, load_record_texts
from .collector import resting
from .journal import recover
from .loading import Document, find_root, load_document
from .models import Council, Event, Membership, Node, ref_kind
from .when import When

if TYPE_CHECKING:
    from .checking import Unchanged
    from .reading import Folders


class Keyed(Protocol):
    kind: str | None

    @property
    def stem(self) -> str: ...

    @property
    def valid(self) -> bool: ...


T = TypeVar("T", bound=Keyed)


class KindIndex(Generic[T]):
    """Items (documents or facts) by kind and id. Ids come from file names, so a file with a
    broken schema still answers for its id and does not make every reference to it fail too."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items = list(items)
        self.by_kind: dict[str, dict[str, list[T]]] = {}
        for item in self.items:
            if item.kind is not None:
                self.by_kind.setdefault(item.kind, {}).setdefault(item.stem, []).append(item)

    def of_kind(self, kind: str) -> dict[str, list[T]]:
        """The items of one kind by id (a lazily read dataset reads the kind's folder first)."""
        return self.by_kind.get(kind, {})

    def ids(self, kind: str) -> set[str]:
        if kind == "party":
            return set().union(*(self.ids(k) for k in PARTY_KINDS))
        return set(self.of_kind(kind))

    def exists(self, kind: str, id: str) -> bool:
        if kind == "party":
            return any(self.exists(k, id) for k in PARTY_KINDS)
        return id in self.of_kind(kind)

    def first_valid(self, kind: str, id: str) -> T | None:
        for item in self.of_kind(kind).get(id, []):
            if item.valid:
                return item
        return None

    def valid(self, kind: str) -> list[T]:
        return [item for items in self.of_kind(kind).values() for item in items if item.valid]


Seat = tuple[Council, Membership]


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    """An event with its owner (a pact or a project) and, in a pact, the node it belongs to."""

    owner_kind: str
    owner: str
    node: str | None
    event: Event
    councils: tuple[str, ...] = ()  # the bodies it belongs to: its own, else its node's, else its pact's or project's

    @property
    def key(self) -> str:
        return f"{self.owner}:{self.event.id}"


class Dataset(KindIndex[Document]):
    """Every document below one dataset folder, as one user may see it.

    Given its documents, it holds them all. Read by `load` (without `keep_pass`), it reads one
    top folder at a time, when a kind in it is first asked about (reading.Folders): a list of
    regions at 25,000 files reads the regions and the bodies, not the people."""

    def __init__(self, root: Path, documents: list[Document] | None = None, include_internal: bool = True,
                 unchanged: Unchanged | None = None, folders: Folders | None = None) -> None:
        self.root = root
        self.include_internal = include_internal
        self.unchanged = unchanged  # the pass that read it, when it changed nothing: `validate` may reuse it
        self.folders = folders
        self.by_kind: dict[str, dict[str, list[Document]]] = {}
        self._in_order: dict[str, list[Document]] = defaultdict(list)
        self._read_folders: set[str] = set()
        self._documents: list[Document] = []
        if folders is None:
            self._add(documents or [])

    def _add(self, documents: list[Document]) -> None:
        """Index documents (of folders not indexed yet), as this dataset's user may see them."""
        for doc in documents:
            if not self.include_internal and doc.record is not None:
                doc.record = visibility.redact(doc.record)
            if doc.kind is not None:
                self.by_kind.setdefault(doc.kind, {}).setdefault(doc.stem, []).append(doc)
                self._in_order[doc.kind].append(doc)
        self._documents += documents

    def _read_folder_of(self, kind: str) -> None:
        """Read the folder of a kind, once. Its documents are kept for the command's life and
        frozen out of the collector's scans (collector.resting, which freezes nothing while a
        caller such as `each` has the collector paused, the record in hand included)."""
        spec = KINDS.get(kind)
        if self.folders is None or spec is None or spec.folder in self._read_folders:
            return
        with resting(keep=True):
            self._add(self.folders.folder(spec.folder))
        self._read_folders.add(spec.folder)  # only once it is read: a read that failed is tried again

    @property
    def documents(self) -> list[Document]:
        """Every document, in path order (a lazily read dataset reads every folder for it)."""
        if self.folders is not None:
            self._add([doc for doc in self.folders.everything() if top_folder(doc.rel) not in self._read_folders])
            self._documents.sort(key=lambda doc: doc.rel)
            self.folders = None
        return self._documents

    def of_kind(self, kind: str) -> dict[str, list[Document]]:
        self._read_folder_of(kind)
        return self.by_kind.get(kind, {})

    def with_id(self, kind: str, id: str) -> list[Document]:
        """The documents of a kind with that id. A kind kept flat in its folder
        (contacts/<id>.yaml) whose folder is not read yet is asked file by file (Folders.files):
        a name or a record asked for does not read the folder, unless the kept tree cannot
        vouch for the file."""
        spec = KINDS.get(kind)
        if self.folders is None or spec is None or not spec.is_file or spec.nested or spec.folder in self._read_folders:
            return self.of_kind(kind).get(id, [])  # a part of another record's file (an action) has no file to ask
        found = self._by_file.get((kind, id))
        if found is None:
            found = self.folders.files(spec.folder, id)  # a flat folder holds that kind's files alone
            if found is None:
                return self.of_kind(kind).get(id, [])
            self._by_file[(kind, id)] = found
        return found

    @cached_property
    def _by_file(self) -> dict[tuple[str, str], list[Document]]:
        return {}

    def in_order(self, kind: str) -> list[Document]:
        """A kind's documents in file order (the order every list and report shows)."""
        self._read_folder_of(kind)
        return self._in_order.get(kind, [])

    def record_of(self, doc: Document) -> Any:
        """A document's record, read from the read index the first time it is asked for (and then
        redacted, as this dataset's user may see it), so a command reads only what it looks at."""
        if doc.stored is not None and doc.kind is not None:
            doc.record, doc.stored = self._unstored(doc), None
        return doc.record

    def _unstored(self, doc: Document) -> Any:
        """The record of a document still in the read index, as this dataset's user may see it."""
        assert doc.stored is not None and doc.kind is not None
        try:
            text = self._json(doc)
            if text is None:
                raise ValueError("not in the read index any more")
            record = MODELS[doc.kind].model_validate_json(text)  # data, checked again by its model
        except ValueError:  # a stored row that no longer reads (a damaged cache, or one replaced since): the file itself
            record = load_document(doc.path, self.root).record
        return record if self.include_internal or record is None else visibility.redact(record)

    def _json(self, doc: Document) -> str | None:
        """A document's record as the read index's JSON: read for all of its kind at once, the
        first time one of them is asked for (None when the index no longer has it)."""
        if doc.stored != IN_INDEX:
            return doc.stored
        if self.folders is not None and top_folder(doc.rel) not in self._read_folders:  # asked for by file (with_id)
            return self.folders.kept_files.text(doc.kind or "", doc.sha or "")
        texts = self._texts.get(doc.kind or "")
        if texts is None:
            texts = self._texts[doc.kind or ""] = load_record_texts(self.root, doc.kind or "")
        return texts.get(doc.sha or "")

    @cached_property
    def _texts(self) -> dict[str, dict[str, str]]:
        return {}

    def each(self, kind: str) -> Iterator[Any]:
        """Every valid record of a kind in file order, like `all`, but a record still in the read
        index is read for the caller and not kept: an export that writes each record once holds
        one at a time, not 25,000."""
        return self._stream(kind, self.in_order(kind))

    def _stream(self, kind: str, docs: Iterable[Document]) -> Iterator[Any]:
        """The valid records of these documents of one kind, read for the caller and not kept;
        the kind's JSON is let go at the end (read again if it is asked for later)."""
        with resting(keep=False):
            for doc in docs:
                record = self._unstored(doc) if doc.stored is not None and doc.kind is not None else doc.record
                if record is not None:
                    yield record
        self._texts.pop(kind, None)  # read once: the JSON of an export's kinds is not kept to its end

    @classmethod
    def load(cls, root: Path, include_internal: bool = True, keep_pass: bool = False) -> Dataset:
        """The dataset below `root`, read through the read index (reading.py): only files whose
        content is new are parsed. `keep_pass`: keep what validation may reuse of the read pass
        (`unchanged`, for `hand_on`), for a command that validates after reading (an export);
        it holds an entry per file, 40 MB at 100,000 files, which every other command lets go."""
        from .reading import Folders, read_documents

        recover(root)  # a change interrupted by a crash is finished before anything is read
        if not keep_pass:
            return cls(root, include_internal=include_internal, folders=Folders(root))
        with resting(keep=True):
            reading = read_documents(root, keep_pass=keep_pass)
            return cls(root, reading.documents, include_internal, reading.unchanged)

    def hand_on(self) -> Unchanged | None:
        """What validation may reuse of the pass that read this dataset (`unchanged`), handed on
        once and then let go: it holds an entry per file, 16 MB at 25,000 files, which an export
        would otherwise carry to its end (export ics then peaked at 308 MB instead of 291 MB)."""
        unchanged, self.unchanged = self.unchanged, None
        return unchanged

    def seen_by(self, include_internal: bool) -> Dataset:
        """This dataset as a user may see it: without internal details unless they asked for them."""
        if include_internal or not self.include_internal:
            return self
        if self.folders is not None:  # read lazily: the other user's dataset reads its own documents
            return Dataset(self.root, include_internal=False, unchanged=self.unchanged, folders=self.folders)
        return Dataset(self.root, [replace(doc) for doc in self.documents], include_internal=False, unchanged=self.unchanged)

    # ------------------------------------------------------------------ records

    def records(self, kind: str) -> Iterator[tuple[Document, Any]]:
        """(document, record) for every valid record of a kind, in file order."""
        return iter(self._records(kind))

    def _records(self, kind: str) -> list[tuple[Document, Any]]:
        """Every valid record of one kind, read once; other kinds stay unread."""
        found = self._by_kind_read.get(kind)
        if found is None:
            docs = self.in_order(kind)
            with resting(keep=True):
                found = self._by_kind_read[kind] = [(doc, record) for doc in docs if (record := self.record_of(doc)) is not None]
            self._texts.pop(kind, None)  # every record of the kind is read now: its JSON is not needed again
        return found

    @cached_property
    def _by_kind_read(self) -> dict[str, list[tuple[Document, Any]]]:
        return {}

    def all(self, kind: str) -> list[Any]:
        return [record for _, record in self._records(kind)]

    def citations(self, kind: str) -> Iterator[Any]:
        """What each valid record of a kind cites (citing.Citations), in file order, as this
        dataset's user may see it: from the read index where it has them, so no record is read."""
        from .citing import read_citations

        for doc in self.in_order(kind):
            try:
                found = read_citations(doc.cites, self.include_internal) if doc.stored is not None and doc.cites is not None \
                    else self._citations_read(doc)
            except (ValueError, TypeError):  # a damaged row of the index: the record says it
                found = self._citations_read(doc)
            if found is not None:
                yield found

    def _citations_read(self, doc: Document) -> Any:
        from .citing import citations_text, read_citations
        from .walk import walk_models, walk_refs

        record = self.record_of(doc)
        if record is None:
            return None
        models = list(walk_models(record))
        return read_citations(citations_text(record, models, walk_refs(record, models)), True)

    def all_containing(self, kind: str, folded: str) -> list[Any]:
        """The records of a kind that may contain the (case- and accent-folded) text: a record still
        in the read index is read only when its stored JSON contains it, so a search reads the few
        records that can match, not all of them. Never leaves out a record that contains it; a text
        the stored JSON could write otherwise (a quote, a backslash, a colon of a composed key,
        anything not ASCII) reads them all."""
        if not _SAFE_QUERY.fullmatch(folded):
            return self.all(kind)
        found = self._read(self._may_contain(kind, folded))
        self._texts.pop(kind, None)  # searched once: a later question about the kind reads its JSON again
        return found

    def each_containing(self, kind: str, folded: str) -> Iterator[Any]:
        """The records `all_containing` gives, read for the caller and not kept (as `each`): a
        search that goes through a kind once need not hold 58,000 people at 100,000 files."""
        docs = self._may_contain(kind, folded) if _SAFE_QUERY.fullmatch(folded) else self.in_order(kind)
        return self._stream(kind, docs)

    def _may_contain(self, kind: str, folded: str) -> Iterator[Document]:
        """The documents of a kind whose stored JSON contains the folded text, or that are not in
        the read index (or no longer): never one less than may contain it."""
        for doc in self.in_order(kind):
            if doc.stored is None or (text := self._json(doc)) is None or folded in _prefolded(text):
                yield doc

    def get(self, kind: str, id: str | None) -> Any:
        """The valid record of that kind and id, or None."""
        for doc in self.with_id(kind, id) if id is not None else ():
            record = self.record_of(doc)
            if record is not None:
                return record
        return None

    def name_of(self, kind: str, id: str | None) -> str | None:
        """A referenced record's name (an id that names nothing stays itself)."""
        if id is None:
            return None
        for candidate in (PARTY_KINDS if kind == "party" else (kind,)):
            for doc in self.with_id(candidate, id):
                if doc.stored is not None and doc.name is not None:
                    return doc.name  # from the read index: the record is not read for its name
                record = self.record_of(doc)
                if record is not None:
                    return getattr(record, "name", id)
        return id

    # ------------------------------------------------------------------ who points at whom

    @cached_property
    def _referrers(self) -> dict[str, dict[tuple[str, str], list[Document]]]:
        return {}

    def _referrers_of(self, kind: str) -> dict[tuple[str, str], list[Document]]:
        """(field path, id) -> the documents of `kind` that refer to `id` there ("council",
        "pillars.clusters.actions.lead"); built for a kind the first time it is asked about, from
        the read index's references where it has them, so no record is read to build it."""
        index = self._referrers.get(kind)
        if index is None:
            index = self._referrers[kind] = defaultdict(list)
            for doc in self.in_order(kind):
                for path, id in _references(doc):
                    index[(path, id)].append(doc)
        return index

    def _referring_docs(self, kind: str, path: str | None, id: str) -> list[Document]:
        """The documents of `kind` that refer to `id` (at `path`, or anywhere), in file order.
        The first question about a kind is answered by looking for the reference's line in each
        document's references (a text search: `show` asks one question of each kind); the index
        is built for the second, so a list that asks once per person pays for it once."""
        index = self._referrers.get(kind)
        if index is None and kind not in self._asked:
            self._asked.add(kind)
            return [doc for doc in self.in_order(kind) if _refers(doc, path, id)]
        index = self._referrers_of(kind)
        if path is not None:
            return index.get((path, id), [])
        order = {doc.rel: n for n, doc in enumerate(self.in_order(kind))}
        return sorted((doc for (_, ref), docs in index.items() if ref == id for doc in docs), key=lambda doc: order[doc.rel])

    @cached_property
    def _asked(self) -> set[str]:
        return set()

    def _read(self, docs: Iterable[Document]) -> list[Any]:
        unique = {id(doc): doc for doc in docs}.values()  # a body that names a person twice is read and shown once
        with resting(keep=True):
            return [record for doc in unique if (record := self.record_of(doc)) is not None]

    def referring(self, kind: str, field: str, id: str) -> list[Any]:
        """The records of `kind` whose `field` names `id` (a body's sub-bodies: council, parent)."""
        return self._read(self._referring_docs(kind, field, id))

    def count_referring(self, kind: str, field: str, id: str) -> int:
        """How many records `referring` would give, without reading them: a list of regions at
        100,000 files read all 10,000 bodies for their number and peaked at 422 MB. A kind whose
        records can be internal as a whole (advice) is read for a user who may not see those:
        they do not count for them, and the number must not tell that they are there."""
        docs = list({doc.rel: doc for doc in self._referring_docs(kind, field, id) if doc.valid}.values())
        if self.include_internal or not visibility.can_be_internal(MODELS[kind]):
            return len(docs)
        return len(self._read(docs))

    def mentioning(self, kind: str, id: str) -> list[Any]:
        """The records of `kind` that refer to `id` anywhere (the pacts an organisation leads an action of)."""
        records = self._read(self._referring_docs(kind, None, id))
        if self.include_internal:
            return records
        from .walk import walk_refs  # a reference inside an internal part does not count for this user

        return [record for record in records if any(ref == id for _, _, ref in walk_refs(record))]

    # ------------------------------------------------------------------ seats

    def seats_of(self, contact: str) -> tuple[Seat, ...]:
        """A person's seats, in the order of the bodies' files and their memberships."""
        return self._seats("memberships.contact", "contact", contact)

    def each_seat(self) -> Iterator[Seat]:
        """Every seat of every body, body by body in file order and each body's memberships in
        theirs: each body is read for the caller and not kept (`each`). A question about every
        person's seats is answered from these, not from `seats_of` per person, which keeps every
        body it reads: the contacts list held all 10,000 bodies at 100,000 files (504 MB)."""
        for council in self.each("council"):
            for m in council.memberships:
                yield council, m

    def seats_for(self, party: str) -> tuple[Seat, ...]:
        """The seats held on behalf of an organisation or body."""
        return self._seats("memberships.on_behalf_of", "on_behalf_of", party)

    def _seats(self, path: str, field: str, id: str) -> tuple[Seat, ...]:
        """Seats found through the references: only the bodies that name `id` are read, and each
        body's members are sorted by who holds the seat (or for whom) once, not matched against
        every person asked about (0.75 s of `export vcf` at 25,000 files). Kept for the
        command's life: a list asks for a person's seats for the row and again for whether
        they are current."""
        found = self._seats_found.get((path, id))
        if found is None:
            found = self._seats_found[(path, id)] = tuple(
                (council, m) for council in self.referring("council", path, id) for m in self._members(council, field).get(id, ()))
        return found

    def _members(self, council: Council, field: str) -> dict[str, list[Membership]]:
        """A body's memberships by the id in `field` (contact, on_behalf_of), in their order."""
        key = (id(council), field)
        known = self._members_of.get(key)
        if known is None or known[0] is not council:  # the body is kept with its map: its id cannot be reused
            by: dict[str, list[Membership]] = defaultdict(list)
            for m in council.memberships:
                if (held := getattr(m, field)) is not None:
                    by[held].append(m)
            known = self._members_of[key] = (council, by)
        return known[1]

    @cached_property
    def _seats_found(self) -> dict[tuple[str, str], tuple[Seat, ...]]:
        return {}

    @cached_property
    def _members_of(self) -> dict[tuple[int, str], tuple[Council, dict[str, list[Membership]]]]:
        return {}

    # ------------------------------------------------------------------ pacts and events

    def placed(self, involving: str | None = None) -> Iterator[meaning.PlacedNode]:
        """Every pillar, cluster and action of every pact, placed, in file order. Each pact is read
        for the caller and not kept (`each`): the actions list held every pact and peaked at
        487 MB at 100,000 files. A caller that goes through them twice asks twice. With
        `involving`, those of the pacts that name that party (only those pacts are read)."""
        for pact in self.each("pact") if involving is None else self.mentioning("pact", involving):
            yield from meaning.placed_nodes(pact)

    def placed_in(self, pact: str) -> dict[str, meaning.PlacedNode]:
        """One pact's pillars, clusters and actions by local id, placed; only that pact is read
        (an agenda that names one action does not read 1,000 pacts)."""
        found = self._placed_in.get(pact)
        if found is None:
            record = self.get("pact", pact)
            found = self._placed_in[pact] = {p.node.id: p for p in meaning.placed_nodes(record)} if record is not None else {}
        return found

    def node_in(self, pact: str, local: str | None) -> Node | None:
        """A pillar, cluster or action by its pact and local id."""
        placed = self.placed_in(pact).get(local or "")
        return placed.node if placed is not None else None

    @cached_property
    def _placed_in(self) -> dict[str, dict[str, meaning.PlacedNode]]:
        return {}

    def actions(self, involving: str | None = None) -> Iterator[meaning.PlacedNode]:
        """The actions among `placed`."""
        return (p for p in self.placed(involving) if p.level == "action")

    @cached_property
    def events(self) -> list[PlacedEvent]:
        """Every event of every pact node and project, by date; the pacts and projects are not kept."""
        return events_of(self.placed(), self.each("project"))


def events_of(placed: Iterable[meaning.PlacedNode], projects: Iterable[Any]) -> list[PlacedEvent]:
    """The events of these pact nodes and projects, by date, each with the bodies it belongs to,
    taken while its pact or project is at hand (a list of events need not keep them)."""
    return sorted([*pact_events(placed), *(e for project in projects for e in project_events(project))], key=event_order)


def pact_events(placed: Iterable[meaning.PlacedNode]) -> Iterator[PlacedEvent]:
    for p in placed:
        for e in p.node.events:
            yield PlacedEvent("pact", p.pact.id, p.node.id, e, tuple(e.councils or p.node.councils or p.pact.councils))


def project_events(project: Any) -> list[PlacedEvent]:
    return [PlacedEvent("project", project.id, None, e, tuple(e.councils or project.councils)) for e in project.events]


def event_order(e: PlacedEvent) -> tuple[Any, str]:
    """Where an event goes in a list of events: by its first possible day, then its key."""
    return e.event.start_date.earliest, e.key


_SAFE_QUERY = re.compile(r"[ !#-9;-\[\]-~]*")  # printable ASCII but '"', ':' and '\\'


def _prefolded(text: str) -> str:
    """A record's JSON folded so that every folded text of one of its values is in it: case folded,
    accents taken apart and everything not ASCII dropped (C-speed, unlike folding per character)."""
    text = text.casefold()
    return text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _references(doc: Document) -> Iterator[tuple[str, str]]:
    """(field path, id) of every reference a document makes: from the read index's lines, or
    from its record when it was parsed in this run."""
    if doc.refs is not None:
        for line in doc.refs.splitlines():
            path, _, id = line.partition("\t")
            yield path, id
    elif doc.record is not None:
        from .walk import walk_refs

        for loc, _, id in walk_refs(doc.record):
            yield ".".join(p for p in loc if isinstance(p, str)), id


def _refers(doc: Document, path: str | None, id: str) -> bool:
    """Whether a document refers to `id` (at `path`, or anywhere), read from the references' lines
    ("field path<TAB>id") without splitting them."""
    if doc.refs is None:
        return any(ref == id and (path is None or at == path) for at, ref in _references(doc))
    if path is None:
        return f"\t{id}\n" in doc.refs
    line = f"{path}\t{id}\n"
    return doc.refs.startswith(line) or f"\n{line}" in doc.refs


def find_dataset_root(paths: list[Path]) -> Path | None:
    """The dataset folder that the given paths lie in (the first that has one)."""
    for path in paths:
        root = find_root(path)
        if root is not None:
            return root
    return None


__all__ = ["Dataset", "KindIndex", "PlacedEvent", "Seat", "When", "find_dataset_root"]
