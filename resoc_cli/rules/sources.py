"""Sources: every citation names a source that the register in data/sources/ describes."""

from __future__ import annotations

from collections.abc import Iterator

from . import Context, Problem, rule
from .facts import Index
from .references import did_you_mean


@rule("SRC002", "source-registered", scope="dataset")
def source_registered(index: Index, ctx: Context) -> Iterator[Problem]:
    """Every cited source is in the register of sources (data/sources/), by its url or an alias.

    A clone has no copy of the seed documents, and a bare address says nothing about what the
    page is or when it was read; the register says both, so a citation must resolve to it. A
    dataset without a data/sources/ folder has no register to check against (a new or a test
    dataset); the bundled dataset has one.

    Bad:
        sources:
          - https://www.example.be/een-pagina-die-niet-in-het-register-staat
    Good:
        # data/sources/serr-resoc-kempen-pagina.yaml has: aliases: [000_1e96a52e4f1e0247.txt]
        sources:
          - 000_1e96a52e4f1e0247.txt
    """
    if "source" not in index.by_kind:
        return
    registered = {ref for item in index.valid("source") for ref in item.cited_as}
    for item in index.facts:
        for loc, ref in item.cites:
            if ref not in registered:
                yield Problem(loc, f"'{ref}' is not in the register of sources: add a record to data/sources/ whose url "
                              f"or aliases name it{did_you_mean(ref, registered)}", file=item.rel)


@rule("SRC003", "source-registered-once", scope="dataset")
def source_registered_once(index: Index, ctx: Context) -> Iterator[Problem]:
    """No two records of the register claim the same address or alias.

    A citation must lead to one description of its source; two would let them disagree.

    Bad:
        # data/sources/a.yaml and data/sources/b.yaml both have
        aliases: [000_1e96a52e4f1e0247.txt]
    Good:
        # only data/sources/a.yaml has
        aliases: [000_1e96a52e4f1e0247.txt]
    """
    owner: dict[str, str] = {}
    for item in index.valid("source"):
        for ref in item.cited_as:
            if ref in owner and owner[ref] != item.stem:
                yield Problem(("id",), f"'{ref}' is claimed by the register records '{owner[ref]}' and '{item.stem}'",
                              file=item.rel)
            owner.setdefault(ref, item.stem)
