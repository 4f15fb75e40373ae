"""The docs say what the code does: generated parts are current, the quick start is what CI runs."""

from __future__ import annotations

import re

from resoc_cli import docgen

from .conftest import REPO, run_cli


def test_generated_docs_are_current() -> None:
    assert docgen.main([]) == 0, "run: python -m resoc_cli.docgen --write"


def test_data_model_doc_names_every_key_of_every_schema() -> None:
    text = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    for model in docgen._parts():
        assert f"### {model.__name__}" in text
        for name in model.model_fields:
            assert f"| `{name}` |" in text, (model.__name__, name)


def test_rules_doc_equals_the_rules_command() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == run_cli("rules", "--format", "md").stdout


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(?:sh|bash|console)?\n(.*?)\n```", section, flags=re.S)


def test_quick_start_has_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = _quick_start()
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    assert "resoc validate" in commands[0]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci
