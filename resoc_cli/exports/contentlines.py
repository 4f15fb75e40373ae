"""What vCard and iCalendar text share (RFC 2425's content lines, which both build on): how a text
value is escaped and in which order a component's properties are written. How a line is folded
differs between the two libraries whose output we keep (vcard.py, ical.py), so it is not here."""

from __future__ import annotations


def escape(text: str) -> str:
    """A text value: backslash, ';' and ',' escaped, every line break (CRLF, LF or CR) as \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def in_order(lines: list[tuple[str, str]], first: tuple[str, ...]) -> list[str]:
    """The texts of (property name, line) pairs as the libraries wrote them: the names in `first`
    in that order, then the others by name, one name's lines in the order they were added."""
    rank = {name: n for n, name in enumerate(first)}
    return [line for _, line in sorted(lines, key=lambda pair: (rank.get(pair[0], len(first)), "" if pair[0] in rank else pair[0]))]
