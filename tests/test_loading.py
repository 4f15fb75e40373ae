"""The loader: the fast path really is C, positions are exact, broken YAML becomes findings."""

from __future__ import annotations

from pathlib import Path

from resoc_cli.loading import fast_loader, load_document, located_loader, uses_c_parser


def test_fast_loader_runs_the_c_parser() -> None:
    import _ruamel_yaml as compiled  # ruamel.yaml.clib installs its extension under this name

    assert uses_c_parser()
    assert Path(compiled.__file__).suffix in (".so", ".pyd"), "ruamel.yaml.clib is not the compiled extension"
    assert fast_loader().Parser is compiled.CParser


def test_dates_stay_text_in_both_loaders() -> None:
    text = "a: 2016-02-30\nb: 2016-02-03\n"
    assert fast_loader().load(text) == {"a": "2016-02-30", "b": "2016-02-03"}
    assert dict(located_loader().load(text)) == {"a": "2016-02-30", "b": "2016-02-03"}


def _doc(tmp_path: Path, name: str, text: str):
    root = tmp_path / "data"
    path = root / "councils" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_document(path, root)


def test_locate_finds_nested_values_and_keys(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "x.yaml", "id: x\nmemberships:\n  - contact: a\n    role: member\n  - contact: b\n    rol: chair\n")
    assert doc.locate(("memberships", 1, "contact")) == (5, 14)
    assert doc.locate(("memberships", 0, "role")) == (4, 11)
    assert doc.locate(("memberships", 1, "rol"), key=True) == (6, 5)
    assert doc.locate(("memberships", 7, "role")) == (3, 3)  # no such item: the nearest parent


def test_schema_error_positions(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "x.yaml", "id: x\nname: X\ntype: serr\nkleur: rood\nsources: [s]\nstart_date: 2016-13\n")
    found = {(f.code, f.line, f.column) for f in doc.findings}
    assert ("S001", 4, 1) in found
    assert ("S004", 6, 13) in found


def test_yaml_syntax_error_is_a_finding_with_its_position(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "x.yaml", "id: x\nname: [X\n")
    assert doc.record is None
    assert [(f.code, f.line) for f in doc.findings] == [("Y001", 3)]


def test_a_file_in_no_kind_folder_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "data" / "councils" / "sub" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("id: x\n", encoding="utf-8")
    doc = load_document(path, tmp_path / "data")
    assert [f.code for f in doc.findings] == ["L001"]


def test_the_table_resolver_reads_every_file_as_ruamels_own() -> None:
    """The fast loader's resolver is a speed-up only: same values as ruamel's resolver on every file."""
    from ruamel.yaml import YAML

    reference = YAML(typ="safe", pure=False)
    reference.Constructor = fast_loader().Constructor  # dates as text in both
    repo = Path(__file__).resolve().parent.parent
    samples = "a: 1\nb: 1.5\nc: null\nd: ~\ne: true\nf: 2016-01-01\ng: ''\nh: +32\ni: 0o17\nj: .inf\nl: 1_000\nm: 0x1F\n"
    texts = [p.read_text(encoding="utf-8") for p in sorted((repo / "data").rglob("*.yaml"))] + [samples]
    assert len(texts) > 100
    for text in texts:
        assert fast_loader().load(text) == reference.load(text)
