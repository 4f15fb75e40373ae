"""What the read index keeps of a record's citations, and what a reader may see of them."""

from __future__ import annotations

import pytest

from resoc_cli.citing import Citations, citations_text, read_citations
from resoc_cli.models import Advice, Contact
from resoc_cli.visibility import redact
from resoc_cli.walk import walk_models, walk_refs

ADVICE = {"id": "advies-1", "name": "Dossier", "council": "serr-kempen", "dossier_type": "vdab", "received": "2015-03-01",
          "sources": ["https://www.example.be/advies"]}


def _seen(record: object, include_internal: bool) -> Citations | None:
    models = list(walk_models(record))  # type: ignore[arg-type]
    return read_citations(citations_text(record, models, walk_refs(record, models)), include_internal)  # type: ignore[arg-type]


def test_a_citation_in_an_internal_part_is_seen_only_by_who_may_see_the_part() -> None:
    contact = Contact.model_validate({"id": "p", "name": "P", "sources": ["a.txt"], "contact_details": [
        {"type": "email", "value": "p@example.be", "visibility": "internal", "sources": ["intern.txt"]}]})
    assert _seen(contact, True) == Citations("p", ["a.txt", "intern.txt"], [])
    assert _seen(contact, False) == Citations("p", ["a.txt"], [])
    assert _seen(contact, False) == _seen(redact(contact), True)  # exactly what redaction leaves


def test_an_internal_record_is_not_seen_at_all() -> None:
    advice = Advice.model_validate(ADVICE | {"visibility": "internal"})
    assert _seen(advice, True) == Citations("advies-1", ["https://www.example.be/advies"], [])
    assert _seen(advice, False) is None and redact(advice) is None


@pytest.mark.parametrize("text", ["{", '[[false, "cite", 3]]', '[["x"]]'])
def test_text_the_index_did_not_write_is_refused(text: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        read_citations(text, True)

