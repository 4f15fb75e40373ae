"""Shared fixtures: the repository, a copy of the real dataset, and the real CLI in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_home(tmp_path_factory: pytest.TempPathFactory):
    """The validation cache lives in the user's cache folder ($XDG_CACHE_HOME): the suite uses its own."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled dataset."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `resoc` as a user would, in its own process, and capture what it prints."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "resoc_cli", *args],
        cwd=cwd or REPO, env=environment, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


def run_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The same typer app on the same files, without a new interpreter: for sweeps of many calls."""
    from typer.testing import CliRunner

    from resoc_cli.cli import app

    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"}, catch_exceptions=False)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, "")
