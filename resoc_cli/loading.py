"""Reading the dataset: the only module that knows ruamel.yaml and source positions.

Every file is parsed on the fast path, ruamel's C safe loader. Positions are not kept there:
they are needed only for files with something to report, so a file is parsed a second time,
in round-trip mode, only when a finding has to be located in it (`Document.locate`).

Dates are left as text by both loaders and parsed by the schema: the YAML loaders would turn
`2016-02-30` into a bare ValueError with no position, where the schema names the field.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import kinds
from .findings import Finding, Severity
from .kinds import TOP_FOLDERS, kind_of_rel, location_text

if TYPE_CHECKING:  # the models (pydantic) are imported when a file is first checked: scanning needs none
    from .models import Record

YAML_SUFFIXES = (".yaml", ".yml")
MAX_BYTES = 1 << 20  # a record file over 1 MiB is refused before it is parsed (docs/contributing-data.md)
MAX_ENTRIES = 10_000  # and one of more keys and list items than this right after it is

# Codes of findings that come from loading, not from the rule registry.
LOAD_CODES = {
    "L001": ("misplaced-file", "A file sits where no record kind lives"),
    "Y001": ("yaml-syntax", "The file is not valid YAML"),
    "Y002": ("duplicate-key", "A key appears twice in one mapping"),
    "Y003": ("not-a-mapping", "The file is empty or not a mapping"),
    "Y004": ("not-utf8", "The file is not UTF-8 text"),
    "Y005": ("too-big", "The file is over 1 MiB or 10,000 keys and list items"),
    "Y006": ("unreadable", "The file cannot be read (permissions)"),
    "S001": ("unknown-key", "A key the schema does not know"),
    "S002": ("missing-key", "A required key is missing"),
    "S003": ("wrong-type", "A value of the wrong type or not among the allowed values"),
    "S004": ("invalid-value", "A value the schema refuses (an impossible date, say)"),
}


def _str_timestamp(constructor: Any, node: Any) -> str:
    return constructor.construct_scalar(node)


@lru_cache(maxsize=1)
def fast_loader() -> Any:
    """ruamel's safe loader on the C parser (ruamel.yaml.clib), dates kept as text.

    The C parser calls back into ruamel's Python resolver for every scalar, and that resolver
    works out the YAML version again on each call; a third of the load time went there. The
    resolver below looks the same YAML 1.2 table up once and keeps it (tests check that it
    reads every file the same as ruamel's own).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor
    from ruamel.yaml.nodes import ScalarNode, SequenceNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    class TextDateConstructor(SafeConstructor):
        pass

    TextDateConstructor.add_constructor("tag:yaml.org,2002:timestamp", _str_timestamp)

    class TableResolver(VersionedResolver):
        table: dict[Any, list[tuple[Any, Any]]] | None = None

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode:
                if implicit[0]:
                    table = TableResolver.table or self._make_table()
                    for tag, regexp in table.get(value[:1], table[None]):
                        if regexp.match(value):
                            return tag
                return self.DEFAULT_SCALAR_TAG
            return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

        def _make_table(self) -> dict[Any, list[tuple[Any, Any]]]:
            versioned = self.versioned_resolver
            anywhere = [(Tag(suffix=t), r) for t, r in versioned.get(None, [])]
            table: dict[Any, list[tuple[Any, Any]]] = {None: anywhere}
            for first, resolvers in versioned.items():
                if first is not None:
                    table[first] = [(Tag(suffix=t), r) for t, r in resolvers] + anywhere
            TableResolver.table = table
            return table

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = TextDateConstructor
    yaml.Resolver = TableResolver
    return yaml


PLAIN_TAGS = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                        "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"})


class _Unusual(Exception):
    """Something the quick walk leaves to ruamel's constructor: a tag, a duplicate or merge key,
    a key that is not text, more entries than a record has, nesting too deep."""


@lru_cache(maxsize=1)
def _node_loader() -> tuple[type, Any, dict[Any, bool]]:
    """The C parser joined with the fast loader's constructor and resolver in one class, made once.

    ruamel's YAML.load makes such a class on every call (a quarter of the time of reading a
    small file); and its Python constructor took as long again as parsing. Record files are
    mappings, lists and plain text, so `load_fast` builds those itself from the parsed nodes and
    asks the constructor only for other scalars (numbers, yes/no, null, dates kept as text).
    """
    from _ruamel_yaml import CParser  # type: ignore[import-not-found]

    from ruamel.yaml.nodes import MappingNode, ScalarNode

    yaml = fast_loader()
    constructor, resolver = yaml.Constructor, yaml.Resolver

    class NodeLoader(CParser, constructor, resolver):  # type: ignore[misc, valid-type]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._parser = self._composer = self
            constructor.__init__(self, loader=self)
            self.allow_duplicate_keys = False
            resolver.__init__(self, version=None, loadumper=self)

    yaml.load("a: 1\n")  # makes the resolver's table: the shared Tag objects it hands out
    plain = {tag: True for tags in (resolver.table or {}).values() for tag, _ in tags if str(tag) in PLAIN_TAGS}
    return NodeLoader, (ScalarNode, MappingNode, resolver.DEFAULT_SCALAR_TAG), plain


def load_fast(text: str) -> Any:
    """A file's data as ruamel's fast loader reads it, at about half its cost (`_node_loader`);
    anything unusual is read by that loader itself, so errors and values are always its own."""
    loader_class, (scalar, mapping, text_tag), plain = _node_loader()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _Builder(loader, scalar, mapping, text_tag, plain).build(node)
    except (_Unusual, RecursionError):
        pass
    finally:
        loader.dispose()
        loader.__dict__.clear()  # it refers to itself: freed now, not by the cyclic collector (which a read pauses)
    return fast_loader().load(text)


class _Builder:
    """Plain data from parsed nodes (load_fast). A class, not a nested function: a function that
    calls itself through its closure is a reference cycle, and 25,000 of them (each holding a
    loader) wait for the cyclic collector, which reading pauses."""

    __slots__ = ("loader", "scalar", "mapping", "text_tag", "plain", "left")

    def __init__(self, loader: Any, scalar: type, mapping: type, text_tag: Any, plain: dict[Any, bool]) -> None:
        self.loader, self.scalar, self.mapping, self.text_tag, self.plain = loader, scalar, mapping, text_tag, plain
        self.left = MAX_ENTRIES

    def build(self, node: Any) -> Any:
        cls = type(node)
        if cls is self.scalar:
            tag = node.ctag
            if tag is self.text_tag:
                return node.value
            if tag in self.plain:
                return self.loader.construct_object(node)
            raise _Unusual
        self.left -= len(node.value)
        if self.left < 0:
            raise _Unusual
        if cls is self.mapping:
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if type(key_node) is not self.scalar or key_node.ctag is not self.text_tag or key in out or key == "<<":
                    raise _Unusual
                out[key] = self.build(value_node)
            return out
        return [self.build(item) for item in node.value]


@lru_cache(maxsize=1)
def located_loader() -> Any:
    """ruamel's round-trip loader: slow, but every node knows its line and column."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class TextDateRoundTripConstructor(RoundTripConstructor):
        pass

    TextDateRoundTripConstructor.add_constructor("tag:yaml.org,2002:timestamp", _str_timestamp)
    yaml = YAML()
    yaml.Constructor = TextDateRoundTripConstructor
    return yaml


def dump_yaml(data: Any) -> str:
    """Plain data as block-style YAML in the dataset's layout: the yaml output format, and the
    values a diff shows."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def uses_c_parser() -> bool:
    """True when the fast loader really parses with libyaml's C code."""
    from _ruamel_yaml import CParser  # type: ignore[import-not-found]  # ruamel.yaml.clib's compiled module

    return fast_loader().Parser is CParser


@dataclass
class Document:
    """One file of the dataset: where it is, what kind it holds, its data and its record.

    Where it is: the dataset folder and the path in it, joined into a Path only when asked
    (pathlib takes longer to make 25,000 Paths than a `show` takes to read its record).
    `Document.at` makes one from a whole path."""

    root: Path
    rel: str
    display: str
    kind: str | None
    data: Any = None
    record: Record | None = None
    findings: list[Finding] = field(default_factory=list)
    text: str | None = field(default=None, repr=False)  # the text, when it is not (yet) what is on disk
    _tree: Any = field(default=None, repr=False)
    stored: str | None = field(default=None, repr=False)  # the record's JSON in the read index, not read yet (dataset.py)
    refs: str | None = field(default=None, repr=False)  # its references as the read index has them (cache.py)
    cites: str | None = field(default=None, repr=False)  # what it cites as the read index has it (citing.py)
    name: str | None = field(default=None, repr=False)  # its name as the read index has it (visibility.public_name)
    sha: str | None = field(default=None, repr=False)  # its content hash, under which the read index keeps its JSON

    @classmethod
    def at(cls, path: Path, display: str, kind: str | None, **values: Any) -> Document:
        """The document of the file at `path` (its folder taken as the root)."""
        doc = cls(path.parent, path.name, display, kind, **values)
        doc.__dict__["path"] = path
        return doc

    @classmethod
    def indexed(cls, root: Path, rel: str, display: str, kind: str | None, findings: list[Finding],
                stored: tuple[str, str, str, str | None] | None, sha: str) -> Document:
        """A document as the read pass makes 25,000 of them: with its read index row (record JSON,
        or cache.IN_INDEX for JSON not read yet; references, citations, name) or none.
        Positional, here beside the fields: keywords made it half as slow again."""
        record, refs, cites, name = stored or (None, None, None, None)
        return cls(root, rel, display, kind, None, None, findings, None, None, record, refs, cites, name, sha)

    @cached_property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def stem(self) -> str:
        name = self.rel.rpartition("/")[2]
        return name.rpartition(".")[0] or name  # what Path.stem says of a record file's name

    @property
    def valid(self) -> bool:
        return self.record is not None or self.stored is not None

    def finding(self, code: str, severity: Severity, message: str, loc: tuple[Any, ...] = (), *, key: bool = False) -> Finding:
        """A finding located at `loc` (a path of keys and indexes) inside this file."""
        line, column = self.locate(loc, key=key)
        return Finding(self.display, line, column, code, severity, message)

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `loc` (of its key when `key`), or the nearest parent."""
        tree = self._located_tree()
        if tree is None:
            return (1, 1)
        position = (0, 0)
        node = tree
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            found = _child_position(node, part, key=key and last)
            if found is None:
                break
            position, node = found
        return (position[0] + 1, position[1] + 1)

    def _located_tree(self) -> Any:
        if self._tree is None:
            try:
                text = self.text if self.text is not None else self.path.read_text(encoding="utf-8")
                self._tree = located_loader().load(text)
            except Exception:  # the file does not parse: nothing finer than line 1
                self._tree = False
        return self._tree or None


def _child_position(node: Any, part: Any, *, key: bool) -> tuple[tuple[int, int], Any] | None:
    """Where `part` of `node` is written, and the child node itself."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    if isinstance(node, dict) and part in node:
        line, col = lc.key(part) if key else lc.value(part)
        return (line, col), node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return lc.item(part), node[part]
    return None


def find_root(path: Path) -> Path | None:
    """The dataset folder a path belongs to: the nearest folder that has kind folders in it."""
    path = path.resolve()
    for candidate in [path, *path.parents]:
        if candidate.is_dir() and any((candidate / folder).is_dir() for folder in TOP_FOLDERS):
            return candidate
    return None


def kind_of(path: Path, root: Path) -> str | None:
    """The file kind from where the file sits: data/<kind folder>/x.yaml or data/pacts/<pact>/plans/x.yaml."""
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return kind_of_rel(rel)


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file below root, in a stable order."""
    return [root / rel for rel, _, _ in scan(root)]


def scan(root: Path) -> list[tuple[str, int, int]]:
    """(path relative to root, size, modification time in ns) of every YAML file below root, sorted."""
    return [(rel, size, mtime) for rel, (size, mtime, _, _) in scan_stamps(root)]


Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode: what one stat says of whether a file changed


def stamp_of(status: os.stat_result) -> Stamp:
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def scan_stamps(root: Path, folder: str | None = None) -> list[tuple[str, Stamp]]:
    """(path relative to root, stamp) of every YAML file below root, sorted; with `folder` (a
    folder right below root), only the files below it, exactly as the whole scan lists them
    (none when it is a symbolic link, which the whole scan does not follow either).

    os.scandir gives the file type without a system call and one stat per file, which is what
    a warm run over 25,000 files spends its time on; pathlib's rglob stats each file twice.
    Only the stamp of each stat is kept: with its stat result a file took 780 bytes (78 MB at
    100,000 files), with its stamp 140.
    """
    found: list[tuple[str, Stamp]] = []
    pending = [("", str(root))] if folder is None else _scan_start(root, folder)
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.name.endswith(YAML_SUFFIXES) and entry.is_file():
                found.append((f"{prefix}{entry.name}", stamp_of(entry.stat())))
    found.sort(key=lambda item: item[0])
    return found


def _scan_start(root: Path, folder: str) -> list[tuple[str, str]]:
    """Where a scan of one folder right below root starts: nowhere when the whole scan would
    not list its files."""
    return [(f"{folder}/", os.path.join(root, folder))] if scans_into(root, folder) else []


def scans_into(root: Path, folder: str) -> bool:
    """Whether the whole scan lists the files of this folder right below root: a real folder
    (not a symbolic link to one, which it does not follow), not named with a leading dot, that
    can be read. What a file's own stat says of a file there agrees with the scan only then."""
    if not folder or "/" in folder or folder.startswith("."):
        return False
    path = os.path.join(root, folder)
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode) and os.access(path, os.R_OK | os.X_OK)
    except OSError:
        return False


def display_path(path: Path) -> str:
    """The path as people and CI annotations want it: relative to the working folder when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_document(path: Path, root: Path, display: str | None = None, data: bytes | None = None,
                  rel: str | None = None) -> Document:
    """Parse and check one file against its schema; problems become findings, never exceptions.
    `rel` is the path relative to `root`, when the caller knows it (resolving paths costs)."""
    kind = kind_of_rel(rel) if rel is not None else kind_of(path, root)
    doc = Document.at(path, display or display_path(path), kind)
    if data is not None:
        doc.text = data.decode("utf-8", errors="replace")
    if doc.kind is None:
        doc.findings.append(doc.finding("L001", "error", _misplaced_message(path, root)))
        return doc
    doc.data = _parse(doc, data)
    if doc.data is not None:
        doc.record = _check_schema(doc)
    return doc


def _misplaced_message(path: Path, root: Path) -> str:
    folders = location_text()
    return (
        f"this file is not where a record can be: put it in one of {folders} of {display_path(root)}"
    )


def _parse(doc: Document, data: bytes | None = None) -> Any:
    raw, problem = read_file(doc.path, doc.display) if data is None else (data, None)
    data, problem = fast_parse(doc.display, raw) if raw is not None else (None, problem)
    if problem is not None:
        doc.findings.append(problem)
        doc._tree = False
        return None
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {_yaml_type(data)}, not a mapping of keys to values"
        doc.findings.append(Finding(doc.display, 1, 1, "Y003", "error", f"the file is {what}"))
        return None
    return data


def read_file(path: Path, display: str) -> tuple[bytes | None, Finding | None]:
    """A file's bytes, or the located reason they cannot be read (its permissions, say)."""
    try:
        return path.read_bytes(), None
    except OSError as error:
        return None, Finding(display, 1, 1, "Y006", "error", f"the file cannot be read: {error.strerror}")


def fast_parse(display: str, raw: bytes) -> tuple[Any, Finding | None]:
    """A file's data on the fast path, or the located reason it has none: too big, not UTF-8, not
    YAML, too many entries. Writers call it too, before their slower round-trip parse."""
    from ruamel.yaml.error import MarkedYAMLError

    problem = file_problem(display, raw)
    if problem is not None:
        return None, problem
    try:
        data = load_fast(raw.decode("utf-8"))
    except MarkedYAMLError as error:
        return None, yaml_problem(display, error)
    except Exception as error:  # a constructor refused a value (an unknown tag, say)
        return None, Finding(display, 1, 1, "Y001", "error", f"the file cannot be read as YAML: {error}")
    if _entries_over(data, MAX_ENTRIES):
        return None, Finding(display, 1, 1, "Y005", "error", f"the file has more than {MAX_ENTRIES:,} keys and list items, "
                             "more than a record file may have: split it, or check that it is a record")
    return data, None


def file_problem(display: str, data: bytes) -> Finding | None:
    """Why these bytes cannot be a record file at all (too big, not UTF-8 text), located; None if they can.

    Checked before parsing, by the validator and by every writer alike: a 15 MB file is refused
    at once instead of being parsed for minutes, and UTF-16 or Latin-1 text is named as such.
    """
    if len(data) > MAX_BYTES:
        return Finding(display, 1, 1, "Y005", "error", f"the file has {len(data):,} bytes, over the {MAX_BYTES:,} a record "
                       "file may have: split it, or check that it is a record")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # a byte-order mark, or ASCII as 2 bytes
        offset = 0 if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.find(b"\x00")
        return _at(display, data, offset, "the file is UTF-16 text, not UTF-8: save it as UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _at(display, data, error.start, f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} here; Latin-1 "
                   "or Windows-1252, perhaps): save it as UTF-8")
    return None


def _at(display: str, data: bytes, offset: int, message: str) -> Finding:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return Finding(display, line, column, "Y004", "error", message)


def _entries_over(data: Any, limit: int) -> bool:
    """Whether the data has more keys and list items than `limit`; stops counting there, so an
    alias bomb (a list of aliases of lists of aliases) is not expanded."""
    count, pending = 0, [data]
    while pending:
        node = pending.pop()
        if isinstance(node, (dict, list)):
            count += len(node)
            if count > limit:
                return True
            pending.extend(node.values() if isinstance(node, dict) else node)
    return False


def yaml_problem(display: str, error: Any) -> Finding:
    """A YAML syntax error (ruamel's MarkedYAMLError) as a finding at the place it names."""
    from ruamel.yaml.constructor import DuplicateKeyError

    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if isinstance(error, DuplicateKeyError):
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else "?"
        return Finding(display, line, column, "Y002", "error", f"the key '{key}' appears twice in the same mapping")
    words = "; ".join(part for part in (error.context, error.problem) if part)
    return Finding(display, line, column, "Y001", "error", f"YAML syntax error: {words}")


def _yaml_type(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "yes/no value"}.get(type(value), "value")


def _check_schema(doc: Document) -> Record | None:
    from pydantic import ValidationError

    assert doc.kind is not None
    try:
        return kinds.MODELS[doc.kind].model_validate(doc.data)
    except ValidationError as error:
        doc.findings.extend(_schema_findings(doc, error.errors(include_url=False)))
        return None


def _schema_findings(doc: Document, errors: Iterable[dict[str, Any]]) -> Iterator[Finding]:
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        where = dotted(loc)
        if kind == "extra_forbidden":
            yield doc.finding("S001", "error", f"unknown key '{loc[-1]}' (at {where}): {_unknown_hint(doc, loc)}", loc, key=True)
        elif kind == "missing":
            yield doc.finding("S002", "error", f"'{loc[-1]}' is required here (at {dotted(loc[:-1]) or 'top level'})", loc[:-1])
        elif kind in ("value_error", "assertion_error"):
            message = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
            yield doc.finding("S004", "error", f"{where or 'record'}: {message}", loc)
        else:
            found = _short(error.get("input"))
            yield doc.finding("S003", "error", f"{where}: {_plain(error['msg'])} (found {found})", loc)


def _unknown_hint(doc: Document, loc: tuple[Any, ...]) -> str:
    """What to do about an unknown key: an old name gets its new one, anything else a spelling check."""
    from .canonical import child_model
    from .migrations import renamed_to

    model = kinds.MODELS.get(doc.kind or "")
    for part in loc[:-1]:
        if isinstance(part, str):
            model = child_model(model, part)
    new = renamed_to(model, str(loc[-1]))
    if new is not None:
        return f"this key is now called '{new}': run resoc migrate to rename it in every file"
    return "check its spelling"


def _plain(message: str) -> str:
    return message.replace("Input should be", "expected").replace("String should match pattern", "expected the form")


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else f"a {_yaml_type(value)}"
    return text if len(text) <= 60 else text[:57] + "..."


def dotted(loc: tuple[Any, ...]) -> str:
    """('memberships', 2, 'role') -> memberships[2].role"""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
