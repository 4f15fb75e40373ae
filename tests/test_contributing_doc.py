"""docs/contributing-data.md works as written: every command of its `sh` blocks, in order, on a
copy of the bundled data in a git repository, each ending with the exit code the page gives
(0, or N for a line that ends in `# exit N`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

DOC = REPO / "docs" / "contributing-data.md"
EXPECTED = re.compile(r"#\s*exit\s+(\d+)\s*$")
HEREDOC = re.compile(r"<<'?(\w+)'?")


def commands(markdown: str) -> list[str]:
    """The commands of the page's `sh` blocks: continued lines joined, a here-document kept whole."""
    found: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```$", markdown, flags=re.M | re.S):
        lines = block.splitlines()
        while lines:
            command = lines.pop(0)
            while command.endswith("\\"):
                command = command[:-1] + " " + lines.pop(0).strip()
            here = HEREDOC.search(command)
            if here:
                while lines and command.splitlines()[-1] != here.group(1):
                    command += "\n" + lines.pop(0)
            if command.strip() and not command.lstrip().startswith("#"):
                found.append(command)
    return found


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_the_page_has_the_tasks_it_promises() -> None:
    steps = commands(DOC.read_text(encoding="utf-8"))
    verbs = {" ".join(step.split()[:3]) for step in steps if step.startswith("resoc ")}
    for task in ("resoc new contact", "resoc new membership", "resoc end membership", "resoc plan new", "resoc validate",
                 "resoc diff main"):
        assert any(v.startswith(task) for v in verbs), task
    assert not [s for s in steps if "--from" in s.split() or "--date" in s.split() or "--for" in s.split()]  # old spellings


def test_every_command_of_the_page_runs_as_it_says_on_the_bundled_data(data_copy: Path, tmp_path: Path) -> None:
    work = data_copy.parent
    _git(work, "init", "-q", "-b", "main")
    _git(work, "config", "user.email", "test@example.org")
    _git(work, "config", "user.name", "Test")
    _git(work, "add", "-A")
    _git(work, "commit", "-qm", "the bundled data")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "resoc"  # `resoc` as the page types it, run by this interpreter (this checkout's code)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m resoc_cli "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    steps = commands(DOC.read_text(encoding="utf-8"))
    assert len(steps) >= 15
    for step in steps:
        expected = EXPECTED.search(step.splitlines()[0])
        done = subprocess.run(["bash", "-c", step], cwd=work, env=env, capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == (int(expected.group(1)) if expected else 0), f"{step}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr, step
    assert (data_copy / "pacts" / "streekpact-kempen-2013-2018" / "plans" / "streekplatform-kempen-2018.yaml").is_file()
    assert "+3214728657" in (data_copy / "contacts" / "an-peeters.yaml").read_text(encoding="utf-8")
