"""Queries through the real CLI: the staff's questions, every kind's list and show, search, dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from resoc_cli.queries import KINDS, LISTS, View, open_dataset, search, show

from .conftest import DATA, run_cli


@pytest.fixture(scope="module")
def ds():
    return open_dataset(DATA)


def _json(*args: str) -> object:
    result = run_cli(*args, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- the questions of "Why"


def test_who_sits_in_the_kerngroep_for_acv() -> None:
    rows = _json("contacts", "list", "--council", "kerngroep-leren-en-werken", "--organisation", "acv")
    assert [r["name"] for r in rows] == ["Lieve Cox"]
    assert rows[0]["seats"] == [{"council": "kerngroep-leren-en-werken", "council_name": "Kerngroep leren en werken",
                                 "role": "chair", "on_behalf_of": "acv", "on_behalf_of_name": "ACV"}]


def test_which_actions_acv_leads_in_the_kempen_pact() -> None:
    rows = _json("actions", "list", "--pact", "streekpact-kempen-2013-2018", "--lead", "acv", "--history")
    assert len(rows) == 10 and all(r["pillar"] == "leren-en-werken" for r in rows)


def test_who_was_the_coordinator_of_resoc_brugge_in_2008() -> None:
    rows = _json("contacts", "list", "--council", "resoc-brugge", "--role", "coordinator", "--as-of", "2008-06-01")
    assert [r["name"] for r in rows] == ["Tine Decuypere"]


def test_the_phone_number_of_the_westhoek_secretariat() -> None:
    document = _json("councils", "show", "serr-oostende-westhoek")
    phones = [d["value"] for d in document["record"]["contact_details"] if d["type"] == "phone"]
    assert phones == ["+3251519357"]
    assert document["as_of"] == "2016-08-31"  # ended bodies are shown as on their last day


# ---------------------------------------------------------------------------- every kind


# The sources name no meeting and no request for advice: those kinds are shown on the fictitious year.
MEETING_YEAR = DATA.parent / "tests" / "fixtures" / "meeting-year" / "data"
NOT_IN_SOURCES = {"meetings": MEETING_YEAR, "advice": MEETING_YEAR}


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_in_json_equals_the_library(ds, kind: str) -> None:
    data = NOT_IN_SOURCES.get(kind)
    rows = _json(kind, "list", "--history", *(["--data", str(data)] if data else []))
    assert rows == LISTS[kind](open_dataset(data) if data else ds, View(history=True))
    assert rows, f"the bundled data has {kind}"


@pytest.mark.parametrize("kind", ["councils", "contacts", "actions"])
def test_csv_and_yaml_carry_the_same_rows(ds, kind: str) -> None:
    expected = LISTS[kind](ds, View(history=True))
    as_csv = list(csv.DictReader(io.StringIO(run_cli(kind, "list", "--history", "-f", "csv").stdout)))
    assert [r["id"] for r in as_csv] == [r["id"] for r in expected]
    as_yaml = YAML(typ="safe").load(run_cli(kind, "list", "--history", "-f", "yaml").stdout)
    assert as_yaml == json.loads(json.dumps(expected))


SHOW = [("regions", "kempen"), ("municipalities", "13008"), ("councils", "kerngroep-leren-en-werken"),
        ("contacts", "lieve-cox"), ("organisations", "acv"), ("pacts", "streekpact-kempen-2013-2018"),
        ("actions", "leren-en-werken.4.veldwerkers-lokaal-werk"), ("plans", "kerngroep-leren-en-werken-2018"),
        ("events", "werkmakkers-werk-zorgtrajecten"), ("projects", "dc-noise")]


@pytest.mark.parametrize(("kind", "id"), SHOW)
def test_every_show_in_json_equals_the_library(ds, kind: str, id: str) -> None:
    document = _json(kind, "show", id)
    assert document == show(ds, kind, id, View())
    table = run_cli(kind, "show", id)
    assert table.returncode == 0 and document["name"] in table.stdout


def test_council_show_groups_members_by_side_and_lists_sub_bodies() -> None:
    document = _json("councils", "show", "serr-kempen", "--as-of", "2010-06-01")
    assert [row["name"] for row in document["related"]["members_by_side"]["secretariat"]] == ["Wim De Kinderen"]
    assert {s["id"] for s in document["related"]["sub_bodies"]} == {
        "serr-kempen-werkgroep-diversiteitsmanagement", "serr-kempen-afstemmingscommissie-diversiteit"}
    assert document["related"]["seats_filled"][0] == {"side": "employer", "seats": 8, "filled": 0, "vacant": 8}


def test_contact_show_lists_every_seat_held() -> None:
    seats = _json("contacts", "show", "nick-vanwalleghem")["related"]["seats"]
    assert {(s["council"], s["role"]) for s in seats} == {("serr-oostende-westhoek", "coordinator"), ("serr-oostende-westhoek", "staff")}


def test_unknown_id_exits_1_with_a_suggestion() -> None:
    result = run_cli("councils", "show", "serr-kempn")
    assert result.returncode == 1
    assert "did you mean 'serr-kempen'?" in result.stderr


# ---------------------------------------------------------------------------- search and dates


@pytest.mark.parametrize(("text", "kind", "id"), [
    ("vanwalleghem", "contact", "nick-vanwalleghem"),
    ("VANWALLEGHEM", "contact", "nick-vanwalleghem"),
    ("kinderopvang", "project", "studie-kinderopvang-oostende-westhoek"),
    ("geel", "municipality", "13008"),
    ("CREEREN", "pact", "streekpact-kempen-2013-2018"),
    ("créëren", "pact", "streekpact-kempen-2013-2018"),
])
def test_search_is_case_and_accent_insensitive(ds, text: str, kind: str, id: str) -> None:
    results = search(ds, text, View(as_of=dt.date(2015, 6, 1)))
    assert {"kind": kind, "id": id} in [{"kind": r["kind"], "id": r["id"]} for r in results]
    assert _json("search", text, "--as-of", "2015-06-01") == results


def test_search_ranks_a_name_match_above_a_text_match(ds) -> None:
    results = search(ds, "kempen", View(history=True))
    assert results[0]["score"] >= results[-1]["score"]
    assert results[0]["name"].casefold().startswith("kempen")


def test_by_default_ended_bodies_are_hidden_and_said_so() -> None:
    now = run_cli("councils", "list", "--type", "serr", "-f", "json", "--as-of", "2020-01-01")
    assert now.returncode == 1 and json.loads(now.stdout) == []
    assert "13 councils not current on 2020-01-01" in now.stderr and "--history" in now.stderr
    then = _json("councils", "list", "--type", "serr", "--as-of", "2010-01-01")
    assert len(then) == 13


def test_events_between_dates(ds) -> None:
    rows = _json("events", "list", "--from", "2018-01-01", "--to", "2018-12-31", "--as-of", "2018-01-01")
    assert {r["title"] for r in rows} >= {"Werkmak(k)ers: informatie over de werk-zorgtrajecten", "De PWA-werking wordt Wijkwerken"}
    assert all(r["start_date"] >= "2018" for r in rows)


def test_current_means_the_same_for_every_list() -> None:
    """A working group under a body that ended, a person whose seats all ended, an ended pact and
    a past event are all not current; --history shows them (meaning.py says this once)."""
    day = "2020-01-01"
    assert "streekpact-kempen-2013-2018" not in {r["id"] for r in _json("pacts", "list", "--as-of", day)}
    assert "streekpact-kempen-2013-2018" in {r["id"] for r in _json("pacts", "list", "--as-of", "2015-01-01")}
    people = {r["id"] for r in _json("contacts", "list", "--as-of", day)}
    assert "tine-decuypere" not in people  # coordinator of RESOC Brugge, which ended in 2016
    assert "tine-decuypere" in {r["id"] for r in _json("contacts", "list", "--as-of", day, "--history")}
    events = _json("events", "list", "--as-of", day)
    assert all(r["start_date"] >= "2020" or (r["end_date"] or "") >= "2020" for r in events)


def test_tables_are_plain_when_piped() -> None:
    result = run_cli("councils", "list", "--history")
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout and "─" not in result.stdout and "│" not in result.stdout
    assert "serr-kempen" in result.stdout


def test_no_colour_even_on_a_terminal_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from resoc_cli.cli import output as cli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.use_colour(Tty()) is False
    monkeypatch.delenv("NO_COLOR")
    assert cli.use_colour(Tty()) is True


def test_as_of_must_be_a_date() -> None:
    assert run_cli("councils", "list", "--as-of", "gisteren").returncode == 2


def test_history_flag_does_not_invent_dates(ds) -> None:
    kempen = show(ds, "regions", "kempen", View(as_of=dt.date(2000, 1, 1)))
    assert len(kempen["related"]["municipalities"]) == 27  # undated memberships hold at any date


def test_query_outside_a_dataset_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("councils", "list", cwd=tmp_path)
    assert result.returncode == 2 and "no dataset at data" in result.stderr


def test_lists_are_sorted_by_name_as_people_sort() -> None:
    """By name, not by file name; case, accents and numbers as people read them."""
    from resoc_cli.views.lists import natural_key

    names = ["Zeta", "émile", "Emile 10", "Emile 2", "abc"]
    assert sorted(names, key=natural_key) == ["abc", "émile", "Emile 2", "Emile 10", "Zeta"]
    rows = _json("councils", "list", "--history")
    assert [natural_key(r["name"]) for r in rows] == sorted(natural_key(r["name"]) for r in rows)
    assert [r["id"] for r in rows] != sorted(r["id"] for r in rows)  # the bundled data tells the two orders apart


@pytest.mark.parametrize("args, expected", [
    (["contacts", "list", "--role", "voorzitter", "--history", "--format", "json"], "chair"),
    (["councils", "list", "--type", "Werkgroep", "--history", "--format", "json"], "working_group"),
])
def test_a_filter_takes_the_word_a_table_shows(args: list[str], expected: str) -> None:
    """Staff filter by what they read in a table: the Dutch word stands for its value."""
    import json as _json

    by_code = run_cli(*[expected if a in ("voorzitter", "Werkgroep") else a for a in args])
    by_word = run_cli(*args)
    assert by_word.returncode == 0, by_word.stderr
    assert _json.loads(by_word.stdout) == _json.loads(by_code.stdout) != []
