"""`resoc import memberships`: spreadsheets and CSV files as organisations send them, through the real CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

import openpyxl
import pytest
from ruamel.yaml import YAML

from .conftest import run_cli

COUNCIL = "kerngroep-leren-en-werken"
SOURCE = "https://example.org/ledenlijst"


@pytest.fixture
def data(data_copy: Path) -> Path:
    """A copy of the real data with the register entry of the source the tests cite."""
    (data_copy / "sources" / "ledenlijst.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/source.schema.json\n"
        f"id: ledenlijst\ntitle: Ledenlijst\nkind: other\nlanguage: nl\nurl: {SOURCE}\n"
        "covers: A made-up membership list for the tests.\n", encoding="utf-8")
    return data_copy


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _import(file: Path, data: Path, *more: str) -> subprocess.CompletedProcess[str]:
    return run_cli("import", "memberships", str(file), "--council", COUNCIL, "--source", SOURCE, "--data", str(data), *more)


def _members(data: Path) -> list[dict]:
    return YAML(typ="safe").load((data / "councils" / f"{COUNCIL}.yaml").read_text(encoding="utf-8"))["memberships"]


def _tree(data: Path) -> dict[str, str]:
    """Every record file and its hash; the writer's lock folder (.resoc/, git-ignored) is not data."""
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data.rglob("*"))
            if p.is_file() and ".resoc" not in p.relative_to(data).parts}


def test_a_workbook_is_matched_by_name_and_imported_whole(tmp_path: Path, data: Path) -> None:
    sheet = _workbook(tmp_path / "leden.xlsx", [
        ["Voornaam", "Achternaam", "Organisatie", "E-mail", "GSM", "Functie", "Mandaat", "Start", "Opmerking", "Kleur"],
        ["björn", "CUYT", "ABVV", None, None, "Voorzitter", None, dt.datetime(2019, 3, 1), None, "rood"],
        ["van der vorst", "ignace", "acv", None, None, "lid", "effectief", 2019, None, None],
        ["Émile", "Verbeke", "ACV", "Emile.Verbeke@Example.ORG", "0472 12 34 56", "lid", "plaatsvervangend", "1/9/2020",
         "=HYPERLINK(\"http://evil.example\",\"klik\")", None],
    ])
    result = _import(sheet, data)
    assert result.returncode == 0, result.stderr
    assert "'Kleur' is left out" in result.stderr and "Traceback" not in result.stderr
    added = _members(data)[-3:]
    assert [(m["contact"], m["on_behalf_of"], m["role"], str(m["start_date"])) for m in added] == [
        ("bjorn-cuyt", "abvv", "chair", "2019-03-01"),  # accents and case do not matter
        ("ignace-van-der-vorst", "acv", "member", "2019"),  # nor the order of the names
        ("emile-verbeke", "acv", "substitute", "2020-09-01")]  # a Belgian day-first date
    assert added[0]["label"] == "Voorzitter" and all(m["sources"] == [SOURCE] for m in added)
    assert added[2]["note"] == "=HYPERLINK(\"http://evil.example\",\"klik\")"  # a formula is text, as written
    person = YAML(typ="safe").load((data / "contacts" / "emile-verbeke.yaml").read_text(encoding="utf-8"))
    assert person["name"] == "Émile Verbeke" and person["given_name"] == "Émile" and person["family_name"] == "Verbeke"
    assert [(d["type"], d["value"], d["visibility"]) for d in person["contact_details"]] == [
        ("email", "Emile.Verbeke@example.org", "internal"), ("mobile", "+32472123456", "internal")]
    assert sorted(p.name for p in (data / "contacts").glob("*.yaml") if "cuyt" in p.name or "vorst" in p.name) == [
        "bjorn-cuyt.yaml", "ignace-van-der-vorst.yaml"]  # matched, not created again
    assert run_cli("validate", str(data)).returncode == 0
    before = _tree(data)
    again = _import(sheet, data)  # the same list once more: nothing new
    assert again.returncode == 0 and again.stdout.count("ongewijzigd") == 3 and _tree(data) == before


def test_dry_run_shows_the_table_and_writes_nothing(tmp_path: Path, data: Path) -> None:
    listing = _csv(tmp_path / "leden.csv", "Naam;Organisatie;Telefoon;Mandaat;Start\n"
                                           "Lieve Cox;ABVV;014 72 86 57;plaatsvervangend;2019-01\n"
                                           "An Peeters;Voka;;effectief;2021\n")
    before = _tree(data)
    result = _import(listing, data, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert _tree(data) == before
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["rij", "naam", "persoon", "organisatie", "rol", "start", "wijziging"]  # Dutch for staff
    assert lines[1].split() == ["2", "Lieve", "Cox", "lieve-cox", "abvv", "plaatsvervanger", "2019-01", "nieuw", "lidmaatschap"]
    assert lines[2].split() == ["3", "An", "Peeters", "an-peeters", "voka", "lid", "2021", "nieuwe", "persoon"]
    assert "dry run: nothing written" in result.stderr
    written = _import(listing, data)
    assert written.returncode == 0, written.stderr
    assert (data / "contacts" / "an-peeters.yaml").is_file() and _members(data)[-1]["contact"] == "an-peeters"


def test_a_name_two_contacts_share_is_refused_off_a_terminal_and_settled_by_an_id_column(tmp_path: Path, data: Path) -> None:
    (data / "contacts" / "lieve-cox-gent.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/contact.schema.json\n"
        f"id: lieve-cox-gent\nname: Lieve Cox\nsources:\n  - {SOURCE}\n", encoding="utf-8")
    before = _tree(data)
    refused = _import(_csv(tmp_path / "a.csv", "naam,organisatie\nLIEVE COX,ABVV\n"), data)
    assert refused.returncode == 1 and _tree(data) == before
    assert f"{tmp_path / 'a.csv'}:2: 'LIEVE COX' is the name of 2 contacts (lieve-cox, in {COUNCIL}; lieve-cox-gent)" in refused.stderr
    settled = _import(_csv(tmp_path / "b.csv", "naam,organisatie,id\nLIEVE COX,ABVV,lieve-cox-gent\n"), data)
    assert settled.returncode == 0, settled.stderr
    assert _members(data)[-1]["contact"] == "lieve-cox-gent"


def test_on_a_terminal_the_person_is_asked_which_contact_a_shared_name_means(tmp_path: Path, data: Path) -> None:
    import os
    import sys

    (data / "contacts" / "lieve-cox-gent.yaml").write_text(
        "# yaml-language-server: $schema=../../schemas/contact.schema.json\n"
        f"id: lieve-cox-gent\nname: Lieve Cox\nsources:\n  - {SOURCE}\n", encoding="utf-8")
    listing = _csv(tmp_path / "a.csv", "naam,organisatie\nLieve Cox,ABVV\n")
    main, terminal = os.openpty()
    os.write(main, b"lieve-cox-gnt\nlieve-cox-gent\n")  # a typo first: asked again
    result = subprocess.run([sys.executable, "-m", "resoc_cli", "import", "memberships", str(listing), "--council", COUNCIL,
                             "--source", SOURCE, "--data", str(data)], stdin=terminal, capture_output=True, text=True, timeout=120)
    os.close(main)
    os.close(terminal)
    assert result.returncode == 0, result.stderr
    assert "row 2: 'Lieve Cox' is the name of 2 contacts" in result.stderr and "answer one of lieve-cox, lieve-cox-gent, new" in result.stderr
    assert _members(data)[-1]["contact"] == "lieve-cox-gent"


@pytest.mark.parametrize(("name", "content", "code", "said"), [
    ("leden.xlsx", "Naam,Start\nX,2019\n", 2, "leden.xlsx: not an .xlsx workbook or a .csv file"),
    ("leden.xls", "anything", 2, "an old Excel workbook (.xls); save it as .xlsx or .csv"),
    ("leden.csv", "Kleur,Maat\nrood,M\n", 2, "leden.csv: row 1 has no name column (naam, or voornaam and achternaam); its headers are Kleur, Maat"),
    ("leden.csv", "Naam,Start\nJan Peeters,2019\nAn Peeters,20x8\n", 1, "leden.csv:3: start: '20x8' is not a date"),
    ("leden.csv", "Naam,Organisatie\nJan Peeters,ABV\n", 1, "leden.csv:2: no organisation 'ABV': did you mean 'ABVV'"),
    ("leden.csv", "Naam,Functie\nJan Peeters,voorziter\n", 1, "leden.csv:2: no role 'voorziter': did you mean 'voorzitter'"),
    ("leden.csv", "Naam,Telefoon\nJan Peeters,12\n", 1, "leden.csv:2: phone '12' is not a valid number"),
])
def test_a_bad_file_is_one_clear_message_and_nothing_written(tmp_path: Path, data: Path, name: str, content: str, code: int,
                                                              said: str) -> None:
    before = _tree(data)
    result = _import(_csv(tmp_path / name, content), data)
    assert (result.returncode, result.stdout) == (code, "")
    assert said in result.stderr and "Traceback" not in result.stderr
    assert _tree(data) == before


def test_a_workbook_row_is_named_by_its_row_number(tmp_path: Path, data: Path) -> None:
    sheet = _workbook(tmp_path / "leden.xlsx", [[], ["Naam", "Start"], ["Jan Peeters", "2019"], [], ["An Peeters", "morgen"]])
    result = _import(sheet, data)
    assert result.returncode == 1
    assert f"{sheet}: row 5: start: 'morgen' is not a date" in result.stderr


def test_an_unknown_council_names_the_nearest(tmp_path: Path, data: Path) -> None:
    result = run_cli("import", "memberships", str(_csv(tmp_path / "a.csv", "naam\nJan\n")), "--council", "kerngroep-leren-en-werke",
                     "--source", SOURCE, "--data", str(data))
    assert result.returncode == 1 and f"did you mean '{COUNCIL}'" in result.stderr
