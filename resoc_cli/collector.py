"""Python's cyclic collector, paused while plain data is read in bulk: one home for the rule.

Records and facts hold no reference cycles, but the collector scans every tracked object again
on each full collection, and a bulk read piles them up. No I/O.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def resting(keep: bool) -> Iterator[None]:
    """The collector rests while records or facts are read in bulk, and what is kept is frozen
    out of its later scans (gc.freeze). They hold no reference cycles, but the collector scans
    every tracked object again on each full collection, and they pile up: export
    vcf took 7.9x the time for 4x the files with it and 3.8x without; reading every pact, plan,
    meeting, project and body after a warm load of 25,000 files, in one process, took 1.9 s
    with it and 0.4 s without. Not for the whole command: ruamel's round-trip trees (fmt,
    edits) do leave cycles; with the collector off for the whole run, a cold fmt --check of
    6,250 files peaked at 179 MB instead of 56 MB.

    `keep`: freeze afterwards (records kept for the command's life). gc.freeze moves every
    object then alive into the permanent generation, not only the records: a cycle that became
    garbage meanwhile, or one alive then that becomes garbage later (a round-trip tree a library
    user drops after validating), stays until the process ends. Reading records makes none (a
    file read again by ruamel's own loader, after a damaged cache row, is the exception), and a
    review measured 0.1-0.2 MB for a library user's trees; a command ends soon after. Inside
    another pause (Dataset.each's, while its caller holds a record) nothing is frozen, `keep`
    or not: garbage made during that pause, the record in hand included, would be frozen too.
    Without `keep` (records read one at a time and let go: `each`) the collector is only
    paused, and stays paused while the caller uses each record, until the iteration ends or
    is dropped. The facts of 25,000 files (cache.load_facts, for the dataset rules after one
    file changed) took 0.87 s to read with the collector running and 0.33 s without.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep and collecting:
            gc.freeze()
        if collecting:
            gc.enable()
