"""Network's list: the ``contacts`` rows, filtered and sorted in SQL and read
a window at a time. A filter's query reads every row: it runs on a read-only
connection of its own, outside the index's lock, and can be stopped."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from coffeechat.core.contacts import COLUMNS as CONTACT_COLUMNS
from coffeechat.storage.index.connection import IndexConnection, _Skipped
from coffeechat.storage.index.schema import _CONTACT_CELLS

# The most values one query is given (SQLite's own limit is at least 999).
_MAX_PARAMETERS = 500
# How many SQLite steps a filter runs between looks at whether it was
# stopped, as a search does.
_STEPS_BETWEEN_LOOKS = 10_000
# A filter narrowing the rows of the one before looks them up one by one
# (a few times slower per row than reading the table through) only when they
# are at most this share of everyone: 1/6.
_NARROW_SHARE = 6


class ContactRow(NamedTuple):
    """One person in Network's list, as the index has them."""

    slug: str
    cells: tuple[str, str, str, str, str]
    # A person whose file cannot be read: kept in its place, marked.
    unreadable: bool = False


class Filtered(NamedTuple):
    """What Network's filter shows (``filter_contacts``): the people's ids in
    the list's order, where the person kept is among them (None: not shown),
    and the rows of the window from the ``offset``-th."""

    ids: list[int]
    position: int | None
    offset: int
    rows: list[ContactRow]


class ContactQueries(IndexConnection):
    """Network's list, and the chats with one person."""

    def contact_totals(self) -> tuple[int, int, list[int]]:
        """How many people there are, how many of them cannot be read, and the
        length of the longest text in each column of Network's list: each from
        an index, without reading the rows."""
        longest = ", ".join(f"(SELECT max(length({cell})) FROM contacts)"
                            for cell in _CONTACT_CELLS)
        with contextlib.suppress(_Skipped), self._using() as connection:
            total, unreadable, *widths = connection.execute(
                "SELECT (SELECT count(*) FROM contacts), "
                f"(SELECT count(*) FROM contacts WHERE unreadable), {longest}").fetchone()
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

    def contact_named(self, words: Sequence[str], name: str,
                      within: Sequence[int] | None = None) -> bool:
        """Whether anyone the filter ``words`` shows has ``name`` (folded) in their
        name. ``within``: the ids of the people it shows now (``filter_contacts``):
        then only their rows are looked up, by id, not every row."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            if within is None:
                where, values = _contact_filter(words)
                return connection.execute(
                    f"SELECT 1 FROM contacts WHERE {where} AND instr(folded_name, ?) > 0 "
                    "LIMIT 1", (*values, name)).fetchone() is not None
            for start in range(0, len(within), _MAX_PARAMETERS):
                part = within[start:start + _MAX_PARAMETERS]
                if connection.execute(
                        f"SELECT 1 FROM contacts WHERE id IN ({', '.join('?' * len(part))}) "
                        "AND instr(folded_name, ?) > 0 LIMIT 1", (*part, name)).fetchone():
                    return True
            return False
        return False

    # -- Network's filter ----------------------------------------------------------

    def filter_contacts(self, words: Sequence[str], column: int, reverse: bool, *,
                        keep: str | None = None, window: int = 200,
                        within: Sequence[int] | None = None) -> Filtered | None:
        """The people holding every one of ``words`` in the list's order by
        ``column`` (``reverse``: the other way round), where ``keep`` is among
        them, and the ``window`` rows around it. ``within``: the people a filter
        these words narrow showed, in the same order (by ``column``, ascending):
        when they are few, only their rows are looked at.

        Runs on a read-only connection of its own, outside the index's lock, so
        that a keystroke's query neither waits for a save nor holds one up; one
        at a time. None when ``stop_filter`` stopped it or the index could not
        be read."""
        stops = self._filter_stops
        with self._filter_lock:
            if self._filter_stops != stops:
                return None
            reader = self._reader_of("filter")
            if reader is not None:
                try:
                    return self._filter(reader, words, column, reverse, keep, window,
                                        within, stops)
                except sqlite3.Error:
                    self._drop_reader_of("filter")
                    if self._filter_stops != stops:
                        return None
            with contextlib.suppress(_Skipped), self._using() as connection:
                return self._filter(connection, words, column, reverse, keep, window,
                                    within, stops)
            return None

    def _filter(self, connection: sqlite3.Connection, words: Sequence[str], column: int,
                reverse: bool, keep: str | None, window: int,
                within: Sequence[int] | None, stops: int) -> Filtered | None:
        where, values = _contact_filter(words)
        column %= len(CONTACT_COLUMNS)
        connection.set_progress_handler(lambda: self._filter_stops != stops,
                                        _STEPS_BETWEEN_LOOKS)
        try:
            total = connection.execute("SELECT count(*) FROM contacts").fetchone()[0]
            # The ids come as one text, in one step of SQLite: a row at a
            # time, the thread would wait for the interpreter at every row
            # while the UI thread draws.
            if within is not None and len(within) * _NARROW_SHARE <= total:
                # Looking up each of a few rows beats reading every row.
                found: set[int] = set()
                for start in range(0, len(within), _MAX_PARAMETERS):
                    part = within[start:start + _MAX_PARAMETERS]
                    found.update(_ids(connection.execute(
                        "SELECT group_concat(id) FROM contacts "
                        f"WHERE id IN ({', '.join('?' * len(part))}) AND {where}",
                        (*part, *values)).fetchone()[0]))
                ids = [record_id for record_id in within if record_id in found]
            else:
                # Not flattened (an aggregate over an ordered subquery), so
                # the ids are joined in the list's order.
                ids = _ids(connection.execute(
                    f"SELECT group_concat(id) FROM (SELECT id FROM contacts NOT INDEXED "
                    f"WHERE {where} ORDER BY {_contact_order(column, False)})",
                    values).fetchone()[0])
            if reverse:
                ids.reverse()
            position = None
            if keep is not None:
                kept = connection.execute("SELECT id FROM contacts WHERE slug = ?",
                                          (keep,)).fetchone()
                with contextlib.suppress(ValueError):
                    position = ids.index(kept[0]) if kept is not None else None
            offset = max(0, (position or 0) - window // 2)
            rows = _contact_rows(connection, ids[offset:offset + window])
        except sqlite3.OperationalError:
            if self._filter_stops != stops:
                return None
            raise
        finally:
            connection.set_progress_handler(None, 0)
        return Filtered(ids, position, offset, rows)

    def stop_filter(self) -> None:
        """Stop the filter running now, if any (from any thread): a newer one is wanted."""
        self._filter_stops += 1

    def contact_rows(self, ids: Sequence[int]) -> list[ContactRow]:
        """The rows of people ``ids`` (from ``filter_contacts``), in that order."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return _contact_rows(connection, ids)
        return []

    def contact_id(self, slug: str) -> int | None:
        """The id ``filter_contacts`` gives person ``slug``, if they have a row."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            found = connection.execute("SELECT id FROM contacts WHERE slug = ?",
                                       (slug,)).fetchone()
            return found[0] if found is not None and type(found[0]) is int else None
        return None

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


def _ids(joined: object) -> list[int]:
    """The ids ``group_concat`` joined (None: none)."""
    return [int(part) for part in joined.split(",")] if isinstance(joined, str) else []


def _contact_rows(connection: sqlite3.Connection, ids: Sequence[int]) -> list[ContactRow]:
    """The rows of people ``ids``, in that order (rows gone or not as written, left out)."""
    rows: dict[int, ContactRow] = {}
    for start in range(0, len(ids), _MAX_PARAMETERS):
        part = ids[start:start + _MAX_PARAMETERS]
        for record_id, slug, unreadable, *cells in connection.execute(
                "SELECT id, slug, unreadable, name, company, title, tags, met FROM contacts "
                f"WHERE id IN ({', '.join('?' * len(part))})", part):
            if type(slug) is str and all(type(text) is str for text in cells):
                rows[record_id] = ContactRow(slug, tuple(cells), bool(unreadable))
    return [rows[record_id] for record_id in ids if record_id in rows]


def _contact_order(column: int, reverse: bool) -> str:
    """Network's order by ``column`` (a number, never text from outside)."""
    direction = " DESC" if reverse else ""
    keys = dict.fromkeys((f"k{column % len(CONTACT_COLUMNS)}", "k0", "slug"))
    return ", ".join(key + direction for key in keys)
