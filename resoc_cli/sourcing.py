"""Which records cite which source: the register of sources read against every citation.

A reviewer checks a source's claims in one place: `resoc sources` lists, per registered source,
every record that cites it (in `sources:` anywhere in the record, or as a body's legal basis),
and, after the register, any cited string that no register record claims (SRC002 reports
those as errors; the list still shows them so that nothing cited goes unseen). Plain data
only: the command prints it.
"""

from __future__ import annotations

from typing import Any

from .dataset import Dataset
from .errors import NotFoundError
from .kinds import MODELS
from .models import RegisteredSource
from .suggest import did_you_mean


def _citing(ds: Dataset) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(cited string -> records citing it, register id -> records naming it as a legal basis).
    Collected in dicts used as ordered sets: the generated data has 25,000 records citing
    one source, and a list asked "is it in there" each time took minutes. The citations come
    from the read index where it has them (citing.py): no record is read for them."""
    by_ref: dict[str, dict[str, None]] = {}
    by_id: dict[str, dict[str, None]] = {}
    for kind in MODELS:
        for citations in ds.citations(kind):
            name = f"{kind}/{citations.id}"
            for ref in citations.cited:
                by_ref.setdefault(ref, {})[name] = None
            for value in citations.basis:
                by_id.setdefault(value, {})[name] = None
    return {ref: list(names) for ref, names in by_ref.items()}, {id: list(names) for id, names in by_id.items()}


def _row(source: RegisteredSource, records: list[str]) -> dict[str, Any]:
    return {"id": source.id, "title": source.title, "kind": source.kind, "language": source.language,
            "url": source.url, "aliases": list(source.aliases), "accessed": source.accessed.text if source.accessed else None,
            "cited_by": len(records), "records": records}


def list_sources(ds: Dataset, source: str | None = None) -> list[dict[str, Any]]:
    """One row per registered source with the records that cite it, then one per unregistered citation.

    With `source`, only that register record's row (NotFoundError when there is none).
    """
    by_ref, by_id = _citing(ds)
    rows, claimed = [], set()
    for _, registered in ds.records("source"):
        records: dict[str, None] = {}
        for ref in registered.cited_as():
            claimed.add(ref)
            records.update(dict.fromkeys(by_ref.get(ref, [])))
        records.update(dict.fromkeys(by_id.get(registered.id, [])))
        rows.append(_row(registered, sorted(records)))
    if source is not None:
        rows = [row for row in rows if row["id"] == source]
        if not rows:
            raise NotFoundError(f"no source in the register has the id '{source}'{did_you_mean(source, ds.ids('source'))}")
        return rows
    for ref in sorted(set(by_ref) - claimed):
        rows.append({"id": None, "title": None, "kind": None, "language": None, "url": ref, "aliases": [],
                     "accessed": None, "cited_by": len(by_ref[ref]), "records": sorted(by_ref[ref])})
    return rows
