"""Commands that write: new, end, forget, plan new. Each prepares a change and hands it to the
one writer (writing.py), which validates the dataset as it would be and writes atomically."""

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

from .completion import complete_ids
from .output import DataOpt, message, open_data, required
from ..kinds import KINDS
from .records import KIND_APPS

new_app = typer.Typer(help="Add a record: contact, organisation, council, membership, action, event or meeting.",
                      no_args_is_help=True)
end_app = typer.Typer(help="End a membership.", no_args_is_help=True)
SourceOpt = Annotated[Optional[list[str]], typer.Option("--source", metavar="SOURCE", help="Where the facts come from: seed file name or web address (repeatable).")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Check and say what would change; write nothing.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Go ahead without asking when a record of that name exists already.")]
IdOpt = Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The id; made from the name (or title) when left out.")]
StartOpt = Annotated[Optional[str], typer.Option("--start", metavar="DATE", help="When it starts: a day (YYYY-MM-DD), month, season or year.")]
EndOpt = Annotated[Optional[str], typer.Option("--end", metavar="DATE", help="When it ends: a day (YYYY-MM-DD), month, season or year.")]
CouncilOpt = Annotated[Optional[str], typer.Option("--council", metavar="ID", help=required("The council's id."),
                                                   autocompletion=complete_ids("council"))]
ContactOpt = Annotated[Optional[str], typer.Option("--contact", metavar="ID", help=required("The person's id."),
                                                   autocompletion=complete_ids("contact"))]


class _QuietCommand(TyperCommand):
    """A command whose hidden arguments (old spellings) stay out of its usage line too."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if not getattr(param, "hidden", False):
                pieces += param.get_usage_pieces(ctx)
        return pieces


def _hidden(*names: str) -> Any:
    """An old spelling of an option, still understood but no longer shown (nothing that used it breaks)."""
    return Annotated[Optional[str], typer.Option(*names, hidden=True)]


def _ask(value: Optional[str], label: str, option: str) -> str:
    """A required value: the option's, or asked for on a terminal, or a usage error."""
    if value:
        return value
    if sys.stdin.isatty():
        return typer.prompt(label)
    raise typer.BadParameter(f"{option} is required (or run this in a terminal to be asked)")


def _ask_sources(sources: Optional[list[str]]) -> list[str]:
    return sources or [_ask(None, "Source (seed file name or web address)", "--source")]


def _root(data: Optional[Path]) -> Path:
    return open_data(data).root


def _new_name(root: Path, kind: str, name: str, yes: bool) -> None:
    """Before a second record of the same name: say which exists, then go on only when told to
    (--yes, or yes on a terminal). Off a terminal without --yes: refused, nothing written."""
    from ..editing import same_name
    from ..errors import DataError

    found = same_name(root, kind, name)
    if not found:
        return
    message(f"warning: a {kind} named '{name}' exists already: " + ", ".join(f"{id} ({rel})" for id, rel in found))
    if yes or (sys.stdin.isatty() and typer.confirm(f"Add another {kind} named '{name}'?", default=False, err=True)):
        return
    raise DataError(f"nothing was written: use the existing {kind}, or add --yes to add another of that name")


def _apply(edit: Any, dry_run: bool) -> list[str]:
    """Commit prepared changes (validated first), then say what changed and the warnings the
    change brings; stdout lists the files. Nothing is announced before it is on disk."""
    if dry_run:
        errors = edit.changes.check()
        edit.changes.release()
        for line in edit.summary:
            message(line)
        for f in errors:
            message(f"  would be an error: {f.located()}")
        for f in edit.changes.warnings:
            message(f"  would be a warning: {f.located()}")
        message("dry run: nothing written")
        raise typer.Exit(1 if errors else 0)
    written = edit.changes.commit()
    for line in edit.summary:
        message(line)
    for f in edit.changes.warnings:
        message(f"warning: {f.located()}")
    for rel in written:
        typer.echo(str(edit.changes.root / rel))
    return written


@new_app.command("contact")
def new_contact_cmd(name: Annotated[Optional[str], typer.Option(metavar="TEXT", help=required("Full name, e.g. 'Lieve Cox'."))] = None,
                    id: IdOpt = None,
                    email: Annotated[Optional[str], typer.Option(metavar="TEXT", help="E-mail address (its domain is written in lower case).")] = None,
                    phone: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Phone number as you have it, e.g. '014 72 86 57'; written as +3214728657.")] = None,
                    public: Annotated[bool, typer.Option("--public", help="Mark the e-mail and phone public (default internal).")] = False,
                    source: SourceOpt = None, data: DataOpt = None, yes: YesOpt = False, dry_run: DryRunOpt = False) -> None:
    """Add a person."""
    from ..editing import new_contact

    root, name = _root(data), _ask(name, "Name", "--name")
    _new_name(root, "contact", name, yes)
    edit = new_contact(root, name, _ask_sources(source), id=id, email=email, phone=phone,
                       visibility="public" if public else "internal")
    _apply(edit, dry_run)


@new_app.command("organisation")
def new_organisation_cmd(name: Annotated[Optional[str], typer.Option(metavar="TEXT", help=required("Full name."))] = None,
                         type: Annotated[Optional[str], typer.Option("--type", metavar="TEXT", help=required("trade_union, employer_organisation, ..."))] = None,
                         short_name: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Name in daily use, e.g. 'ACV'.")] = None,
                         side: Annotated[Optional[str], typer.Option(metavar="TEXT", help="employer, employee or government.")] = None,
                         website: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Web address.")] = None,
                         id: IdOpt = None, source: SourceOpt = None, data: DataOpt = None, yes: YesOpt = False,
                         dry_run: DryRunOpt = False) -> None:
    """Add a partner organisation."""
    from ..editing import new_record

    root, name = _root(data), _ask(name, "Name", "--name")
    _new_name(root, "organisation", name, yes)
    values = {"id": id, "name": name, "type": _ask(type, "Type", "--type"), "short_name": short_name,
              "side": side, "website": website, "sources": _ask_sources(source)}
    _apply(new_record(root, "organisation", values), dry_run)


@new_app.command("council")
def new_council_cmd(name: Annotated[Optional[str], typer.Option(metavar="TEXT", help=required("The body's name."))] = None,
                    type: Annotated[Optional[str], typer.Option("--type", metavar="TEXT", help=required("resoc, serr, ersv, working_group, network, ..."))] = None,
                    region: Annotated[Optional[list[str]], typer.Option(metavar="ID", help="Region id (repeatable).")] = None,
                    parent: Annotated[Optional[str], typer.Option(metavar="ID", help="The body it hangs under.")] = None,
                    start: StartOpt = None, end: EndOpt = None, id: IdOpt = None, source: SourceOpt = None,
                    data: DataOpt = None, yes: YesOpt = False, dry_run: DryRunOpt = False,
                    start_date: _hidden("--start-date", "--from") = None) -> None:
    """Add a body (a SERR is given its 8 + 8 seats)."""
    from ..editing import new_record

    root, name, kind = _root(data), _ask(name, "Name", "--name"), _ask(type, "Type", "--type")
    _new_name(root, "council", name, yes)
    values = {"id": id, "name": name, "type": kind, "regions": region, "parent": parent, "start_date": start or start_date,
              "end_date": end, "seats": {"employer": 8, "employee": 8} if kind == "serr" else None,
              "sources": _ask_sources(source)}
    _apply(new_record(root, "council", values), dry_run)


@new_app.command("membership")
def new_membership_cmd(contact: ContactOpt = None, council: CouncilOpt = None,
                       role: Annotated[str, typer.Option(metavar="TEXT", help="chair, member, coordinator, ...")] = "member",
                       side: Annotated[Optional[str], typer.Option(metavar="TEXT", help="employer, employee or government (takes a seat).")] = None,
                       organisation: Annotated[Optional[str], typer.Option("--organisation", metavar="ID", help="The organisation (or body) represented.")] = None,
                       start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=required("First day in the seat (YYYY-MM-DD, or a month or year)."))] = None,
                       label: Annotated[Optional[str], typer.Option(metavar="TEXT", help="The title as the source writes it.")] = None,
                       source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False,
                       on_behalf_of: _hidden("--for") = None) -> None:
    """Put a person on a council seat, on behalf of an organisation, from a date."""
    from ..editing import new_membership

    edit = new_membership(_root(data), _ask(contact, "Contact id", "--contact"), _ask(council, "Council id", "--council"), role,
                          _ask(start, "Start date (YYYY-MM-DD)", "--start"), side=side, on_behalf_of=organisation or on_behalf_of,
                          label=label, sources=source)
    _apply(edit, dry_run)


@new_app.command("action")
def new_action_cmd(pact: Annotated[Optional[str], typer.Option(metavar="ID", help=required("The pact's id."))] = None,
                   parent: Annotated[Optional[str], typer.Option(metavar="ID", help=required("The pillar or cluster id it goes under."))] = None,
                   name: Annotated[Optional[str], typer.Option(metavar="TEXT", help=required("The action's name."))] = None,
                   id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The id: the parent's id, a dot and a slug (the slug alone will do); made from the name when left out.")] = None,
                   lead: Annotated[Optional[list[str]], typer.Option(metavar="ID", help="Trekker id (repeatable).")] = None,
                   partner: Annotated[Optional[list[str]], typer.Option(metavar="ID", help="Partner id (repeatable).")] = None,
                   council: Annotated[Optional[list[str]], typer.Option(metavar="ID", help="Council involved (repeatable).")] = None,
                   start: StartOpt = None, end: EndOpt = None,
                   status: Annotated[Optional[str], typer.Option(metavar="TEXT", help="planned, running, done, stopped.")] = None,
                   source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Add an action to a pact, under a pillar or cluster."""
    from ..editing import new_action

    edit = new_action(_root(data), _ask(pact, "Pact id", "--pact"), _ask(parent, "Pillar or cluster id", "--parent"),
                      _ask(name, "Name", "--name"), slug_id=id, lead=lead, partners=partner, councils=council, start=start,
                      end=end, status=status, sources=source)
    _apply(edit, dry_run)


@new_app.command("event")
def new_event_cmd(pact: Annotated[Optional[str], typer.Option(metavar="ID", help=required("The pact's id."))] = None,
                  action: Annotated[Optional[str], typer.Option(metavar="ID", help=required("The action's id."))] = None,
                  title: Annotated[Optional[str], typer.Option(metavar="TEXT", help=required("What happens."))] = None,
                  start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=required("When (a date, month, season or year)."))] = None,
                  end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help="The last day, for an event over several days.")] = None,
                  id: IdOpt = None,
                  location: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Where.")] = None,
                  council: Annotated[Optional[list[str]], typer.Option(metavar="ID", help="Body holding it (repeatable).")] = None,
                  source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False,
                  date: _hidden("--date") = None) -> None:
    """Add a dated event to a pact action."""
    from ..editing import new_event

    edit = new_event(_root(data), _ask(pact, "Pact id", "--pact"), _ask(action, "Action id", "--action"),
                     _ask(title, "Title", "--title"), _ask(start or date, "Start (YYYY-MM-DD)", "--start"), slug_id=id,
                     location=location, councils=council, sources=source, end=end)
    _apply(edit, dry_run)


@end_app.command("membership", cls=_QuietCommand)
def end_membership_cmd(contact: ContactOpt = None, council: CouncilOpt = None,
                       end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=required("Last day in the seat (YYYY-MM-DD)."))] = None,
                       reason: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Why it ends.")] = None,
                       source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False,
                       contact_arg: Annotated[Optional[str], typer.Argument(hidden=True, show_default=False)] = None,
                       council_arg: Annotated[Optional[str], typer.Argument(hidden=True, show_default=False)] = None,
                       date: _hidden("--date") = None) -> None:
    """Close a person's open memberships of a council, citing the source that says so."""
    from ..editing import end_membership

    edit = end_membership(_root(data), _ask(contact or contact_arg, "Contact id", "--contact"),
                          _ask(council or council_arg, "Council id", "--council"),
                          _ask(end or date, "Last day (YYYY-MM-DD)", "--end"), reason, source)
    _apply(edit, dry_run)


def forget_cmd(id: Annotated[str, typer.Argument(help="The person's id.")],
               data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Erase a person: their file and every reference to them (the right to erasure).

    The files change; git history does not. The command ends by saying what history still
    holds and the command that would rewrite it, which it does not run: rewriting history
    is the repository owner's decision, and every clone has to follow it."""
    from ..editing import forget_contact

    root = _root(data)
    rel = KINDS["contact"].rel(id)
    name = _name_in(root / rel)
    for line in _history_note(root, rel, _apply(forget_contact(root, id), dry_run), f"{name} ({id})" if name else id):
        message(line)


def _name_in(path: Path) -> Optional[str]:
    from ..loading import fast_loader

    try:
        data = fast_loader().load(path.read_text(encoding="utf-8"))
    except Exception:  # the file is unreadable: forget_contact says so, or removes it all the same
        return None
    return str(data["name"]) if isinstance(data, dict) and data.get("name") else None


def _history_note(root: Path, rel: str, written: list[str], who: str) -> list[str]:
    """What git history still holds of a forgotten person, and the one command that would rewrite it."""
    import shlex

    from ..diffing import repository
    from ..errors import UsageError

    try:
        top, folder = repository(root)
    except UsageError:
        return [f"{root} is in no git repository: no history holds {who}"]
    where = {r: f"{folder}/{r}" if folder not in ("", ".") else r for r in [rel, *written]}
    others = [where[r] for r in written if r != rel and _in_history(root, r)]
    lines = [f"the earlier revisions of {len(others)} other file(s) in git history still name {who}: {', '.join(others)}"] if others else []
    if not _in_history(root, rel):
        return [f"git history never held {where[rel]}", *lines]
    return [f"git history still holds {where[rel]}, {who}'s file, in earlier commits", *lines,
            f"to remove that file from every commit, run in {top} (resoc runs nothing of this: it rewrites history, and every "
            "clone and fork must then be replaced):",
            f"  git filter-repo --path {shlex.quote(where[rel])} --invert-paths",
            *(["that leaves the other files' earlier revisions, which still name the person"] if others else [])]


def _in_history(root: Path, rel: str) -> bool:
    """Whether any commit of any branch holds the file at `rel` (relative to the dataset root)."""
    import subprocess

    log = subprocess.run(["git", "log", "--all", "-1", "--format=%h", "--", rel], cwd=root, capture_output=True, text=True)
    return bool(log.stdout.strip())


@new_app.command("meeting")
def new_meeting_cmd(council: CouncilOpt = None,
                    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=required("The day (YYYY-MM-DD)."))] = None,
                    time: Annotated[Optional[str], typer.Option(metavar="TEXT", help="When it starts, HH:MM.")] = None,
                    location: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Where: room and address.")] = None,
                    name: Annotated[Optional[str], typer.Option(metavar="TEXT", help="What the invitation calls it.")] = None,
                    id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="The id; COUNCIL-YYYY-MM-DD when left out.")] = None,
                    source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False,
                    date: _hidden("--date") = None) -> None:
    """Plan a meeting, its agenda prepared from the open advice requests (nearest deadline first)
    and the body's plan items due that quarter."""
    from ..editing import Edit
    from ..kinds import file_placement
    from ..meetings import draft_meeting
    from ..writing import Changes
    from .output import parse_date, view

    day = parse_date(_ask(start or date, "Day (YYYY-MM-DD)", "--start"), "--start")
    ds = open_data(data, view(None, include_internal=True))  # a confidential request is prepared too, marked internal
    draft = draft_meeting(ds, _ask(council, "Council id", "--council"), day, _ask_sources(source), time, location, name)
    draft["id"] = id or draft["id"]
    changes = Changes(ds.root)
    rel = file_placement("meeting", draft)
    changes.create(rel, draft)
    advice = sum(1 for item in draft["agenda"] if "advice" in item)
    _apply(Edit(changes, [f"new meeting {rel}: {len(draft['agenda'])} agenda items, {advice} of them advice requests"]),
           dry_run)


def register(app: typer.Typer, plan_app: typer.Typer) -> None:
    app.add_typer(new_app, name="new")
    app.add_typer(end_app, name="end")
    plan_app.command("new")(plan_new_cmd)
    KIND_APPS[KINDS["contact"].plural].command("forget")(forget_cmd)


def plan_new_cmd(council: Annotated[str, typer.Argument(help="The council's id.")], year: Annotated[int, typer.Argument(help="The plan's year.")],
                 source: SourceOpt = None, data: DataOpt = None, dry_run: DryRunOpt = False) -> None:
    """Draft next year's plan file from the pact actions running that year and last year's unfinished items."""
    from ..plans import new_plan

    _apply(new_plan(_root(data), council, year, source), dry_run)
