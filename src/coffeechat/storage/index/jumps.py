"""The palette's names, asked of the rows as the query is typed: people,
companies and chats (``person: Ada Lovelace``), and the employers named on
people, whose letters hold the query's in order. Nothing is kept between
two questions, so a palette over 36,000 names costs no memory of its own."""

from __future__ import annotations

import contextlib
from typing import NamedTuple

from coffeechat.storage.index.connection import IndexConnection, _Skipped

# Each readable record's text in the palette and what is said beside it: a
# person's role, a chat's status; a chat is named by its person and its date.
_NAMED = (
    "SELECT 'people' AS kind, slug, 'person: ' || CASE name WHEN '' THEN slug ELSE name END "
    "AS text, title || CASE WHEN title != '' AND company != '' THEN ' @ ' ELSE '' END "
    "|| company AS detail FROM records WHERE kind = 'people' AND readable "
    "UNION ALL SELECT 'companies', slug, 'company: ' || CASE name WHEN '' THEN slug "
    "ELSE name END, '' FROM records WHERE kind = 'companies' AND readable "
    "UNION ALL SELECT 'interviews', r.slug, 'interview: ' || coalesce(nullif(p.name, ''), "
    "r.person) || ' (' || substr(r.slug, 1, 10) || ')', r.status FROM records r "
    "LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
    "WHERE r.kind = 'interviews' AND r.readable")
# Letters that another letter lowercases to (``İ`` to ``i``, the Kelvin sign
# to ``k``), which SQLite's LIKE, case-blind for ASCII only, would not match.
_LOWERED_TO = frozenset("ik")


class Name(NamedTuple):
    """One record the palette can jump to: its text there and what it says beside."""

    kind: str
    slug: str
    text: str
    detail: str


def letters_in_order(query: str) -> str:
    """A LIKE pattern (``\\`` escaping) that every text holding the query's
    letters in order, case aside, matches (as the palette's fuzzy matcher needs
    them): with more, as a letter SQLite cannot compare case-blind is left out."""
    kept = [f"\\{char}" if char in "%_\\" else char for char in query.lower()
            if char.isascii() and char not in _LOWERED_TO]
    return "%" + "%".join(kept) + "%" if kept else "%"


class JumpQueries(IndexConnection):
    """The names the palette shows for a query, from the rows."""

    def names_matching(self, query: str, limit: int) -> list[Name]:
        """Up to ``limit`` names whose text holds the letters of ``query`` in
        order (``letters_in_order``): those where it stands whole at the start
        of a word first, then anywhere, then the rest, shorter texts first."""
        folded = query.lower()
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [Name(*row) for row in connection.execute(
                f"SELECT kind, slug, text, detail FROM ({_NAMED}) "
                "WHERE text LIKE ? ESCAPE '\\' AND typeof(slug) = 'text' "
                "AND typeof(text) = 'text' AND typeof(detail) = 'text' "
                "ORDER BY instr(' ' || lower(text), ' ' || ?) = 0, instr(lower(text), ?) = 0, "
                "length(text), text LIMIT ?",
                (letters_in_order(query), folded, folded, limit))]
        return []

    def employers_matching(self, query: str) -> list[tuple[str, int]]:
        """Each employer named on people whose ``company: <employer>`` holds the
        letters of ``query`` in order, with how many people name it so: first
        named first."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(company, count) for company, count in connection.execute(
                "SELECT company, count(*) FROM records WHERE +kind = 'people' AND readable "
                "AND company != '' AND typeof(company) = 'text' "
                "AND 'company: ' || company LIKE ? ESCAPE '\\' "
                "GROUP BY company ORDER BY min(id)", (letters_in_order(query),))]
        return []

    def company_names(self) -> list[str]:
        """The names of the company records, as the palette shows them (a few
        hundred at most)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [name for (name,) in connection.execute(
                "SELECT CASE name WHEN '' THEN slug ELSE name END FROM records "
                "WHERE kind = 'companies' AND readable") if type(name) is str]
        return []
