"""The registry of record kinds: every kind the dataset knows, declared once.

A kind says what it is called (in code, in Dutch and in English), where its files live, which
model checks them, how its ids are made, what its list command filters on and shows, which
other records point at it (its relations) and an example. Loading, schema generation, the
docs, `resoc new`, the per-kind CLI commands, exports, diff and the benchmark generator all
read this table; nothing else names a kind's folder.

Adding a kind means: its model (models.py), an entry here, its list and show view
(views/lists.py, views/show.py), its templates if it has reports, tests and example data.

No I/O here.
"""

from __future__ import annotations

from functools import lru_cache

import datetime as dt
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the models are imported when one is asked for (model_named), not with the registry
    from pydantic import BaseModel



DATA = "data"  # the dataset folder's usual name inside a repository


@dataclass(frozen=True)
class Filter:
    """An option of a kind's list command: `--NAME VALUE`.

    `refers` names the kind whose ids the value must be (checked, with suggestions);
    `choices` takes its allowed values from a model field's Literal type.
    """

    name: str
    help: str
    refers: str | None = None
    choices: tuple[str, str] | None = None  # (model name, field)
    type: type = str
    option: str | None = None  # the option's spelling when it is not --NAME

    @property
    def flag(self) -> str:
        return self.option or "--" + self.name.rstrip("_").replace("_", "-")

    def allowed(self) -> tuple[str, ...]:
        """The values a choice filter takes, from the model (said once, there)."""
        if self.choices is None:
            return ()
        model, name = self.choices
        return literal_values(model_named(model).model_fields[name].annotation)


@dataclass(frozen=True)
class Relation:
    """Records of `kind` whose `field` holds this record's id: shown by `show`, found by the index."""

    name: str
    kind: str
    field: str


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str  # singular, as in code and references: "council"
    plural: str  # the CLI group and the json key: "councils"
    label_nl: str  # how Dutch-speaking staff call them (plural)
    label_en: str
    help: str
    model_name: str | None = None  # the model's class name in resoc_cli.models, resolved when asked
    path: tuple[str, ...] = ()  # where a file lives below the dataset root; "<id>" is the file name
    id_rule: str = "<id>"  # how the file name is made, for the docs
    owner: str | None = None  # the kind whose record a part lives in (municipality, action, event)
    example: dict[str, Any] = field(default_factory=dict)
    filters: tuple[Filter, ...] = ()
    columns: tuple[str, ...] = ()  # what a list shows in a table, in order
    relations: tuple[Relation, ...] = ()

    @property
    def is_file(self) -> bool:
        return bool(self.path)

    @property
    def model(self) -> type[BaseModel] | None:
        return model_named(self.model_name) if self.model_name else None

    @property
    def nested(self) -> bool:
        """True for a kind filed under another record's folder (a plan under its pact)."""
        return len(self.path) > 2

    @property
    def folder(self) -> str:
        """The folder below the dataset root that holds this kind's files (or its owner's)."""
        return self.path[0] if self.path else KINDS[self.owner or ""].folder

    def glob(self, root: str = DATA) -> str:
        parts = ["*" if part.startswith("<") else part for part in self.path]
        return "/".join([root, *parts]) + ".yaml"

    def location(self, root: str = DATA) -> str:
        parts = [self.id_rule if part == "<id>" else part for part in self.path]
        return "/".join([root, *parts]) + ".yaml"

    def rel(self, id: str, **owners: str) -> str:
        """The path of a record's file relative to the dataset root."""
        parts = [id if part == "<id>" else owners[part[1:-1]] if part.startswith("<") else part for part in self.path]
        return "/".join(parts) + ".yaml"

    def matches(self, parts: list[str]) -> bool:
        return len(parts) == len(self.path) and all(
            p.startswith("<") and bool(q) or p == q for p, q in zip(self.path[:-1], parts[:-1]))


def model_named(name: str) -> type[BaseModel]:
    """A model by its class name. The registry names its models and imports them only when one is
    asked for, so that `resoc --help`, which builds every kind's commands, does not load pydantic."""
    from . import models

    return getattr(models, name)  # type: ignore[no-any-return]


def literal_values(annotation: Any) -> tuple[str, ...]:
    """The values of a Literal type, also inside Optional[...] or list[...]."""
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(value) for value in typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = literal_values(arg)
        if found:
            return found
    return ()


_SOURCE = "000_1e96a52e4f1e0247.txt"
REGION = Kind(
    "region", "regions", "Regio's", "Regions", "RESOC regions: municipalities, bodies, pacts.", "Region",
    ("regions", "<id>"),
    example={"id": "kempen", "name": "Kempen", "province": 10000, "municipalities": [{"nis": 13040}], "sources": [_SOURCE]},
    filters=(Filter("province", "Province code, e.g. 10000."),),
    columns=("id", "name", "province", "ersv", "municipalities", "councils"),
    relations=(Relation("pacts", "pact", "region"), Relation("projects", "project", "regions")),
)
MUNICIPALITY = Kind(
    "municipality", "municipalities", "Gemeenten", "Municipalities", "Municipalities of the regions, by NIS code.",
    "RegionMunicipality", owner="region",
    filters=(Filter("region", "Region id.", refers="region"),),
    columns=("nis", "name", "region_name", "province"),
)
COUNCIL = Kind(
    "council", "councils", "Organen", "Bodies", "RESOCs, SERRs, ERSVs, working groups, networks and platforms.",
    "Council", ("councils", "<id>"),
    example={"id": "serr-kempen", "name": "SERR Kempen", "type": "serr", "regions": ["kempen"],
             "seats": {"employer": 8, "employee": 8},
             "memberships": [{"contact": "wim-de-kinderen", "role": "coordinator"}], "sources": ["002_d120a9c94454ac4a.txt"]},
    filters=(Filter("type", "Body type.", choices=("Council", "type"), option="--type"),
             Filter("region", "Region id.", refers="region"), Filter("parent", "Parent body id.", refers="council")),
    columns=("id", "name", "type", "regions", "start_date", "end_date", "phone"),
    relations=(Relation("sub_bodies", "council", "parent"), Relation("pacts", "pact", "councils"),
               Relation("plans", "plan", "council"), Relation("projects", "project", "councils"),
               Relation("meetings", "meeting", "council"), Relation("advice", "advice", "council")),
)
CONTACT = Kind(
    "contact", "contacts", "Personen", "People", "People and the seats they hold.", "Contact", ("contacts", "<id>"),
    example={"id": "lieve-cox", "name": "Lieve Cox", "sources": ["003_1c2d2ff53c6f99da.txt"]},
    filters=(Filter("council", "Only people with a seat on this body.", refers="council"),
             Filter("organisation", "Only people sitting on behalf of this organisation or body.", refers="party"),
             Filter("role", "Seat role.", choices=("Membership", "role"))),
    columns=("id", "name", "seats", "email", "phone"),
)
ORGANISATION = Kind(
    "organisation", "organisations", "Organisaties", "Organisations", "Partner organisations.", "Organisation",
    ("organisations", "<id>"),
    example={"id": "acv", "name": "ACV", "type": "trade_union", "side": "employee",
             "sources": ["https://www.werk.be/beleidsthemas/subregionaal-beleid"]},
    filters=(Filter("type", "Organisation type.", choices=("Organisation", "type"), option="--type"),
             Filter("side", "The side its representatives take.", choices=("Organisation", "side"))),
    columns=("id", "name", "short_name", "type", "side"),
    relations=(Relation("parts", "organisation", "parent"), Relation("projects", "project", "partners")),
)
PACT = Kind(
    "pact", "pacts", "Streekpacten", "Regional pacts", "Streekpacts and action programmes.", "Pact", ("pacts", "<id>"),
    example={"id": "streekpact-kempen-2013-2018", "name": "Streekpact Kempen 2013-2018", "region": "kempen",
             "start_date": 2013, "end_date": 2018,
             "pillars": [{"id": "leren-en-werken", "name": "Leren en werken", "lead": ["acv"]}],
             "sources": ["003_1c2d2ff53c6f99da.txt"]},
    filters=(Filter("region", "Region id.", refers="region"),),
    columns=("id", "name", "region", "start_date", "end_date", "actions"),
    relations=(Relation("plans", "plan", "pact"),),
)
ACTION = Kind(
    "action", "actions", "Acties", "Actions", "Pact actions.", "Action", owner="pact",
    filters=(Filter("pact", "Pact id.", refers="pact"), Filter("pillar", "Pillar id, e.g. leren-en-werken."),
             Filter("lead", "Trekker: organisation or body id.", refers="party"),
             Filter("partner", "Partner id.", refers="party"),
             Filter("status", "Action status.", choices=("Node", "status")),
             Filter("year", "Actions running in this year.", type=int),
             Filter("council", "Body involved.", refers="council")),
    columns=("pact", "id", "name", "lead", "status", "start_date", "end_date"),
)
PLAN = Kind(
    "plan", "plans", "Jaarplanningen", "Annual plans", "Annual plans (jaarplanning).", "Plan",
    ("pacts", "<pact>", "plans", "<id>"), id_rule="<council>-<year>",
    example={"id": "kerngroep-leren-en-werken-2018", "pact": "streekpact-kempen-2013-2018",
             "council": "kerngroep-leren-en-werken", "year": 2018,
             "items": [{"id": "trefpunt", "action": "leren-en-werken.1.trefpuntbijeenkomsten",
                        "title": "Trefpuntbijeenkomst", "quarters": ["Q2"]}], "sources": ["003_1c2d2ff53c6f99da.txt"]},
    filters=(Filter("council", "Council id.", refers="council"), Filter("year", "Plan year.", type=int),
             Filter("pact", "Pact id.", refers="pact")),
    columns=("id", "pact", "council", "year", "status", "items", "done"),
)
EVENT = Kind(
    "event", "events", "Activiteiten", "Events", "Dated events of pacts and projects.", "Event", owner="pact",
    filters=(Filter("from_", "First day (YYYY-MM-DD).", type=dt.date, option="--from"),
             Filter("to", "Last day (YYYY-MM-DD).", type=dt.date),
             Filter("council", "Body id.", refers="council")),
    columns=("start_date", "id", "title", "councils", "location"),
)
PROJECT = Kind(
    "project", "projects", "Projecten", "Projects", "Projects of the bodies.", "Project", ("projects", "<id>"),
    example={"id": "dc-noise", "name": "DC NOISE", "councils": ["serr-brugge"], "sources": ["001_c329a505d4a57705.txt"]},
    filters=(Filter("council", "Body id.", refers="council"), Filter("region", "Region id.", refers="region")),
    columns=("id", "name", "councils", "start_date", "end_date"),
)

SOURCE = Kind(
    "source", "sources", "Bronnen", "Sources", "The register of sources the dataset cites.", "RegisteredSource",
    ("sources", "<id>"),
    example={"id": "seed-001-serrs-west-vlaanderen", "title": "De SERR's in West-Vlaanderen", "kind": "article",
             "language": "nl", "aliases": ["001_c329a505d4a57705.txt"], "accessed": "2026-11-22",
             "covers": "The ERSV West-Vlaanderen with its four SERRs and five RESOCs, their projects and addresses."},
    filters=(Filter("kind", "What kind of source.", choices=("RegisteredSource", "kind")),
             Filter("language", "ISO 639-1 language code, e.g. nl.")),
    columns=("id", "title", "kind", "language", "cited_by"),
)
MEETING = Kind(
    "meeting", "meetings", "Vergaderingen", "Meetings", "Meetings of the bodies: agenda, decisions, attendance.",
    "Meeting", ("meetings", "<id>"), id_rule="<council>-<date>",
    example={"id": "serr-kempen-2019-03-12", "council": "serr-kempen", "start_date": "2019-03-12", "start_time": "14:00",
             "location": "Streekhuis Esenkasteel, Turnhout", "status": "held",
             "agenda": [{"number": "1", "title": "Advies WEP-plus", "advice": "serr-kempen-2019-wep-plus",
                         "decision": {"outcome": "approved", "text": "Positief advies."}}],
             "attendance": [{"contact": "wim-de-kinderen", "status": "present"}],
             "sources": ["https://www.example.org/serr-kempen/verslag-2019-03-12.pdf"]},
    filters=(Filter("council", "Body id.", refers="council"), Filter("year", "Meetings in this year.", type=int),
             Filter("status", "Meeting status.", choices=("Meeting", "status"))),
    columns=("id", "council", "start_date", "start_time", "status", "agenda", "present"),
    relations=(Relation("advice_decided", "advice", "decided_at"),),
)
ADVICE = Kind(
    "advice", "advice", "Adviezen", "Advice", "Requests for advice, their deadlines and the advice given.", "Advice",
    ("advice", "<id>"), id_rule="<council>-<year>-<dossier>",
    example={"id": "serr-kempen-2019-wep-plus", "name": "Aanvraag WEP-plus-project", "council": "serr-kempen",
             "requested_by": "vdab", "dossier_type": "wep_plus", "received": "2019-02-01", "deadline": "2019-03-15",
             "deadline_kind": "legal", "decided_at": "serr-kempen-2019-03-12", "outcome": "positive",
             "sources": ["https://www.example.org/serr-kempen/advies-2019-wep-plus.pdf"]},
    filters=(Filter("council", "Body asked to advise.", refers="council"), Filter("year", "Received in this year.", type=int),
             Filter("dossier_type", "Dossier type.", choices=("Advice", "dossier_type")),
             Filter("open", "yes: only requests not yet decided; no: only decided ones.")),
    columns=("id", "council", "dossier_type", "received", "deadline", "outcome", "decided_at"),
)

# In the order lists, exports and docs show them: what others point at comes first.
KINDS: dict[str, Kind] = {k.name: k for k in (SOURCE, REGION, MUNICIPALITY, ORGANISATION, COUNCIL, CONTACT, PACT,
                                              ACTION, PLAN, EVENT, PROJECT, ADVICE, MEETING)}
BY_PLURAL: dict[str, Kind] = {k.plural: k for k in KINDS.values()}
FILE_KINDS: dict[str, Kind] = {name: k for name, k in KINDS.items() if k.is_file}


def __getattr__(name: str) -> Any:
    """MODELS (kind -> model of its files) is made when first imported, not with the registry."""
    if name == "MODELS":
        globals()["MODELS"] = {kind: spec.model for kind, spec in FILE_KINDS.items() if spec.model is not None}
        return globals()["MODELS"]
    raise AttributeError(name)
TOP_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(k.path[0] for k in FILE_KINDS.values()))

# A party is whoever can lead, take part or be represented: an organisation or a body.
PARTY_KINDS = ("organisation", "council")


def kind_of_rel(rel: str) -> str | None:
    """The file kind of a path relative to the dataset root (forward slashes), from where it sits."""
    return _kind_in(rel.rpartition("/")[0])


def top_folder(rel: str) -> str:
    """The folder right below the dataset root that a file is in ('' for a file at the root)."""
    return rel.partition("/")[0] if "/" in rel else ""


@lru_cache(maxsize=65_536)
def _kind_in(folder: str) -> str | None:
    """The kind of the files in a folder: `matches` looks at the folders and the depth alone, so
    25,000 files ask a few hundred folders."""
    parts = [*folder.split("/"), "file"] if folder else ["file"]
    for kind in FILE_KINDS.values():
        if kind.matches(parts):
            return kind.name
    return None


def folder_of(rel: str, kind: str | None) -> str:
    """The folder that owns a file: its own folder, or for a file under its owner's folder, the owner's id."""
    parts = rel.split("/")
    spec = FILE_KINDS.get(kind or "")
    if spec is not None and spec.nested and len(parts) == len(spec.path):
        return parts[1]
    return parts[-2] if len(parts) >= 2 else ""


def owners_of(rel: str, kind: str) -> dict[str, str]:
    """The placeholders a file's path fills in, e.g. {'pact': 'streekpact-kempen-2013-2018'} for a plan."""
    parts = rel.removesuffix(".yaml").split("/")
    return {p[1:-1]: q for p, q in zip(FILE_KINDS[kind].path, parts) if p.startswith("<") and p != "<id>"}


def location_text() -> str:
    """Every folder a record can be in, for messages."""
    return ", ".join("/".join(k.path[:-1]) + "/" for k in FILE_KINDS.values())


def file_placement(kind: str, record: dict[str, Any]) -> str:
    """Where a new record of `kind` goes, relative to the dataset root."""
    spec = FILE_KINDS[kind]
    owners = {p[1:-1]: str(record[p[1:-1]]) for p in spec.path if p.startswith("<") and p != "<id>"}
    return spec.rel(str(record["id"]), **owners)
