"""The editor's view, tried for real: yaml-language-server shows the schemas' messages on broken
files and nothing on the bundled ones.

Runs scripts/editor-check.py, which starts the server from npm (.ci/run installs it into
.node/) and speaks the Language Server Protocol to it. Without node or the server the tests
are skipped; on CI (CI=true) they fail instead, so that CI cannot pass without trying.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, REPO

SCRIPT = REPO / "scripts" / "editor-check.py"
SERVER = REPO / ".node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
INSTALL = "npm install --no-save --prefix .node yaml-language-server@1.25.0"

# file -> (text, its replacement, what the editor says on that line)
BREAKS = {
    "councils/serr-kempen.yaml": [
        ("end_date: 2016-08-31", "end_date: 2018-02-30", "Not a real date: write a day (2018-03-01), a month "
                                                               "(2018-03), a season (2017-23) or a year (2018)."),
        ("website: http://www.resockempen.be", "website: www.x.be", "Not a web address: write it in full, as "
                                                                    "https://example.be/page (CD003)."),
        ("  employer: 8", "  employer: 9", "A SERR has 8 employer-side seats (SEAT001)."),
    ],
    "councils/serr-oostende-westhoek.yaml": [
        ("value: '+3251519357'", "value: 051 51 93 57", "Not a valid phone number in E.164 form: write +3214728656, "
                                                        "no spaces (CD001)."),
    ],
    "contacts/wim-de-kinderen.yaml": [
        # A form that JSON Schema's "email" format lets through: only the pattern refuses it.
        ("value: wim.dekinderen@resockempen.be", "value: wim@resockempen.local", "Not an e-mail address (CD002)."),
    ],
    "contacts/lieve-cox.yaml": [
        ("  - 003_1c2d2ff53c6f99da.txt", "  - my notes", "A source is a seed file name (000_1e96a52e4f1e0247.txt) or "
                                                         "a web address in full, as https://example.be/page (SRC001)."),
    ],
}


def _server_or_skip() -> None:
    if shutil.which("node") and SERVER.is_file():
        return
    why = f"yaml-language-server is not installed: {INSTALL}" if shutil.which("node") else "node is not installed"
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def _value_column(line: str) -> int:
    """The 1-based column where the value of a `key: value` or `- value` line starts: where the editor marks it."""
    key, colon, _ = line.partition(": ")
    return len(key) + len(colon) + 1 if colon else len(line) - len(line.lstrip(" -")) + 1


def editor_check(*files: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *files], cwd=cwd, capture_output=True, text=True, timeout=180)


def test_the_editor_shows_the_rules_messages_on_the_broken_lines(tmp_path: Path) -> None:
    _server_or_skip()
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    expected = []
    for rel, breaks in BREAKS.items():
        text = (DATA / rel).read_text(encoding="utf-8")
        for old, new, message in breaks:
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
            line = text[:text.index(new)].count("\n") + 1
            expected.append(f"data/{rel}:{line}:{_value_column(text.splitlines()[line - 1])}: error: {message} ")
        (tmp_path / "data" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / rel).write_text(text, encoding="utf-8")
    result = editor_check(*(f"data/{rel}" for rel in BREAKS), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    shown = result.stdout.splitlines()
    for line in expected:
        assert any(s.startswith(line) for s in shown), f"{line!r} not among:\n{result.stdout}"
    assert len(shown) == len(expected), result.stdout


def test_the_editor_shows_nothing_on_the_bundled_files() -> None:
    _server_or_skip()
    files = [str(p.relative_to(REPO)) for p in sorted(DATA.rglob("*.yaml"))]
    result = editor_check(*files, cwd=REPO)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_every_pattern_of_the_schemas_compiles_in_javascript() -> None:
    """yaml-language-server compiles patterns with the u flag and skips, silently, one that does not compile."""
    if not shutil.which("node"):
        _server_or_skip()
    script = """
        const fs = require("fs"), bad = []; let count = 0;
        const walk = (x) => { if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) {
            if (k === "pattern" && typeof v === "string") { count++; try { new RegExp(v, "u"); } catch (e) { bad.push(e.message); } }
            walk(v); } };
        for (const f of fs.readdirSync("schemas")) walk(JSON.parse(fs.readFileSync("schemas/" + f, "utf8")));
        console.log(JSON.stringify({count, bad}));
    """
    result = subprocess.run(["node", "-e", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    outcome = json.loads(result.stdout)
    assert outcome["bad"] == [] and outcome["count"] > 100


def test_ci_and_the_docs_install_the_server_the_tests_expect() -> None:
    version = INSTALL.rsplit(" ", 1)[1]
    assert f"--prefix .node {version}" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert INSTALL in (REPO / "docs" / "contributing-data.md").read_text(encoding="utf-8")
    assert INSTALL in SCRIPT.read_text(encoding="utf-8")
    assert ".node/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_without_the_server_the_script_says_how_to_install_it(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--server", str(tmp_path / "none"), str(DATA / "contacts" / "lieve-cox.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert "npm install --no-save --prefix .node yaml-language-server" in result.stderr or "node is not installed" in result.stderr
