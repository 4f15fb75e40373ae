"""Ids: one per record, equal to the file name, unique; pact-local ids hierarchical."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Event, PlanItem
from ..meaning import walk_nodes
from . import FileView, Problem, rule
from .facts import Index


@rule("ID001", "id-is-file-name")
def id_is_file_name(f: FileView) -> Iterator[Problem]:
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
    if f.record.id != f.stem:
        yield Problem(("id",), f"the id '{f.record.id}' differs from the file name '{f.stem}': make them equal")


@rule("ID002", "unique-id", scope="dataset")
def unique_id(index: Index, ctx: object) -> Iterator[Problem]:
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
    for kind, ids in index.by_kind.items():
        for id, files in ids.items():
            folders = [f.folder for f in files]
            for item in files[1:]:
                if kind != "plan" or folders.count(item.folder) > 1:
                    yield Problem(("id",), f"the {kind} id '{id}' is also used by {files[0].rel}", file=item.rel)
    councils = index.by_kind.get("council", {})
    for id, files in index.by_kind.get("organisation", {}).items():
        if id in councils:
            yield Problem(("id",), f"'{id}' is both an organisation and a council ({councils[id][0].rel}): rename one",
                          file=files[0].rel)


@rule("ID003", "local-ids")
def local_ids(f: FileView) -> Iterator[Problem]:
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
    if f.kind == "pact":
        seen: set[str] = set()
        placed = dict(walk_nodes(f.record))
        for loc, node in placed.items():
            if node.id in seen:
                yield Problem((*loc, "id"), f"the id '{node.id}' is used twice in this pact")
            seen.add(node.id)
            parent = placed.get(loc[:-2])
            expected = f"'{parent.id}.' followed by one slug" if parent else "one slug with no dot"
            prefix = parent.id + "." if parent else ""
            if not node.id.startswith(prefix) or "." in node.id[len(prefix):]:
                where = f"as it sits under '{parent.id}'" if parent else "as it is a pillar"
                yield Problem((*loc, "id"), f"'{node.id}' should be {expected}, {where}")
    seen_parts: set[str] = set()
    for loc, part in f.of_type(PlanItem if f.kind == "plan" else Event):
        if part.id in seen_parts:
            yield Problem((*loc, "id"), f"the id '{part.id}' is used twice in this file")
        seen_parts.add(part.id)


@rule("ID004", "plan-file-name")
def plan_file_name(f: FileView) -> Iterator[Problem]:
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
    if f.kind != "plan":
        return
    plan = f.record
    folder = f.path.parent.parent.name
    if plan.pact != folder:
        yield Problem(("pact",), f"the plan sits in the folder of pact '{folder}' but names pact '{plan.pact}'")
    expected = f"{plan.council}-{plan.year}"
    if f.stem != expected:
        yield Problem(("year",), f"a plan of council '{plan.council}' for {plan.year} is named '{expected}.yaml', not '{f.path.name}'")
