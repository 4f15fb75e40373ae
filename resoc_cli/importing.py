"""Importing a membership list as an organisation sends it: a spreadsheet (.xlsx) or a CSV file.

Columns are found by their header, in Dutch or English (case, accents and punctuation do not
matter); a header the importer does not know is reported, never guessed at. Each row is
matched to an existing contact by name, accent- and case-insensitive and in either order
("Cox Lieve" is Lieve Cox); a name several contacts share is put to the caller's `choose`
(the CLI asks on a terminal) or refused with the candidates. A row that matches nobody
becomes a new contact.

Every row is read, matched and checked before anything is prepared, and all problems are
reported at once, each with its file and row. The import is then one `writing.Changes`, made
with the same writers as `resoc new` (editing.py): the writer validates the dataset as it
would be and writes all of it or nothing.

A cell is data: a spreadsheet formula (=...) is read as the text it is, never evaluated.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from .dataset import Dataset
from .editing import e164, free_id, new_membership, new_record, normal_email
from .errors import DataError, NotFoundError, UsageError
from .model.bodies import Role
from .suggest import unaccented, unknown
from .when import When
from .writing import Changes

# A column's canonical name and the headers that mean it (compared folded, without punctuation).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledige naam", "full name", "naam en voornaam"),
    "given_name": ("voornaam", "first name", "given name"),
    "family_name": ("achternaam", "familienaam", "last name", "family name", "surname"),
    "id": ("id", "contact id"),
    "organisation": ("organisatie", "organisation", "organization", "namens", "on behalf of"),
    "email": ("e-mail", "mail", "e-mailadres", "email address"),
    "phone": ("telefoon", "tel", "telefoonnummer", "phone", "telephone", "phone number"),
    "mobile": ("gsm", "mobiel", "mobile", "gsm-nummer"),
    "role": ("functie", "rol", "role", "function"),
    "mandate": ("mandaat", "mandate"),
    "side": ("zijde", "geleding", "side"),
    "start": ("start", "begin", "startdatum", "begindatum", "vanaf", "start date"),
    "note": ("opmerking", "opmerkingen", "note", "notes"),
}
ROLE_WORDS = {"voorzitter": "chair", "ondervoorzitter": "vice_chair", "vicevoorzitter": "vice_chair", "lid": "member",
              "effectieflid": "member", "plaatsvervanger": "substitute", "plaatsvervangendlid": "substitute",
              "secretaris": "secretariat", "secretariaat": "secretariat", "medewerker": "staff", "stafmedewerker": "staff",
              "deskundige": "expert", "waarnemer": "observer"}
MANDATE_WORDS = {"effectief": "member", "effective": "member", "titular": "member", "plaatsvervangend": "substitute",
                 "plaatsvervanger": "substitute", "substitute": "substitute", "vervanger": "substitute"}
SIDE_WORDS = {"werkgever": "employer", "werkgevers": "employer", "employer": "employer", "werknemer": "employee",
              "werknemers": "employee", "vakbond": "employee", "employee": "employee", "overheid": "government",
              "government": "government", "andere": "other", "other": "other"}
FORMULA_STARTS = ("=", "+", "-", "@")
DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 1/3/2019, 01-03-2019: Belgian order

# (row, name as written, [(contact id, description)]) -> the id chosen, "new" for a new contact, or None to refuse
Chooser = Callable[[int, str, list[tuple[str, str]]], "str | None"]


def key(text: str) -> str:
    """A header or value compared as people read it: no accents, case or punctuation."""
    return re.sub(r"[^a-z0-9]+", "", unaccented(text).lower())


def name_key(name: str) -> str:
    """A person's name compared without accents, case or punctuation, in either order."""
    return " ".join(sorted(re.findall(r"[a-z0-9]+", unaccented(name).lower())))


@dataclass
class Sheet:
    """The rows of a membership list: each a row number as the file shows it and its cells by column."""

    path: Path
    rows: list[tuple[int, dict[str, Any]]]
    unknown_headers: list[str] = field(default_factory=list)

    def where(self, line: int) -> str:
        return f"{self.path}:{line}" if self.path.suffix.lower() == ".csv" else f"{self.path}: row {line}"


@dataclass
class Planned:
    """What the import does with one row."""

    line: int
    name: str
    contact: str
    change: str  # "new contact", "new membership" or "unchanged"
    values: dict[str, Any]  # the membership's fields
    new_contact: dict[str, Any] | None = None


@dataclass
class Plan:
    council: str
    rows: list[Planned]
    changes: Changes
    unknown_headers: list[str]

    def table(self) -> list[dict[str, Any]]:
        """What would change, one line per row of the file."""
        return [{"row": p.line, "name": p.name, "contact": p.contact, "organisation": p.values.get("on_behalf_of"),
                 "role": p.values["role"], "start": p.values.get("start_date"), "change": p.change} for p in self.rows]


# ---------------------------------------------------------------------------- reading the file


def read_sheet(path: Path) -> Sheet:
    """The rows of an .xlsx workbook's first sheet or of a CSV file, by column; a file that is
    neither, or that has no name column, is a usage error naming the file."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    head = path.read_bytes()[:8]
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UsageError(f"{path}: an old Excel workbook (.xls); save it as .xlsx or .csv")
    if head.startswith(b"PK\x03\x04"):
        grid = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        grid = _csv_rows(path)
    else:
        raise UsageError(f"{path}: not an .xlsx workbook or a .csv file")
    return _by_header(path, grid)


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows with their numbers; formulas come as their text (data_only=False
    reads the formula, not a value some program computed)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = [(number, [_cell(c) for c in row]) for number, row in enumerate(sheet.iter_rows(values_only=True), 1)]
        book.close()
    except Exception as error:  # noqa: BLE001 - any reader failure means: not a workbook we can read
        raise UsageError(f"{path}: not a readable .xlsx workbook ({type(error).__name__}: {error})") from None
    return rows


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, dt.date)):
        return value
    return str(getattr(value, "text", value))  # an array formula: its text


def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """A CSV file's records with the line each starts on; UTF-8 (with or without a byte-order
    mark) or, as Excel writes it in Flanders, Windows-1252; comma, semicolon or tab."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    rows, line = [], 1
    try:
        for record in reader:
            rows.append((line, [_unquoted(v) for v in record]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise UsageError(f"{path}:{line}: not a readable CSV file ({error})") from None
    return rows


def _unquoted(value: str) -> str:
    """A CSV cell as text; the ' that resoc's own CSV puts before a formula start is taken off."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _by_header(path: Path, grid: list[tuple[int, list[Any]]]) -> Sheet:
    grid = [(n, cells) for n, cells in grid if any(_text(c) for c in cells)]
    if not grid:
        raise UsageError(f"{path}: the file is empty")
    header_line, headers = grid[0]
    known = {key(h): column for column, words in HEADERS.items() for h in words}
    columns = [known.get(key(_text(h))) for h in headers]
    strange = [_text(h) for h, c in zip(headers, columns) if c is None and _text(h)]
    if "name" not in columns and not {"given_name", "family_name"} <= set(columns):
        raise UsageError(f"{path}: row {header_line} has no name column (naam, or voornaam and achternaam); "
                         f"its headers are {', '.join(_text(h) for h in headers if _text(h)) or 'empty'}")
    rows = []
    for line, cells in grid[1:]:
        values = {c: v for c, v in zip(columns, cells) if c is not None and _text(v)}
        rows.append((line, values))
    return Sheet(path, rows, strange)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# ---------------------------------------------------------------------------- reading a row


class RowProblem(Exception):
    """What is wrong with one row; the caller adds the file and the row."""


def _word(values: dict[str, Any], column: str, words: dict[str, str], what: str) -> str | None:
    """A cell read as one of a few words (Dutch or English); another word is a problem naming the nearest."""
    if column not in values:
        return None
    text = _text(values[column])
    found = words.get(key(text))
    if found is None:
        raise RowProblem(unknown(what, text, [w for w in words if w.isalpha()]))
    return found


def role_of(values: dict[str, Any]) -> str:
    """The membership's role: the functie column's (voorzitter, lid, ...), or from the mandate
    (effectief: member, plaatsvervangend: substitute), or member."""
    words = ROLE_WORDS | {key(r): r for r in get_args(Role)}
    role = _word(values, "role", words, "role")
    mandate = _word(values, "mandate", MANDATE_WORDS, "mandate")
    if role in (None, "member") and mandate:
        return mandate
    return role or "member"


def label_of(values: dict[str, Any], role: str) -> str | None:
    """The functie as the list writes it (voorzitter), kept as the membership's label; not a plain
    'lid', nor a word that is the role itself."""
    text = _text(values.get("role"))
    return text if text and ROLE_WORDS.get(key(text), role) != "member" and key(text) != key(role) else None


def start_of(value: Any, default: str | None) -> str | None:
    """A start as the dataset writes it (2019-03-01, 2019-03 or 2019): from a spreadsheet date,
    a year, an ISO text or a Belgian day-first date (1/3/2019)."""
    if value is None:
        return default
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    day_first = DAY_FIRST.match(text)
    if day_first:
        text = f"{day_first[3]}-{int(day_first[2]):02d}-{int(day_first[1]):02d}"
    try:
        When.parse(text)
    except ValueError as error:
        raise RowProblem(f"start: {error}") from None
    return text


def email_of(value: Any) -> str:
    """An address as the dataset keeps it: checked, its domain in lower case."""
    try:
        return normal_email(_text(value))
    except ValueError as error:
        raise RowProblem(f"e-mail '{_text(value)}': {error}") from None


def phone_of(value: Any) -> str:
    """A number as the dataset keeps it (E.164); a Belgian number may be written as people do (014 72 86 57)."""
    try:
        return e164(_text(value))
    except ValueError:
        raise RowProblem(f"phone '{_text(value)}' is not a valid number") from None


def details_of(values: dict[str, Any]) -> list[dict[str, str]]:
    """The row's e-mail and phone numbers, internal as `resoc new contact` makes them."""
    details = [{"type": "email", "value": email_of(values["email"])}] if "email" in values else []
    details += [{"type": kind, "value": phone_of(values[kind])} for kind in ("phone", "mobile") if kind in values]
    return [d | {"visibility": "internal"} for d in details]


def name_of(values: dict[str, Any]) -> str:
    given, family = _text(values.get("given_name")), _text(values.get("family_name"))
    name = _text(values.get("name")) or " ".join(part for part in (given, family) if part)
    if not name:
        raise RowProblem("no name")
    return name


# ---------------------------------------------------------------------------- matching and planning


@dataclass
class _Context:
    """What rows are matched against: the dataset, its people and organisations by name, and
    the contacts this import creates (so that a person on two rows is created once)."""

    root: Path
    ds: Dataset
    council: str
    choose: Chooser | None
    people: dict[str, list[str]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)  # name key -> new id
    seen: set[tuple[str, str, str | None]] = field(default_factory=set)  # (contact, role, organisation) planned

    def __post_init__(self) -> None:
        for person in self.ds.all("contact"):
            self.people.setdefault(name_key(person.name), []).append(person.id)
        for org in self.ds.all("organisation"):
            for label in (org.id, org.name, org.short_name):
                if label:
                    self.parties.setdefault(key(label), org.id)

    def organisation(self, values: dict[str, Any]) -> str | None:
        if "organisation" not in values:
            return None
        text = _text(values["organisation"])
        found = self.parties.get(key(text))
        if found is None:
            names = [o.short_name or o.name for o in self.ds.all("organisation")]
            raise RowProblem(unknown("organisation", text, names) + " (add it first: resoc new organisation)")
        return found

    def contact(self, line: int, name: str, given_id: Any) -> tuple[str, bool]:
        """(contact id, whether it is new): the id column's, the one person of that name, the
        one chosen among several, or a new id."""
        if given_id is not None:
            if not self.ds.exists("contact", _text(given_id)):
                raise RowProblem(unknown("contact", _text(given_id), self.ds.ids("contact")))
            return _text(given_id), False
        wanted = name_key(name)
        if wanted in self.created:
            return self.created[wanted], False
        found = self.people.get(wanted, [])
        choice = found[0] if len(found) == 1 else self._choose(line, name, found) if found else "new"
        if choice != "new":
            return choice, False
        self.created[wanted] = free_id(self.root, "contact", name, taken=set(self.created.values()))
        return self.created[wanted], True

    def _choose(self, line: int, name: str, ids: list[str]) -> str:
        candidates = [(id, self._describe(id)) for id in sorted(ids)]
        choice = self.choose(line, name, candidates) if self.choose else None
        if choice is None:
            raise RowProblem(f"'{name}' is the name of {len(ids)} contacts ({'; '.join(d for _, d in candidates)}): "
                             "run this on a terminal to choose, or give the contact's id in a column 'id'")
        return choice

    def _describe(self, id: str) -> str:
        seats = sorted({council.id for council, _ in self.ds.seats_of(id)})
        return f"{id}" + (f", in {', '.join(seats)}" if seats else "")

    def holds(self, contact: str, role: str, organisation: str | None) -> bool:
        """Whether the person already has that open seat (in the dataset or an earlier row)."""
        council = self.ds.get("council", self.council)
        held = {(m.contact, m.role, m.on_behalf_of) for m in council.memberships if m.end_date is None}
        return (contact, role, organisation) in held | self.seen


def plan_row(line: int, values: dict[str, Any], ctx: _Context, default_start: str | None) -> Planned:
    """What to do with one row; a RowProblem says what is wrong with it."""
    name = name_of(values)
    role = role_of(values)
    membership = {"on_behalf_of": ctx.organisation(values), "role": role,
                  "side": _word(values, "side", SIDE_WORDS, "side"), "start_date": start_of(values.get("start"), default_start),
                  "label": label_of(values, role),
                  "note": _text(values["note"]) if "note" in values else None}
    details = details_of(values)
    contact, new = ctx.contact(line, name, values.get("id"))
    person = {"id": contact, "name": name, "given_name": _text(values.get("given_name")) or None,
              "family_name": _text(values.get("family_name")) or None, "contact_details": details} if new else None
    if not new and ctx.holds(contact, role, membership["on_behalf_of"]):
        return Planned(line, name, contact, "unchanged", membership)
    ctx.seen.add((contact, role, membership["on_behalf_of"]))
    return Planned(line, name, contact, "new contact" if new else "new membership", membership, person)


def plan_import(root: Path, path: Path, council: str, sources: list[str], choose: Chooser | None = None,
                default_start: str | None = None) -> Plan:
    """Read a membership list and prepare the whole change (not yet validated or written).

    Every problem of every row is reported at once (DataError), each with its file and row;
    an unknown council is a NotFoundError naming the nearest."""
    if not sources:
        raise UsageError("give at least one --source: the register id or web address of the list")
    if default_start is not None:
        try:
            default_start = start_of(default_start, None)
        except RowProblem as problem:
            raise UsageError(f"--{problem}") from None
    sheet = read_sheet(path)
    changes = Changes(root)
    changes.hold()  # the dataset is read under the writer's lock: what is planned is what is written over
    try:
        ds = Dataset.load(root)
        if ds.get("council", council) is None:
            raise NotFoundError(unknown("council", council, ds.ids("council")))
        ctx = _Context(root, ds, council, choose)
        rows, problems = [], []
        for line, values in sheet.rows:
            try:
                rows.append(plan_row(line, values, ctx, default_start))
            except RowProblem as problem:
                problems.append(f"{sheet.where(line)}: {problem}")
        problems += _prepare(changes, council, rows, sources, sheet)
        if problems:
            raise DataError(f"{len(problems)} row(s) cannot be imported, so nothing was written:\n  " + "\n  ".join(problems))
    except BaseException:
        changes.release()
        raise
    return Plan(council, rows, changes, sheet.unknown_headers)


def _prepare(changes: Changes, council: str, rows: list[Planned], sources: list[str], sheet: Sheet) -> list[str]:
    """Add each row's contact and membership to the change, with the writers `resoc new` uses."""
    problems = []
    for row in rows:
        try:
            if row.new_contact is not None:
                new_record(changes.root, "contact", row.new_contact | {"sources": sources}, changes)
            if row.change != "unchanged":
                m = row.values
                new_membership(changes.root, row.contact, council, m["role"], m["start_date"], side=m["side"],
                               on_behalf_of=m["on_behalf_of"], label=m["label"], sources=sources, changes=changes, note=m["note"])
        except UsageError as error:
            problems.append(f"{sheet.where(row.line)}: {error}")
    return problems
