"""HTML and Markdown of every report say the same things: one set of facts per report.

Both are rendered by the real CLI; the Markdown is read as CommonMark (markdown-it-py, tables
on) and both are reduced to their words, punctuation and markup left out. The HTML's colophon
("Gemaakt met resoc") is the only text allowed in one and not the other.
"""

from __future__ import annotations

import html.parser
import re
from collections import Counter
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from .conftest import run_cli

FIXTURE = str(Path(__file__).parent / "fixtures" / "plan-cycle" / "data")
REPORTS = [
    ["report", "region", "kempen", "--as-of", "2010-06-01"],
    ["report", "council", "serr-oostende-westhoek", "--as-of", "2010-06-01"],
    ["report", "council", "kerngroep-leren-en-werken"],
    ["report", "council", "serr-voorbeeld", "--as-of", "2020-06-01", "--data", FIXTURE],
    ["report", "pact", "streekpact-kempen-2013-2018"],
    ["report", "pact", "streekpact-voorbeeld-2019-2024", "--data", FIXTURE],
    ["report", "directory", "--as-of", "2010-06-01"],
    ["report", "directory"],
    ["report", "calendar", "2018"],
    ["plan", "show", "serr-voorbeeld", "2020", "--data", FIXTURE],
    ["plan", "show", "kerngroep-leren-en-werken", "2018"],
    ["plan", "follow-up", "serr-voorbeeld", "2020", "--as-of", "2020-12-31", "--data", FIXTURE],
]


class _Text(html.parser.HTMLParser):
    """The text a reader sees: no <title>, no <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.hidden += tag in ("style", "title")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "title")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def words(page: str) -> Counter[str]:
    parser = _Text()
    parser.feed(page)
    text = " ".join(parser.parts).replace("Gemaakt met resoc", " ")
    return Counter(re.findall(r"\w+", text))


@pytest.mark.parametrize("args", REPORTS, ids=[" ".join(a[:3]) + (" as-of" if "--as-of" in a else "") for a in REPORTS])
def test_html_and_markdown_say_the_same_things(args: list[str]) -> None:
    markdown = run_cli(*args)
    page = run_cli(*args, "-f", "html")
    assert markdown.returncode == page.returncode == 0, markdown.stderr + page.stderr
    from_markdown = words(MarkdownIt("commonmark").enable("table").render(markdown.stdout))
    from_html = words(page.stdout)
    assert from_markdown - from_html == Counter(), "only in the Markdown"
    assert from_html - from_markdown == Counter(), "only in the HTML"
