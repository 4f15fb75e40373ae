"""Regenerate the screenshots of every report kind in docs/screenshots/ (and docs/plan-example.png).

    python scripts/screenshots.py

Each report is rendered by the real CLI as HTML, in Dutch, on a fixed day (so that the pictures
change only when a template or the data does), and photographed by headless Chromium through
resoc_cli.printing, the code that prints the PDFs. Look at every picture before committing them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from resoc_cli.printing import png_from_html  # noqa: E402

EXAMPLE = str(REPO / "tests" / "fixtures" / "plan-cycle" / "data")  # the fictitious example of docs/example/
SHOTS = {
    "region": ["report", "region", "kempen", "--as-of", "2015-01-01"],
    "council": ["report", "council", "kerngroep-leren-en-werken", "--as-of", "2026-01-01"],
    "pact": ["report", "pact", "streekpact-kempen-2013-2018"],
    "directory": ["report", "directory", "--as-of", "2015-01-01"],
    "calendar": ["report", "calendar", "2018", "--as-of", "2026-01-01"],
    "plan": ["plan", "show", "serr-voorbeeld", "2020", "--data", EXAMPLE],
    "follow-up": ["plan", "follow-up", "serr-voorbeeld", "2020", "--as-of", "2020-12-31", "--data", EXAMPLE],
}


def html_of(args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "resoc_cli", *args, "-f", "html"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise SystemExit(f"resoc {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def main() -> None:
    folder = REPO / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for name, args in SHOTS.items():
        picture = png_from_html(html_of(args))
        (folder / f"{name}.png").write_bytes(picture)
        if name == "plan":
            (REPO / "docs" / "plan-example.png").write_bytes(picture)
        print(f"docs/screenshots/{name}.png")


if __name__ == "__main__":
    main()
