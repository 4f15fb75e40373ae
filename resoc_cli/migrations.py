"""Changes of the file format over time, applied by the tool itself (`resoc migrate`).

Format 2 names every date span `start_date`/`end_date`. Before, bodies, regions, addresses
and contact details said `valid_from`/`valid_until`, pacts, actions, plan items and projects
`start`/`end`, and events `date`/`end`. The renames below say that once; `resoc migrate`
applies them to the files (comments and layout kept), the loader names the new key when it
meets an old one, and `resoc diff` applies them to old revisions so that a diff across the
migration shows no change of meaning.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from . import models as m
from .canonical import child_model

VALIDITY = {"valid_from": "start_date", "valid_until": "end_date"}
PERIOD = {"start": "start_date", "end": "end_date"}
RENAMED: dict[type[BaseModel], dict[str, str]] = {
    m.ContactDetail: VALIDITY, m.Address: VALIDITY, m.Council: VALIDITY, m.RegionMunicipality: VALIDITY,
    m.Region: VALIDITY, m.IndicatorPeriod: PERIOD, m.Event: {"date": "start_date", "end": "end_date"},
    m.Pillar: PERIOD, m.Cluster: PERIOD, m.Action: PERIOD, m.Pact: PERIOD, m.PlanItem: PERIOD, m.Project: PERIOD,
}


def renamed_to(model: type[BaseModel] | None, key: str) -> str | None:
    """The key's name in the current format, when `key` is an old name of a field of `model`."""
    return RENAMED.get(model, {}).get(key) if model is not None else None  # type: ignore[arg-type]


def upgrade(tree: Any, model: type[BaseModel] | None) -> int:
    """Rename old keys to the current format in place (plain dicts and ruamel maps alike,
    keeping each key's place and its comments); returns how many keys were renamed."""
    if isinstance(tree, list):
        return sum(upgrade(item, model) for item in tree)
    if not isinstance(tree, dict) or model is None:
        return 0
    count = 0
    for key in list(tree):
        new = renamed_to(model, key)
        if new is not None and new not in tree:
            _rename(tree, key, new)
            count += 1
    for key in list(tree):
        count += upgrade(tree[key], child_model(model, key))
    return count


def _rename(tree: dict[str, Any], old: str, new: str) -> None:
    position = list(tree).index(old)
    value = tree.pop(old)
    comments = getattr(tree, "ca", None)
    if hasattr(tree, "insert"):
        tree.insert(position, new, value)  # type: ignore[attr-defined]
        if comments is not None and old in comments.items:
            comments.items[new] = comments.items.pop(old)
    else:
        items = list(tree.items())
        tree.clear()
        tree.update(items[:position] + [(new, value)] + items[position:])


def migrate(root: Any) -> Any:
    """The change that brings every file of the dataset at `root` to the current format,
    through the one writer (round-trip: comments, quoting and layout kept)."""
    from .kinds import MODELS, kind_of_rel
    from .loading import scan
    from .writing import Changes, load_text

    changes = Changes(root)
    for rel, _, _ in scan(root):
        kind = kind_of_rel(rel)
        if kind is None:
            continue
        try:
            tree = load_text(changes.read(rel))
        except Exception:  # a file that does not parse is validate's to report; migrate leaves it
            continue
        if upgrade(tree, MODELS[kind]):
            changes.edit(rel, tree)
    return changes
