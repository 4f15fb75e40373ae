"""Outputs carry data, never instructions: the one place that neutralises a value for CSV and Markdown.

A clone is untrusted, so every value in the dataset is too. In a CSV a value must reach the
spreadsheet as text, never as a formula (OWASP "CSV Injection"); in Markdown it must reach the
reader as text, never as a heading, a list item, a link or raw HTML. Both writers of CSV and the
Markdown templates call this module, so the rules live here once.
"""

from __future__ import annotations

import csv
import re
from functools import cached_property
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


_MISSING = object()


class _NeutralDictWriter(csv.DictWriter):
    """csv.DictWriter whose cells pass through csv_cell; made only by csv_writer.

    A row becomes the list of its cells in one pass, without csv.DictWriter's per-row set of
    unknown keys and generator (an export of 25,000 files writes 1.8 million cells); a key that
    is not a column is refused as DictWriter refuses it, a missing one gets `restval`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return self.writer.writerow(self._cells(rowdict))

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        self.writer.writerows(map(self._cells, rowdicts))

    def _cells(self, rowdict: Mapping[str, Any]) -> list[Any]:
        columns = self.fieldnames
        if self.extrasaction == "raise" and not rowdict.keys() <= self._columns:
            raise ValueError("dict contains fields not in fieldnames: " + ", ".join(repr(k) for k in rowdict.keys() - self._columns))
        restval, missing = self.restval, _MISSING
        return [restval if (value := rowdict.get(key, missing)) is missing else csv_cell(value) for key in columns]

    @cached_property
    def _columns(self) -> frozenset[str]:
        return frozenset(self.fieldnames)


def csv_writer(handle: IO[str], fieldnames: list[str], **options: Any) -> csv.DictWriter:
    """The one CSV writer: every cell neutralised (csv_cell), every text cell in double quotes.

    Quoting all text, not only cells with a comma, quote or line break, follows OWASP's second
    caution: a ';' in a value must not open a new cell in a spreadsheet that splits on ';' (as
    Excel does in Belgium). Numbers stay unquoted, so readers still see them as numbers.
    """
    return _NeutralDictWriter(handle, fieldnames=fieldnames, quoting=csv.QUOTE_NONNUMERIC, **options)


# ---------------------------------------------------------------------------- Markdown

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# '&' that would start a character reference: '&lt;' in the data must show as '&lt;', not as '<'
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Anywhere in a line: raw HTML and autolinks open with '<', links and images and link reference
# definitions with '[', table cells split at '|', and a '\' would escape what follows the value.
_INLINE = str.maketrans({"\\": "\\\\", "<": "&lt;", "[": "\\[", "|": "\\|"})
# At the start of a line (after up to three spaces) these open a block: heading, block quote,
# list item, thematic break, setext underline, code fence. A backslash makes them plain text.
_BLOCK_MARK = re.compile(r"^( {0,3})(?=[#>]|[-+*](?:[ \t]|$)|([-*_=])(?:[ \t]*\2)*[ \t]*$|```|~~~)")
_ORDERED_MARK = re.compile(r"^( {0,3}[0-9]{1,9})([.)])(?=[ \t]|$)")  # '1. ' or '1) ': escape the . or )
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)")  # four columns of indent: a code block


def markdown_text(text: str) -> str:
    """Text that renders as itself wherever a template puts it: no heading, list, link or HTML.

    Line breaks become <br>, so a value never starts a line of its own; the start of the value
    is escaped, since a template may put it at the start of a line or after a list marker. What
    the data holds still shows: '# x' renders as '# x', '<img>' as '<img>'. Characters that only
    style text (* _ `) are left alone: they cannot add structure or fetch anything.
    """
    text = _LINE_BREAK.sub("<br>", _ENTITY.sub("&amp;", text).translate(_INLINE))
    text = _ORDERED_MARK.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\", text, count=1), count=1)
    if _INDENTED.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    return text


def cell_text(value: Any) -> str:
    """A value as one table cell's text: nothing for None, a list joined with commas."""
    if value is None:
        return ""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


# ---------------------------------------------------------------------------- terminal

# C0 and C1 controls but line feed and tab: ESC opens colour, title and hyperlink sequences, CR
# and backspace overwrite what the line showed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text: str) -> str:
    """Text a terminal shows as it is: each control character written out (ESC as \\x1b)."""
    if text.isprintable():  # no control character is printable: most text needs no search
        return text
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
