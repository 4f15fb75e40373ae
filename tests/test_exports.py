"""Exports re-read by a real reader of each format, and the privacy sweep over every output."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import icalendar
import pytest
import vobject

from resoc_cli.exports import calendar_entries, json_pieces, popolo, tables, whole
from resoc_cli.queries import KINDS, View, open_dataset

from .conftest import DATA, run_cli, run_in_process


@pytest.fixture(scope="module")
def ds():
    return open_dataset(DATA)


def _export(fmt: str, out: Path, *extra: str, data: Path | None = None) -> Path:
    args = ["export", fmt, "-o", str(out), *extra] + (["--data", str(data)] if data else [])
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return out


def test_sqlite_has_foreign_keys_that_hold_and_full_text_search(tmp_path: Path, ds) -> None:
    db = sqlite3.connect(_export("sqlite", tmp_path / "resoc.db"))
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = db.execute("SELECT COUNT(*) FROM pragma_foreign_key_list('memberships')").fetchone()[0]
    assert declared == 4
    assert db.execute("SELECT COUNT(*) FROM councils").fetchone()[0] == len(list(ds.records("council")))
    hits = db.execute("SELECT name FROM contacts_fts WHERE contacts_fts MATCH 'vanwalleghem'").fetchall()
    assert hits == [("Nick Vanwalleghem",)]
    coordinator = db.execute(
        "SELECT c.name FROM memberships m JOIN contacts c ON c.id = m.contact "
        "WHERE m.council = 'resoc-brugge' AND m.role = 'coordinator'").fetchall()
    assert coordinator == [("Tine Decuypere",)]


def test_csv_has_one_file_per_table_with_the_same_rows(tmp_path: Path, ds) -> None:
    folder = _export("csv", tmp_path / "csv")
    for table in tables(ds, View(history=True)):
        with (folder / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.DictReader(handle))) == len(table.rows), table.name


def test_json_holds_every_record_with_references_as_ids(tmp_path: Path, ds) -> None:
    data = json.loads(_export("json", tmp_path / "resoc.json").read_text(encoding="utf-8"))
    assert len(data["councils"]) == len(list(ds.records("council")))
    kerngroep = next(c for c in data["councils"] if c["id"] == "kerngroep-leren-en-werken")
    assert kerngroep["memberships"][0]["contact"] == "lieve-cox"


@pytest.mark.parametrize("include_internal", [False, True])
def test_the_json_file_is_json_dumps_of_what_whole_returns(tmp_path: Path, include_internal: bool) -> None:
    """The export writes record by record; the text is json.dumps(whole(...), indent=2) all the same."""
    extra = ["--include-internal"] if include_internal else []
    written = _export("json", tmp_path / "resoc.json", *extra).read_text(encoding="utf-8")
    view = View(include_internal=include_internal)
    expected = json.dumps(whole(open_dataset(DATA, view), view), ensure_ascii=False, indent=2)
    assert written == expected + "\n"


@pytest.mark.parametrize("value", [{}, {"a": []}, {"a": [1, {"x": [1, {"y": "é\n\\"}], "e": {}, "l": []}], "b": []},
                                   {'k"': [[], [1, [2]]]}])
def test_json_pieces_join_to_json_dumps(value: dict) -> None:
    assert "".join(json_pieces(value)) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_the_popolo_file_is_json_dumps_of_what_popolo_returns(tmp_path: Path) -> None:
    written = _export("popolo", tmp_path / "popolo.json").read_text(encoding="utf-8")
    view = View()
    assert written == json.dumps(popolo(open_dataset(DATA, view), view), ensure_ascii=False, indent=2) + "\n"


def test_popolo_references_resolve(tmp_path: Path) -> None:
    data = json.loads(_export("popolo", tmp_path / "popolo.json").read_text(encoding="utf-8"))
    assert set(data) == {"persons", "organizations", "memberships", "posts", "areas", "events"}
    persons = {p["id"] for p in data["persons"]}
    organizations = {o["id"] for o in data["organizations"]}
    posts = {p["id"] for p in data["posts"]}
    for m in data["memberships"]:
        assert m["organization_id"] in organizations
        assert m.get("person_id", next(iter(persons))) in persons
        assert m.get("on_behalf_of_id", next(iter(organizations))) in organizations
        assert m.get("post_id", next(iter(posts))) in posts
    areas = {a["id"] for a in data["areas"]}
    assert all(a.get("parent_id", a["id"]) in areas for a in data["areas"])
    assert "nis-13040" in areas


def test_ics_reads_back_with_stable_uids(tmp_path: Path, ds) -> None:
    first = icalendar.Calendar.from_ical(_export("ics", tmp_path / "a.ics").read_bytes())
    second = icalendar.Calendar.from_ical(_export("ics", tmp_path / "b.ics").read_bytes())
    uids = [str(e["uid"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["uid"]) for e in second.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(list(calendar_entries(ds)))
    assert str(first["x-wr-timezone"]) == "Europe/Brussels"
    werkmakkers = next(e for e in first.walk("VEVENT") if "werk-zorgtrajecten" in str(e["summary"]) and "[" not in str(e["summary"]))
    assert werkmakkers.decoded("dtstart").isoformat() == "2018-03-01"


def test_ics_keeps_fuzzy_dates_honest_in_dutch_with_the_bodys_address(tmp_path: Path) -> None:
    events = {str(e["uid"]): e for e in icalendar.Calendar.from_ical(_export("ics", tmp_path / "a.ics").read_bytes()).walk("VEVENT")}
    spring = events["event-streekpact-kempen-2013-2018-trefpunt-duaal-leren@resoc"]  # 2018-21 in the data: spring 2018
    assert str(spring["summary"]) == "Trefpuntbijeenkomst over duaal leren (lente 2018)"
    assert (spring.decoded("dtstart").isoformat(), spring.decoded("dtend").isoformat()) == ("2018-03-01", "2018-03-02")
    assert str(spring["transp"]) == "TRANSPARENT" and str(spring["x-resoc-date"]) == "2018-21"
    assert "lente 2018, geen dag" in str(spring["description"])
    assert str(spring["location"]) == "SERR – RESOC Kempen, Campus Blairon 660, 2300 Turnhout"
    for event in events.values():
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        if "x-resoc-date" in event:  # a month, season or year: one day, never a 31- or 365-day event
            assert (end - start).days == 1, event["summary"]
        assert not {"(month)", "(season)", "(year)"} & set(str(event.get("description", "")).split()), event["summary"]
    exact = events["event-streekpact-kempen-2013-2018-werkmakkers-wijk-werken-2017@resoc"]
    assert "x-resoc-date" not in exact and "transp" not in exact


def test_vcf_reads_back_one_card_per_contact_and_per_body_with_public_details(tmp_path: Path, ds) -> None:
    text = _export("vcf", tmp_path / "contacts.vcf").read_text(encoding="utf-8")
    cards = list(vobject.readComponents(text))
    bodies = [c for c in ds.all("council") if c.addresses or c.contact_details or c.website]
    assert len(cards) == len(list(ds.records("contact"))) + len(bodies)
    assert {c.fn.value for c in cards} >= {"Lieve Cox", "Tine Decuypere"}


def test_vcards_split_names_carry_current_seats_and_the_secretariats(tmp_path: Path, ds) -> None:
    text = _export("vcf", tmp_path / "contacts.vcf", "--as-of", "2015-01-01").read_text(encoding="utf-8")
    cards = {c.uid.value: c for c in vobject.readComponents(text)}
    people = [c for uid, c in cards.items() if uid.startswith("urn:resoc:contact:")]
    assert len(people) == len(list(ds.records("contact")))
    for card in people:  # every bundled person's name is split, and the parts make the name as the sources write it
        assert card.n.value.given and card.n.value.family and f"{card.n.value.given} {card.n.value.family}" == card.fn.value
    vorst = cards["urn:resoc:contact:ignace-van-der-vorst"].n.value
    assert (vorst.given, vorst.family) == ("Ignace", "Van der Vorst")  # the particle belongs to the family name
    lode = cards["urn:resoc:contact:lode-van-loock"]
    assert lode.org.value == ["RESOC Halle-Vilvoorde"] and lode.title.value == "coördinator"
    assert "tot 31 augustus 2016" in lode.note.value and " for " not in lode.note.value
    body = cards["urn:resoc:council:serr-oostende-westhoek"]
    assert body.fn.value == body.org.value[0] == "SERR Oostende-Westhoek"
    assert body.adr.value.city and body.adr.value.code and body.tel.value
    assert not any(uid.startswith("urn:resoc:council:") and "internal" in str(c) for uid, c in cards.items())


def test_export_refuses_to_overwrite_and_refuses_broken_data(tmp_path: Path, data_copy: Path) -> None:
    target = _export("json", tmp_path / "x.json")
    again = run_cli("export", "json", "-o", str(target))
    assert again.returncode == 2 and "--force" in again.stderr
    (data_copy / "organisations" / "acv.yaml").write_text("id: acv\n", encoding="utf-8")
    broken = run_cli("export", "json", "-o", str(tmp_path / "y.json"), "--data", str(data_copy))
    assert broken.returncode == 1 and "run resoc validate" in broken.stderr
    assert not (tmp_path / "y.json").exists()


# ---------------------------------------------------------------------------- privacy

MARKER_EMAIL = "verborgen.marker@resoc-intern.be"
MARKER_PHONE = "+3214999999"


@pytest.fixture
def marked(data_copy: Path) -> Path:
    """The real data with an internal e-mail address and phone number on a contact and a council."""
    person = data_copy / "contacts" / "lieve-cox.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "name: Lieve Cox\n",
        f"name: Lieve Cox\ncontact_details:\n  - type: email\n    value: {MARKER_EMAIL}\n    visibility: internal\n"
        f"  - type: phone\n    value: '{MARKER_PHONE}'\n    visibility: internal\n"), encoding="utf-8")
    council = data_copy / "councils" / "kerngroep-leren-en-werken.yaml"
    council.write_text(council.read_text(encoding="utf-8").replace(
        "memberships:\n", f"contact_details:\n  - type: email\n    value: {MARKER_EMAIL}\n    visibility: internal\nmemberships:\n"),
        encoding="utf-8")
    assert run_cli("validate", str(data_copy)).returncode == 0
    return data_copy


def _every_output(data: Path, tmp_path: Path, *extra: str) -> str:
    """Everything every printing command and export writes, concatenated."""
    out = []
    for kind in KINDS:
        for fmt in ("table", "json", "csv", "yaml"):
            out.append(run_in_process(kind, "list", "--history", "-f", fmt, "--data", str(data), *extra).stdout)
    for kind, id in (("contacts", "lieve-cox"), ("councils", "kerngroep-leren-en-werken")):
        for fmt in ("table", "json", "csv", "yaml"):
            out.append(run_in_process(kind, "show", id, "-f", fmt, "--data", str(data), *extra).stdout)
    for text in ("lieve", "marker", "resoc-intern"):
        out.append(run_in_process("search", text, "--history", "-f", "json", "--data", str(data), *extra).stdout)
    for fmt in ("json", "sqlite", "popolo", "ics", "vcf"):
        path = tmp_path / f"{fmt}{len(extra)}.out"
        assert run_in_process("export", fmt, "-o", str(path), "--data", str(data), *extra).returncode == 0
        out.append(path.read_bytes().decode("utf-8", errors="replace"))
    folder = tmp_path / f"csv{len(extra)}"
    assert run_in_process("export", "csv", "-o", str(folder), "--data", str(data), *extra).returncode == 0
    out += [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]
    return "\n".join(out)


def test_internal_details_appear_in_no_output_unless_asked(marked: Path, tmp_path: Path) -> None:
    everything = _every_output(marked, tmp_path)
    assert MARKER_EMAIL not in everything
    assert MARKER_PHONE not in everything and "+32 14 99 99 99" not in everything
    asked = _every_output(marked, tmp_path, "--include-internal")
    assert MARKER_EMAIL in asked and MARKER_PHONE in asked
