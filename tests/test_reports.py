"""Reports and annual plans, rendered by the real CLI: golden Markdown, the plan cycle, escaping, HTML.

Golden files live in tests/golden/; after a deliberate change to a template, regenerate them
with RESOC_UPDATE_GOLDEN=1 and read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from resoc_cli.findings import md_cell as cell
from resoc_cli.models import Action, Cluster, Pillar
from resoc_cli.progress import rolled_up
from resoc_cli.rendering import format_date

from .conftest import REPO, run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "plan-cycle" / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def cycle(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("RESOC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {name}: run with RESOC_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


GOLDEN_REPORTS = [
    ("plan-serr-voorbeeld-2020.md", ["plan", "show", "serr-voorbeeld", "2020", "--data", str(FIXTURE)]),
    ("follow-up-serr-voorbeeld-2020.md", ["plan", "follow-up", "serr-voorbeeld", "2020", "--as-of", "2020-12-31", "--data", str(FIXTURE)]),
    ("report-pact-voorbeeld.md", ["report", "pact", "streekpact-voorbeeld-2019-2024", "--data", str(FIXTURE)]),
    ("report-council-voorbeeld.md", ["report", "council", "serr-voorbeeld", "--as-of", "2020-06-01", "--data", str(FIXTURE)]),
    ("report-council-serr-oostende-westhoek.md", ["report", "council", "serr-oostende-westhoek"]),
    ("report-region-kempen.md", ["report", "region", "kempen", "--as-of", "2026-01-01"]),
    ("report-pact-kempen.md", ["report", "pact", "streekpact-kempen-2013-2018"]),
    ("report-calendar-2018.md", ["report", "calendar", "2018", "--as-of", "2026-01-01"]),
    ("report-directory.md", ["report", "directory", "--as-of", "2010-06-01"]),
    ("plan-kerngroep-2018.en.md", ["plan", "show", "kerngroep-leren-en-werken", "2018", "--lang", "en"]),
]


@pytest.mark.parametrize(("name", "args"), GOLDEN_REPORTS, ids=[g[0] for g in GOLDEN_REPORTS])
def test_markdown_reports_match_their_golden_files(name: str, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    _golden(name, result.stdout)


def test_the_calendar_files_fuzzy_and_undated_items_apart_from_the_months(cycle: Path) -> None:
    report = json.loads(run_cli("report", "calendar", "2018", "-f", "json").stdout)
    months = {m["month"]: [e["date"] for e in m["entries"]] for m in report["months"]}
    assert all(d[:4] == "2018" and len(d) >= 7 and d[5:7] != "21" for dates in months.values() for d in dates)
    assert [(u["date"], [e["title"] for e in u["entries"]]) for u in report["undated"]][:1] == [
        ("2018-21", ["Trefpuntbijeenkomst over duaal leren"])]
    markdown = run_cli("report", "calendar", "2018").stdout
    assert markdown.index("## oktober 2018") < markdown.index("## lente 2018") < markdown.index("## in 2018")
    undated = run_cli("report", "calendar", "2020", "-f", "html", "--data", str(cycle)).stdout
    assert "<h2>datum onbekend</h2>" in undated and "Infoavond duaal leren voor ouders" in undated


def test_dutch_reports_are_in_dutch_and_say_so_where_the_data_has_only_english() -> None:
    council = run_cli("report", "council", "kerngroep-leren-en-werken", "--as-of", "2026-01-01").stdout
    assert "\nVoorzitter: Lieve Cox\n" in council and "(voorzitter)" not in council
    assert "Andere" not in council  # every member has no side: no lone heading over them
    dutch = run_cli("report", "pact", "streekpact-kempen-2013-2018").stdout
    english = run_cli("report", "pact", "streekpact-kempen-2013-2018", "--lang", "en").stdout
    assert "Five pillars" not in dutch and "alleen in het Engels" in dutch
    assert "Five pillars" in english
    plan = run_cli("plan", "show", "kerngroep-leren-en-werken", "2018").stdout
    assert "Compiled from" not in plan and "alleen in het Engels" in plan


def test_the_plan_shows_every_item_linked_to_its_pact_action(cycle: Path) -> None:
    plan = json.loads(run_cli("plan", "show", "serr-voorbeeld", "2020", "-f", "json", "--data", str(cycle)).stdout)
    items = [(a["id"], i["id"]) for p in plan["pillars"] for c in p["clusters"] for a in c["actions"] for i in a["items"]]
    assert sorted(items) == sorted([("werk.1.stages", "zorgstages-inventaris"), ("werk.1.stages", "zorgstages-matching"),
                                    ("werk.1.duaal", "duaal-infoavond"), ("werk.2.plannen", "diversiteit-opvolging")])
    markdown = run_cli("plan", "show", "serr-voorbeeld", "2020", "--data", str(cycle)).stdout
    assert markdown.startswith("# Jaarplanning 2020: SERR Voorbeeldregio (fictief)")
    for title in ("Inventaris van de stageplaatsen in de zorg", "Infoavond duaal leren voor ouders"):
        assert title in markdown
    assert "Pact-actie `werk.1.stages`" in markdown


def test_follow_up_percentages_match_the_items_statuses(cycle: Path) -> None:
    report = json.loads(run_cli("plan", "follow-up", "serr-voorbeeld", "2020", "-f", "json", "--as-of", "2021-01-15",
                                "--data", str(cycle)).stdout)
    assert (report["planned"], report["done"], report["share_done"]) == (4, 2, 50.0)
    assert [(c["cluster"], c["planned"], c["done"], c["share_done"]) for c in report["clusters"]] == [
        ("Aansluiting school-werk", 3, 1, 33.3), ("Diversiteit", 1, 1, 100.0)]
    assert {i["id"] for i in report["late"]} == {"zorgstages-matching", "duaal-infoavond"}


def test_next_years_draft_carries_the_unfinished_items_over(cycle: Path) -> None:
    result = run_cli("plan", "new", "serr-voorbeeld", "2021", "--data", str(cycle))
    assert result.returncode == 0, result.stderr
    path = cycle / "pacts" / "streekpact-voorbeeld-2019-2024" / "plans" / "serr-voorbeeld-2021.yaml"
    assert result.stdout.strip() == str(path)
    draft = json.loads(run_cli("plan", "show", "serr-voorbeeld", "2021", "-f", "json", "--data", str(cycle)).stdout)
    items = {i["id"]: i for p in draft["pillars"] for c in p["clusters"] for a in c["actions"] for i in a["items"]}
    assert {k: v["carried_over_from"] for k, v in items.items()} == {"zorgstages-matching": 2020, "duaal-infoavond": 2020}
    assert all(v["status"] == "planned" for v in items.values())
    assert draft["status"] == "draft"
    assert run_cli("validate", str(cycle)).returncode == 0
    again = run_cli("plan", "new", "serr-voorbeeld", "2021", "--data", str(cycle))
    assert again.returncode == 1 and "has a plan for 2021 already" in again.stderr  # a conflict with the data


def test_a_draft_outside_the_pact_is_refused(cycle: Path) -> None:
    result = run_cli("plan", "new", "serr-voorbeeld", "2031", "--data", str(cycle))
    assert result.returncode == 1 and "no pact" in result.stderr  # nothing in the data to draft from


def test_progress_rolls_up_as_a_weighted_average() -> None:
    cluster = Cluster(id="p.1", name="C", actions=[Action(id="p.1.a", name="A", progress=60, weight=2),
                                                    Action(id="p.1.b", name="B", progress=30),
                                                    Action(id="p.1.c", name="No report")])
    pillar = Pillar(id="p", name="P", clusters=[cluster, Cluster(id="p.2", name="D", progress=100)])
    assert rolled_up(cluster) == 50.0
    assert rolled_up(pillar) == 75.0
    assert rolled_up(Action(id="x", name="X")) is None


def test_hostile_strings_are_escaped_in_html_and_kept_in_one_markdown_cell(cycle: Path) -> None:
    html = run_cli("report", "council", "serr-voorbeeld", "-f", "html", "--as-of", "2020-06-01", "--data", str(cycle)).stdout
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    markdown = run_cli("plan", "show", "serr-voorbeeld", "2020", "--data", str(cycle)).stdout
    row = next(line for line in markdown.splitlines() if line.startswith("| Matchingdag"))
    assert "Matchingdag scholen \\| zorg" in row and "Verslag met afspraken<br>per school" in row
    assert row.count(" | ") == 7  # eight cells: the data's | and newline did not split it
    assert cell("a|b\nc") == "a\\|b<br>c"


def test_dates_in_dutch_and_english() -> None:
    assert format_date("2024-03-05", "nl") == "5 maart 2024"
    assert format_date("2018-10", "nl") == "oktober 2018"
    assert format_date("2017-23", "nl") == "najaar 2017"
    assert format_date("2024-03-05", "en") == "5 March 2024"
    assert format_date(dt.date(2018, 3, 1), "nl") == "1 maart 2018"


def test_user_templates_replace_ours_and_run_in_the_sandbox(tmp_path: Path, cycle: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("Eigen sjabloon: {{ council_name }} {{ year }}\n", encoding="utf-8")
    ours = run_cli("plan", "show", "serr-voorbeeld", "2020", "--templates", str(tmp_path), "--data", str(cycle))
    assert ours.stdout == "Eigen sjabloon: SERR Voorbeeldregio (fictief) 2020\n"
    (tmp_path / "plan.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    unsafe = run_cli("plan", "show", "serr-voorbeeld", "2020", "--templates", str(tmp_path), "--data", str(cycle))
    assert unsafe.returncode == 2 and "sandbox" in unsafe.stderr and "Traceback" not in unsafe.stderr
    (tmp_path / "plan.md.j2").write_text("{{ no_such_name }}\n", encoding="utf-8")
    undefined = run_cli("plan", "show", "serr-voorbeeld", "2020", "--templates", str(tmp_path), "--data", str(cycle))
    assert undefined.returncode == 2 and "no_such_name" in undefined.stderr


def test_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "kempen.html"
    result = run_cli("report", "region", "kempen", "-f", "html", "-o", str(target))
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
    pytest.skip("chromium is not installed here (CI installs it)")


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


def test_the_annual_plan_renders_in_chromium_cleanly(tmp_path: Path, cycle: Path) -> None:
    browser = _chromium()
    page = tmp_path / "plan.html"
    assert run_cli("plan", "show", "serr-voorbeeld", "2020", "-f", "html", "-o", str(page), "--data", str(cycle)).returncode == 0
    profile = tmp_path / "profile"
    dom = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Jaarplanning 2020: SERR Voorbeeldregio (fictief)" in dom.stdout
    assert "Matchingdag scholen | zorg" in dom.stdout and "Inventaris van de stageplaatsen in de zorg" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    shot = tmp_path / "plan.png"
    taken = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                            "--window-size=1200,1600", "--hide-scrollbars", page.as_uri()],
                           capture_output=True, text=True, timeout=120)
    assert taken.returncode == 0 and shot.stat().st_size > 10_000
    if os.environ.get("RESOC_UPDATE_SCREENSHOT"):
        shutil.copy(shot, REPO / "docs" / "plan-example.png")


@pytest.fixture
def kempen(tmp_path: Path) -> Path:
    """The real dataset plus the fictitious SERR Kempen plan for 2015 on the real Kempen pact."""
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target)
    shutil.copy(Path(__file__).parent / "fixtures" / "kempen-serr-plan" / "serr-kempen-2015.yaml",
                target / "pacts" / "streekpact-kempen-2013-2018" / "plans" / "serr-kempen-2015.yaml")
    shutil.copy(Path(__file__).parent / "fixtures" / "kempen-serr-plan" / "fictief-voorbeeld.yaml",
                target / "sources" / "fictief-voorbeeld.yaml")  # the register entry for its made-up source
    return target


def test_a_serr_plan_of_the_kempen_pact_through_the_whole_cycle(kempen: Path) -> None:
    assert run_cli("validate", str(kempen)).returncode == 0
    markdown = run_cli("plan", "show", "serr-kempen", "2015", "--data", str(kempen))
    assert markdown.returncode == 0 and markdown.stdout.startswith("# Jaarplanning 2015: SERR Kempen")
    for action in ("Regionaal overlegplatform leren en werken", "Verhogen van de werkzaamheidsgraad van oudere werknemers",
                   "Arbeidsmarktondersteuning voor iedere vluchteling", "Netwerk veldwerkers lokaal werk"):
        assert f"#### {action}" in markdown.stdout
    assert "15 oktober 2015: Verschoven naar het voorjaar." in markdown.stdout
    html = run_cli("plan", "show", "serr-kempen", "2015", "-f", "html", "--data", str(kempen)).stdout
    assert "<h2>Pijler: Leren en werken</h2>" in html and "Sensibilisering van werkgevers over ervaren talent" in html
    follow = json.loads(run_cli("plan", "follow-up", "serr-kempen", "2015", "-f", "json", "--as-of", "2016-01-15",
                                "--data", str(kempen)).stdout)
    assert (follow["planned"], follow["done"], follow["share_done"]) == (4, 2, 50.0)
    assert [c["share_done"] for c in follow["clusters"]] == [100.0, 0.0, 0.0, 100.0]
    assert run_cli("plan", "new", "serr-kempen", "2016", "--data", str(kempen)).returncode == 0
    draft = json.loads(run_cli("plans", "show", "serr-kempen-2016", "-f", "json", "--data", str(kempen)).stdout)
    assert {i["id"]: i.get("carried_over_from") for i in draft["record"]["items"]} == {
        "ervaren-talent": 2015, "vluchtelingen-afspraken": 2015}
