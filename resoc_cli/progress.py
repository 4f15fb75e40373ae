"""Progress rolled up through a pact: a parent's progress is the weighted average of its children's.

As in Decidim's accountability module: an action carries its own progress; a cluster or
pillar takes the average of the children that report one, each counted by its `weight`
(1 when not given). A parent whose children report nothing keeps its own value, if any.
"""

from __future__ import annotations

from .meaning import children
from .models import Node


def rolled_up(node: Node) -> float | None:
    """The node's progress in percent, rounded to one decimal, or None when nothing reports one."""
    reported = [(child.weight or 1.0, value) for child in children(node) if (value := rolled_up(child)) is not None]
    if not reported:
        return node.progress
    total = sum(weight for weight, _ in reported)
    return round(sum(weight * value for weight, value in reported) / total, 1)
