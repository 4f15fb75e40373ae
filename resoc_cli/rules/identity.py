"""Ids: one per record, equal to the file name, unique; pact-local ids hierarchical."""

from __future__ import annotations

from collections.abc import Iterator

from ..dataset import Dataset, walk_models, walk_nodes
from ..models import Event, PlanItem
from . import Context, Problem, rule


@rule("ID001", "id-is-file-name")
def id_is_file_name(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A record's id equals its file name.

    The file name is how people and other records find a record; an id that says otherwise
    makes references point at the wrong file.

    Bad:
        # data/contacts/lieve-cox.yaml
        id: lieve-cocks
    Good:
        # data/contacts/lieve-cox.yaml
        id: lieve-cox
    """
    for doc in ds.documents:
        if doc.record is not None and doc.record.id != doc.stem:
            yield Problem(doc, ("id",), f"the id '{doc.record.id}' differs from the file name '{doc.stem}': make them equal")


@rule("ID002", "unique-id")
def unique_id(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Ids are unique: within a kind, and between organisations and councils.

    A member sits "on behalf of" an organisation or a council by id, so the two kinds share
    one name space. Plans are unique within their pact's folder.

    Bad:
        # data/organisations/streekplatform-kempen.yaml and data/councils/streekplatform-kempen.yaml
        id: streekplatform-kempen
    Good:
        # only data/councils/streekplatform-kempen.yaml
        id: streekplatform-kempen
    """
    for kind, ids in ds.by_kind.items():
        for id, docs in ids.items():
            folders = [doc.path.parent for doc in docs]
            for doc in docs[1:]:
                if kind != "plan" or folders.count(doc.path.parent) > 1:
                    yield Problem(doc, ("id",), f"the {kind} id '{id}' is also used by {docs[0].display}")
    councils = ds.by_kind.get("council", {})
    for id, docs in ds.by_kind.get("organisation", {}).items():
        if id in councils:
            yield Problem(docs[0], ("id",), f"'{id}' is both an organisation and a council ({councils[id][0].display}): rename one")


@rule("ID003", "local-ids")
def local_ids(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """Ids inside a pact are hierarchical and unique; event and plan-item ids are unique in their file.

    A cluster's id is its pillar's id, a dot and a slug; an action's id is its cluster's id
    (or its pillar's), a dot and a slug. Plans point at actions by these ids.

    Bad:
        pillars:
          - id: leren-en-werken
            clusters:
              - id: werken.1
    Good:
        pillars:
          - id: leren-en-werken
            clusters:
              - id: leren-en-werken.1
    """
    for doc, pact in ds.records("pact"):
        seen: set[str] = set()
        placed = dict(walk_nodes(pact))
        for loc, node in placed.items():
            if node.id in seen:
                yield Problem(doc, (*loc, "id"), f"the id '{node.id}' is used twice in this pact")
            seen.add(node.id)
            parent = placed.get(loc[:-2])
            expected = f"'{parent.id}.' followed by one slug" if parent else "one slug with no dot"
            prefix = parent.id + "." if parent else ""
            if not node.id.startswith(prefix) or "." in node.id[len(prefix):]:
                where = f"as it sits under '{parent.id}'" if parent else "as it is a pillar"
                yield Problem(doc, (*loc, "id"), f"'{node.id}' should be {expected}, {where}")
    for kind, model in (("pact", Event), ("project", Event), ("plan", PlanItem)):
        for doc, record in ds.records(kind):
            seen = set()
            for loc, part in walk_models(record):
                if isinstance(part, model):
                    if part.id in seen:
                        yield Problem(doc, (*loc, "id"), f"the id '{part.id}' is used twice in this file")
                    seen.add(part.id)


@rule("ID004", "plan-file-name")
def plan_file_name(ds: Dataset, ctx: Context) -> Iterator[Problem]:
    """A plan sits at pacts/<pact>/plans/<council>-<year>.yaml and says the same inside.

    The file name is how staff find a council's plan for a year; the fields inside must not
    tell another story.

    Bad:
        # data/pacts/streekpact-kempen-2013-2018/plans/serr-kempen-2018.yaml
        pact: streekpact-kempen-2013-2018
        council: serr-kempen
        year: 2017
    Good:
        # data/pacts/streekpact-kempen-2013-2018/plans/serr-kempen-2018.yaml
        pact: streekpact-kempen-2013-2018
        council: serr-kempen
        year: 2018
    """
    for doc, plan in ds.records("plan"):
        folder = doc.path.parent.parent.name
        if plan.pact != folder:
            yield Problem(doc, ("pact",), f"the plan sits in the folder of pact '{folder}' but names pact '{plan.pact}'")
        expected = f"{plan.council}-{plan.year}"
        if doc.stem != expected:
            yield Problem(doc, ("year",), f"a plan of council '{plan.council}' for {plan.year} is named '{expected}.yaml', not '{doc.path.name}'")
