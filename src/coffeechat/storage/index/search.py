"""Full-text search: the query, run on a read-only connection of its own
that ``stop_search`` can stop, and the same match made in Python."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from coffeechat.core.models.schema import Record
from coffeechat.core.search import (
    COLUMNS,
    KINDS,
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    WEIGHTS,
    WHERE,
    Query,
    fts_query,
    text_match,
)
from coffeechat.storage.index.connection import IndexConnection, _Skipped
from coffeechat.storage.index.rows import _summary_values, _texts

# How many SQLite steps a search runs between looks at whether it was stopped
# (a look costs a Python call; this many steps take well under a millisecond,
# though one step of the full-text module can take longer).
_STEPS_BETWEEN_LOOKS = 10_000


class Hit(NamedTuple):
    """One search result: a record and where in it the query matched."""

    kind: str
    slug: str
    title: str
    where: str
    snippet: str
    rank: float
    # A person's employer: what tells apart two people of one name.
    company: str = ""


class SearchError(ValueError):
    """A query that cannot be run, with a message for the user."""


class SearchStopped(SearchError):
    """A search stopped by ``stop_search`` before it finished."""

    def __init__(self) -> None:
        super().__init__("the search was stopped")


class Searching(IndexConnection):
    """Full-text searches of the index."""

    def search(self, text: str, *, kinds: Iterable[str] = KINDS,
               limit: int = 50) -> list[Hit]:
        """The best hits for ``text`` per kind (up to ``limit`` each), best first.

        Raises ``SearchError`` with a message for the user when the query means
        nothing or search is unavailable (``SearchStopped`` when ``stop_search``
        stopped it); never shows SQLite's own words."""
        stops = self._stops
        if not self.searchable:
            raise SearchError("search is not available: this Python's SQLite has no FTS5")
        try:
            query = fts_query(text)
        except ValueError as exc:
            raise SearchError(str(exc)) from None
        if query is None:
            return []
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        snippets = ", ".join(
            f"snippet(search, {column}, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS})"
            for column in range(len(COLUMNS)))
        sql = (f"SELECT r.kind, r.slug, r.name, coalesce(nullif(p.name, ''), r.person), "
               f"r.company, bm25(search, {weights}) AS rank, {snippets} "
               "FROM search JOIN records r ON r.id = search.rowid "
               "LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
               "AND r.kind = 'interviews' "
               "WHERE search MATCH ? AND r.kind = ? ORDER BY rank LIMIT ?")
        with self._search_lock:
            reader = self._reader_of("search")
            if reader is not None:
                try:
                    return self._run(reader, sql, query, kinds, limit, text, stops)
                except sqlite3.Error:
                    # A file that cannot be opened read-only (a WAL being
                    # recovered): the index's own connection, a fresh one next time.
                    self._drop_reader_of("search")
            try:
                with self._using() as connection:
                    return self._run(connection, sql, query, kinds, limit, text, stops)
            except _Skipped:
                raise SearchError("search is not ready yet; try again in a moment") from None

    def _run(self, connection: sqlite3.Connection, sql: str, query: str,
             kinds: Iterable[str], limit: int, text: str, stops: int) -> list[Hit]:
        hits: list[Hit] = []
        connection.set_progress_handler(lambda: self._stops != stops, _STEPS_BETWEEN_LOOKS)
        try:
            for kind in kinds:
                try:
                    rows = connection.execute(sql, (query, kind, limit)).fetchall()
                except sqlite3.OperationalError as exc:
                    if self._stops != stops:
                        raise SearchStopped from None
                    if "fts5" not in str(exc):
                        raise
                    # Not expected from the queries built here; still, the
                    # user gets words, never SQLite's.
                    raise SearchError(f"cannot search for {text!r}") from None
                hits.extend(hit for hit in map(_hit, rows) if hit is not None)
        finally:
            connection.set_progress_handler(None, 0)
        return hits

    def bank_stamps(self) -> str | None:
        """The bank files' stamps the banks' rows were last written from (see
        ``store_banks``), None when not known."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            found = connection.execute("SELECT stamps FROM bank_stamps").fetchall()
            if len(found) == 1 and type(found[0][0]) is str:
                stamps: str = found[0][0]
                return stamps
        return None

    def stop_search(self) -> None:
        """Stop the search running now, if any, from any thread: it raises
        ``SearchStopped`` once the full-text module's step running then returns
        (a tenth of a second at most at 10,000 records). Searches started later run."""
        self._stops += 1


def _hit(row: Sequence[Any]) -> Hit | None:
    kind, slug, name, person, company, rank, *snippets = row
    if not (type(kind) is str and type(slug) is str and type(name) is str
            and isinstance(rank, float) and all(type(s) is str for s in snippets)):
        return None
    where = WHERE.get(kind)
    if where is None:
        return None
    # The column with the most highlighted words is where the hit is.
    column = max(range(len(snippets)), key=lambda i: (snippets[i].count(MARK_START), -i))
    company = company if type(company) is str else ""
    title = _title(kind, slug, name, person if type(person) is str else "", company)
    return Hit(kind, slug, title, where[column] or "name", snippets[column], rank,
               company if kind == "people" else "")


def _title(kind: str, slug: str, name: str, person: str, company: str) -> str:
    if kind == "interviews":
        return f"{person} · {slug[:10]}" + (f" · {company}" if company else "")
    return name or slug


def record_hit(kind: str, slug: str, record: Record, query: Query, person: str,
               rank: float) -> Hit | None:
    """The hit ``query`` makes in a record the index does not hold yet (matched
    in Python, as the index would), with ``person`` the name of an interview's
    person; None if it does not match."""
    texts = _texts(record)
    found = text_match(query, texts, MARK_START, MARK_END) if texts is not None else None
    if found is None:
        return None
    column, snippet = found
    name, company = _summary_values(record)[:2]
    return Hit(kind, slug, _title(kind, slug, name, person, company),
               WHERE[kind][column] or "name", snippet, rank,
               company if kind == "people" else "")
