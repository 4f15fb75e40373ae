"""PDF of every report kind and the plan, printed by the real CLI and read back with pdfplumber.

What a person would check on paper, as numbers: A4 pages, the text there, the footer with the
"as of" date and the page number, no character outside the page, and no two characters on top
of each other (the annual plan's "Verantwoordelijke" header once ran into "Q1").
"""

from __future__ import annotations

import html.parser
import itertools
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

pdfplumber = pytest.importorskip("pdfplumber")

FIXTURE = str(Path(__file__).parent / "fixtures" / "plan-cycle" / "data")
A4 = (595.0, 842.0)  # points; Chromium writes 594.96 x 841.92

DOCUMENTS = [
    ("region", ["report", "region", "kempen", "--as-of", "2010-06-01"], ["Regio Kempen", "Geel", "Stand op 1 juni 2010"]),
    ("council", ["report", "council", "serr-oostende-westhoek", "--as-of", "2010-06-01"],
     ["SERR Oostende-Westhoek", "Stand op 1 juni 2010"]),
    ("pact", ["report", "pact", "streekpact-kempen-2013-2018"], ["Streekpact Kempen 2013-2018", "Trekker"]),
    ("directory", ["report", "directory", "--as-of", "2010-06-01"], ["Adresboek", "RESOC Kempen", "Stand op 1 juni 2010"]),
    ("calendar", ["report", "calendar", "2018"], ["Regiokalender 2018"]),
    ("plan", ["plan", "show", "serr-voorbeeld", "2020", "--data", FIXTURE],
     ["Jaarplanning 2020", "Verantwoordelijke", "Matchingdag scholen | zorg"]),
    ("follow-up", ["plan", "follow-up", "serr-voorbeeld", "2020", "--as-of", "2020-12-31", "--data", FIXTURE],
     ["Opvolging jaarplanning 2020", "Stand op 31 december 2020"]),
]


def _chromium_or_skip() -> None:
    if not any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed here (CI installs it)")


def _document(args: list[str], fmt: str, tmp_path: Path) -> Path:
    target = tmp_path / f"document.{fmt}"
    done = subprocess.run([sys.executable, "-m", "resoc_cli", *args, "-f", fmt, "-o", str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return target


class _Words(html.parser.HTMLParser):
    """Every word of a page's text, each text node on its own (cells that touch stay apart), styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.words: set[str] = set()
        self.skip = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip = tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.words.update(data.split())


def _run_together(page: Any, words: set[str]) -> list[str]:
    """Words on the page that are in no text of the HTML: two cells' texts printed into each other.

    A word broken at the end of a line is part of one word of the HTML; the footer (page margin)
    list bullets and the separators of the meta line are CSS, not text.
    """
    body = [w["text"] for w in page.extract_words() if w["bottom"] < page.height - 45]
    return [w for w in body if w not in ("•", "·") and not any(w in known for known in words)]


def _overlapping(chars: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of visible characters whose boxes cover each other by more than a third (a grid, not n²)."""
    cells: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for c in chars:
        if c["text"].strip():
            cells[(int(c["x0"] // 12), int(c["top"] // 12))].append(c)
    found = []
    for group in cells.values():
        for a, b in itertools.combinations(group, 2):
            width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
            if width > 0 and height > 0 and width * height > smaller / 3:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize(("kind", "args", "expected"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_document_prints_to_a4_with_nothing_outside_or_overlapping(kind: str, args: list[str], expected: list[str],
                                                                         tmp_path: Path) -> None:
    _chromium_or_skip()
    parser = _Words()
    parser.feed(_document(args, "html", tmp_path).read_text(encoding="utf-8"))
    with pdfplumber.open(_document(args, "pdf", tmp_path)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            assert (round(page.width), round(page.height)) == A4, f"page {number} is not A4"
            outside = [c["text"] for c in page.chars if c["x0"] < 0 or c["top"] < 0 or c["x1"] > page.width
                       or c["bottom"] > page.height]
            assert outside == [], f"page {number}: text outside the page: {''.join(outside)[:80]}"
            assert _overlapping(page.chars) == [], f"page {number}: characters on top of each other"
            assert _run_together(page, parser.words) == [], f"page {number}: texts run into each other"
            assert f"Pagina {number} / {len(pdf.pages)}" in page.extract_text(), f"page {number} has no page number"
    for phrase in expected:
        assert phrase in " ".join(text.split()), f"{phrase!r} is not in the {kind} PDF"
    assert "Stand op" in text


def test_a_pdf_goes_to_stdout_when_it_is_a_pipe() -> None:
    _chromium_or_skip()
    done = subprocess.run([sys.executable, "-m", "resoc_cli", "report", "region", "kempen", "-f", "pdf"],
                          cwd=REPO, capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")


def test_a_pdf_is_not_written_to_a_terminal() -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "resoc_cli", "report", "region", "kempen", "-f", "pdf"],
                              cwd=REPO, stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2 and "-o FILE.pdf" in done.stderr and "Traceback" not in done.stderr


def test_a_users_template_cannot_put_a_local_file_or_a_url_into_the_pdf(tmp_path: Path) -> None:
    _chromium_or_skip()
    secret = tmp_path / "secret.html"
    secret.write_text("<p>GEHEIM-uit-een-ander-bestand</p>", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "region.html.j2").write_text(
        f'<html><head></head><body><p>Eigen sjabloon</p><iframe src="{secret.as_uri()}"></iframe>'
        f'<object data="{secret.as_uri()}"></object><script>document.write("SCRIPT-LIEP")</script></body></html>',
        encoding="utf-8")
    target = tmp_path / "out.pdf"
    done = subprocess.run([sys.executable, "-m", "resoc_cli", "report", "region", "kempen", "-f", "pdf", "-o", str(target),
                           "--templates", str(templates)], cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(target) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Eigen sjabloon" in text
    assert "GEHEIM" not in text and "SCRIPT-LIEP" not in text
