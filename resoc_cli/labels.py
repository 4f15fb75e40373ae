"""How tables speak to people: column names and values in Dutch (default) or English, in one place.

Only what a terminal table shows passes through here: json, csv and yaml carry the raw keys
and values the library returns (`working_group`, `True`, `+3214728657`, `2017-23`), so that
scripts never depend on a language. Staff read `werkgroep`, `ja`, `+32 14 72 86 57` and
`najaar 2017` instead.

The vocabulary is said once: the kinds' names come from the registry (kinds.py, plural) and
SINGULAR below; the values reports already translate (roles, statuses, outcomes, dossiers,
decisions, sides, contact detail types) come from rendering.LABELS; this module adds the
rest. tests/test_labels.py checks that every value a model allows and every column a list or
a show prints has a label in both languages.

No I/O, no rich, no typer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from .kinds import KINDS
from .rendering import LABELS, SEASONS, format_date, phone
from .when import When

LANGUAGES = ("nl", "en")
NL, EN = 0, 1
Pair = tuple[str, str]

# A kind's name for one record; its plural is the registry's label_nl / label_en.
SINGULAR: dict[str, Pair] = {
    "source": ("bron", "source"), "region": ("regio", "region"), "municipality": ("gemeente", "municipality"),
    "organisation": ("organisatie", "organisation"), "council": ("orgaan", "body"), "contact": ("persoon", "person"),
    "pact": ("streekpact", "regional pact"), "action": ("actie", "action"), "plan": ("jaarplanning", "annual plan"),
    "event": ("activiteit", "event"), "project": ("project", "project"), "advice": ("advies", "advice"),
    "meeting": ("vergadering", "meeting"),
    # Parts of a pact that search finds, and what other tables count.
    "pillar": ("pijler", "pillar"), "cluster": ("cluster", "cluster"), "result": ("resultaat", "result"),
    "rule": ("regel", "rule"),
}
PLURAL_EXTRA: dict[str, Pair] = {"pillar": ("pijlers", "pillars"), "cluster": ("clusters", "clusters"),
                                 "result": ("resultaten", "results"), "rule": ("regels", "rules")}

# Column and field names. Keys the registry knows (council, councils, ...) are named from it.
COLUMNS: dict[str, Pair] = {
    "id": ("id", "id"), "name": ("naam", "name"), "short_name": ("korte naam", "short name"), "type": ("soort", "type"),
    "side": ("zijde", "side"), "role": ("rol", "role"), "status": ("status", "status"), "kind": ("soort", "kind"),
    "title": ("titel", "title"), "description": ("beschrijving", "description"), "note": ("opmerking", "note"),
    "start_date": ("begin", "start"), "end_date": ("einde", "end"), "start_time": ("uur", "time"),
    "end_time": ("tot (uur)", "until (time)"), "end_reason": ("reden einde", "why it ended"), "date": ("datum", "date"),
    "year": ("jaar", "year"), "phone": ("telefoon", "phone"), "email": ("e-mail", "e-mail"), "mobile": ("gsm", "mobile"),
    "fax": ("fax", "fax"), "url": ("adres (web)", "web address"), "website": ("website", "website"),
    "contact_details": ("contactgegevens", "contact details"), "addresses": ("adressen", "addresses"),
    "street": ("straat", "street"), "postal_code": ("postcode", "postal code"), "locality": ("gemeente", "locality"),
    "country": ("land", "country"), "label": ("label", "label"), "value": ("waarde", "value"),
    "visibility": ("zichtbaarheid", "visibility"), "sources": ("bronnen", "sources"), "source": ("bron", "source"),
    "ref": ("bron", "source"), "given_name": ("voornaam", "given name"), "family_name": ("familienaam", "family name"),
    "seats": ("zetels", "seats"), "filled": ("ingevuld", "filled"), "vacant": ("vacant", "vacant"),
    "seats_filled": ("zetels", "seats"), "members": ("leden", "members"), "members_by_side": ("leden", "members"),
    "memberships": ("lidmaatschappen", "memberships"), "on_behalf_of": ("namens", "on behalf of"),
    "on_behalf_of_name": ("namens (naam)", "on behalf of (name)"), "current": ("actueel", "current"),
    "employer": ("werkgevers", "employers"), "employee": ("werknemers", "employees"),
    "government": ("besturen", "government"), "composition": ("samenstelling", "composition"),
    "presidency": ("voorzitterschap", "presidency"), "mandates": ("opdrachten", "tasks"),
    "legal_basis": ("rechtsgrond", "legal basis"), "articles": ("artikels", "articles"), "quorum": ("quorum", "quorum"),
    "core_group": ("kerngroep", "core group"), "predecessors": ("voorgangers", "predecessors"),
    "sub_bodies": ("werkgroepen en netwerken", "working groups and networks"), "parts": ("onderdelen", "parts"),
    "parent": ("valt onder", "part of"), "province": ("provincie", "province"), "ersv": ("ERSV", "ERSV"),
    "nis": ("NIS-code", "NIS code"), "arrondissements": ("arrondissementen", "arrondissements"),
    "merged_into": ("opgegaan in", "merged into"), "region_name": ("regio (naam)", "region (name)"),
    "council_name": ("orgaan (naam)", "body (name)"), "contact": ("persoon", "person"),
    "lead": ("trekker", "lead"), "leads": ("trekt", "leads"), "partners": ("partners", "partners"),
    "partner_in": ("partner in", "partner in"), "pillar": ("pijler", "pillar"), "pillars": ("pijlers", "pillars"),
    "pillars_led": ("trekt pijlers", "pillars led"), "cluster": ("cluster", "cluster"), "clusters": ("clusters", "clusters"),
    "level": ("niveau", "level"), "tree": ("opbouw", "structure"), "progress": ("voortgang", "progress"),
    "indicators": ("indicatoren", "indicators"), "baseline": ("nulmeting", "baseline"), "target": ("doel", "target"),
    "actual": ("realisatie", "actual"), "unit": ("eenheid", "unit"), "weight": ("gewicht", "weight"),
    "milestones": ("mijlpalen", "milestones"), "due": ("tegen", "due"), "periods": ("periodes", "periods"),
    "items": ("acties", "items"), "item": ("actie", "item"), "plan_items": ("in jaarplanningen", "in annual plans"),
    "done": ("uitgevoerd", "done"), "owner": ("verantwoordelijke", "owner"), "quarters": ("kwartalen", "quarters"),
    "deliverables": ("resultaten", "deliverables"), "carried_over_from": ("overgedragen uit", "carried over from"),
    "follow_up": ("opvolging", "follow-up"), "adopted_on": ("goedgekeurd op", "adopted on"),
    "action_name": ("actie (naam)", "action (name)"), "location": ("plaats", "location"), "funding": ("financiering", "funding"),
    "funder": ("financier", "funder"), "purpose": ("doel", "purpose"), "agenda": ("agenda", "agenda"),
    "number": ("nr.", "no."), "minutes": ("verslag", "minutes"), "decision": ("beslissing", "decision"),
    "decision_text": ("beslissing (tekst)", "decision (text)"), "attendance": ("aanwezigheid", "attendance"),
    "present": ("aanwezig", "present"), "plan_item": ("jaarplanning-actie", "plan item"),
    "plan_item_name": ("jaarplanning-actie (naam)", "plan item (name)"), "advice_name": ("advies (naam)", "advice (name)"),
    "requested_by": ("aanvrager", "requested by"), "requested_by_name": ("aanvrager (naam)", "requested by (name)"),
    "dossier_type": ("dossier", "dossier"), "received": ("ontvangen", "received"), "deadline": ("termijn", "deadline"),
    "deadline_kind": ("soort termijn", "deadline kind"), "outcome": ("uitkomst", "outcome"),
    "decided_at": ("beslist op", "decided at"), "advice_decided": ("adviezen beslist", "advice decided"),
    "treated_at": ("behandeld op", "treated at"), "open": ("open", "open"), "overdue": ("te laat", "overdue"),
    "text": ("tekst", "text"), "language": ("taal", "language"), "aliases": ("andere namen", "aliases"),
    "accessed": ("geraadpleegd", "accessed"), "covers": ("inhoud", "covers"), "publisher": ("uitgever", "publisher"),
    "published": ("gepubliceerd", "published"), "in_force": ("van kracht", "in force"), "numac": ("NUMAC", "NUMAC"),
    "cited_by": ("geciteerd door", "cited by"), "records": ("records", "records"), "score": ("score", "score"),
    "row": ("rij", "row"), "change": ("wijziging", "change"),
    "code": ("code", "code"), "severity": ("ernst", "severity"), "severities": ("ernst", "severity"), "field": ("veld", "field"),
}

# Values of fields whose labels rendering.LABELS holds under a prefix (role_chair, status_done, ...).
_FROM_REPORTS = {"role": ("role_",), "status": ("status_",), "outcome": ("outcome_", "decision_"),
                 "dossier_type": ("dossier_",), "decision": ("decision_",)}  # Decision.outcome shows as `decision`
# The rest, by the column that shows them. A key holds the values of every field of that name.
_VALUES: dict[str, dict[str, Pair]] = {
    "type": {  # Council.type and Organisation.type
        "resoc": ("RESOC", "RESOC"), "serr": ("SERR", "SERR"), "ersv": ("ERSV", "ERSV"),
        "working_group": ("werkgroep", "working group"), "network": ("netwerk", "network"), "platform": ("platform", "platform"),
        "forum": ("forum", "forum"), "core_group": ("kerngroep", "core group"), "coordination": ("coördinatie", "coordination"),
        "trade_union": ("vakbond", "trade union"), "employer_organisation": ("werkgeversorganisatie", "employers' organisation"),
        "agricultural_organisation": ("landbouworganisatie", "agricultural organisation"),
        "public_employment_service": ("arbeidsbemiddeling", "employment service"), "province": ("provincie", "province"),
        "municipality": ("gemeente", "municipality"), "intermunicipal": ("intercommunale", "intermunicipal"),
        "government": ("overheid", "government"), "welfare": ("welzijn", "welfare"), "education": ("onderwijs", "education"),
        "research": ("onderzoek", "research"), "other": ("andere", "other"),
        "phone": ("telefoon", "phone"), "mobile": ("gsm", "mobile"), "fax": ("fax", "fax"), "email": ("e-mail", "e-mail"),
        "url": ("website", "website")},
    "side": {"employer": ("werkgevers", "employers"), "employee": ("werknemers", "employees"),
             "government": ("besturen", "government"), "other": ("andere", "other"),
             "secretariat": ("secretariaat", "secretariat")},
    "kind": {  # Pact.kind, RegisteredSource.kind, and the kinds search names
        "streekpact": ("streekpact", "regional pact"), "action_programme": ("actieprogramma", "action programme"),
        "web_page": ("webpagina", "web page"), "article": ("artikel", "article"),
        "partnership_profile": ("samenwerkingsprofiel", "partnership profile"), "legislation": ("regelgeving", "legislation"),
        "dataset": ("dataset", "dataset"), "news": ("nieuws", "news"), "encyclopedia": ("encyclopedie", "encyclopedia"),
        "other": ("andere", "other")},
    "status": {"present": ("aanwezig", "present"), "excused": ("verontschuldigd", "excused"), "absent": ("afwezig", "absent")},
    "deadline_kind": {"legal": ("wettelijk", "legal"), "requested": ("gevraagd", "requested")},
    "visibility": {"public": ("openbaar", "public"), "internal": ("intern", "internal")},
    "severity": {"error": ("fout", "error"), "warning": ("waarschuwing", "warning")},
    "level": {"pillar": ("pijler", "pillar"), "cluster": ("cluster", "cluster"), "action": ("actie", "action")},
    "change": {"new contact": ("nieuwe persoon", "new contact"), "new membership": ("nieuw lidmaatschap", "new membership"),
               "unchanged": ("ongewijzigd", "unchanged")},  # a row of `resoc import`
}
_VALUES["severities"] = _VALUES["severity"]  # the rules table: every severity a rule reports
BOOLEAN: dict[bool, Pair] = {True: ("ja", "yes"), False: ("nee", "no")}


def _index(lang: str) -> int:
    return EN if lang == "en" else NL


def kind_label(kind: str, lang: str, count: int = 1) -> str:
    """'persoon' or 'personen' (people): a kind's name for one record or for several."""
    if count == 1:
        return SINGULAR[kind][_index(lang)]
    if kind in PLURAL_EXTRA:
        return PLURAL_EXTRA[kind][_index(lang)]
    spec = KINDS[kind]
    return (spec.label_en if lang == "en" else spec.label_nl).lower()


def count_text(count: int, kind: str, lang: str) -> str:
    """'1 persoon', '2 personen', '0 personen': a table's footer."""
    return f"{count} {kind_label(kind, lang, count)}"


def column_label(key: str, lang: str) -> str:
    """A column's or a field's name for people; a kind's name for a column that holds its ids."""
    if key in COLUMNS:
        return COLUMNS[key][_index(lang)]
    if key in SINGULAR:
        return SINGULAR[key][_index(lang)]
    plural = next((k for k in KINDS.values() if k.plural == key), None)
    if plural is not None:
        return kind_label(plural.name, lang, 2)
    return key.replace("_", " ")


@functools.lru_cache(maxsize=None)
def values_of(key: str, lang: str) -> Mapping[str, str]:
    """Every value a column can show, with its label (made once per column and language: a
    table asks for a label in every row)."""
    i = _index(lang)
    found = {value: pair[i] for value, pair in _VALUES.get(key, {}).items()}
    for prefix in _FROM_REPORTS.get(key, ()):
        found.update({name[len(prefix):]: text for name, text in LABELS[lang].items() if name.startswith(prefix)})
    if key == "kind":
        found.update({name: SINGULAR[name][i] for name in SINGULAR})
    return MappingProxyType(found)


def value_label(key: str, value: str, lang: str) -> str:
    """'werkgroep' for working_group in a type column; the value itself when it has no label (a name, an id)."""
    return values_of(key, lang).get(value, value)


_DATE_KEYS = {"start_date", "end_date", "date", "received", "deadline", "due", "accessed", "published", "adopted_on",
              "in_force"}
_PHONE_KEYS = {"phone", "mobile", "fax"}


def date_text(value: Any, lang: str) -> str:
    """A fuzzy date as people say it: a day stays 2018-03-01; '2018-10' reads 'oktober 2018', '2017-23' 'najaar 2017'."""
    try:
        when = When.parse(value)
    except ValueError:
        return str(value)
    if when.precision == "season":
        return f"{SEASONS[lang][when.season or '']} {when.text[:4]}"
    if when.precision == "month":
        return format_date(when, lang)
    return when.text


def seat_line(seat: dict[str, Any], lang: str) -> str:
    """A seat as a table writes it: 'Kerngroep leren en werken: voorzitter namens ACV'."""
    party = f" {('namens', 'for')[_index(lang)]} {seat['on_behalf_of_name']}" if seat.get("on_behalf_of_name") else ""
    return f"{seat['council_name']}: {value_label('role', seat['role'], lang)}{party}"


def display(key: str, value: Any, lang: str) -> Any:
    """One value of a column as a person reads it; lists item by item; None stays None."""
    if isinstance(value, list):
        return [display(key, v, lang) for v in value]
    if isinstance(value, bool):
        return BOOLEAN[value][_index(lang)]
    if not isinstance(value, str):
        return value
    return text_shown(key, lang)(value)


@functools.cache
def text_shown(key: str, lang: str) -> Callable[[str], str]:
    """How a text value of a column reads: a phone number spaced, a date in words, a value by its
    label. Worked out once per column and language: a table asks in every row."""
    if key in _PHONE_KEYS:
        return phone
    if key in _DATE_KEYS:
        return functools.partial(_date_text_in, lang)
    labels = values_of(key, lang)
    return lambda value: labels.get(value, value)


def _date_text_in(lang: str, value: str) -> str:
    return date_text(value, lang)


@functools.cache
def id_keys() -> frozenset[str]:
    """The columns that hold ids: `id`, every kind's name and plural, and every reference field of the
    models (asked when a table is printed, so that the registry alone does not load pydantic)."""
    from pydantic import BaseModel

    from . import models
    from .model.common import ref_kind

    found = {"id", *KINDS, *(k.plural for k in KINDS.values()), "pillar", "cluster"}
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            found.update(name for name in model.model_fields if ref_kind(model, name))
    return frozenset(found)


def is_id_column(key: str) -> bool:
    return key in id_keys()


def document_heading(document: dict[str, Any], lang: str) -> str:
    """'SERR Kempen  (orgaan serr-kempen, stand op 2016-08-31)': the first line of a shown record."""
    as_of = LABELS[lang]["as_of"].lower()
    return f"{document['name']}  ({kind_label(document['kind'], lang)} {document['id']}, {as_of} {document['as_of']})"
