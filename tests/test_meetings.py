"""Meetings and advice through the real CLI on the fictitious year (tests/fixtures/meeting-year):
the agenda, minutes and register as golden files, `new meeting`, the rules' verdicts, the
confidential items kept out of every output, and the exports read back by real readers."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from .conftest import run_cli
from .test_reports import _golden

YEAR = Path(__file__).parent / "fixtures" / "meeting-year" / "data"
D = ["--data", str(YEAR)]
SECRET = ("Personeelsdossier", "GESCO-contingent", "verlenging van het contract")  # the confidential item and advice


@pytest.fixture
def year(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(YEAR, target)
    return target


GOLDEN = [
    ("agenda-serr-voorbeeld-2020-12-14.md", ["report", "agenda", "serr-voorbeeld-2020-12-14", *D]),
    ("minutes-serr-voorbeeld-2020-01-20.md", ["report", "minutes", "serr-voorbeeld-2020-01-20", *D]),
    ("minutes-serr-voorbeeld-2020-03-16.en.md", ["report", "minutes", "serr-voorbeeld-2020-03-16", "--lang", "en", *D]),
    ("advice-register-serr-voorbeeld-2020.md",
     ["report", "advice-register", "serr-voorbeeld", "--year", "2020", "--as-of", "2021-01-15", *D]),
]


@pytest.mark.parametrize(("name", "args"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_agenda_minutes_and_register_match_their_golden_files(name: str, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    _golden(name, result.stdout)


def test_minutes_in_html_escape_what_the_data_holds() -> None:
    result = run_cli("report", "minutes", "serr-voorbeeld-2020-01-20", "-f", "html", *D)
    assert result.returncode == 0, result.stderr
    assert "&lt;script&gt;" in result.stdout and "<script>" not in result.stdout
    assert "<h2>3. Inventaris stageplaatsen in de zorg</h2>" in result.stdout


def test_the_year_validates_with_the_warnings_it_shows_on_purpose() -> None:
    result = run_cli("validate", str(YEAR), "--as-of", "2021-01-15", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    codes = sorted({f["code"] for f in json.loads(result.stdout)["problems"]})
    assert codes == ["ADV001", "MEET002", "SEAT001"]


def test_new_meeting_prepares_its_agenda_from_open_advice_and_the_quarters_plan_items(year: Path) -> None:
    (year / "meetings" / "serr-voorbeeld-2020-12-14.yaml").unlink()
    result = run_cli("new", "meeting", "--council", "serr-voorbeeld", "--date", "2020-12-07", "--time", "14:00",
                     "--source", "https://example.org/fictief-voorbeeld", "--data", str(year))
    assert result.returncode == 0, result.stderr
    written = year / "meetings" / "serr-voorbeeld-2020-12-07.yaml"
    assert result.stdout.strip() == str(written)
    record = YAML(typ="safe").load(written.read_text(encoding="utf-8"))
    assert "start_time: '14:00'" in written.read_text(encoding="utf-8")  # quoted: a YAML 1.1 reader would see 840
    assert [(i["number"], i.get("advice"), i.get("plan_item")) for i in record["agenda"]] == [
        ("1", "serr-voorbeeld-2020-sociale-werkplaats", None),  # deadline 2020-12-31, the nearest
        ("2", "serr-voorbeeld-2020-ibo", None),  # 2021-01-31
        ("3", None, "serr-voorbeeld-2020:duaal-infoavond"),  # Q4 and still planned; the late Q3 item is not this quarter's
    ]
    again = run_cli("new", "meeting", "--council", "serr-voorbeeld", "--date", "2020-12-07",
                    "--source", "https://example.org/fictief-voorbeeld", "--data", str(year))
    assert again.returncode == 1 and "exists already" in again.stderr  # a conflict with the data


def test_a_confidential_advice_is_prepared_as_an_internal_item(year: Path) -> None:
    gesco = year / "advice" / "serr-voorbeeld-2020-gesco.yaml"
    gesco.write_text(gesco.read_text(encoding="utf-8").replace("decided_at: serr-voorbeeld-2020-10-19\noutcome: negative\n", ""),
                     encoding="utf-8")
    result = run_cli("new", "meeting", "--council", "serr-voorbeeld", "--date", "2020-09-28",
                     "--source", "https://example.org/fictief-voorbeeld", "--data", str(year))
    assert result.returncode == 0, result.stderr
    record = YAML(typ="safe").load((year / "meetings" / "serr-voorbeeld-2020-09-28.yaml").read_text(encoding="utf-8"))
    assert record["agenda"][0]["advice"] == "serr-voorbeeld-2020-gesco" and record["agenda"][0]["visibility"] == "internal"


def test_an_unknown_body_is_named_with_the_nearest(year: Path) -> None:
    result = run_cli("new", "meeting", "--council", "serr-voorbeeldd", "--date", "2020-12-07",
                     "--source", "https://example.org/fictief-voorbeeld", "--data", str(year))
    assert result.returncode == 1 and "serr-voorbeeld" in result.stderr and "Traceback" not in result.stderr


def _outputs(tmp_path: Path, *extra: str) -> str:
    """What every output of meetings and advice says, as one text."""
    texts = []
    for args in (["meetings", "list", "--history", "-f", "json"], ["advice", "list", "--history", "-f", "json"],
                 ["meetings", "show", "serr-voorbeeld-2020-03-16", "-f", "json"],
                 ["meetings", "show", "serr-voorbeeld-2020-10-19", "-f", "yaml"],
                 ["search", "GESCO", "--history", "-f", "json"], ["report", "minutes", "serr-voorbeeld-2020-03-16"],
                 ["report", "agenda", "serr-voorbeeld-2020-10-19", "-f", "html"],
                 ["report", "advice-register", "serr-voorbeeld", "--year", "2020"]):
        texts.append(run_cli(*args, *extra, *D).stdout)
    for fmt, name in (("json", "all.json"), ("ics", "all.ics"), ("oparl", "oparl")):
        out = tmp_path / (name + "-" + "-".join(extra))
        assert run_cli("export", fmt, "-o", str(out), *extra, *D).returncode == 0
        texts += [p.read_text(encoding="utf-8") for p in ([out] if out.is_file() else sorted(out.rglob("*.json")))]
    db = tmp_path / ("all-" + "-".join(extra) + ".db")
    assert run_cli("export", "sqlite", "-o", str(db), *extra, *D).returncode == 0
    texts.append("\n".join(str(row) for table in ("agenda_items", "advice")
                           for row in sqlite3.connect(db).execute(f"SELECT * FROM {table}")))
    return "\n".join(texts)


def test_confidential_items_decisions_and_advice_appear_in_no_output_unless_asked(tmp_path: Path) -> None:
    hidden = _outputs(tmp_path)
    assert [s for s in SECRET if s in hidden] == []
    shown = _outputs(tmp_path, "--include-internal")
    assert [s for s in SECRET if s not in shown] == []


def test_meetings_enter_the_calendar_in_belgian_time(tmp_path: Path) -> None:
    import icalendar

    out = tmp_path / "year.ics"
    assert run_cli("export", "ics", "-o", str(out), *D).returncode == 0
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    meetings = {str(e["uid"]): e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("meeting-")}
    assert len(meetings) == 5
    june = meetings["meeting-serr-voorbeeld-2020-06-15@resoc"]
    assert june.decoded("dtstart").isoformat() == "2020-06-15T10:00:00+02:00"
    assert june.decoded("dtend").isoformat() == "2020-06-15T11:30:00+02:00"
    assert str(meetings["meeting-serr-voorbeeld-2020-12-14@resoc"]["status"]) == "TENTATIVE"
    assert calendar.walk("VTIMEZONE"), "a client needs the zone the times are in"


def test_sqlite_joins_agenda_items_to_their_meetings_and_advice(tmp_path: Path) -> None:
    out = tmp_path / "year.db"
    assert run_cli("export", "sqlite", "-o", str(out), *D).returncode == 0
    rows = sqlite3.connect(out).execute(
        "SELECT m.start_date, a.number, v.outcome FROM agenda_items a JOIN meetings m ON m.id = a.meeting "
        "JOIN advice v ON v.id = a.advice ORDER BY m.start_date").fetchall()
    assert rows == [("2020-03-16", "2", "positive"), ("2020-06-15", "1", "conditional"), ("2020-12-14", "1", None)]


def test_advice_lists_filter_open_requests_and_refuse_a_bad_value() -> None:
    result = run_cli("advice", "list", "--open", "yes", "--as-of", "2021-01-15", "-f", "json", *D)
    rows = json.loads(result.stdout)
    assert [(r["id"], r["overdue"]) for r in rows] == [("serr-voorbeeld-2020-sociale-werkplaats", True),
                                                       ("serr-voorbeeld-2020-ibo", False)]
    bad = run_cli("advice", "list", "--open", "maybe", *D)
    assert bad.returncode == 2 and "yes or no" in bad.stderr


def test_search_finds_meetings_by_their_agenda_and_advice_by_name() -> None:
    rows = json.loads(run_cli("search", "sociale werkplaats", "--history", "-f", "json", *D).stdout)
    assert [(r["kind"], r["id"]) for r in rows] == [("advice", "serr-voorbeeld-2020-sociale-werkplaats"),
                                                    ("meeting", "serr-voorbeeld-2020-12-14")]
