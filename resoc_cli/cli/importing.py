"""`resoc import memberships FILE --council ID`: a membership list as an organisation sends it.

The library (importing.py) reads, matches and prepares; this command asks on a terminal when
a name fits several contacts, prints the table of what changes and hands the change to the one
writer (`editing._apply`, as `resoc new` does): validated first, all or nothing, `--dry-run`
writing nothing.
"""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .editing import DryRunOpt, _apply
from .output import DataOpt, OutFormat, message, print_rows

import_app = typer.Typer(help="Bring in a list as an organisation sends it (xlsx or csv).", no_args_is_help=True)


def _choose(line: int, name: str, candidates: list[tuple[str, str]]) -> Optional[str]:
    """On a terminal, the contact a row means among several of that name ('new' for another person); else None."""
    if not sys.stdin.isatty():
        return None
    message(f"row {line}: '{name}' is the name of {len(candidates)} contacts:")
    for _, description in candidates:
        message(f"  {description}")
    allowed = [id for id, _ in candidates] + ["new"]
    while True:
        answer = typer.prompt("Which one (its id, or 'new' for another person)", err=True).strip()
        if answer in allowed:
            return answer
        message(f"  answer one of {', '.join(allowed)}")


@import_app.command("memberships")
def import_memberships_cmd(
    file: Annotated[Path, typer.Argument(help="The list: an .xlsx workbook (its first sheet) or a .csv file.")],
    council: Annotated[str, typer.Option("--council", help="The body the list is for (required).")],
    source: Annotated[list[str], typer.Option("--source", help="Where the list comes from: register id or web address (repeatable; required).")],
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help="Start for rows without one.")] = None,
    data: DataOpt = None, dry_run: DryRunOpt = False,
) -> None:
    """Add a body's members from a spreadsheet: each row matched to a contact by name (accents and
    case do not matter), new contacts created, the whole change checked before anything is written.

    Columns are found by header: naam (or voornaam and achternaam), organisatie, e-mail, telefoon,
    gsm, functie, mandaat (effectief, plaatsvervangend), zijde, start, opmerking, id; or their
    English names."""
    from ..importing import HEADERS, plan_import
    from .output import open_data

    root = open_data(data).root
    plan = plan_import(root, file, council, source, _choose, default_start=start)
    for header in plan.unknown_headers:
        message(f"{file}: the column '{header}' is left out: resoc knows {', '.join(words[0] for words in HEADERS.values())}")
    print_rows(plan.table(), OutFormat.table)
    counts = {change: sum(1 for row in plan.rows if row.change == change) for change in ("new contact", "new membership", "unchanged")}
    message(f"{len(plan.rows)} row(s): {counts['new contact']} new contact(s), "
            f"{counts['new contact'] + counts['new membership']} new membership(s), {counts['unchanged']} unchanged")
    from ..editing import Edit

    _apply(Edit(plan.changes), dry_run)
