"""Shell completion of ids: `resoc contacts show li<TAB>`, `--council serr-<TAB>`.

The ids are the file names under the dataset folder, found by each kind's path rule in the
registry (kinds.py), so completing reads one folder listing and loads no record: it answers
at once, even on a large dataset. Kinds that live inside another record's file (actions,
events, municipalities) have no file of their own and are not completed.
"""

from pathlib import Path
from typing import Any, Callable, Optional

from ..kinds import DATA, FILE_KINDS, PARTY_KINDS


def ids_on_disk(root: Path, kind: str) -> list[str]:
    """The ids of a file kind (or of 'party': organisations and bodies) from the names of its files."""
    kinds = PARTY_KINDS if kind == "party" else (kind,)
    found = set()
    for name in kinds:
        spec = FILE_KINDS.get(name)
        if spec is not None:
            found.update(path.stem for path in root.glob(spec.glob(".").removeprefix("./")))
    return sorted(found)


def _data_folder(ctx: Any) -> Path:
    """--data when the line gives it (before the word being completed), else data/ here."""
    while ctx is not None:
        data: Optional[Path] = ctx.params.get("data") if ctx.params else None
        if data:
            return Path(data)
        ctx = ctx.parent
    return Path(DATA)


def complete_ids(kind: str) -> Callable[[Any, str], list[str]]:
    """A typer `autocompletion` callback offering the ids of `kind` that start with what is typed."""

    def complete(ctx: Any, incomplete: str) -> list[str]:
        try:
            return [id for id in ids_on_disk(_data_folder(ctx), kind) if id.startswith(incomplete)]
        except OSError:  # an unreadable folder completes nothing rather than printing a traceback into the shell
            return []

    return complete


# What the id of `resoc report KIND ID` names, by report kind (calendar takes a year).
REPORT_IDS = {"region": "region", "council": "council", "pact": "pact", "agenda": "meeting", "minutes": "meeting",
              "advice-register": "council"}


def complete_report_id(ctx: Any, incomplete: str) -> list[str]:
    """The ids the report named before on the line takes: regions for `report region`, meetings for `report agenda`."""
    kind = ctx.params.get("kind") if ctx.params else None
    target = REPORT_IDS.get(getattr(kind, "value", kind) or "")
    return complete_ids(target)(ctx, incomplete) if target else []
