"""The bundled dataset: clean, complete where the seeds are, and honest where they are not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from resoc_cli import reference
from resoc_cli.dataset import Dataset
from resoc_cli.validate import validate

from .conftest import DATA

SEEDS = {"000_1e96a52e4f1e0247.txt", "001_c329a505d4a57705.txt", "002_d120a9c94454ac4a.txt",
         "003_1c2d2ff53c6f99da.txt", "004_8a9acd2fca78327e.txt"}


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return Dataset.load(DATA.resolve())


def test_validates_clean_today_with_no_warnings() -> None:
    report = validate([DATA])
    assert report.findings == [], report.to_text()


@pytest.mark.parametrize("year", [2005, 2010, 2016, 2018, 2025])
def test_no_errors_at_any_as_of_date(year: int) -> None:
    report = validate([DATA], as_of=dt.date(year, 6, 1))
    assert report.errors == [], report.to_text()
    # the only warnings are seats that no source fills while the SERRs and RESOCs existed
    assert {f.code for f in report.warnings} <= {"SEAT001", "SEAT002"}


def test_every_record_loads_and_cites_a_seed_or_web_address(ds: Dataset) -> None:
    assert all(ds.record_of(doc) is not None for doc in ds.documents)
    for doc in ds.documents:
        for source in ds.record_of(doc).sources:
            assert source.ref in SEEDS or source.ref.startswith(("http://", "https://")), (doc.display, source.ref)


def test_every_resoc_serr_and_ersv_of_seed_002(ds: Dataset) -> None:
    types = {}
    for _, council in ds.records("council"):
        types.setdefault(council.type, set()).add(council.id)
    assert len(types["resoc"]) == 16  # the 15 of seed 002, and RESOC Noord-West-Vlaanderen (the Knack article)
    assert len(types["serr"]) == 13
    assert types["ersv"] == {"ersv-provincie-antwerpen", "ersv-west-vlaanderen", "ersv-oost-vlaanderen", "ersv-limburg"}
    for council_id in (types["resoc"] | types["serr"]) - {"resoc-noord-west-vlaanderen"}:
        council = ds.get("council", council_id)
        assert any(m.role == "coordinator" for m in council.memberships), council_id


def test_kempen_has_its_27_municipalities_by_nis_code(ds: Dataset) -> None:
    kempen = ds.get("region", "kempen")
    codes = {m.nis for m in kempen.municipalities}
    assert len(codes) == 27 and all(code.startswith("13") for code in codes)
    assert all(m.name == reference.name(m.nis) for m in kempen.municipalities)


def test_the_kempen_pact_pillar_leren_en_werken_has_five_clusters(ds: Dataset) -> None:
    pact = ds.get("pact", "streekpact-kempen-2013-2018")
    pillar = next(p for p in pact.pillars if p.id == "leren-en-werken")
    assert pillar.lead == ["acv"]
    assert [c.id for c in pillar.clusters] == [f"leren-en-werken.{n}" for n in range(1, 6)]


def test_phones_are_stored_in_one_form_and_personal_addresses_are_internal(ds: Dataset) -> None:
    for doc in ds.documents:
        for detail in getattr(ds.record_of(doc), "contact_details", []):
            if detail.type in ("phone", "mobile", "fax"):
                assert re.fullmatch(r"\+32\d{8,9}", detail.value), (doc.display, detail.value)
            if doc.kind == "contact" and detail.type == "email":
                assert detail.visibility == "internal", doc.display


def test_the_garbled_campus_blairon_numbers_are_not_stored() -> None:
    text = (DATA / "councils" / "resoc-kempen.yaml").read_text(encoding="utf-8")
    assert "+321414711140" not in text and "Campus Blairon 660" in text


def test_counting_who_refers_to_a_record_gives_what_reading_them_gives() -> None:
    """count_referring answers from the read index (a region list counts bodies without reading
    them); its answer is the length of `referring`, for every region and body, both visibilities,
    and for the first question about a kind (a text search) as for later ones (the index)."""
    for internal in (True, False):
        ds = Dataset.load(DATA, include_internal=internal)
        questions = [("council", "regions", r.id) for r in ds.all("region")] + \
                    [("council", "parent", c.id) for c in ds.all("council")] + [("plan", "council", c.id) for c in ds.all("council")]
        assert any(ds.count_referring(*q) for q in questions)
        fresh = Dataset.load(DATA, include_internal=internal)
        assert [fresh.count_referring(*q) for q in questions] == [len(ds.referring(*q)) for q in questions]


def test_a_record_internal_as_a_whole_is_not_counted_for_those_who_may_not_see_it(tmp_path: Path) -> None:
    """count_referring answers without reading records, except for a kind whose records can be
    internal as a whole (advice): then the public count is what `referring` gives, not one more."""
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = tmp_path / "data"
    generate(root, 150)
    advice = sorted((root / "advice").glob("*.yaml"))[0]
    advice.write_text(advice.read_text(encoding="utf-8") + "visibility: internal\n", encoding="utf-8")
    council = Dataset.load(root).get("advice", advice.stem).council
    for internal in (True, False):
        ds = Dataset.load(root, include_internal=internal)
        assert ds.count_referring("advice", "council", council) == len(ds.referring("advice", "council", council))
    assert Dataset.load(root, include_internal=False).count_referring("advice", "council", council) == \
        Dataset.load(root, include_internal=True).count_referring("advice", "council", council) - 1


def _generated(tmp_path: Path, files: int) -> Path:
    import sys

    from .conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate

    root = tmp_path / "data"
    generate(root, files)
    return root


def test_questions_about_every_person_pact_and_event_keep_none_of_them(tmp_path: Path) -> None:
    """The contacts, pacts, actions and events lists, search, the directory, the vCards and the calendar go
    through bodies, people and pacts once and let each go (at 100,000 files, keeping them peaked
    at 450-670 MB). What stays read is at most the regions and the parent bodies that "current"
    walks up to. And a person's seats, taken body by body, are what `seats_of` gives."""
    from collections import defaultdict

    from resoc_cli.exports.calendar import ics_text, vcf_text
    from resoc_cli.reports import directory_report
    from resoc_cli.views import View
    from resoc_cli.views.lists import listing
    from resoc_cli.views.search import search

    root = _generated(tmp_path, 400)
    ds = Dataset.load(root)
    view = View(as_of=dt.date(2016, 6, 30), history=True)
    for kind in ("contact", "pact", "action", "event"):
        assert listing(ds, kind, view)[0], kind
    assert search(ds, "regio", view) and directory_report(ds, view)["bodies"] and "".join(vcf_text(ds, view))
    assert "BEGIN:VEVENT" in "".join(ics_text(ds, view))  # the bodies it takes addresses from are not kept
    kept = [doc for doc in ds.documents if doc.record is not None]
    parents = {c.parent for c in ds.each("council") if c.parent}
    assert parents and {doc.kind for doc in kept} <= {"region", "council"}
    assert {doc.stem for doc in kept if doc.kind == "council"} <= parents
    seats = defaultdict(list)
    for council, m in ds.each_seat():
        seats[m.contact].append((council.id, m))
    fresh = Dataset.load(root)
    people = [p.id for p in fresh.each("contact")]
    assert sum(1 for p in people if seats[p]) > 10
    assert all([(c.id, m) for c, m in fresh.seats_of(p)] == seats[p] for p in people)
