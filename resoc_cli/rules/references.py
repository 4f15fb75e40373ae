"""References: every id a record names exists, and bodies do not hang under themselves."""

from __future__ import annotations

from collections.abc import Iterator

from .. import reference
from . import Context, FileView, Problem, rule
from ..suggest import did_you_mean
from .facts import Index

_KIND_WORDS = {"party": "organisation or council"}


@rule("REF001", "reference-resolves", scope="dataset")
def reference_resolves(index: Index, ctx: Context) -> Iterator[Problem]:
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
    for item in index.facts:
        for loc, kind, value in item.refs:
            if kind != "action" and not index.exists(kind, value):
                word = _KIND_WORDS.get(kind, kind)
                yield Problem(loc, f"no {word} has the id '{value}'{did_you_mean(value, index.ids(kind))}", file=item.rel)


@rule("REF001", "reference-resolves")
def province_resolves(f: FileView) -> Iterator[Problem]:
    province = getattr(f.record, "province", None)
    if f.kind == "region" and province is not None and province not in reference.provinces():
        yield Problem(("province",), f"'{province}' is not a province code: Flemish provinces are 10000, 20001, 30000, 40000, 70000")


@rule("REF002", "plan-action-resolves", scope="dataset")
def plan_action_resolves(index: Index, ctx: Context) -> Iterator[Problem]:
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
    for plan in index.valid("plan"):
        pact = index.get("pact", plan.plan[0]) if plan.plan else None
        if pact is None:
            continue  # the pact itself is missing or broken: REF001 or its own file says so
        actions = {id for id, is_action in pact.nodes.items() if is_action}
        for loc, action in plan.plan_actions:
            if action not in actions:
                what = "is a pillar or cluster, not an action" if action in pact.nodes else "is not an action of"
                yield Problem(loc, f"'{action}' {what} pact '{pact.stem}'{did_you_mean(action, actions)}", file=plan.rel)


@rule("REF003", "no-parent-cycle", scope="dataset")
def no_parent_cycle(index: Index, ctx: Context) -> Iterator[Problem]:
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
        items = index.valid(kind)
        parents = {item.stem: item.parent for item in items}
        for item in items:
            seen, current = {item.stem}, item.parent
            while current is not None and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current == item.stem:
                yield Problem(("parent",), f"'{item.stem}' ends up under itself through its parents", file=item.rel)
