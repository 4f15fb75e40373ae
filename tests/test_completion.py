"""Shell completion of ids (cli/completion.py), driven as bash drives it: the real CLI with
_RESOC_COMPLETE=complete_bash, COMP_WORDS and COMP_CWORD, in its own process."""

from __future__ import annotations

from pathlib import Path

import pytest

from resoc_cli.cli.completion import ids_on_disk
from resoc_cli.kinds import FILE_KINDS

from .conftest import DATA, run_cli


def complete(line: str) -> list[str]:
    """What bash offers for the last word of `line` (a trailing space: a new, empty word)."""
    words = line.split(" ")
    result = run_cli(env={"_RESOC_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(("line", "expected"), [
    ("resoc contacts show lieve", ["lieve-cox"]),
    ("resoc councils show serr-kempen-w", ["serr-kempen-werkgroep-diversiteitsmanagement"]),
    ("resoc pacts show streekpact-kempen", ["streekpact-kempen-2007-2012", "streekpact-kempen-2013-2018"]),
    ("resoc plans show kerngroep", ["kerngroep-leren-en-werken-2018"]),
    ("resoc contacts list --council kerngroep", ["kerngroep-leren-en-werken"]),
    ("resoc actions list --lead ac", ["aclvb", "acv"]),  # a party: organisations and bodies
    ("resoc report pact streekpact-kempen-2013", ["streekpact-kempen-2013-2018"]),
    ("resoc plan show kerngroep-", ["kerngroep-leren-en-werken"]),
])
def test_ids_are_completed(line: str, expected: list[str]) -> None:
    assert complete(line) == expected


def test_every_id_of_a_kind_is_offered() -> None:
    offered = complete("resoc organisations show ")
    assert offered == sorted(p.stem for p in (DATA / "organisations").glob("*.yaml")) and "acv" in offered


def test_completion_reads_file_names_not_records(tmp_path: Path) -> None:
    """A file that is not even YAML still completes: no record is loaded, so completing stays fast."""
    data = tmp_path / "data"
    (data / "contacts").mkdir(parents=True)
    (data / "contacts" / "jan-peeters.yaml").write_text(": not [yaml", encoding="utf-8")
    assert complete(f"resoc contacts show --data {data} jan") == ["jan-peeters"]
    assert complete(f"resoc contacts show --data {tmp_path / 'nothing'} ") == []


def test_completion_offers_exactly_the_ids_the_dataset_loads() -> None:
    from resoc_cli.queries import open_dataset

    ds = open_dataset(DATA)
    for kind in FILE_KINDS:
        assert ids_on_disk(DATA, kind) == sorted(ds.ids(kind)), kind
    assert "kerngroep-leren-en-werken-2018" in ids_on_disk(DATA, "plan")  # pacts/<pact>/plans/<id>.yaml
    assert set(ids_on_disk(DATA, "party")) == set(ds.ids("organisation")) | set(ds.ids("council"))
