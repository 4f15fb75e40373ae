"""References: every id a record names exists, and bodies do not hang under themselves."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .. import reference
from ..dataset import Dataset, walk_refs
from ..models import Action
from . import Context, Problem, rule

_KIND_WORDS = {"party": "organisation or council"}
_RECORD_KINDS = ("region", "council", "contact", "organisation", "party", "pact")


def did_you_mean(value: str, candidates: set[str]) -> str:
    """' (did you mean x?)' for the nearest candidate, or ''."""
    close = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@rule("REF001", "reference-resolves")
def reference_resolves(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Every reference names a record that exists: region, council, contact, organisation, pact, province.

    References are ids; a typo or a deleted record leaves a dangling one that no reader can
    follow. The message suggests the nearest existing id.

    Bad:
        memberships:
          - contact: lieve-cocks
            role: chair
    Good:
        memberships:
          - contact: lieve-cox
            role: chair
    """
    for doc in ds.documents:
        if doc.record is None:
            continue
        for loc, kind, value in walk_refs(doc.record):
            if kind in _RECORD_KINDS and not ds.exists(kind, value):
                pool = ds.ids("organisation") | ds.ids("council") if kind == "party" else ds.ids(kind)
                word = _KIND_WORDS.get(kind, kind)
                yield Problem(doc, loc, f"no {word} has the id '{value}'{did_you_mean(value, pool)}")
            elif kind == "province" and value not in reference.provinces():
                yield Problem(doc, loc, f"'{value}' is not a province code: Flemish provinces are 10000, 20001, 30000, 40000, 70000")


@rule("REF002", "plan-action-resolves")
def plan_action_resolves(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Every plan item links to an action of the plan's pact.

    An annual plan turns pact actions into concrete items; an item that points at no action
    (or at a pillar or cluster instead of an action) cannot be followed up against the pact.

    Bad:
        items:
          - id: trefpunt-duaal-leren
            action: leren-en-werken.9.trefpunt
    Good:
        items:
          - id: trefpunt-duaal-leren
            action: leren-en-werken.1.trefpuntbijeenkomsten
    """
    for doc, plan in ds.records("plan"):
        nodes = ds.pact_nodes.get(plan.pact)
        if nodes is None:
            continue  # the pact itself is missing or broken: REF001 or its own file says so
        actions = {id for id, node in nodes.items() if isinstance(node, Action)}
        for index, item in enumerate(plan.items):
            if item.action not in actions:
                what = "is a pillar or cluster, not an action" if item.action in nodes else "is not an action of"
                hint = did_you_mean(item.action, actions)
                yield Problem(doc, ("items", index, "action"), f"'{item.action}' {what} pact '{plan.pact}'{hint}")


@rule("REF003", "no-parent-cycle")
def no_parent_cycle(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A body or organisation never hangs, directly or further up, under itself.

    Reports walk parents to show where a working group belongs; a cycle has no top.

    Bad:
        # data/councils/werkgroep-a.yaml
        parent: werkgroep-a
    Good:
        # data/councils/werkgroep-a.yaml
        parent: serr-kempen
    """
    for kind in ("council", "organisation"):
        parents = {record.id: record.parent for _, record in ds.records(kind)}
        for doc, record in ds.records(kind):
            seen, current = {record.id}, record.parent
            while current is not None and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current == record.id:
                yield Problem(doc, ("parent",), f"'{record.id}' ends up under itself through its parents")
