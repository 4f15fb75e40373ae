"""Views: the questions staff ask of the dataset (list, show, search), as plain data.

Every function returns lists and dicts of text and numbers: the CLI prints them as a table,
json, csv or yaml, and its json output is exactly what these functions return. A dataset is
opened through `open_dataset`, which applies the visibility boundary (visibility.py), so no
view can meet an internal detail the user did not ask for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import meaning
from ..dataset import Dataset, find_dataset_root
from ..errors import UsageError


@dataclass(frozen=True)
class View:
    """How to look: at which day (None: today), whether past entries count, whether internal details may show."""

    as_of: dt.date | None = None
    history: bool = False
    include_internal: bool = False

    @property
    def day(self) -> dt.date:
        return self.as_of or dt.date.today()

    def shows(self, ds: Dataset, kind: str, item: Any) -> bool:
        """True when the item is current on the view's day, or the view shows history."""
        return self.history or meaning.current(ds, kind, item, self.day)


def open_dataset(path: Path | None = None, view: View | None = None, keep_pass: bool = False) -> Dataset:
    """Load the dataset at `path` (default: data/ in the working folder), as `view` may see it
    (`keep_pass`: for a command that validates it afterwards, Dataset.load)."""
    target = path or Path("data")
    root = find_dataset_root([target]) if target.exists() else None
    if root is None:
        raise UsageError(f"no dataset at {target}: run this in the dataset's repository, or give --data")
    return Dataset.load(root, include_internal=view.include_internal if view is not None else False, keep_pass=keep_pass)
