"""Rendering reports and plans: the only module that knows Jinja2.

Templates live in templates/ (`<name>.md.j2`, `<name>.html.j2`). Undefined names are errors.
Every `{{ value }}` is escaped on its way out, in both formats: HTML by Jinja2's autoescape,
Markdown by `finalize`, which runs neutral.markdown_text on it, so no value adds a heading, a
list item, a link or raw HTML, and a `|` or a line break cannot break a table (`cell` only joins
a list). What is already Markup passes as it is: a macro's output, and text a template marks
`|safe`, the explicit marker for trusted template text.

`--templates DIR` puts a user's templates before ours; then every template runs in Jinja2's
sandbox, since a user's template is code from outside, in a child process that is stopped after
TIME_LIMIT seconds, OUTPUT_LIMIT characters or MEMORY_LIMIT bytes, and no template is read
through a link that leads out of its folder. Dates and labels are Dutch (nl_BE, via Babel)
unless --lang en.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import UsageError
from .neutral import cell_text, markdown_text
from .when import When

FORMATS = ("md", "html")
TIME_LIMIT = 5.0  # seconds a user's template may run, start of its process included
OUTPUT_LIMIT = 10_000_000  # characters it may write; our reports of the whole dataset are < 100,000
MEMORY_LIMIT = 1 << 30  # bytes it may take beyond what resoc holds when it starts
LANGUAGES = ("nl", "en")
LOCALES = {"nl": "nl_BE", "en": "en_GB"}
SEASONS = {"nl": {"spring": "lente", "summer": "zomer", "autumn": "najaar", "winter": "winter"},
           "en": {"spring": "spring", "summer": "summer", "autumn": "autumn", "winter": "winter"}}

# Meetings, agendas, minutes and the advice register (nl, en).
MEETING_LABELS: dict[str, dict[str, str]] = {
    "nl": {"agenda": "Agenda", "minutes": "Verslag", "advice-register": "Adviesregister", "time": "Uur", "location": "Plaats",
           "present": "Aanwezig", "excused": "Verontschuldigd", "absent": "Afwezig", "decision": "Beslissing",
           "about": "Over", "advice": "Advies", "requested_by": "Aanvrager", "dossier": "Dossier", "received": "Ontvangen",
           "deadline": "Termijn", "outcome": "Uitkomst", "decided_on": "Beslist op", "open": "open",
           "overdue": "termijn verstreken", "legal": "wettelijk", "requested": "gevraagd", "plan_item": "Jaarplanning",
           "status_held": "gehouden", "outcome_positive": "positief", "outcome_negative": "negatief",
           "outcome_conditional": "voorwaardelijk", "outcome_none": "geen advies", "decision_approved": "goedgekeurd",
           "decision_rejected": "verworpen", "decision_amended": "gewijzigd goedgekeurd", "decision_postponed": "uitgesteld",
           "decision_noted": "kennisgenomen", "dossier_vdab": "advies aan VDAB",
           "dossier_bureau_kosteloze_arbeidsbemiddeling": "erkenning bureau kosteloze arbeidsbemiddeling",
           "dossier_ibo": "individuele beroepsopleiding (IBO)", "dossier_collectieve_ibo": "collectieve IBO",
           "dossier_gesco": "GESCO", "dossier_permanente_vorming": "subsidies permanente vorming",
           "dossier_herplaatsingsfonds": "herplaatsingsfonds", "dossier_invoegbedrijf": "invoegbedrijf",
           "dossier_wep_plus": "WEP-plus", "dossier_sociale_werkplaats": "arbeidsplaatsen sociale werkplaats",
           "dossier_ombudsdienst": "ombudsdienst", "dossier_other": "ander dossier"},
    "en": {"agenda": "Agenda", "minutes": "Minutes", "advice-register": "Register of advice", "time": "Time",
           "location": "Place", "present": "Present", "excused": "Excused", "absent": "Absent", "decision": "Decision",
           "about": "About", "advice": "Advice", "requested_by": "Requested by", "dossier": "Dossier", "received": "Received",
           "deadline": "Deadline", "outcome": "Outcome", "decided_on": "Decided on", "open": "open",
           "overdue": "overdue", "legal": "legal", "requested": "requested", "plan_item": "Annual plan",
           "status_held": "held", "outcome_positive": "positive", "outcome_negative": "negative",
           "outcome_conditional": "conditional", "outcome_none": "no advice", "decision_approved": "approved",
           "decision_rejected": "rejected", "decision_amended": "approved as amended", "decision_postponed": "postponed",
           "decision_noted": "noted", "dossier_vdab": "advice to VDAB",
           "dossier_bureau_kosteloze_arbeidsbemiddeling": "recognition of a free job-placement bureau",
           "dossier_ibo": "individual vocational training (IBO)", "dossier_collectieve_ibo": "collective IBO",
           "dossier_gesco": "GESCO", "dossier_permanente_vorming": "permanent-training subsidies",
           "dossier_herplaatsingsfonds": "herplaatsingsfonds (redeployment fund)", "dossier_invoegbedrijf": "invoegbedrijf",
           "dossier_wep_plus": "WEP-plus", "dossier_sociale_werkplaats": "places in a sociale werkplaats",
           "dossier_ombudsdienst": "ombudsman service", "dossier_other": "other dossier"},
}

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "region": "Regio", "council": "Raad", "pact": "Streekpact", "directory": "Adresboek", "calendar": "Regiokalender",
        "plan": "Jaarplanning", "follow_up": "Opvolging jaarplanning", "province": "Provincie", "ersv": "ERSV",
        "arrondissements": "Arrondissementen", "municipalities": "Gemeenten", "bodies": "Organen", "pacts": "Streekpacten",
        "secretariat": "Secretariaat", "contacts": "Contact", "composition": "Samenstelling", "seats": "Zetels",
        "side": "Zijde", "filled": "Ingevuld", "vacant": "Vacant", "chair": "Voorzitter", "mandates": "Opdrachten",
        "sub_bodies": "Werkgroepen en netwerken", "members": "Leden", "name": "Naam", "role": "Rol",
        "on_behalf_of": "Namens", "since": "Sinds", "period": "Periode", "trekker": "Trekker", "partners": "Partners",
        "status": "Status", "progress": "Voortgang", "indicators": "Indicatoren", "baseline": "Nulmeting",
        "target": "Doel", "actual": "Realisatie", "date": "Datum", "title": "Titel", "where": "Waar", "item": "Actie",
        "owner": "Verantwoordelijke", "timing": "Timing", "deliverables": "Resultaten", "action": "Pact-actie",
        "planned": "Gepland", "done": "Uitgevoerd", "share_done": "Aandeel uitgevoerd", "late": "Te laat",
        "carried_over": "Overgedragen", "carried_over_from": "overgedragen uit", "cluster": "Cluster", "pillar": "Pijler",
        "as_of": "Stand op", "page": "Pagina", "date_unknown": "datum onbekend", "in_year": "in",
        "english_only": "(De gegevens hebben deze toelichting alleen in het Engels; zie het Engelse rapport, --lang en.)",
        "directory_hint": "Organen die op die dag niet bestonden, staan er niet in. Een andere dag: resoc report directory --as-of JJJJ-MM-DD.", "sources": "Bronnen", "note": "Opmerking", "address": "Adres", "phone": "Telefoon",
        "fax": "Fax", "email": "E-mail", "mobile": "Gsm", "url": "Website", "website": "Website", "ended": "opgeheven op",
        "none": "geen", "events": "Activiteiten", "employer": "werkgevers", "employee": "werknemers",
        "government": "lokale en provinciale besturen", "other": "andere", "valid": "Actief", "generated": "Gemaakt met resoc",
        "items": "acties", "total": "Totaal", "follow_up_notes": "Opvolging",
        "status_planned": "gepland", "status_running": "lopend", "status_done": "uitgevoerd", "status_late": "te laat",
        "status_postponed": "uitgesteld", "status_cancelled": "geschrapt", "status_stopped": "stopgezet", "status_unknown": "onbekend",
        "status_draft": "ontwerp", "status_adopted": "goedgekeurd", "status_closed": "afgesloten",
        "role_chair": "voorzitter", "role_vice_chair": "ondervoorzitter", "role_member": "lid", "role_substitute": "plaatsvervanger",
        "role_coordinator": "coördinator", "role_secretariat": "secretariaat", "role_staff": "stafmedewerker",
        "role_expert": "expert", "role_observer": "waarnemer", "role_contact_person": "contactpersoon",
        **MEETING_LABELS["nl"],
    },
    "en": {
        "region": "Region", "council": "Council", "pact": "Regional pact", "directory": "Directory", "calendar": "Regional calendar",
        "plan": "Annual plan", "follow_up": "Annual plan follow-up", "province": "Province", "ersv": "ERSV",
        "arrondissements": "Arrondissements", "municipalities": "Municipalities", "bodies": "Bodies", "pacts": "Regional pacts",
        "secretariat": "Secretariat", "contacts": "Contact", "composition": "Composition", "seats": "Seats",
        "side": "Side", "filled": "Filled", "vacant": "Vacant", "chair": "Chair", "mandates": "Tasks",
        "sub_bodies": "Working groups and networks", "members": "Members", "name": "Name", "role": "Role",
        "on_behalf_of": "On behalf of", "since": "Since", "period": "Period", "trekker": "Lead partner", "partners": "Partners",
        "status": "Status", "progress": "Progress", "indicators": "Indicators", "baseline": "Baseline",
        "target": "Target", "actual": "Actual", "date": "Date", "title": "Title", "where": "Where", "item": "Item",
        "owner": "Owner", "timing": "Timing", "deliverables": "Deliverables", "action": "Pact action",
        "planned": "Planned", "done": "Done", "share_done": "Share done", "late": "Late",
        "carried_over": "Carried over", "carried_over_from": "carried over from", "cluster": "Cluster", "pillar": "Pillar",
        "as_of": "As of", "page": "Page", "date_unknown": "date unknown", "in_year": "in", "english_only": "",
        "directory_hint": "Bodies that did not exist on that day are left out. Another day: resoc report directory --as-of YYYY-MM-DD.", "sources": "Sources", "note": "Note", "address": "Address", "phone": "Phone",
        "fax": "Fax", "email": "E-mail", "mobile": "Mobile", "url": "Website", "website": "Website", "ended": "ended on",
        "none": "none", "events": "Events", "employer": "employers", "employee": "employees",
        "government": "local and provincial government", "other": "other", "valid": "Active", "generated": "Made with resoc",
        "items": "items", "total": "Total", "follow_up_notes": "Follow-up",
        "status_planned": "planned", "status_running": "running", "status_done": "done", "status_late": "late",
        "status_postponed": "postponed", "status_cancelled": "cancelled", "status_stopped": "stopped", "status_unknown": "unknown",
        "status_draft": "draft", "status_adopted": "adopted", "status_closed": "closed",
        "role_chair": "chair", "role_vice_chair": "vice-chair", "role_member": "member", "role_substitute": "substitute",
        "role_coordinator": "coordinator", "role_secretariat": "secretariat", "role_staff": "staff",
        "role_expert": "expert", "role_observer": "observer", "role_contact_person": "contact person",
        **MEETING_LABELS["en"],
    },
}


def default_templates() -> Path:
    """templates/ beside the package (a checkout), or where `pip install .` put it."""
    beside = Path(__file__).resolve().parent.parent / "templates"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "resoc" / "templates"


def format_date(value: Any, lang: str) -> str:
    """'2024-03-05' -> '5 maart 2024'; a month, season or year as precisely as it is known."""
    if value in (None, ""):
        return ""
    when = value if isinstance(value, When) else When.parse(value if not isinstance(value, dt.date) else value)
    if when.precision in ("day", "month"):
        return _babel_date(when.earliest, "d MMMM y" if when.precision == "day" else "MMMM y", lang)
    if when.precision == "season":
        return f"{SEASONS[lang][when.season or '']} {when.text[:4]}"
    return when.text


@functools.lru_cache(maxsize=4096)
def _babel_date(day: dt.date, pattern: str, lang: str) -> str:
    """Babel's date in words, once per day and pattern: an export writes the same dates
    thousands of times, and babel takes 60 microseconds for each."""
    from babel.dates import format_date as babel_date

    return babel_date(day, pattern, locale=LOCALES[lang])


def fuzzy_date(value: Any, lang: str) -> str:
    """A calendar section's heading: 'lente 2018', 'in 2018', or 'datum onbekend' for no date."""
    if value in (None, ""):
        return LABELS[lang]["date_unknown"]
    when = When.parse(value)
    return f"{LABELS[lang]['in_year']} {when.text}" if when.precision == "year" else format_date(when, lang)


_FUNCTION_WORDS = {
    "en": frozenset("the of and are was were for with its which not by from this that to as into no an their has have".split()),
    "nl": frozenset("de het een van en voor met zijn die dat niet door naar op te om ook bij uit werd wordt deze".split()),
}


def written_in(text: str) -> str:
    """'en' or 'nl': the language whose common function words the text uses more (Dutch on a tie).

    The dataset does not mark the language of its texts: the sources' Dutch stays Dutch, while
    the authors' own descriptions and notes are often English. Function words tell the two apart
    in every text of the bundled dataset; this is a stop-gap until the data marks it.
    """
    import re

    words = re.findall(r"[a-z]+", text.lower())
    counts = {lang: sum(w in vocabulary for w in words) for lang, vocabulary in _FUNCTION_WORDS.items()}
    return "en" if counts["en"] > counts["nl"] else "nl"


def in_language(text: Any, lang: str) -> Any:
    """A data text for a report in `lang`: as it is, or, for English text in a Dutch report, a note that it is left out.

    Data texts are never translated (that would invent the data); an English report shows the
    Dutch of the sources as it is.
    """
    if not text or lang == "en" or written_in(str(text)) == lang:
        return text
    return LABELS[lang]["english_only"]


def percent(value: float | None, lang: str) -> str:
    """50.0 -> '50%', 33.3 -> '33,3%' in Dutch."""
    from babel.numbers import format_decimal

    return "" if value is None else format_decimal(value, format="#,##0.#", locale=LOCALES[lang]) + "%"


def phone(value: str) -> str:
    """A phone number as people write it: '+3214728656' -> '+32 14 72 86 56' (libphonenumber's
    international format); a value it cannot read stays as it is."""
    import phonenumbers

    from .phones import international

    try:
        return international(value)
    except phonenumbers.NumberParseException:
        return value


def css_string(value: Any) -> Any:
    """A CSS string literal for a <style> block: every character but letters, digits and spaces as a CSS escape."""
    from markupsafe import Markup

    return Markup('"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in str(value)) + '"')


def _markdown_finalize(value: Any) -> Any:
    """Every `{{ value }}` of a Markdown template: escaped, unless it is Markup already (a macro, |safe)."""
    from markupsafe import Markup

    return value if hasattr(value, "__html__") else Markup(markdown_text(str(value)))


def _confined_loader(folders: list[str]) -> Any:
    """A FileSystemLoader that refuses a template whose real path is outside the folder it was found in."""
    import jinja2
    from jinja2.loaders import split_template_path

    class ConfinedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            for folder in self.searchpath:  # the first folder that has it, as FileSystemLoader looks
                path = Path(folder, *split_template_path(template))
                if path.is_file():
                    if not path.resolve().is_relative_to(Path(folder).resolve()):
                        raise UsageError(f"template {path} is a link that leads out of {folder}: refused")
                    break
            return super().get_source(environment, template)

    return ConfinedLoader(folders)


def environment(fmt: str, lang: str, templates: Path | None = None) -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}': choose md or html")
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language '{lang}': choose nl or en")
    folders = ([str(templates)] if templates else []) + [str(default_templates())]
    if templates is not None and not templates.is_dir():
        raise UsageError(f"no templates folder at {templates}")
    kind = SandboxedEnvironment if templates is not None else jinja2.Environment
    markdown = fmt == "md"  # autoescape on for Markdown too: a macro's output is then Markup, not escaped twice
    env = kind(loader=_confined_loader(folders), undefined=jinja2.StrictUndefined,
               autoescape=markdown or (lambda name: bool(name) and name.endswith(".html.j2")),
               finalize=_markdown_finalize if markdown else None,
               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    labels = LABELS[lang]
    env.globals.update(t=lambda key: labels.get(key, key), lang=lang, today=dt.date.today().isoformat())
    env.filters.update(date=lambda v: format_date(v, lang), fuzzy_date=lambda v: fuzzy_date(v, lang), own_language=lambda v: in_language(v, lang), cell=cell_text, phone=phone, css_string=css_string,
                       pct=lambda v: percent(v, lang),
                       status=lambda v: labels.get(f"status_{v}", v or ""), role=lambda v: labels.get(f"role_{v}", v or ""))
    return env


def render(template: str, context: dict[str, Any], fmt: str, lang: str = "nl", templates: Path | None = None) -> str:
    """Render `<template>.<fmt>.j2` with the context; a user's templates in a child process, within limits."""
    env = environment(fmt, lang, templates)
    name = f"{template}.{fmt}.j2"
    if templates is None:
        return _render(env, name, context, None)
    return _in_child(lambda: _render(env, name, context, OUTPUT_LIMIT), name)


def _render(env: Any, name: str, context: dict[str, Any], limit: int | None) -> str:
    """Render one template; Jinja2's errors become usage errors that name the template."""
    import jinja2

    try:
        template = env.get_template(name)
        return template.render(**context) if limit is None else "".join(_bounded(template.generate(**context), limit, name))
    except jinja2.TemplateNotFound as error:
        raise UsageError(f"no template {error.name}") from None
    except jinja2.UndefinedError as error:
        raise UsageError(f"template {name}: {error}") from None
    except jinja2.TemplateSyntaxError as error:
        raise UsageError(f"template {error.filename or name}, line {error.lineno}: {error.message}") from None
    except jinja2.exceptions.SecurityError as error:
        raise UsageError(f"template {name} tried something the sandbox forbids: {error}") from None


def _bounded(chunks: Iterator[str], limit: int, name: str) -> Iterator[str]:
    """The chunks a template writes, stopped once they add up to more than `limit` characters."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise UsageError(f"template {name} wrote more than {limit:,} characters: stopped")
        yield chunk


def _in_child(work: Callable[[], str], name: str) -> str:
    """Run `work` in a forked child and return its text; stop it after TIME_LIMIT seconds.

    A child, not a deadline checked between chunks: a loop that writes nothing, or one huge
    operation (10 ** (10 ** 9)), never returns to such a check, and only a process can be killed.
    Fork (not spawn) keeps the context as it is and costs milliseconds. Without fork (Windows)
    the work runs here, under the output limit only.
    """
    import multiprocessing

    try:
        forking = multiprocessing.get_context("fork")
    except ValueError:
        return work()
    receiver, sender = forking.Pipe(duplex=False)
    child = forking.Process(target=_child, args=(work, name, sender), daemon=True)
    sys.stdout.flush()  # the child must not write out what the parent had buffered
    sys.stderr.flush()
    child.start()
    sender.close()
    try:
        if not receiver.poll(TIME_LIMIT):
            raise UsageError(f"template {name} ran longer than {TIME_LIMIT:g} seconds: stopped")
        status, text = receiver.recv()
    except EOFError:
        raise UsageError(f"template {name}: its process ended without a result: stopped") from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if status == "usage":
        raise UsageError(text)
    if status == "bug":
        raise RuntimeError(text)
    return text


def _child(work: Callable[[], str], name: str, sender: Any) -> None:
    """In the child: cap memory, do the work, send ("ok", text) or what went wrong."""
    _limit_memory()
    try:
        sender.send(("ok", work()))
    except UsageError as error:
        sender.send(("usage", str(error)))
    except MemoryError:
        sender.send(("usage", f"template {name} needed more than {MEMORY_LIMIT >> 20} MB of memory: stopped"))
    except RecursionError:
        sender.send(("usage", f"template {name} nests too deeply: stopped"))
    except Exception as error:  # noqa: BLE001 - a bug: the parent reports it as one line (exit 3)
        sender.send(("bug", f"{type(error).__name__}: {error}"))


def _limit_memory() -> None:
    """Cap this process's address space at its present size plus MEMORY_LIMIT (where Linux tells the size)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as handle:
            size = int(handle.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + MEMORY_LIMIT, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or a lower hard limit: the time limit still stops a runaway template
