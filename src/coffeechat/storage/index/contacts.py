"""Network's list: the ``contacts`` rows, filtered and sorted in SQL and read
a window at a time."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import NamedTuple

from coffeechat.core.contacts import COLUMNS as CONTACT_COLUMNS
from coffeechat.storage.index.connection import IndexConnection, _Skipped


class ContactRow(NamedTuple):
    """One person in Network's list, as the index has them."""

    slug: str
    cells: tuple[str, str, str, str, str]
    # A person whose file cannot be read: kept in its place, marked.
    unreadable: bool = False


class ContactQueries(IndexConnection):
    """Network's list, and the chats with one person."""

    def contact_totals(self) -> tuple[int, int, list[int]]:
        """How many people there are, how many of them cannot be read, and the
        length of the longest text in each column of Network's list: one pass."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            total, unreadable, *widths = connection.execute(
                "SELECT count(*), total(unreadable), max(length(name)), max(length(company)), "
                "max(length(title)), max(length(tags)), max(length(met)) FROM contacts"
            ).fetchone()
            return (int(total), int(unreadable),
                    [width if type(width) is int else 0 for width in widths])
        return 0, 0, [0] * len(CONTACT_COLUMNS)

    def contact_count(self, words: Sequence[str], column: int, reverse: bool,
                      slug: str | None) -> tuple[int, int | None]:
        """How many people hold every one of ``words`` (folded, see
        ``core.contacts``), and where person ``slug`` is among them in the
        order of ``contacts`` (None when the filter hides them): one pass."""
        where, values = _contact_filter(words)
        column %= len(CONTACT_COLUMNS)
        with contextlib.suppress(_Skipped), self._using() as connection:
            keys = None if slug is None else connection.execute(
                f"SELECT k{column}, k0 FROM contacts WHERE slug = ? AND {where}",
                (slug, *values)).fetchone()
            if keys is None:
                found = connection.execute(f"SELECT count(*) FROM contacts WHERE {where}",
                                           values).fetchone()
                return int(found[0]), None
            before = ">" if reverse else "<"
            if not words:
                # The list's own index answers both.
                total = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
                position = connection.execute(
                    f"SELECT count(*) FROM contacts WHERE (k{column}, k0, slug) {before} "
                    "(?, ?, ?)", (*keys, slug)).fetchone()[0]
                return int(total), int(position)
            total, position = connection.execute(
                f"SELECT count(*), total((k{column}, k0, slug) {before} (?, ?, ?)) "
                f"FROM contacts WHERE {where}", (*keys, slug, *values)).fetchone()
            return int(total), int(position)
        return 0, None

    def contacts(self, words: Sequence[str], column: int, reverse: bool, offset: int,
                 limit: int, shown: int | None = None) -> list[ContactRow]:
        """The people holding every one of ``words``, sorted by ``column`` (empty
        cells last, then by name; ``reverse`` turns it all round): ``limit`` of
        them from the ``offset``-th on. ``shown``: how many the filter shows,
        when known."""
        where, values = _contact_filter(words)
        # Following the list's index finds the rows in order, but looks up each
        # row it passes: for a filter that shows few, one pass over the rows
        # and a sort of those found is faster.
        dense = shown is not None and shown > 4 * (offset + limit)
        source = "contacts NOT INDEXED" if words and not dense else "contacts"
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [ContactRow(slug, (name, company, title, tags, met), bool(unreadable))
                    for slug, unreadable, name, company, title, tags, met in connection.execute(
                        "SELECT slug, unreadable, name, company, title, tags, met "
                        f"FROM {source} WHERE {where} "
                        f"ORDER BY {_contact_order(column, reverse)} LIMIT ? OFFSET ?",
                        (*values, limit, offset))
                    if all(type(text) is str for text in (slug, name, company, title, tags, met))]
        return []

    def contact_named(self, words: Sequence[str], name: str) -> bool:
        """Whether anyone the filter ``words`` shows has ``name`` (folded) in their name."""
        where, values = _contact_filter(words)
        with contextlib.suppress(_Skipped), self._using() as connection:
            return connection.execute(
                f"SELECT 1 FROM contacts WHERE {where} AND instr(folded_name, ?) > 0 LIMIT 1",
                (*values, name)).fetchone() is not None
        return False

    def interviews_with(self, person: str) -> list[str]:
        """The interviews with ``person`` (the slugs of rows that hold a record)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [slug for (slug,) in connection.execute(
                "SELECT slug FROM records WHERE kind = 'interviews' AND person = ? "
                "AND readable", (person,)) if type(slug) is str]
        return []


def _contact_filter(words: Sequence[str]) -> tuple[str, tuple[str, ...]]:
    """The SQL condition that a person holds every one of ``words``, and its values."""
    if not words:
        return "1", ()
    return " AND ".join("instr(haystack, ?) > 0" for _ in words), tuple(words)


def _contact_order(column: int, reverse: bool) -> str:
    """Network's order by ``column`` (a number, never text from outside)."""
    direction = " DESC" if reverse else ""
    keys = dict.fromkeys((f"k{column % len(CONTACT_COLUMNS)}", "k0", "slug"))
    return ", ".join(key + direction for key in keys)
