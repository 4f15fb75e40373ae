"""The vocabulary of tables (labels.py): every value and column named in Dutch and English."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel

from resoc_cli import models
from resoc_cli.kinds import KINDS, literal_values
from resoc_cli.labels import (COLUMNS, LANGUAGES, column_label, count_text, date_text, display, id_keys, value_label,
                              values_of)
from resoc_cli.queries import LISTS, View, open_dataset, show

from .conftest import DATA

# Literal fields whose values read the same in both languages (codes, not words).
_RAW = {"country", "quarters", "type_of_detail"}


def _literal_fields() -> dict[str, set[str]]:
    """Every model field that takes one of a fixed set of values, with those values."""
    fields: dict[str, set[str]] = {}
    for model in vars(models).values():
        if inspect.isclass(model) and issubclass(model, BaseModel):
            for name, info in model.model_fields.items():
                values = literal_values(info.annotation)
                if values and name not in _RAW:
                    fields.setdefault(name, set()).update(values)
    return fields


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_value_a_model_allows_has_a_label(lang: str) -> None:
    fields = _literal_fields()
    assert {"type", "side", "role", "status", "kind", "dossier_type", "outcome"} <= set(fields)
    missing = {f"{name}={value}" for name, values in fields.items() for value in values if value not in values_of(name, lang)}
    assert not missing, missing


def test_dutch_values_are_dutch_and_english_ones_english() -> None:
    assert value_label("type", "working_group", "nl") == "werkgroep"
    assert value_label("type", "working_group", "en") == "working group"
    assert value_label("role", "vice_chair", "nl") == "ondervoorzitter"
    assert value_label("status", "running", "nl") == "lopend"
    assert value_label("dossier_type", "wep_plus", "nl") == "WEP-plus"  # from the reports' labels, acronyms kept
    assert value_label("outcome", "postponed", "nl") == "uitgesteld"  # an agenda item's decision
    assert value_label("name", "working_group", "nl") == "working_group"  # a name is never translated


@pytest.fixture(scope="module")
def shown_keys() -> set[str]:
    """Every column a list prints and every field and section a show prints, on the bundled data."""
    ds = open_dataset(DATA)
    seen = View(history=True)
    keys: set[str] = set()
    for kind in KINDS.values():
        keys.update(kind.columns)
        for row in LISTS[kind.plural](ds, seen)[:20]:
            keys.update(row)
    for kind, id in (("councils", "serr-kempen"), ("contacts", "lieve-cox"), ("organisations", "acv"),
                     ("pacts", "streekpact-kempen-2013-2018"), ("regions", "kempen"), ("plans", "kerngroep-leren-en-werken-2018")):
        document = show(ds, kind, id, seen)
        keys.update(document["record"])
        keys.update(document["related"])
        keys.update(k for value in document["related"].values() if isinstance(value, list)
                    for row in value if isinstance(row, dict) for k in row)
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_column_shown_has_a_label(shown_keys: set[str], lang: str) -> None:
    plurals = {k.plural for k in KINDS.values()}
    unnamed = {k for k in shown_keys if k not in COLUMNS and k not in KINDS and k not in plurals}
    assert not unnamed, unnamed
    assert column_label("seats_filled", lang) != "seats_filled"


def test_the_count_is_correct_dutch_and_english() -> None:
    assert count_text(1, "contact", "nl") == "1 persoon"
    assert count_text(2, "contact", "nl") == "2 personen"
    assert count_text(0, "contact", "nl") == "0 personen"
    assert count_text(1, "organisation", "nl") == "1 organisatie"
    assert count_text(3, "region", "nl") == "3 regio's"
    assert count_text(2, "contact", "en") == "2 people"
    assert count_text(1, "rule", "en") == "1 rule"


@pytest.mark.parametrize(("value", "lang", "text"), [
    ("2017-23", "nl", "najaar 2017"), ("2018-21", "nl", "lente 2018"), ("2017-23", "en", "autumn 2017"),
    ("2018-10", "nl", "oktober 2018"), ("2018-10", "en", "October 2018"), ("2018-10-04", "nl", "2018-10-04"),
    ("2018", "nl", "2018"), ("no date", "nl", "no date"),
])
def test_fuzzy_dates_read_as_people_say_them(value: str, lang: str, text: str) -> None:
    assert date_text(value, lang) == text
    assert display("start_date", value, lang) == text


def test_phones_booleans_and_lists_display_alike() -> None:
    assert display("phone", "+3214728657", "nl") == "+32 14 72 86 57"
    assert display("current", True, "nl") == "ja" and display("current", False, "en") == "no"
    assert display("type", ["serr", "resoc"], "nl") == ["SERR", "RESOC"]
    assert display("type", None, "nl") is None


def test_id_columns_come_from_the_registry_and_the_models() -> None:
    keys = id_keys()
    assert {"id", "council", "councils", "lead", "partners", "on_behalf_of", "decided_at"} <= keys
    assert not {"name", "title", "type", "status"} & keys
