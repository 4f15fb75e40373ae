"""`resoc sources list|show`: per registered source, the records that cite it; unregistered citations shown too."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import DATA, run_cli


def _rows(*args: str) -> list[dict]:
    result = run_cli("sources", "list", "-f", "json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_registered_source_lists_the_records_that_cite_it() -> None:
    rows = {row["id"]: row for row in _rows("--data", str(DATA))}
    seed = rows["seed-000-serr-resoc-kempen"]
    assert seed["aliases"] == ["000_1e96a52e4f1e0247.txt"]
    assert "council/resoc-kempen" in seed["records"] and "project/napoleon-revised" in seed["records"]
    assert seed["cited_by"] == len(seed["records"])
    # a body's legal basis cites the decree through the register id
    assert "council/resoc-kempen" in rows["decreet-2004-05-07"]["records"]
    assert None not in rows, "the bundled dataset cites nothing outside its register"


def test_an_unregistered_citation_in_a_part_is_listed(data_copy: Path) -> None:
    path = data_copy / "councils" / "kerngroep-leren-en-werken.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    role: chair\n", "    role: chair\n    sources:\n      - https://www.example.be/nieuw\n", 1), encoding="utf-8")
    result = run_cli("sources", "list", "-f", "json", "--data", str(data_copy))
    assert result.returncode == 0
    stray = [row for row in json.loads(result.stdout) if row["id"] is None]
    assert stray == [{"id": None, "title": None, "kind": None, "language": None, "url": "https://www.example.be/nieuw",
                      "aliases": [], "accessed": None, "cited_by": 1, "records": ["council/kerngroep-leren-en-werken"]}]
    assert run_cli("validate", str(data_copy)).returncode == 1  # SRC002


def test_one_source_and_an_unknown_id() -> None:
    shown = run_cli("sources", "show", "knack-resoc-noord-west-vlaanderen", "-f", "json", "--data", str(DATA))
    assert shown.returncode == 0, shown.stderr
    assert "council/resoc-noord-west-vlaanderen" in json.loads(shown.stdout)["related"]["cited_by"]
    missing = run_cli("sources", "show", "knack", "--data", str(DATA))
    assert missing.returncode == 1 and "no source has the id 'knack'" in missing.stderr
    assert missing.stdout == ""


def test_csv_and_table_carry_the_same_sources() -> None:
    csv = run_cli("sources", "list", "-f", "csv", "--data", str(DATA))
    table = run_cli("sources", "list", "--data", str(DATA))
    assert csv.returncode == table.returncode == 0
    assert csv.stdout.splitlines()[0] == '"id","title","kind","language","url","aliases","accessed","cited_by","records"'
    for source in ("statbel-refnis", "werk-be-subregionaal-beleid"):
        assert source in csv.stdout and source in table.stdout


def test_a_citation_inside_an_internal_part_is_listed_only_when_asked_for(data_copy: Path) -> None:
    """The citations come from the read index on a second run: both runs agree with the redacted
    records (a source cited only inside an internal detail is not shown without --include-internal)."""
    path = data_copy / "contacts" / "miet-verhamme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    visibility: internal\n", "    visibility: internal\n    sources:\n      - https://www.example.be/intern\n", 1),
        encoding="utf-8")
    for _ in range(2):  # parsed, then from the index
        hidden = [row for row in _rows("--data", str(data_copy)) if row["url"] == "https://www.example.be/intern"]
        shown = [row for row in _rows("--data", str(data_copy), "--include-internal") if row["url"] == "https://www.example.be/intern"]
        assert hidden == []
        assert [row["records"] for row in shown] == [["contact/miet-verhamme"]]
