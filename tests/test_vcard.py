"""The vCard writer against vobject, the library it replaced: the same bytes for the same card.

vobject stays a test dependency for this: it is the reference the export's cards were written
with before, and what address books have read from us since.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import vobject

from resoc_cli.exports.vcard import Card, address_parts, fold, name_parts

from .conftest import run_cli

# Text that exercises escaping and folding: separators, backslashes, every line break, accents,
# characters of two, three and four octets, and lengths around the 75-octet fold.
ALPHABET = "abc XYZ,;:\\\n\r\"'éëöçĳ€漢😀\t"
EDGES = ["", "a" * 73, "a" * 74, "a" * 75, "a" * 76, "é" * 40, "a" * 70 + "€€€", "x" * 150 + "😀" * 30,
         "regel 1\nregel 2\r\nregel 3\rregel 4", "Van der Vorst, Ignace; lid\\voorzitter", "coördinator"]


def _texts(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    return EDGES + ["".join(chance.choice(ALPHABET) for _ in range(chance.randrange(0, 200))) for _ in range(count)]


def _both(values: list[str]) -> tuple[str, str]:
    """One card with every kind of line the export writes, by vobject and by Card."""
    family, given, note, org, street, code, city, label, detail = (values * 9)[:9]
    old = vobject.vCard()
    new = Card()
    old.add("uid").value = f"urn:resoc:contact:{given}"
    new.add("uid", f"urn:resoc:contact:{given}")
    old.add("note").value = note  # added before FN: the names' order decides, not the order of adding
    new.add("note", note)
    old.add("fn").value = f"{given} {family}"
    new.add("fn", f"{given} {family}")
    old.add("n").value = vobject.vcard.Name(family=family, given=given)
    new.add_parts("n", name_parts(family=family, given=given))
    old.add("org").value = [org]
    new.add_parts("org", [org])
    for type in ("WORK", "CELL"):
        line = old.add("tel")
        line.value, line.type_param = detail, type
        new.add("tel", detail, type)
    line = old.add("adr")
    line.value = vobject.vcard.Address(street=street, code=code, city=city, country="België", extended=label)
    line.type_param = "WORK"
    new.add_parts("adr", address_parts(street=street, code=code, city=city, country="België", extended=label), type="WORK")
    old.add("x-abshowas").value = "COMPANY"
    new.add("x-abshowas", "COMPANY")
    line = old.add("email")
    line.value, line.type_param = f"{given}@{family}", "INTERNET"
    new.add("email", f"{given}@{family}", "INTERNET")
    old.add("url").value = note
    new.add("url", note)
    old.add("title").value = org
    new.add("title", org)
    return old.serialize(), new.text()


@pytest.mark.parametrize("seed", range(4))
def test_a_card_is_written_as_vobject_wrote_it(seed: int) -> None:
    texts = _texts(60, seed)
    for start in range(0, len(texts) - 9):
        old, new = _both(texts[start:start + 9])
        assert new == old, texts[start:start + 9]


@pytest.mark.parametrize("line", EDGES + ["N:" + "é" * 37 + "x", "N:" + "x" * 73 + "€", "NOTE:" + "😀" * 19])
def test_folding_matches_vobject(line: str) -> None:
    from io import StringIO

    from vobject.base import foldOneLine

    out = StringIO()
    foldOneLine(out, line, 75)
    assert fold(line) == out.getvalue()
    assert all(len(piece.encode("utf-8")) <= 75 for piece in fold(line).split("\r\n") if len(line) >= 75)


def test_the_export_reads_back_with_vobject(tmp_path: Path) -> None:
    """Every card of the bundled dataset parses, and its values come back as they were written."""
    out = tmp_path / "cards.vcf"
    assert run_cli("export", "vcf", "-o", str(out), "--as-of", "2015-01-01").returncode == 0
    text = out.read_bytes().decode("utf-8")  # as written: CRLF line ends
    cards = list(vobject.readComponents(text))
    assert len(cards) > 30 and "".join(card.serialize() for card in cards) == text
