"""Documents: reports and annual plans, as Markdown, HTML or their data (json)."""

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import UsageError
from .completion import complete_ids, complete_report_id
from .output import AsOf, choices, DataOpt, InternalOpt, message, open_data, parse_date, view


ReportKind = choices("ReportKind", "region", "council", "pact", "directory", "calendar", "agenda", "minutes", "advice-register")
DocFormat = choices("DocFormat", "md", "html", "pdf", "json")
Lang = choices("Lang", "nl", "en")
DocFormatOpt = Annotated[DocFormat, typer.Option("--format", "-f", help="md, html, pdf (A4, printed by Chromium) or json.")]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout (pdf: unless stdout is a pipe or a file).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the -o file when it exists.")]
LangOpt = Annotated[Lang, typer.Option("--lang", help="nl (default) or en.")]
TemplatesOpt = Annotated[Optional[Path], typer.Option("--templates", help="A folder of templates that replace ours (run sandboxed).")]


def emit_document(template: str, context: dict[str, Any], fmt: DocFormat, lang: Lang, templates: Optional[Path],
                  output: Optional[Path], force: bool = False) -> None:
    """The one printer for rendered documents: json as the data, md and html through the templates, pdf from the html.

    A PDF is bytes: it goes to -o, or to stdout only when stdout is not a terminal (a pipe or a
    redirect), so that it never fills a screen with binary.
    """
    if fmt is DocFormat.pdf and output is None and sys.stdout.isatty():
        raise UsageError("a PDF is binary: give -o FILE.pdf, or redirect stdout to a file")
    if output is not None and output.exists() and not force:  # as export: nothing is replaced unasked
        raise UsageError(f"{output} exists already: choose another path, or add --force to replace it")
    if fmt is DocFormat.json:
        text: str | bytes = json.dumps(context, ensure_ascii=False, indent=2) + "\n"
    else:
        from ..rendering import render

        text = render(template, context, "html" if fmt is DocFormat.pdf else fmt.value, lang.value, templates)
        if fmt is DocFormat.pdf:
            from ..printing import pdf_from_html

            text = pdf_from_html(text)
    if output is None and isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    elif output is None:
        typer.echo(text, nl=False)
    else:
        from ..writing import atomic_write

        atomic_write(output, text if isinstance(text, bytes) else text.encode("utf-8"))
        message(f"wrote {output}")


def report_cmd(kind: Annotated[ReportKind, typer.Argument(
                   help="region, council, pact, directory, calendar, agenda, minutes or advice-register.")],
               id: Annotated[Optional[str], typer.Argument(
                   help="The region, council or pact id; the meeting id for agenda and minutes; the body for "
                        "advice-register; the year for calendar.", autocompletion=complete_report_id)] = None,
               fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None, force: ForceOpt = False, as_of: AsOf = None,
               lang: LangOpt = Lang.nl,
               year: Annotated[Optional[int], typer.Option(help="advice-register: the year (default: that of --as-of).")] = None,
               templates: TemplatesOpt = None, include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """A report for the council or the public, in Dutch (or English), as Markdown or HTML."""
    from ..reports import build

    seen = view(as_of, False, include_internal)
    context = build(open_data(data, seen), kind.value, id, seen, year=year)
    emit_document(kind.value, context, fmt, lang, templates, output, force)


plan_app = typer.Typer(help="Annual plans (jaarplanning): list, show, follow up, draft the next.", no_args_is_help=True)
CouncilArg = Annotated[str, typer.Argument(metavar="COUNCIL", help="The council's id.", autocompletion=complete_ids("council"))]
YearArg = Annotated[int, typer.Argument(metavar="YEAR", help="The plan's year.")]


@plan_app.command("show")
def plan_show_cmd(council: Annotated[str, typer.Argument(metavar="COUNCIL|ID", help="The council's id, or the plan's id (then no YEAR).", autocompletion=complete_ids("council"))],
                  year: Annotated[Optional[int], typer.Argument(metavar="[YEAR]", help="The plan's year.", show_default=False)] = None,
                  fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None, force: ForceOpt = False, as_of: AsOf = None,
                  lang: LangOpt = Lang.nl, templates: TemplatesOpt = None, include_internal: InternalOpt = False,
                  data: DataOpt = None) -> None:
    """The plan, items grouped by pillar, cluster and pact action, with owner, quarters, deliverables and status."""
    from ..plans import plan_of, plan_view

    ds = open_data(data, view(as_of, True, include_internal))
    council, year = plan_of(ds, council, year)
    emit_document("plan", plan_view(ds, council, year), fmt, lang, templates, output, force)


@plan_app.command("follow-up")
def plan_follow_up_cmd(council: CouncilArg, year: YearArg, fmt: DocFormatOpt = DocFormat.md, output: OutputOpt = None,
                       force: ForceOpt = False, as_of: AsOf = None, lang: LangOpt = Lang.nl, templates: TemplatesOpt = None,
                       include_internal: InternalOpt = False, data: DataOpt = None) -> None:
    """Planned against done: the share done per cluster, items late or carried over."""
    from ..plans import follow_up

    ds = open_data(data, view(as_of, True, include_internal))
    emit_document("follow-up", follow_up(ds, council, year, parse_date(as_of)), fmt, lang, templates, output, force)


def merge_plan_groups(app: typer.Typer, plans: typer.Typer) -> None:
    """One `plan` group: the registry's `plans list` joins it, and `plans` stays as a hidden
    alias, so that scripts written for it keep working."""
    plan_app.registered_commands += [c for c in plans.registered_commands if c.name == "list"]
    for group in app.registered_groups:
        if group.typer_instance is plans:
            group.hidden = True
