"""PDF (and the docs' screenshots): a rendered HTML document printed by headless Chromium.

Why Chromium and not WeasyPrint: Chromium is already a dependency of the project's checks
(.ci/run installs Debian's `chromium`; the HTML reports are tested in it), it is the browser in
which staff open and print the HTML reports, so the PDF is the page they see, and since
version 131 it prints CSS page-margin boxes (`@page { @bottom-right { content: counter(page) } }`),
which give every page its number and the "as of" date. WeasyPrint would be a second layout
engine with its own CSS dialect (and Pango from the system) whose output nobody sees on screen.

The page is loaded from a private temporary folder, every network request
sent to a closed port, and a Content-Security-Policy that lets the page load nothing but its
own inline styles (no script, no frame, no image but data:): a user's template cannot make the PDF
fetch a URL or embed a local file. (Blink's scriptEnabled=false would also stop printing.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import UsageError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIME_LIMIT = 120.0  # seconds; a report of the whole dataset prints in a few
POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
          'style-src \'unsafe-inline\'; img-src data:; font-src data:">')
FLAGS = ("--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


def browser() -> str:
    """The Chromium to print with: $RESOC_CHROMIUM, or the first of BROWSERS on PATH."""
    chosen = os.environ.get("RESOC_CHROMIUM")
    for name in ([chosen] if chosen else BROWSERS):
        path = shutil.which(name)
        if path:
            return path
    raise UsageError("--format pdf needs Chromium: install it (Debian: apt-get install chromium) "
                     "or name it in RESOC_CHROMIUM")


def fenced(html: str) -> str:
    """The page with our Content-Security-Policy as the first thing in its head."""
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if head is None:
        return POLICY + html
    return html[:head.end()] + POLICY + html[head.end():]


def pdf_from_html(html: str) -> bytes:
    """Print one self-contained HTML page to PDF (A4 and the footer come from its print CSS)."""
    return _capture(html, "page.pdf", lambda target: [f"--print-to-pdf={target}"])


def png_from_html(html: str, width: int = 1200, height: int = 1600) -> bytes:
    """A screenshot of the page's top as a browser window of that size shows it (for the docs)."""
    return _capture(html, "page.png", lambda target: [f"--screenshot={target}", f"--window-size={width},{height}",
                                                      "--hide-scrollbars"])


def _capture(html: str, name: str, output: Callable[[Path], list[str]]) -> bytes:
    """Load the fenced page in headless Chromium from a private folder and return the file it writes."""
    executable = browser()
    with tempfile.TemporaryDirectory(prefix="resoc-chromium-") as folder:
        page, target = Path(folder, "page.html"), Path(folder, name)
        page.write_text(fenced(html), encoding="utf-8")
        sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # Chromium refuses root otherwise
        command = [executable, *FLAGS, *sandbox, f"--user-data-dir={Path(folder, 'profile')}", *output(target), page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Chromium wrote no {name} within {TIME_LIMIT:g} seconds") from None
        if not target.is_file() or target.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise RuntimeError(f"Chromium wrote no {name} (exit {done.returncode}): {last}")
        return target.read_bytes()
