"""Home's queries, and the other answers read by name from the rows: the
first lines of each of Home's lists, the campaign's numbers, the network's links."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from coffeechat.core.agenda import Ask, Due, Upcoming, decode_item
from coffeechat.core.nudges import RHYTHM_STATUSES
from coffeechat.storage.index.connection import IndexConnection, _Skipped
from coffeechat.storage.records import Stamp

# The most values one query is given (SQLite's own limit is at least 999).
_MAX_PARAMETERS = 500


class HomeLists(NamedTuple):
    """What Home's query found: of each list (upcoming, due, asks), the first
    items as of a day and how many there are; the sums of (asked, held, names
    gained, learned) of the chats; the people's rows counted; whether the
    index has any row of either (a first start has none); and the chats
    whose lines did not decode (the caller takes them from their files)."""

    upcoming: tuple[list[Upcoming], int]
    due: tuple[list[Due], int]
    asks: tuple[list[Ask], int]
    sums: tuple[int, ...]
    people: int
    known: bool
    damaged: frozenset[str] = frozenset()


# The day a line falls due: a promise's (``made``) the setting's days later,
# or on its snooze (``at``) if that is later; any other line on ``at``.
_DUE = ("CASE WHEN l.made IS NULL THEN l.at WHEN l.at IS NULL OR l.at < "
        "coalesce(date(l.made, ?), '9999-12-31') THEN coalesce(date(l.made, ?), '9999-12-31') "
        "ELSE l.at END")
# Each list's lines of a day, in its order (``core.agenda``'s ``*_order``):
# ``(where, order by)``, with ``at`` standing for the due day in the second.
_HOME_LISTS = {
    "upcoming": ("(at IS NULL OR at >= ?)", "at IS NULL, at, tie"),
    "due": ("at <= ?", "at, tie"),
    "asks": ("1", "at IS NULL, at, tie"),
}


class Contact(NamedTuple):
    """A person as the network's links read them (``core.people.Linked``), from
    their row: no record rebuilt."""

    name: str
    company: str
    title: str
    introduced_by: str
    knows: tuple[str, ...]


def contact_of(name: str, company: str, title: str, introduced_by: str, knows: str) -> Contact:
    """A person's ``Contact`` from the columns of their rows (``knows`` a slug a line)."""
    return Contact(name, company, title, introduced_by, tuple(knows.split("\n")) if knows else ())


class HomeQueries(IndexConnection):
    """Answers read from the rows by name, for Home."""

    def name_of(self, kind: str, slug: str) -> tuple[Stamp, str] | None:
        """One row's name (people, companies) with the stamp of its file; for a
        file that cannot be read as a record, as far as its text says."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT size, mtime_ns, inode, ctime_ns, name FROM records WHERE kind = ? "
                "AND slug = ?", (kind, slug)).fetchone()
            if row is not None:
                *stamp, name = row
                if type(name) is str and all(type(part) is int for part in stamp):
                    return Stamp(stamp[0], stamp[1], stamp[2], stamp[3]), name
        return None

    def stamped_names(self, kind: str, slugs: Iterable[str]) -> dict[str, tuple[Stamp, str]]:
        """``name_of`` of many rows at once."""
        found: dict[str, tuple[Stamp, str]] = {}
        for slug, size, mtime_ns, inode, ctime_ns, name in self._rows_of(
                kind, slugs, "r.size, r.mtime_ns, r.inode, r.ctime_ns, r.name"):
            if type(slug) is str and type(name) is str and type(size) is int \
                    and type(mtime_ns) is int and type(inode) is int and type(ctime_ns) is int:
                found[slug] = Stamp(size, mtime_ns, inode, ctime_ns), name
        return found

    def names_of(self, kind: str, slugs: Iterable[str]) -> dict[str, str]:
        """The names of the rows for ``slugs`` (people, companies), as last
        written (see ``name_of``): no file looked at."""
        return {slug: name for slug, name in self._rows_of(kind, slugs, "r.name")
                if type(slug) is str and type(name) is str and name}

    def _rows_of(self, kind: str, slugs: Iterable[str], columns: str) -> list[tuple[Any, ...]]:
        """``slug`` and ``columns`` of the rows of ``slugs``: a query per few
        hundred, each slug looked up by the row's key (SQLite would rather
        scan the folder's rows for a list of slugs, as slow as it is long)."""
        wanted = list(slugs)
        found: list[tuple[Any, ...]] = []
        with contextlib.suppress(_Skipped), self._using() as connection:
            for start in range(0, len(wanted), _MAX_PARAMETERS):
                part = wanted[start:start + _MAX_PARAMETERS]
                found += connection.execute(
                    f"SELECT r.slug, {columns} FROM (VALUES "
                    f"{', '.join('(?)' for _ in part)}) AS wanted "
                    "CROSS JOIN records r ON r.kind = ? AND r.slug = wanted.column1",
                    (*part, kind)).fetchall()
        return found

    def home_lists(self, today: dt.date, nudge_days: int, limit: int,
                   leaving_out: Collection[str]) -> HomeLists:
        """Home's query: of each list, the first ``limit`` lines of ``today``
        and their count, and the campaign's numbers, all but those of the
        rows of ``leaving_out`` (rows out of date: the caller adds those
        records itself)."""
        day = today.isoformat()
        days = f"{nudge_days:+d} days"
        left = list(leaving_out)[:_MAX_PARAMETERS]
        marks = ", ".join("?" for _ in left)
        found: dict[str, tuple[list[Any], int]] = {}
        damaged: set[str] = set()
        with contextlib.suppress(_Skipped), self._using() as connection:
            for kind, (where, order) in _HOME_LISTS.items():
                due = _DUE if kind == "due" else "l.at"
                lines = (f"SELECT r.slug, l.item, {due} AS at, l.tie FROM records r JOIN "
                         "home_lines l USING (id) WHERE +r.kind = 'interviews' AND l.kind = ? "
                         f"AND r.slug NOT IN ({marks})")
                values = (*((days, days) if kind == "due" else ()), kind, *left,
                          *((day,) if kind != "asks" else ()))
                items = []
                for slug, text, at, _ in connection.execute(
                        f"SELECT * FROM ({lines}) WHERE {where} ORDER BY {order} LIMIT ?",
                        (*values, limit)):
                    item = decode_item(kind, text, at) if type(text) is str else None
                    if item is not None:
                        items.append(item)
                    elif type(slug) is str:
                        damaged.add(slug)
                count = connection.execute(f"SELECT COUNT(*) FROM ({lines}) WHERE {where}",
                                           values).fetchone()[0]
                found[kind] = (items, int(count))
            sums = connection.execute(
                "SELECT COUNT(*), TOTAL(asked), TOTAL(held), TOTAL(names), TOTAL(learned) "
                f"FROM records JOIN home USING (id) WHERE +kind = 'interviews' AND slug "
                f"NOT IN ({marks})", left).fetchone()
            people = connection.execute(
                "SELECT COUNT(*) FROM records WHERE kind = 'people'").fetchone()[0]
            return HomeLists(found["upcoming"], found["due"], found["asks"],
                             tuple(int(value) for value in sums[1:]), int(people),
                             bool(sums[0]) or bool(people), frozenset(damaged))
        return HomeLists(([], 0), ([], 0), ([], 0), (0, 0, 0, 0), 0, False)

    def home_at(self, employers: Collection[str], leaving_out: Collection[str],
                ) -> list[tuple[str, str]]:
        """``(slug, light copy)`` of the chats at ``employers`` (name keys) that
        the rhythm at target employers reads (``nudges.RHYTHM_STATUSES``), but
        those of ``leaving_out``."""
        keys = list(employers)[:_MAX_PARAMETERS]
        left = set(leaving_out)
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = "
                f"'interviews' AND employer IN ({', '.join('?' for _ in keys)}) AND status "
                f"IN ({', '.join('?' for _ in RHYTHM_STATUSES)})", (*keys, *RHYTHM_STATUSES))
                if type(slug) is str and type(data) is str and slug not in left]
        return []

    def network(self) -> list[tuple[str, Contact]]:
        """Every readable person's links, with their name, company and title,
        as their rows have them (see ``Contact``)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = connection.execute(
                "SELECT slug, name, company, title, introduced_by, knows FROM records "
                "JOIN links USING (id) WHERE +kind = 'people' AND typeof(slug) = 'text' "
                "AND typeof(name) = 'text' AND typeof(company) = 'text' AND typeof(title) = "
                "'text' AND typeof(introduced_by) = 'text' AND typeof(knows) = 'text'")
            return [(slug, contact_of(*row)) for slug, *row in rows]
        return []

    def interview_people(self) -> set[str]:
        """The person of every chat (the rhythm at targets suggests nobody who has one)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {person for (person,) in connection.execute(
                "SELECT DISTINCT person FROM records WHERE +kind = 'interviews'")
                if type(person) is str and person}
        return set()

    def begun_since(self, since: dt.datetime) -> list[tuple[str, str]]:
        """``(slug, light copy)`` of the chats whose meeting began at ``since`` or
        later and has not ended."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = "
                "'interviews' AND began >= ?", (since.isoformat(),))
                if type(slug) is str and type(data) is str]
        return []
