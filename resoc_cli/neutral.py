"""Outputs carry data, never instructions: the one place that neutralises a value for CSV.

A clone is untrusted, so every value in the dataset is too. In a CSV a value must reach the
spreadsheet as text, never as a formula (OWASP "CSV Injection"). Both writers of CSV (export
and --format csv) call this module, so the rule lives here once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO, Any

# ---------------------------------------------------------------------------- CSV

# OWASP's list (https://owasp.org/www-community/attacks/CSV_Injection): a cell that begins with one
# of these is read as a formula, or becomes one once the spreadsheet trims the white space.
# NUL is on the list of OWASP ASVS 1.2.10.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet shows as text: a leading ' before a formula start; numbers stay numbers.

    The ' is the marker spreadsheets read as "this is text" and do not show. A phone number such
    as +3214728656 gets one too: OWASP's rule has no exceptions, and a spreadsheet would otherwise
    turn it into the number 3214728656. A number (int or float) cannot carry a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutral_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: csv_cell(value) for key, value in row.items()}


class _NeutralDictWriter(csv.DictWriter):
    """csv.DictWriter whose rows pass through csv_cell; made only by csv_writer."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow(_neutral_row(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        super().writerows(_neutral_row(row) for row in rowdicts)


def csv_writer(handle: IO[str], fieldnames: list[str], **options: Any) -> csv.DictWriter:
    """The one CSV writer: every cell neutralised (csv_cell), every text cell in double quotes.

    Quoting all text, not only cells with a comma, quote or line break, follows OWASP's second
    caution: a ';' in a value must not open a new cell in a spreadsheet that splits on ';' (as
    Excel does in Belgium). Numbers stay unquoted, so readers still see them as numbers.
    """
    return _NeutralDictWriter(handle, fieldnames=fieldnames, quoting=csv.QUOTE_NONNUMERIC, **options)
