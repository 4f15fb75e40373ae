"""Search every kind by name and text, case- and accent-insensitive, best first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import reference
from .. import meaning
from ..dataset import Dataset, PlacedEvent, event_order, pact_events, project_events
from ..errors import UsageError
from ..kinds import KINDS
from ..suggest import unaccented, unknown
from . import View


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Creëren' and 'CREEREN' fold alike."""
    return unaccented(text).casefold()


@dataclass
class Entry:
    kind: str
    id: str
    name: str
    other: list[str]
    current: bool = True


def _values(record: Any) -> list[str]:
    return [d.value for d in getattr(record, "contact_details", [])]


def entries(ds: Dataset, view: View, query: str = "") -> Iterator[Entry]:
    """What search looks through: every record, municipality, pact node and event; with a (folded)
    query, only the records that may contain it are read (Dataset.each_containing)."""
    shows = view.shows

    def once(kind: str) -> Iterator[Any]:  # read and let go: a search keeps its entries, not the records
        return ds.each_containing(kind, query)

    for r in ds.all("region"):  # municipality names come from Statbel's list, not the record: all of them
        yield Entry("region", r.id, r.name, [r.note or ""], shows(ds, "region", r))
        for m in r.municipalities:
            yield Entry("municipality", m.nis, reference.name(m.nis) or m.name or m.nis, [r.name], shows(ds, "municipality", m))
    for c in once("council"):
        yield Entry("council", c.id, c.name, [c.description or "", c.composition or "", *c.mandates, *_values(c)],
                    shows(ds, "council", c))
    for p in once("contact"):
        yield Entry("contact", p.id, p.name, [p.note or "", *_values(p)], shows(ds, "contact", p))
    for o in once("organisation"):
        yield Entry("organisation", o.id, o.name, [o.short_name or "", o.note or "", *_values(o)])
    def event(e: PlacedEvent) -> tuple[Any, Entry]:
        return event_order(e), Entry("event", e.key, e.event.title, [e.event.description or ""], shows(ds, "event", e.event))

    events: list[tuple[Any, Entry]] = []  # by date at the end; neither the pacts and projects nor their events are kept
    for p in once("pact"):
        yield Entry("pact", p.id, p.name, [p.title or "", p.description or ""], shows(ds, "pact", p))
        placed = list(meaning.placed_nodes(p))
        for node in placed:
            yield Entry(node.level, node.key, node.node.name, [node.node.description or ""],
                        node.level != "action" or shows(ds, "action", node))
        events += map(event, pact_events(placed))
    for plan in once("plan"):
        yield Entry("plan", plan.id, plan.title or plan.id, [i.title for i in plan.items], shows(ds, "plan", plan))
    for p in once("project"):
        events += map(event, project_events(p))
        yield Entry("project", p.id, p.name, [p.description or "", p.funding or ""], shows(ds, "project", p))
    events.sort(key=lambda pair: pair[0])  # stable, as Dataset.events: pact events before project events of one day and key
    yield from (entry for _, entry in events)
    for mt in once("meeting"):
        yield Entry("meeting", mt.id, mt.name or mt.id, [mt.location or "", *(i.title for i in mt.agenda)],
                    shows(ds, "meeting", mt))
    for a in once("advice"):
        yield Entry("advice", a.id, a.name, [a.text or "", a.dossier_type], shows(ds, "advice", a))


def _score(query: str, entry: Entry) -> int:
    name = fold(entry.name)
    words = name.replace("-", " ").split()
    if name == query:
        return 100
    if name.startswith(query):
        return 80
    if query in words or any(w.startswith(query) for w in words):
        return 70
    if query in name:
        return 60
    if query in fold(entry.id):
        return 40
    if any(query in fold(text) for text in entry.other):
        return 20
    return 0


def search(ds: Dataset, text: str, view: View, kinds: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every record, municipality, action and event whose name or text contains `text`, best first."""
    query = fold(text.strip())
    if not query:
        raise UsageError("give a word to search for")
    wanted = set(kinds or [])
    known = {*KINDS, "pillar", "cluster"}
    for kind in wanted - known:
        raise UsageError(f"--kind: {unknown('kind', kind, known)}")
    results = []
    for entry in entries(ds, view, query):
        if wanted and entry.kind not in wanted:
            continue
        score = _score(query, entry)
        if score and (entry.current or view.history):
            results.append({"kind": entry.kind, "id": entry.id, "name": entry.name, "score": score})
    return sorted(results, key=lambda r: (-r["score"], r["kind"], r["name"]))
