"""Tables for people (cli/output.py) through the real CLI: Dutch by default, --lang en, ids whole,
phones and dates alike everywhere, a footer that counts; json stays the library's raw values."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from .conftest import REPO, run_cli


def run_on_terminal(*args: str, columns: int) -> str:
    """The CLI with stdout on a terminal `columns` wide (a pseudo-terminal), as staff see it."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "LINES")}
    env.update(COLUMNS=str(columns), NO_COLOR="1", TERM="xterm")
    with subprocess.Popen([sys.executable, "-m", "resoc_cli", *args], cwd=REPO, env=env, stdout=follower,
                          stderr=subprocess.DEVNULL) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [30, 60, 100, 200])
def test_ids_are_never_folded_at_any_width(columns: int) -> None:
    ids = [r["id"] for r in json.loads(run_cli("councils", "list", "--history", "-f", "json").stdout)]
    shown = run_on_terminal("councils", "list", "--history", columns=columns)
    words = set(shown.split())
    assert "lerend-netwerk-ocmw-trajectbegeleiders-art-60" in ids
    missing = [id for id in ids if id not in words]
    assert not missing, shown


def test_the_table_is_dutch_and_json_raw() -> None:
    table = run_cli("councils", "list", "--history")
    assert table.returncode == 0
    header = table.stdout.splitlines()[0].split()
    assert header[:3] == ["id", "naam", "soort"]
    assert "werkgroep" in table.stdout and "working_group" not in table.stdout
    raw = json.loads(run_cli("councils", "list", "--history", "-f", "json").stdout)
    assert "working_group" in {r["type"] for r in raw}
    assert table.stdout.rstrip().splitlines()[-1] == f"{len(raw)} organen"


def test_lang_en_gives_english_labels_and_values() -> None:
    table = run_cli("organisations", "list", "--lang", "en")
    assert table.stdout.splitlines()[0].split()[:2] == ["id", "name"]
    assert "trade union" in table.stdout and "vakbond" not in table.stdout
    assert table.stdout.rstrip().endswith("organisations")


def test_one_display_for_phones_in_list_and_show() -> None:
    rows = json.loads(run_cli("councils", "list", "--history", "-f", "json").stdout)
    council = next(r for r in rows if r["phone"])
    assert council["phone"].startswith("+32") and " " not in council["phone"]  # json: as stored (E.164)
    listed = run_cli("councils", "list", "--history").stdout
    shown = run_cli("councils", "show", council["id"]).stdout
    spaced = "+32 " + council["phone"][3:5]
    assert spaced in listed and spaced in shown
    assert council["phone"] not in listed and council["phone"] not in shown


def test_a_season_reads_as_a_season(data_copy) -> None:
    path = data_copy / "councils" / "serr-kempen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("start_date: 2005", "start_date: 2005-23"), encoding="utf-8")
    listed = run_cli("councils", "list", "--history", "--data", str(data_copy)).stdout
    shown = run_cli("councils", "show", "serr-kempen", "--data", str(data_copy)).stdout
    assert "najaar 2005" in listed and "begin: najaar 2005" in shown
    english = run_cli("councils", "show", "serr-kempen", "--data", str(data_copy), "--lang", "en").stdout
    assert "start: autumn 2005" in english
    raw = json.loads(run_cli("councils", "show", "serr-kempen", "--data", str(data_copy), "-f", "json").stdout)
    assert raw["record"]["start_date"] == "2005-23"


def test_show_speaks_dutch_with_yes_and_no() -> None:
    shown = run_cli("councils", "show", "serr-kempen").stdout
    assert shown.splitlines()[0].startswith("SERR Kempen  (orgaan serr-kempen, stand op ")
    assert "  soort: SERR" in shown and "  zetels: werkgevers 8, werknemers 8" in shown
    assert "leden: secretariaat" in shown and "coördinator" in shown
    assert "True" not in shown and "False" not in shown and "seats_filled" not in shown


def test_one_record_is_counted_in_the_singular() -> None:
    one = run_cli("contacts", "list", "--council", "kerngroep-leren-en-werken", "--organisation", "acv")
    assert one.stdout.rstrip().splitlines()[-1] == "1 persoon"
    none = run_cli("councils", "list", "--type", "serr", "--as-of", "2020-01-01")
    assert none.returncode == 1 and none.stdout.strip() == "0 organen"
    assert "13 councils not current on 2020-01-01 are not shown" in none.stderr


def test_search_counts_its_results_in_dutch() -> None:
    found = run_cli("search", "kempen")
    assert found.stdout.splitlines()[0].split()[:3] == ["soort", "id", "naam"]
    assert "streekpact" in found.stdout and found.stdout.rstrip().endswith("resultaten")
    assert "\norganisatie " in found.stdout  # the kind, in Dutch


def test_a_meeting_shows_its_agenda_and_attendance_once_as_tables() -> None:
    data = REPO / "tests" / "fixtures" / "meeting-year" / "data"
    shown = run_cli("meetings", "show", "serr-voorbeeld-2020-10-19", "--data", str(data)).stdout
    assert "  status: gehouden" in shown and "\naanwezigheid\n" in shown and "\nagenda\n" in shown
    assert "  agenda:" not in shown and "  aanwezigheid:" not in shown
    listed = run_cli("advice", "list", "--history", "--data", str(data)).stdout
    assert "WEP-plus" in listed and "positief" in listed and listed.rstrip().endswith("4 adviezen")


def test_a_piped_table_is_the_table_rich_would_print() -> None:
    """Piped output skips rich's layout (seconds for thousands of rows); it must read the same."""
    import io

    from rich.console import Console

    from resoc_cli.cli.output import plain_table, table

    rows = [{"id": "serr-kempen", "name": "SERR Kempen", "type": "serr", "end_date": "2016-08-31"},
            {"id": "werkgroep-één", "name": "Werkgroep één [bold]x[/bold]", "type": "working_group", "end_date": None}]
    out = io.StringIO()
    made, _ = table(rows, "Organen", ("id", "name", "type", "end_date"), "nl")
    Console(file=out, width=1000, no_color=True, soft_wrap=True).print(made, crop=False)
    assert [line.rstrip() for line in out.getvalue().splitlines()] == plain_table(rows, "Organen", ("id", "name", "type", "end_date"), "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_lists_cells_are_what_shown_cell_makes_of_each_value(lang: str) -> None:
    """A table looks up each column's way of showing a text once (labels.text_shown): every
    list of the bundled dataset, with its history, gives the cells shown_cell gives value by
    value, a value with control characters included."""
    from resoc_cli.cli.output import _cells, shown_cell
    from resoc_cli.neutral import terminal_text
    from resoc_cli.queries import LISTS, View, list_rows, open_dataset

    ds = open_dataset(REPO / "data")
    tried = 0
    for plural in LISTS:
        rows = list_rows(ds, plural, View(history=True))
        rows.append({**rows[0], "name": "Lieve \x1b[31mrood\r", "type": "working_group"} if rows else {})
        shown, texts = _cells(rows, (), lang)
        assert texts == [[terminal_text(shown_cell(c, row.get(c), lang)) for c in shown] for row in rows], plural
        tried += sum(map(len, texts))
    assert tried > 1500
