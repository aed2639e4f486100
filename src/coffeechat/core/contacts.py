"""What Network's list shows of a person, what its filter reads and how it sorts.

The index keeps these per person (``storage.index``), so that the list is a
query: filtered and ordered by SQLite, read a window at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from coffeechat.core.models import Person
from coffeechat.core.people import UNREADABLE, display_name
from coffeechat.core.text import fold, sort_key

COLUMNS = ("Name", "Company", "Title", "Tags", "How we met")


class Contact(NamedTuple):
    """One person's row: the cells shown, the folded text the filter looks in,
    the folded name (a filter that names nobody is a new contact's name), and
    a key per column that orders rows as ``order_key`` says."""

    cells: tuple[str, str, str, str, str]
    haystack: str
    folded_name: str
    keys: tuple[bytes, bytes, bytes, bytes, bytes]
    unreadable: bool = False


def sortable(text: str) -> bytes:
    """``sort_key(text)`` as bytes that compare in the same order (what SQLite
    compares), with an empty cell after every other: one column sorts by one key."""
    if not text:
        return b"\x02"
    key, written = sort_key(text)
    head = key if isinstance(key, bytes) else str(key).encode("utf-8", "surrogatepass")
    # A NUL ends the key, so a key that is a prefix of another sorts first, as
    # in a tuple; the text as written breaks ties.
    return b"\x01" + head.rstrip(b"\x00") + b"\x00" + written.encode("utf-8", "surrogatepass")


def _contact(cells: tuple[str, str, str, str, str], haystack: str, name: str,
             unreadable: bool) -> Contact:
    keys = (sortable(cells[0]), sortable(cells[1]), sortable(cells[2]), sortable(cells[3]),
            sortable(cells[4]))
    return Contact(cells, fold(haystack), fold(name), keys, unreadable)


def contact(slug: str, person: Person) -> Contact:
    """A readable person's row."""
    tags = ", ".join(person.tags)
    cells = (display_name(person, slug), person.company, person.title, tags, person.how_we_met)
    haystack = "\n".join((person.name, person.company, person.title, tags,
                          person.location.line(), person.notes, slug))
    return _contact(cells, haystack, cells[0], False)


def unreadable_contact(slug: str, name: str) -> Contact:
    """The row of a person whose file cannot be read, named as far as its text
    says (``name``, else the file's name)."""
    cells = (name, "unreadable", "enter: why", "", "")
    return _contact(cells, "\n".join((name, UNREADABLE, slug)), name, True)


def filter_words(text: str) -> list[str]:
    """The words a filter's text asks for: a row shows when its haystack holds
    every one."""
    return fold(text).split()


def narrows(words: Sequence[str], before: Sequence[str]) -> bool:
    """Whether a filter of ``words`` shows only rows the filter of ``before``
    showed (every word before is in one of them), so it can look among those
    alone: typing on at the end of the text narrows, a new word too."""
    return bool(before) and all(any(old in word for word in words) for old in before)
