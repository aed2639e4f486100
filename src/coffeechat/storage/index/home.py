"""Home's queries, and the other answers read by name from the rows: the
chats that can show today, the campaign's numbers, the network's links."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Iterable
from typing import NamedTuple

from coffeechat.storage.index.connection import IndexConnection, _Skipped
from coffeechat.storage.records import Stamp

# The most values one query is given (SQLite's own limit is at least 999).
_MAX_PARAMETERS = 500


class Home(NamedTuple):
    """What Home's query found: ``(slug, light copy)`` of the chats that can
    show, the sums of (asked, held, names gained, learned), the people's rows
    counted, and whether the index has any row of either (a first start has none)."""

    rows: list[tuple[str, str]]
    sums: tuple[int, ...]
    people: int
    known: bool


class Contact(NamedTuple):
    """A person as the network's links read them (``core.people.Linked``), from
    their row: no record rebuilt."""

    name: str
    company: str
    title: str
    introduced_by: str
    knows: tuple[str, ...]


class Name(NamedTuple):
    """A record by name, for jumping to it."""

    kind: str
    slug: str
    name: str
    detail: str


class HomeQueries(IndexConnection):
    """Answers read from the rows by name, for Home and for jumping to a record."""

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

    def names_of(self, kind: str, slugs: Iterable[str]) -> dict[str, str]:
        """The names of the rows for ``slugs`` (people, companies), as last
        written (see ``name_of``): one query, no file looked at."""
        wanted = list(slugs)
        found: dict[str, str] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            for start in range(0, len(wanted), _MAX_PARAMETERS):
                part = wanted[start:start + _MAX_PARAMETERS]
                found.update(
                    (slug, name) for slug, name in connection.execute(
                        "SELECT slug, name FROM records WHERE kind = ? AND slug IN "
                        f"({', '.join('?' for _ in part)})", (kind, *part))
                    if type(slug) is str and type(name) is str and name)
        return found

    def names(self) -> list[Name]:
        """People, companies and interviews by name, for jumping to them."""
        found = []
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = connection.execute(
                "SELECT r.kind, r.slug, r.name, r.company, r.title, r.status, "
                "coalesce(nullif(p.name, ''), r.person) FROM records r "
                "LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
                "AND r.kind = 'interviews' "
                "WHERE r.kind IN ('people', 'companies', 'interviews') AND r.readable "
                "ORDER BY r.kind, r.slug").fetchall()
            for kind, slug, name, company, title, status, person in rows:
                if not all(type(value) is str for value in (kind, slug, name, company, title,
                                                            status)):
                    continue
                if kind == "people":
                    detail = " @ ".join(part for part in (title, company) if part)
                    found.append(Name(kind, slug, name or slug, detail))
                elif kind == "companies":
                    found.append(Name(kind, slug, name or slug, ""))
                elif type(person) is str:
                    found.append(Name(kind, slug, f"{person} ({slug[:10]})", status))
        return found

    def home(self, today: dt.date, employers: Collection[str],
             leaving_out: Collection[str]) -> Home:
        """Home's query: the light copies of the chats that can show on ``today``
        (``core.agenda.reach``) or are at one of ``employers`` (name keys), and
        the campaign's numbers, all but those of the rows of ``leaving_out``
        (rows out of date: the caller adds those records itself)."""
        day = today.isoformat()
        keys = list(employers)[:_MAX_PARAMETERS]
        left = set(leaving_out)
        marks = ", ".join("?" for _ in list(left)[:_MAX_PARAMETERS])
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = "
                "'interviews' AND (until >= ? OR since <= ? OR employer IN "
                f"({', '.join('?' for _ in keys)}))", (day, day, *keys))
                if type(slug) is str and type(data) is str and slug not in left]
            sums = connection.execute(
                "SELECT COUNT(*), TOTAL(asked), TOTAL(held), TOTAL(names), TOTAL(learned) "
                "FROM records JOIN home USING (id) WHERE +kind = 'interviews' AND slug "
                f"NOT IN ({marks})", list(left)[:_MAX_PARAMETERS]).fetchone()
            people = connection.execute(
                "SELECT COUNT(*) FROM records WHERE kind = 'people'").fetchone()[0]
            return Home(rows, tuple(int(value) for value in sums[1:]), int(people),
                        bool(sums[0]) or bool(people))
        return Home([], (0, 0, 0, 0), 0, False)

    def network(self) -> list[tuple[str, Contact]]:
        """Every readable person's links, with their name, company and title,
        as their rows have them (see ``Contact``)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = connection.execute(
                "SELECT slug, name, company, title, introduced_by, knows FROM records "
                "JOIN links USING (id) WHERE +kind = 'people' AND typeof(slug) = 'text' "
                "AND typeof(name) = 'text' AND typeof(company) = 'text' AND typeof(title) = "
                "'text' AND typeof(introduced_by) = 'text' AND typeof(knows) = 'text'")
            return [(slug, Contact(name, company, title, introduced_by,
                                   tuple(knows.split("\n")) if knows else ()))
                    for slug, name, company, title, introduced_by, knows in rows]
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

    def employers(self) -> list[str]:
        """The employer named on every person who has one."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [company for (company,) in connection.execute(
                "SELECT company FROM records WHERE +kind = 'people' AND readable "
                "AND company != ''") if type(company) is str]
        return []
