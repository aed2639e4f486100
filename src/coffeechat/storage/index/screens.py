"""The queries of Targets, Follow-ups, the warm paths, the referral tree, the
namesakes of a name and the chat picker: the rows those need, so no folder
of records is rebuilt for them (the rules stay in ``core``)."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable

from coffeechat.core.models.interview import OPEN_STATUSES
from coffeechat.storage.index.connection import IndexConnection, Unavailable, _Skipped
from coffeechat.storage.index.home import _MAX_PARAMETERS, Contact, contact_of

# A person's row that ``network`` reads (``r``: the row, ``l``: its links).
_LINKED = ("typeof(r.slug) = 'text' AND typeof(r.name) = 'text' AND typeof(r.company) = 'text' "
           "AND typeof(r.title) = 'text' AND typeof(l.introduced_by) = 'text' "
           "AND typeof(l.knows) = 'text'")


class ScreenQueries(IndexConnection):
    """Answers read from the rows for the screens that count everyone."""

    def chats_with(self, people: Iterable[str],
                   employers: Iterable[str]) -> list[tuple[str, str, str]]:
        """``(slug, employer, light copy)`` of the chats with any of ``people`` or
        at any of ``employers`` (name keys, as the ``home`` rows keep them)."""
        found: dict[str, tuple[str, str, str]] = {}
        asked = [("employer", list(employers)), ("person", list(people))]
        with contextlib.suppress(_Skipped), self._using() as connection:
            for column, values in asked:
                for start in range(0, len(values), _MAX_PARAMETERS):
                    part = values[start:start + _MAX_PARAMETERS]
                    for slug, employer, data in connection.execute(
                            "SELECT slug, employer, data FROM records JOIN home USING (id) "
                            f"WHERE +kind = 'interviews' AND {column} IN "
                            f"({', '.join('?' for _ in part)})", part):
                        if type(slug) is str and type(employer) is str and type(data) is str:
                            found[slug] = (slug, employer, data)
        return list(found.values())

    def people_at(self, needles: Collection[str]) -> list[tuple[str, str, str, str, Contact]]:
        """``(slug, name, folded company, folded title, the person's links)`` of
        every linked person (as ``network`` reads them) whose folded company or
        title contains one of ``needles`` (folded, not empty): one pass, in SQL."""
        wanted = list(needles)
        found: dict[str, tuple[str, str, str, str, Contact]] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            for start in range(0, len(wanted), _MAX_PARAMETERS // 2):
                part = wanted[start:start + _MAX_PARAMETERS // 2]
                matching = " OR ".join("instr(l.folded_company, ?) OR instr(l.folded_title, ?)"
                                       for _ in part)
                # The narrow links first, the rows of those found only.
                found.update((slug, (slug, name, company, title, contact_of(name, *links)))
                             for slug, name, company, title, *links in connection.execute(
                    "SELECT r.slug, r.name, l.folded_company, l.folded_title, r.company, "
                    "r.title, l.introduced_by, l.knows FROM links l "
                    f"CROSS JOIN records r ON r.id = l.id WHERE ({matching}) AND r.kind = "
                    f"'people' AND {_LINKED} AND typeof(l.folded_company) = 'text' "
                    "AND typeof(l.folded_title) = 'text'",
                    [needle for needle in part for _ in range(2)]))
        return list(found.values())

    def reaching(self, slugs: Collection[str]) -> list[tuple[str, str, str, str | None]]:
        """Who the rows say can introduce you to each of ``slugs``
        (``core.network.reach``): ``(target, source, the slug of the row that
        says so, the source's name, or None when the source is no linked person)``."""
        wanted = list(slugs)
        found: list[tuple[str, str, str, str | None]] = []
        with contextlib.suppress(_Skipped), self._using() as connection:
            for start in range(0, len(wanted), _MAX_PARAMETERS):
                part = wanted[start:start + _MAX_PARAMETERS]
                found += [(target, source, producer, name if linked is not None else None)
                          for target, source, producer, name, linked in connection.execute(
                              "SELECT e.target, e.source, p.slug, r.name, l.id FROM reaches e "
                              "JOIN records p ON p.id = e.id "
                              "LEFT JOIN records r ON r.kind = 'people' AND r.slug = e.source "
                              f"LEFT JOIN links l ON l.id = r.id AND {_LINKED} "
                              f"WHERE e.target IN ({', '.join('?' for _ in part)})", part)
                          if type(target) is str and type(source) is str
                          and type(producer) is str]
        return found

    def linked_names(self, slugs: Collection[str]) -> dict[str, str]:
        """The names of those of ``slugs`` who are linked people (as ``network``
        reads them)."""
        wanted = list(slugs)
        found: dict[str, str] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            for start in range(0, len(wanted), _MAX_PARAMETERS):
                part = wanted[start:start + _MAX_PARAMETERS]
                found.update(connection.execute(
                    "SELECT r.slug, r.name FROM records r JOIN links l USING (id) "
                    f"WHERE r.kind = 'people' AND {_LINKED} AND r.slug IN "
                    f"({', '.join('?' for _ in part)})", part).fetchall())
        return found

    def held_or_named(self) -> list[tuple[str, str]]:
        """``(slug, light copy)`` of the chats held or that gained a name (the
        referral tree's chats)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
                "AND (held OR names)") if type(slug) is str and type(data) is str]
        return []

    def open_chats(self, employers: Iterable[str]) -> list[tuple[str, str]]:
        """``(slug, light copy)`` of the chats with an open item
        (``core.nudges.has_open_items``) or at any of ``employers`` (name keys):
        every chat Follow-ups can list or its rhythm reads."""
        keys = list(employers)[:_MAX_PARAMETERS]
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
                f"AND (open OR employer IN ({', '.join('?' for _ in keys)}))", keys)
                if type(slug) is str and type(data) is str]
        return []

    def called_rows(self, key: str) -> list[tuple[str, bool, str, str, str]]:
        """``(slug, readable, name, company, title)`` of the people whose
        ``core.people.called`` key is ``key`` (the namesakes of a name), by slug.
        Raises ``Unavailable`` when the index could not answer."""
        try:
            with self._using() as connection:
                return [(slug, bool(readable), name, company, title)
                        for slug, readable, name, company, title in connection.execute(
                            "SELECT slug, readable, name, company, title FROM records "
                            "JOIN names USING (id) WHERE +kind = 'people' AND key = ? "
                            "ORDER BY slug", (key,))
                        if type(slug) is str and type(name) is str and type(company) is str
                        and type(title) is str]
        except _Skipped:
            raise Unavailable from None

    def readable_person(self, slug: str) -> bool:
        """Whether the row of the person ``slug`` is of a readable file. Raises
        ``Unavailable`` when the index could not answer."""
        try:
            with self._using() as connection:
                return connection.execute(
                    "SELECT 1 FROM records WHERE kind = 'people' AND slug = ? AND readable",
                    (slug,)).fetchone() is not None
        except _Skipped:
            raise Unavailable from None

    def people_starting(self, prefix: str) -> list[str]:
        """The slugs of the readable people's rows that begin with ``prefix``, in
        order: a range of the rows' unique index. Raises ``Unavailable`` when the
        index could not answer."""
        if not prefix:
            raise ValueError("an empty prefix is every person")
        # The first text past every one that begins with ``prefix``.
        past = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        try:
            with self._using() as connection:
                return [slug for (slug,) in connection.execute(
                    "SELECT slug FROM records WHERE kind = 'people' AND slug >= ? "
                    "AND slug < ? AND readable ORDER BY slug", (prefix, past))
                        if type(slug) is str]
        except _Skipped:
            raise Unavailable from None

    def chat_summaries(self) -> list[tuple[str, str, str]]:
        """``(slug, person, status)`` of every readable chat, newest first."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, person, status) for slug, person, status in connection.execute(
                "SELECT slug, person, status FROM records WHERE kind = 'interviews' "
                "AND readable ORDER BY slug DESC")
                if type(slug) is str and type(person) is str and type(status) is str]
        return []

    def picking(self, limit: int) -> list[str]:
        """The slugs of the first ``limit`` readable chats in
        ``core.lifecycle.picking_order``, as SQL orders them (a meeting in progress
        is one whose ``home`` row says when it began)."""
        marks = ", ".join("?" for _ in OPEN_STATUSES)
        opened = f"status IN ({marks})"
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [slug for (slug,) in connection.execute(
                "SELECT slug FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
                f"ORDER BY {opened} DESC, CASE WHEN {opened} THEN began IS NULL END, "
                f"CASE WHEN {opened} THEN scheduled IS NULL END, "
                f"CASE WHEN {opened} THEN scheduled END, "
                f"CASE WHEN {opened} THEN slug END, slug DESC LIMIT ?",
                (*OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES,
                 limit)) if type(slug) is str]
        return []
