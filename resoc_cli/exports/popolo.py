"""The dataset in Popolo's JSON form: persons, organizations, memberships, posts, areas, events."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import reference
from ..dataset import Dataset
from ..views import View
from ..when import When


def _date(value: When | None) -> str | None:
    """Popolo dates are ISO 8601 of day, month or year precision; a season becomes its year."""
    if value is None:
        return None
    return value.text[:4] if value.precision == "season" else value.text


def _sources(record: Any) -> list[dict[str, str]]:
    return [{"url": s.ref, **({"note": s.note} if s.note else {})} for s in record.sources]


def _details(record: Any) -> list[dict[str, Any]]:
    kinds = {"mobile": "cell", "phone": "voice"}
    return [{k: v for k, v in (("type", kinds.get(d.type, d.type)), ("value", d.value), ("label", d.label)) if v}
            for d in record.contact_details]


def _some(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v}


def _organizations(ds: Dataset) -> Iterator[dict[str, Any]]:
    for c in ds.each("council"):
        yield {"id": c.id, "name": c.name, "classification": c.type,
               **_some(parent_id=c.parent, founding_date=_date(c.start_date), dissolution_date=_date(c.end_date),
                       area_id=c.regions[0] if len(c.regions) == 1 else None),
               "contact_details": _details(c), "sources": _sources(c)}
    for o in ds.each("organisation"):
        yield {"id": o.id, "name": o.name, "classification": o.type, **_some(parent_id=o.parent),
               "contact_details": _details(o), "sources": _sources(o)}


def _memberships(ds: Dataset) -> Iterator[dict[str, Any]]:
    for c in ds.each("council"):
        for index, m in enumerate(c.memberships):
            yield {"id": f"{c.id}-{index + 1}", "organization_id": c.id, "role": m.role, **_some(
                person_id=m.contact, on_behalf_of_id=m.on_behalf_of, post_id=f"{c.id}-{m.side}" if c.seats and m.side else None,
                start_date=_date(m.start_date), end_date=_date(m.end_date), label=m.label)}


def _posts(ds: Dataset) -> Iterator[dict[str, Any]]:
    for c in ds.each("council"):
        for side, count in (c.seats.model_dump(exclude_none=True) if c.seats else {}).items():
            yield {"id": f"{c.id}-{side}", "organization_id": c.id, "label": f"{side} seat", "role": "member",
                   "other_labels": [{"name": f"{count} seats"}]}


def _areas(ds: Dataset) -> Iterator[dict[str, Any]]:
    codes = sorted({r.province for r in ds.each("region") if r.province})
    yield from ({"id": f"province-{code}", "name": reference.provinces().get(code, code), "classification": "province"}
                for code in codes)
    for r in ds.each("region"):
        yield {"id": r.id, "name": r.name, "classification": "region",
               **_some(parent_id=f"province-{r.province}" if r.province else None), "sources": _sources(r)}
        yield from ({"id": f"nis-{m.nis}", "name": m.name or m.nis, "classification": "municipality", "parent_id": r.id,
                     "identifiers": [{"scheme": "nis", "identifier": m.nis}]} for m in r.municipalities)


def popolo(ds: Dataset, view: View) -> dict[str, list[dict[str, Any]]]:
    """Persons, organizations, memberships, posts, areas and events in Popolo's JSON form."""
    return {section: list(items) for section, items in popolo_sections(ds, view).items()}


def popolo_sections(ds: Dataset, view: View) -> dict[str, Iterable[dict[str, Any]]]:
    """`popolo`'s sections, each made as it is read: the export writes them item by item, and
    records are read for it and not kept (Dataset.each), so that 100,000 files do not make the
    whole document in memory first (672 MB). The bodies are read once per section that needs them."""
    ds = ds.seen_by(view.include_internal)
    persons = ({"id": p.id, "name": p.name, **_some(given_name=p.given_name, family_name=p.family_name),
                "contact_details": _details(p), "sources": _sources(p)} for p in ds.each("contact"))
    events = ({"id": e.key, "name": e.event.title, "start_date": _date(e.event.start_date),
               **_some(end_date=_date(e.event.end_date), organization_id=(e.councils or [None])[0])}
              for e in ds.events)
    return {"persons": persons, "organizations": _organizations(ds), "memberships": _memberships(ds), "posts": _posts(ds),
            "areas": _areas(ds), "events": events}
