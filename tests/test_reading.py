"""The read index: every command reads the dataset through it, and it never answers with
anything but what the files say."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from resoc_cli import cache, checking, loading
from resoc_cli.dataset import Dataset

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("RESOC_CACHE_DIR", raising=False)
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was parsed although its content is in the index")

    monkeypatch.setattr("resoc_cli.checking.load_document", refuse)
    monkeypatch.setattr("resoc_cli.dataset.load_document", refuse)


def _damage(root: Path, *statements: str) -> None:
    """Write into the cache behind the tool's back, as a damaged or tampered file would."""
    path = cache.cache_file(root)
    assert path is not None and path.exists()
    with sqlite3.connect(path) as connection:
        for statement in statements:
            connection.execute(statement)


def _warm(root: Path) -> None:
    """Read every file once, so that the cache knows them (a dataset reads its folders when asked)."""
    assert Dataset.load(root).documents


def _answers(ds: Dataset) -> dict[str, object]:
    """What commands ask of a dataset, in a comparable form."""
    return {
        "contacts": [c.model_dump() for c in ds.all("contact")],
        "pacts": [p.model_dump() for p in ds.all("pact")],
        "sub_bodies": {c.id: [s.id for s in ds.referring("council", "parent", c.id)] for c in ds.all("council")},
        "seats": {c.id: [(b.id, m.role) for b, m in ds.seats_of(c.id)] for c in ds.all("contact")},
        "actions": {o.id: [a.node.id for a in ds.actions(involving=o.id)] for o in ds.all("organisation")},
        "citations": {kind: list(ds.citations(kind)) for kind in ("council", "contact", "pact", "source")},
        "names": {kind: {id: ds.name_of(kind, id) for id in ds.ids(kind)} for kind in ("council", "contact", "organisation")},
    }


def test_a_second_read_parses_nothing_and_answers_the_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _answers(Dataset.load(root))
    assert cold["actions"] and any(cold["seats"].values()) and any(cold["sub_bodies"].values())
    _no_parsing(monkeypatch)
    warm = Dataset.load(root)
    assert all(doc.record is None for doc in warm.documents)  # nothing read before it is asked for
    assert _answers(warm) == cold


def test_involving_finds_exactly_the_actions_that_name_a_party(root: Path) -> None:
    _warm(root)
    ds = Dataset.load(root)
    for org in ds.all("organisation"):
        expected = [p.node.id for p in ds.actions() if any(org.id in getattr(p.node, f) for f in ("lead", "partners"))]
        assert [a.node.id for a in ds.actions(involving=org.id) if any(org.id in getattr(a.node, f) for f in ("lead", "partners"))] == expected


def test_a_changed_file_is_read_again(root: Path) -> None:
    _warm(root)
    target = next((root / "contacts").glob("*.yaml"))
    text = target.read_text(encoding="utf-8")
    old = Dataset.load(root).get("contact", target.stem).name
    target.write_text(text.replace(f"name: {old}", "name: Iemand Anders", 1), encoding="utf-8")
    assert Dataset.load(root).get("contact", target.stem).name == "Iemand Anders"


def test_a_damaged_row_is_not_believed(root: Path) -> None:
    _warm(root)
    _damage(root, "UPDATE texts SET record = '{\"id\": 5}'")
    ds = Dataset.load(root)
    assert len(ds.all("contact")) == len(list((root / "contacts").glob("*.yaml")))


def test_a_record_read_from_its_file_instead_of_a_damaged_row_is_redacted(root: Path) -> None:
    """The fallback to the file (a stored row that no longer reads) gives the record as this
    dataset's user may see it, like a row that reads."""
    _warm(root)
    _damage(root, "UPDATE texts SET record = '{\"id\": 5}' WHERE kind = 'contact'")
    seen = Dataset.load(root, include_internal=False)
    assert all(d.visibility != "internal" for c in seen.all("contact") for d in c.contact_details)
    assert any(d.visibility == "internal" for c in Dataset.load(root).all("contact") for d in c.contact_details)


def test_damaged_citations_are_not_believed(root: Path) -> None:
    cold = {kind: list(Dataset.load(root).citations(kind)) for kind in ("council", "contact")}
    _damage(root, "UPDATE records SET cites = '[[false, \"cite\", 5]]'")
    assert {kind: list(Dataset.load(root).citations(kind)) for kind in ("council", "contact")} == cold


def test_internal_details_stay_out_of_a_record_read_from_the_index(root: Path) -> None:
    Dataset.load(root, include_internal=True)
    seen = Dataset.load(root, include_internal=False)
    assert all(d.visibility != "internal" for c in seen.all("contact") for d in c.contact_details)
    everything = Dataset.load(root, include_internal=True)
    assert any(d.visibility == "internal" for c in everything.all("contact") for d in c.contact_details)


def test_a_value_left_out_of_the_index_comes_back_as_it_was() -> None:
    """The index stores records without their None values (pydantic's exclude_none: smaller,
    and read back three times faster than without defaults, which pydantic deep-copies). That is
    exact only while no field that may be None has another default: keep it so."""
    import typing

    from pydantic import BaseModel

    from resoc_cli.kinds import MODELS

    seen: set[type[BaseModel]] = set()
    pending = list(MODELS.values())
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, field in model.model_fields.items():
            args = typing.get_args(field.annotation)
            if type(None) in args:
                assert field.get_default(call_default_factory=True) is None, (model.__name__, name)
            inner = [field.annotation, *args, *(a for arg in args for a in typing.get_args(arg))]
            pending += [a for a in inner if isinstance(a, type) and issubclass(a, BaseModel)]
    assert len(seen) > len(MODELS)


def test_search_from_the_index_finds_what_a_search_of_every_record_finds(root: Path) -> None:
    """Search reads only the stored records whose JSON may contain the words; it must find
    exactly what reading every record finds, accents, case and ids included."""
    from resoc_cli.views import View
    from resoc_cli.views.search import fold, search

    cold = Dataset.load(root)  # parsed now: every record in memory
    warm = Dataset.load(root)  # from the index: records read only when they may match
    assert all(doc.record is None for doc in warm.documents if doc.valid)
    names = [r.name for kind in ("council", "contact", "organisation", "pact", "project") for r in cold.all(kind)]
    words = {w for name in names for w in name.split() if len(w) > 2}
    queries = sorted(words)[::3] + ["KEMPEN", "creëren", "Sociaal-Economische", "+32", "kerngroep-leren", "2016", "a:b", 'x"y']
    view = View(history=True)
    for query in queries:
        assert search(warm, query, view) == search(cold, query, view), query
    assert fold("Creëren") == "creeren"


def test_validation_after_a_read_that_changed_nothing_reuses_its_pass(root: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """An export validates the dataset it has just read: when the read found every file as the
    cache saved it and the saved dataset findings answer for those files, validation answers
    from that pass, the same as a pass of its own, and reads and writes nothing. On another day
    (the dataset rules must run again) or after a change, it takes its own pass."""
    import datetime as dt

    from resoc_cli.exports import export
    from resoc_cli.validate import validate
    from resoc_cli.views import View

    monkeypatch.setattr(cache, "RACY_NS", 0)  # the copies are seconds old: no racy window to wait out
    _warm(root)
    validate([root])  # the dataset's own findings are saved for today
    assert Dataset.load(root).unchanged is None  # a command that does not validate lets the pass go
    ds = Dataset.load(root, keep_pass=True)
    assert ds.unchanged is not None and ds.seen_by(False).unchanged is ds.unchanged
    expected = validate([root])
    scans: list[Path] = []

    def counted(*args: object, **kwargs: object) -> object:
        scans.append(args[0])  # type: ignore[arg-type]
        return checking.check_tree(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("resoc_cli.validate.check_tree", counted)
    handed = ds.unchanged
    reused = validate([root], unchanged=handed)
    assert (reused.findings, reused.stats) == (expected.findings, expected.stats) and not scans
    export(ds, "json", tmp_path / "out.json", View(as_of=dt.date.today(), history=True, include_internal=False))
    assert not scans and ds.unchanged is None  # the export handed its read on, and let it go
    validate([root], as_of=dt.date(2016, 8, 31), unchanged=handed)
    assert len(scans) == 1  # the dataset rules run again, on facts read now: a pass of its own
    validate([root], unchanged=handed._replace(root=root / "councils"))  # a read of another folder
    assert len(scans) == 2
    target = next((root / "contacts").glob("*.yaml"))
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Dataset.load(root, keep_pass=True).unchanged is None


def test_a_file_changed_by_another_writer_during_validation_does_not_poison_the_cache(
        root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation re-reads a file whose stored facts it cannot use. When another process has
    changed that file since this pass hashed it, the facts read now are not the pass's: saving
    them under the pass's hash once let a cached validate pass a dataset that a --no-cache one
    failed, after the file was put back."""
    import datetime as dt

    from resoc_cli.validate import validate

    monkeypatch.setattr(cache, "RACY_NS", 0)
    council = root / "councils" / "resoc-waas-dender.yaml"
    broken = council.read_text(encoding="utf-8").replace("parent: ersv-oost-vlaanderen", "parent: nobody-here")
    council.write_text(broken, encoding="utf-8")
    assert any(f.code == "REF001" for f in validate([root], as_of=dt.date(2016, 8, 31)).findings)
    original = cache.load_facts

    def another_writer(*args: object) -> dict[str, object]:
        council.write_text(broken.replace("parent: nobody-here", "parent: ersv-oost-vlaanderen"), encoding="utf-8")
        return {rel: f for rel, f in original(*args).items() if rel != "councils/resoc-waas-dender.yaml"}  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "load_facts", another_writer)
    validate([root])  # today: the dataset rules run again, on facts read meanwhile
    monkeypatch.setattr(cache, "load_facts", original)
    council.write_text(broken, encoding="utf-8")  # put back: an undo, a checkout
    cached = [f.code for f in validate([root]).findings]
    assert cached == [f.code for f in validate([root], use_cache=False).findings] and "REF001" in cached


@pytest.mark.parametrize("include_internal", [True, False])
def test_seats_are_every_membership_held_by_or_for_someone_and_read_only_their_bodies(root: Path, include_internal: bool) -> None:
    """A person's seats (Dataset._seats, through each body's members by holder) are exactly the
    memberships that name them, body by body in file order and in the body's order, as the
    user may see them; and asking for one person's seats reads only the bodies that name them."""
    def seats(ds: Dataset, id: str) -> dict[str, list[tuple[str, str]]]:
        return {"of": [(c.id, m.model_dump_json()) for c, m in ds.seats_of(id)],
                "for": [(c.id, m.model_dump_json()) for c, m in ds.seats_for(id)]}

    shared = Dataset.load(root, include_internal=include_internal)
    people = sorted(shared.ids("contact") | shared.ids("organisation") | shared.ids("council"))
    asked = {id: seats(shared, id) for id in people}
    bodies = Dataset.load(root, include_internal=include_internal).all("council")
    expected = {id: {"of": [(c.id, m.model_dump_json()) for c in bodies for m in c.memberships if m.contact == id],
                     "for": [(c.id, m.model_dump_json()) for c in bodies for m in c.memberships if m.on_behalf_of == id]}
                for id in people}
    assert asked == expected
    assert sum(len(s["of"]) for s in asked.values()) > 30 and any(s["for"] for s in asked.values())
    person = max(people, key=lambda id: len({c for c, _ in asked[id]["of"]}))
    alone = Dataset.load(root, include_internal=include_internal)
    alone.seats_of(person)
    read = {doc.stem for doc in alone.documents if doc.kind == "council" and doc.record is not None}
    assert read == {c for c, _ in asked[person]["of"]}


def test_records_read_in_bulk_are_frozen_out_of_the_collectors_scans(root: Path) -> None:
    """Reading a kind's records pauses the cyclic collector and freezes what it keeps
    (collector.resting); the collector is on again afterwards, and an iteration that keeps
    nothing (Dataset.each) freezes nothing."""
    import gc

    _warm(root)
    ds = Dataset.load(root)
    gc.unfreeze()
    assert gc.isenabled()
    pacts = ds.all("pact")
    assert pacts and gc.get_freeze_count() > 0 and gc.isenabled()
    assert ds.ids("contact")  # its folder is kept for the command's life, and frozen when read (as `load` once froze all)
    gc.unfreeze()
    paused = [gc.isenabled() for _ in ds.each("contact")]
    assert paused and not any(paused) and gc.isenabled() and gc.get_freeze_count() == 0
    for _ in ds.each("contact"):  # a folder first read while the caller holds a streamed record: nothing frozen
        assert ds.ids("project") and not gc.isenabled() and gc.get_freeze_count() == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    searched = [gc.get_freeze_count() for _ in Dataset.load(root).each_containing("contact", "e")]
    assert searched and not any(searched)  # read inside the paused search: nothing frozen


def test_a_warm_read_holds_no_record_json_until_a_kind_is_asked_for(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's JSON of the records stays in the cache until their kind is read, and then only
    that kind's (25,000 files hold 19 MB of it); asked for, the records are what the files say."""
    cold = Dataset.load(root)
    expected = [r.model_dump() for r in cold.all("region")]
    _no_parsing(monkeypatch)
    asked: list[str] = []
    real = cache.load_record_texts
    monkeypatch.setattr("resoc_cli.dataset.load_record_texts", lambda r, kind: asked.append(kind) or real(r, kind))
    warm = Dataset.load(root)
    assert {doc.stored for doc in warm.documents if doc.kind is not None} == {cache.IN_INDEX}
    assert [r.model_dump() for r in warm.all("region")] == expected
    assert asked == ["region"]
    assert [r.model_dump() for r in warm.all("region")] == expected and asked == ["region"]  # read once


def test_a_record_whose_json_left_the_index_is_read_from_its_file(root: Path) -> None:
    """Between the read pass and the moment a kind is read, another run may have replaced the
    cache: a record whose JSON is gone is read from its file, never left out."""
    expected = [c.model_dump() for c in Dataset.load(root).all("contact")]
    warm = Dataset.load(root)
    _damage(root, "DELETE FROM texts WHERE kind = 'contact'")
    assert [c.model_dump() for c in warm.all("contact")] == expected
    _damage(root, "DELETE FROM texts WHERE kind = 'contact'")
    searched = Dataset.load(root).all_containing("contact", "an")  # a search, too, reads them from their files
    assert {c["id"] for c in expected if "an" in c["name"].casefold()} <= {c.id for c in searched}


def test_a_kind_searched_once_is_read_and_let_go(root: Path) -> None:
    """each_containing gives what all_containing gives, in the same order, without keeping the
    records (search goes through people and bodies once; at 100,000 files they are 68,000)."""
    from resoc_cli.views.search import fold

    _warm(root)
    for query in ("an", "kempen", "creëren", 'x"y', "+32"):
        folded = fold(query)
        for kind in ("council", "contact", "organisation", "plan", "meeting", "advice"):
            streamed = Dataset.load(root)
            got = [r.model_dump() for r in streamed.each_containing(kind, folded)]
            assert all(doc.record is None for doc in streamed.documents if doc.kind == kind), (query, kind)
            assert got == [r.model_dump() for r in Dataset.load(root).all_containing(kind, folded)], (query, kind)


def test_a_number_beyond_64_bits_still_lets_the_cache_be_written(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson refuses integers beyond 64 bits; a schema with only a lower bound lets such a seat
    count through. The facts are then written by json, and the cache is kept, not given up."""
    body = root / "councils" / "resoc-antwerpen.yaml"
    text = body.read_text(encoding="utf-8")
    assert "employer: 8" in text
    body.write_text(text.replace("employer: 8", "employer: 100000000000000000000", 1), encoding="utf-8")
    first = Dataset.load(root).get("council", "resoc-antwerpen").seats.employer
    _no_parsing(monkeypatch)  # the second read finds every file in the cache
    assert Dataset.load(root).get("council", "resoc-antwerpen").seats.employer == 10**20 == first


def test_the_index_rows_go_to_the_files_of_their_content_and_kind() -> None:
    """The read index's rows (in hash order) are taken in step with the files sorted by hash: files
    of one content each get the row of their own kind, and a file whose content or kind the index
    lacks gets none (it is parsed)."""
    from resoc_cli.reading import _from_index

    stored = {name: (cache.IN_INDEX, "", "[]", name) for name in ("a-contact", "a-org", "b-contact", "d-contact")}
    rows = [("a", "contact", stored["a-contact"]), ("a", "organisation", stored["a-org"]),
            ("b", "contact", stored["b-contact"]), ("d", "contact", stored["d-contact"])]
    known = [("b", "z.yaml"), ("a", "x.yaml"), ("c", "w.yaml"), ("a", "y.yaml"), ("a", "v.yaml")]
    kinds = {"x.yaml": "contact", "y.yaml": "organisation", "v.yaml": "contact", "z.yaml": "organisation", "w.yaml": "contact"}
    assert _from_index(iter(rows), known, kinds) == {
        "x.yaml": stored["a-contact"], "v.yaml": stored["a-contact"], "y.yaml": stored["a-org"]}
    assert _from_index(iter(rows), [], kinds) == {}


def _no_full_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """No file's entry, no index row and no file may be read: only the kept tree."""
    def refuse(*args: object) -> None:
        raise AssertionError("the full pass was taken although no stamp changed")

    monkeypatch.setattr(cache, "load", refuse)
    monkeypatch.setattr(cache, "load_records", refuse)
    _no_parsing(monkeypatch)


def _documents(ds: Dataset) -> list[tuple[object, ...]]:
    return [(d.rel, d.display, d.kind, d.sha, d.findings, d.valid, d.refs, d.cites, d.name) for d in ds.documents]


def test_a_tree_whose_stamps_are_all_as_they_were_is_read_back_whole(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When no file's stamp changed since a pass that could vouch for every file, the documents
    come from the tree that pass kept: no entry, no index row, no file is read, and every
    document and answer is what the full pass gives."""
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the copied files are seconds old: settled at once here
    (root / "contacts" / "kapot.yaml").write_text("name: [\n", encoding="utf-8")  # a file with findings keeps them
    full = Dataset.load(root)
    cold, documents = _answers(full), _documents(full)
    assert any(doc[4] for doc in documents) and any(doc[5] for doc in documents)

    with monkeypatch.context() as patched:
        _no_full_pass(patched)
        warm = Dataset.load(root)
        assert _documents(warm) == documents
        assert _answers(warm) == cold
    assert _documents(Dataset.load(root, keep_pass=True)) == documents  # an export's full pass agrees


def test_a_tree_is_not_kept_while_a_file_may_still_change_within_its_time_stamp(root: Path) -> None:
    Dataset.load(root)  # the copied files were touched a moment ago: within the racy window
    scanned = loading.scan_stamps(root)
    assert cache.load_tree(root, cache.tree_key(scanned), [rel for rel, _ in scanned], lambda row: row) is None


@pytest.mark.parametrize("change", ["edit", "same size, mtime put back", "add", "remove"])
def test_any_changed_stamp_takes_the_full_pass(root: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    target = next((root / "contacts").glob("*.yaml"))
    old = Dataset.load(root).get("contact", target.stem).name
    if change == "same size, mtime put back":  # only the ctime tells (what `touch -r` or an editor may leave)
        before = target.stat()
        new = "".join(chr(ord(c) + 1) if c.isalpha() and c not in "zZ" else c for c in old)
        target.write_text(target.read_text(encoding="utf-8").replace(f"name: {old}", f"name: {new}", 1), encoding="utf-8")
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert target.stat().st_size == before.st_size
        assert Dataset.load(root).get("contact", target.stem).name == new
    elif change == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace(f"name: {old}", "name: Iemand Anders", 1), encoding="utf-8")
        assert Dataset.load(root).get("contact", target.stem).name == "Iemand Anders"
    elif change == "add":
        shutil.copy(target, root / "contacts" / "iemand-nieuw.yaml")
        assert Dataset.load(root).get("contact", "iemand-nieuw") is not None
    else:
        target.unlink()
        assert Dataset.load(root).get("contact", target.stem) is None


@pytest.mark.parametrize("damage", [
    "UPDATE tree SET refs = X'07' WHERE n = 3",
    "UPDATE tree SET cites = NULL WHERE refs IS NOT NULL AND n = (SELECT min(n) FROM tree WHERE refs IS NOT NULL)",
    "DELETE FROM tree WHERE n = 5",
    "UPDATE tree SET path = 'contacts/iemand.yaml' WHERE n = 2",
    "UPDATE tree SET findings = '[[1]]' WHERE n = 1",
])
def test_a_damaged_tree_is_not_believed_and_is_written_again(root: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    documents = _documents(Dataset.load(root))
    scanned = loading.scan_stamps(root)

    def tree() -> object:
        return cache.load_tree(root, cache.tree_key(scanned), [rel for rel, _ in scanned], lambda row: row)

    assert tree() is not None  # kept, so the damage below is done to it
    _damage(root, damage)
    assert tree() is None
    assert _documents(Dataset.load(root)) == documents
    assert tree() is not None  # the full pass wrote it again


def _scans(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The folders the reading scans (None: the whole tree)."""
    asked: list[str | None] = []
    real = loading.scan_stamps

    def scan(root: Path, folder: str | None = None) -> object:
        asked.append(folder)
        return real(root, folder)

    monkeypatch.setattr("resoc_cli.reading.scan_stamps", scan)
    return asked


def test_a_folder_whose_stamps_are_as_they_were_is_read_alone(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind is read from its own folder's part of the kept tree: a list of regions stats and
    reads the regions' folder (and those it asks about), and what every kind answers is what
    the full pass gives."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    full = Dataset.load(root, keep_pass=True)
    cold, regions = _answers(full), [r.model_dump() for r in full.all("region")]

    with monkeypatch.context() as patched:
        _no_full_pass(patched)
        scans = _scans(patched)
        ds = Dataset.load(root)
        assert [r.model_dump() for r in ds.all("region")] == regions
        assert scans == ["regions"]
        assert _answers(Dataset.load(root)) == cold
        assert None not in scans and "contacts" in scans


def test_a_change_in_one_folder_leaves_the_others_read_alone(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit in the contacts' folder changes that folder's key only: the regions are still read
    from the tree; the first kind of the changed folder takes the full pass, which sees the edit."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    target = next((root / "contacts").glob("*.yaml"))
    old = Dataset.load(root).get("contact", target.stem).name
    target.write_text(target.read_text(encoding="utf-8").replace(f"name: {old}", "name: Iemand Anders", 1), encoding="utf-8")
    scans = _scans(monkeypatch)
    ds = Dataset.load(root)
    with monkeypatch.context() as patched:
        patched.setattr(cache, "load", lambda *args: pytest.fail("the full pass was taken for an unchanged folder"))
        assert ds.all("region")
    assert ds.get("contact", target.stem).name == "Iemand Anders"
    assert scans == ["regions", "contacts", None]
    assert _answers(ds) == _answers(Dataset.load(root, keep_pass=True))


@pytest.mark.parametrize("damage", [
    "UPDATE meta SET value = 'x' WHERE key = 'tree_folders'",
    "UPDATE meta SET value = '[\"regions\"]' WHERE key = 'tree_folders'",
    "UPDATE meta SET value = '{\"regions\": 5}' WHERE key = 'tree_folders'",
    "DELETE FROM meta WHERE key = 'tree_folders'",
    "DELETE FROM tree WHERE folder = 'councils' AND n = (SELECT max(n) FROM tree WHERE folder = 'councils')",
    "UPDATE tree SET folder = 'regions' WHERE path LIKE 'contacts/%'",
])
def test_a_damaged_folder_of_the_tree_is_not_believed(root: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    cold = _answers(Dataset.load(root, keep_pass=True))
    _damage(root, damage)
    scans = _scans(monkeypatch)
    ds = Dataset.load(root)
    assert _answers(ds) == cold
    assert None in scans  # the damaged part is not believed: the full pass


def test_a_scan_of_one_folder_lists_what_the_whole_scan_lists_there(root: Path) -> None:
    """The same paths and stamps; nothing for a folder the whole scan does not go into."""
    (root / ".verborgen").mkdir()
    (root / ".verborgen" / "x.yaml").write_text("id: x\n", encoding="utf-8")
    (root / "gelinkt").symlink_to(root / "regions", target_is_directory=True)
    (root / "regions" / "diep").mkdir()
    (root / "regions" / "diep" / "y.yml").write_text("id: y\n", encoding="utf-8")
    whole = loading.scan_stamps(root)
    for folder in {rel.split("/")[0] for rel, _ in whole if "/" in rel}:
        assert loading.scan_stamps(root, folder) == [(rel, seen) for rel, seen in whole if rel.startswith(f"{folder}/")]
    assert "regions/diep/y.yml" in dict(loading.scan_stamps(root, "regions"))
    for folder in (".verborgen", "gelinkt", "bestaat-niet", "regions/diep"):
        assert loading.scan_stamps(root, folder) == []


def test_a_full_pass_that_failed_is_taken_again_when_asked(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder is counted as read only once it is: a read that raised leaves nothing half-kept."""
    from resoc_cli import reading

    real, calls = reading.read_rows, []

    def once(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("a disk that hiccupped")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "read_rows", once)
    ds = Dataset.load(root)
    with pytest.raises(OSError):
        ds.ids("contact")
    assert ds.ids("contact") == {path.stem for path in (root / "contacts").glob("*.yaml")}
    assert len(ds.documents) == len(loading.scan_stamps(root))


def test_a_full_pass_amid_a_lazy_read_keeps_the_records_of_what_it_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regions read from the tree, then a region and a person edited, then the people asked for
    (the full pass): the region's record is still the one its row named, not the file's new
    one, because that pass drops no index row. The next dataset sees the edit."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    ds = Dataset.load(root)
    region = sorted(ds.ids("region"))[0]
    name = ds.name_of("region", region)
    edited = root / "regions" / f"{region}.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(f"name: {name}", "name: Elders", 1), encoding="utf-8")
    person = next((root / "contacts").glob("*.yaml"))
    person.write_text(person.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert ds.ids("contact")
    assert ds.get("region", region).name == ds.name_of("region", region) == name
    assert Dataset.load(root).get("region", region).name == "Elders"


def test_folder_keys_that_were_lost_are_written_again(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole tree still matches, but its folders' keys are gone: the full pass writes them
    again, and the next read takes a folder alone."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    _damage(root, "DELETE FROM meta WHERE key = 'tree_folders'")
    scans = _scans(monkeypatch)
    assert Dataset.load(root).all("region") and scans == ["regions", None]
    scans.clear()
    assert Dataset.load(root).all("region") and scans == ["regions"]


def _by_id(ds: Dataset, kind: str, id: str) -> object:
    record = ds.get(kind, id)
    return record.model_dump() if record is not None else None, ds.name_of(kind, id)


def test_a_record_asked_for_by_id_is_read_from_its_own_row_not_its_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person's record and name come from their file's row of the kept tree, the file's stamp
    checked: no folder is scanned, and each user sees what a full read shows them."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    people = sorted(path.stem for path in (root / "contacts").glob("*.yaml"))
    assert "alain-depreux" in people  # has a detail marked internal
    expected = {seen: {id: _by_id(Dataset.load(root, seen, keep_pass=True), "contact", id) for id in people[:5] + ["alain-depreux"]}
                for seen in (True, False)}
    assert expected[True]["alain-depreux"] != expected[False]["alain-depreux"]
    with monkeypatch.context() as patched:
        _no_full_pass(patched)
        scans = _scans(patched)
        for seen in (True, False):
            ds = Dataset.load(root, include_internal=seen)
            assert {id: _by_id(ds, "contact", id) for id in expected[seen]} == expected[seen]
            assert ds.get("contact", "niemand") is None and ds.name_of("contact", "niemand") == "niemand"
        assert scans == []


@pytest.mark.parametrize("id", ["../regions/antwerpen", ".verborgen", "a/b", ""])
def test_an_id_that_is_not_a_plain_file_name_is_looked_up_in_the_folder(root: Path, monkeypatch: pytest.MonkeyPatch, id: str) -> None:
    """No path is made of such an id (nothing outside the folder is looked at): the folder is read."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    (root / "contacts" / ".verborgen.yaml").write_text((root / "contacts" / "alain-depreux.yaml").read_text(encoding="utf-8"))
    scans = _scans(monkeypatch)
    looked: list[str] = []
    real = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: looked.append(str(path)) or real(path, *args, **kwargs))
    ds = Dataset.load(root)
    assert ds.get("contact", id) is None
    assert scans[0] == "contacts"
    assert not [path for path in looked if id and id in path]


@pytest.mark.parametrize("change", ["edit", "a folder named like a record", "a second file for the id"])
def test_a_file_the_tree_does_not_vouch_for_is_read_with_its_folder(root: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    target = root / "contacts" / "alain-depreux.yaml"
    if change == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace("name: Alain Depreux", "name: Iemand Anders", 1), encoding="utf-8")
    elif change == "a folder named like a record":
        (root / "contacts" / "nergens.yaml").mkdir()
    else:
        shutil.copy(target, root / "contacts" / "alain-depreux.yml")
    scans = _scans(monkeypatch)
    ds = Dataset.load(root)
    lazy = {id: _by_id(ds, "contact", id) for id in ("alain-depreux", "nergens")}
    assert scans == ([] if change == "a folder named like a record" else ["contacts", None])
    assert lazy == {id: _by_id(Dataset.load(root, keep_pass=True), "contact", id) for id in lazy}
    assert lazy["nergens"] == (None, "nergens")
    if change == "edit":
        assert lazy["alain-depreux"][1] == "Iemand Anders"


def test_a_kind_without_files_of_its_own_is_not_asked_file_by_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A municipality, an action or an event lives in its region's or pact's file: an id that
    happens to name such a file does not give that region or pact."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    region, pact = (sorted(path.stem for path in (root / folder).glob("*.yaml"))[0] for folder in ("regions", "pacts"))
    asked = [("municipality", region), ("action", pact), ("event", pact), ("municipality", "niemand")]
    full = Dataset.load(root, keep_pass=True)
    lazy = Dataset.load(root)
    assert [_by_id(lazy, kind, id) for kind, id in asked] == [_by_id(full, kind, id) for kind, id in asked]
    assert all(lazy.get(kind, id) is None for kind, id in asked)


def test_a_folder_the_scan_does_not_follow_is_not_asked_file_by_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The people's folder moved and replaced by a symbolic link keeps every file's stamp; the
    scan does not follow the link, so there are no people, and a record asked for by id agrees."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    moved = root.parent / "elders"
    (root / "contacts").rename(moved)
    (root / "contacts").symlink_to(moved, target_is_directory=True)
    lazy = Dataset.load(root)
    assert _by_id(lazy, "contact", "alain-depreux") == (None, "alain-depreux")
    assert _by_id(Dataset.load(root, keep_pass=True), "contact", "alain-depreux") == (None, "alain-depreux")


def test_a_full_pass_after_a_record_asked_for_by_id_keeps_its_record(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A person's name read from their file's row, then the person and a region edited, then the
    regions asked for (the full pass): the person's record is still the one the row named."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    _warm(root)
    ds = Dataset.load(root)
    name = ds.name_of("contact", "alain-depreux")
    for path, old in ((root / "contacts" / "alain-depreux.yaml", f"name: {name}"), (next((root / "regions").glob("*.yaml")), "name: ")):
        path.write_text(path.read_text(encoding="utf-8").replace(old, "name: Elders", 1), encoding="utf-8")
    assert ds.all("region")
    assert ds.get("contact", "alain-depreux").name == name
