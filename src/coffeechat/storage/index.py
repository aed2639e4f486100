"""The derived index: ``.cache/index.sqlite``, rebuilt from the files, never the truth.

One row per record file holds what the store needs to skip reading the file
again (its stamp, digest, problems and decoded data), the summary columns that
lists are filled from, and the file's text in a full-text (FTS5) table. Rows are
written by the code path that writes or reads the file, so the index is current
after every save, by the app or the command line, and after every outside
change the watcher reads back.

The YAML files stay the only truth. A row is trusted only while its file's
size, mtime and inode match; otherwise the file is read again and the row
rewritten. A file that is not a coffeechat index of this format (corrupt,
foreign, older) is deleted and rebuilt; a row that does not decode is ignored
and rewritten; any other SQLite error while running drops the index and starts
an empty one. Nothing here stops the app: at worst the index lives in memory.

Threads: one connection, shared by every thread under a lock
(``check_same_thread=False``). Writes must be serialised anyway, queries take
milliseconds, and a single connection also serves the in-memory fallback,
which connections opened per thread could not share.

Processes: in WAL mode a read-only instance reads while the writer writes. An
instance that does not hold the workspace lock may still write rows for files
it had to read, but only while the file keeps the stamp that was read (checked
inside the write transaction), so an older version never replaces a newer row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from coffeechat.core.campaign import InterviewSummary, OpenFollowup, summarize
from coffeechat.core.models import Company, Interview, Person, QuestionBank
from coffeechat.core.models.codecs import one_of
from coffeechat.core.models.interview import FOLLOWUP_KINDS, FORMATS, STATUSES
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.models.schema import Record
from coffeechat.core.search import (
    COLUMNS,
    KINDS,
    WEIGHTS,
    WHERE,
    Texts,
    bank_texts,
    company_texts,
    fts_query,
    interview_texts,
    person_texts,
)
from coffeechat.storage.records import Stamp

CACHE_DIR = ".cache"
INDEX_NAME = "index.sqlite"
# Marks the file as ours ("ccix"); anything else in its place is discarded.
APPLICATION_ID = 0x63636978
# Bump whenever the schema or what a file decodes to changes: older indexes
# are then rebuilt rather than trusted.
FORMAT = 1
# How long a write waits for another process's transaction before giving up
# (the row is then written later): a save must never wait long for the index.
BUSY_SECONDS = 0.5
# Markers around matched words in snippets: private-use characters, which
# typed text does not contain.
MARK_START = "\ue000"
MARK_END = "\ue001"
SNIPPET_WORDS = 14

_RECORDS_SQL = """CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    digest TEXT,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    title TEXT NOT NULL,
    person TEXT NOT NULL,
    status TEXT NOT NULL,
    format TEXT NOT NULL,
    scheduled TEXT,
    waiting_since TEXT,
    asked INTEGER NOT NULL,
    held INTEGER NOT NULL,
    names_gained INTEGER NOT NULL,
    learned INTEGER NOT NULL,
    problems TEXT NOT NULL,
    readable INTEGER NOT NULL,
    UNIQUE (kind, slug)
)"""
# The decoded records live apart, so that scanning the rows above (every start
# does) reads a few hundred kilobytes rather than every note.
_BODIES_SQL = """CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL
)"""
_FOLLOWUPS_SQL = """CREATE TABLE followups (
    record INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    due TEXT,
    snoozed_until TEXT,
    PRIMARY KEY (record, position)
)"""
_SEARCH_SQL = (
    f"CREATE VIRTUAL TABLE search USING fts5({', '.join(COLUMNS)}, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

_SUMMARY_COLUMNS = ("name", "company", "title", "person", "status", "format", "scheduled",
                    "waiting_since", "asked", "held", "names_gained", "learned")
_ROW_COLUMNS = ("kind", "slug", "file", "size", "mtime_ns", "inode", "digest",
                *_SUMMARY_COLUMNS, "problems", "readable")
_INSERT = (f"INSERT INTO records ({', '.join(_ROW_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in _ROW_COLUMNS)})")
_UPDATE = (f"UPDATE records SET {', '.join(f'{name} = ?' for name in _ROW_COLUMNS[2:])} "
           "WHERE id = ?")


class IndexDamaged(Exception):
    """A row read back is not what this code writes: the index is rebuilt."""


class Head(NamedTuple):
    """What the store needs to trust a row instead of reading its file."""

    file: str
    # The file's stamp, as (size, mtime_ns, inode): compared with the disk for
    # every file at every start, so no Stamp object is built for it.
    stamp: tuple[int, int, int]
    digest: str | None
    problems: str
    # Whether the row holds a decoded record (fetched only when needed).
    readable: bool


class Row(NamedTuple):
    """Everything written for one record file."""

    slug: str
    file: str
    stamp: Stamp
    digest: str | None
    problems: list[Problem]
    record: Record | None
    # The decoded data as JSON when already known (rows rebuilt from the index).
    data: str | None = None


class Hit(NamedTuple):
    """One search result: a record and where in it the query matched."""

    kind: str
    slug: str
    title: str
    where: str
    snippet: str
    rank: float


class Name(NamedTuple):
    """A record by name, for jumping to it."""

    kind: str
    slug: str
    name: str
    detail: str


class SearchError(ValueError):
    """A query that cannot be run, with a message for the user."""


def _text(value: object) -> str:
    if type(value) is not str:
        raise IndexDamaged(f"expected text, found {type(value).__name__}")
    return value


def _date(value: object) -> dt.date | None:
    try:
        return None if value is None else dt.date.fromisoformat(_text(value))
    except ValueError as exc:
        raise IndexDamaged(str(exc)) from None


def _problem_json(problems: list[Problem]) -> str:
    return json.dumps([[problem.message, problem.line, problem.column, problem.field,
                        problem.suggestion, problem.severity.value] for problem in problems],
                      ensure_ascii=False)


def _optional(value: object, kind: type) -> bool:
    return value is None or type(value) is kind


def problems_from(path: Path, text: str) -> list[Problem] | None:
    """The problems a row remembers for ``path``, or None if they do not decode."""
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if not isinstance(items, list):
        return None
    problems = []
    for item in items:
        if not isinstance(item, list) or len(item) != 6:
            return None
        message, line, column, field, suggestion, severity = item
        if not (type(message) is str and _optional(line, int) and _optional(column, int)
                and _optional(field, str) and _optional(suggestion, str)
                and severity in (Severity.ERROR.value, Severity.WARNING.value)):
            return None
        problems.append(Problem(path, message, line, column, field, suggestion,
                                Severity(severity)))
    return problems


def _summary_values(record: Record | None, slug: str) -> tuple[Any, ...]:
    """The summary columns of a record, in ``_SUMMARY_COLUMNS`` order."""
    if isinstance(record, Interview):
        summary = summarize(slug, record)
        return ("", summary.company, "", summary.person, summary.status, summary.format,
                summary.scheduled.isoformat() if summary.scheduled else None,
                summary.waiting_since.isoformat() if summary.waiting_since else None,
                int(summary.asked), int(summary.held), summary.names_gained,
                int(summary.learned))
    name = company = title = ""
    if isinstance(record, Person):
        name, company, title = record.name, record.company, record.title
    elif isinstance(record, (Company, QuestionBank)):
        name = record.name if isinstance(record, Company) else record.display_title
    return (name, company, title, "", "", "", None, None, 0, 0, 0, 0)


def _texts(record: Record | None) -> Texts | None:
    if isinstance(record, Person):
        return person_texts(record)
    if isinstance(record, Company):
        return company_texts(record)
    if isinstance(record, Interview):
        return interview_texts(record)
    if isinstance(record, QuestionBank):
        return bank_texts(record)
    return None


def _data_json(record: Record) -> str:
    return json.dumps(record.encode_for_cache(), ensure_ascii=False, separators=(",", ":"))


def _is_busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class Index:
    """The derived index of one data directory (a file, or memory as a fallback)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._failures = 0
        # Bumped each time the index starts again empty: the store then writes
        # every row it holds in memory again.
        self.generation = 0
        self.searchable = True
        # Opened on first use: creating a workspace object touches no file.
        self._connection: sqlite3.Connection | None = None

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path) -> Index:
        """The index of ``data_dir``; never raises (memory when the file is unusable)."""
        return cls(data_dir / CACHE_DIR / INDEX_NAME)

    def _open(self) -> sqlite3.Connection:
        # Never creates the data directory itself (its folder must exist).
        if self.path is not None and self._failures < 2 and self.path.parent.parent.is_dir():
            try:
                return self._open_file(self.path)
            except (OSError, sqlite3.Error):
                pass
        self.path = None
        connection = self._connect(":memory:")
        self._create(connection)
        return connection

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        # Connecting reads nothing: a damaged file fails in ``_configure``.
        return sqlite3.connect(where, timeout=BUSY_SECONDS, isolation_level=None,
                               check_same_thread=False)

    @staticmethod
    def _configure(connection: sqlite3.Connection) -> None:
        # WAL: readers in other processes never block the writer, and a kill at
        # any point leaves the last committed state. NORMAL sync is enough for
        # a cache: a power cut may lose the last rows, which are then rebuilt.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")

    def _open_file(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created private before SQLite opens it; its -wal and -shm files copy
        # the database file's permissions.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        connection = self._connect(str(path))
        try:
            self._configure(connection)
            if self._matches(connection):
                return connection
            # Checked again under the write lock: another process may be
            # creating the same index right now.
            connection.execute("BEGIN IMMEDIATE")
            if self._matches(connection) or self._is_empty(connection):
                if self._is_empty(connection):
                    self._create(connection)
                connection.execute("COMMIT")
                return connection
            connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        connection.close()
        _discard(path)
        connection = self._connect(str(path))
        self._configure(connection)
        connection.execute("BEGIN IMMEDIATE")
        self._create(connection)
        connection.execute("COMMIT")
        return connection

    def _matches(self, connection: sqlite3.Connection) -> bool:
        """Whether the database is a coffeechat index of this format."""
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return False
        if connection.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
            return False
        found = dict(connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('records', 'bodies', "
            "'followups', 'search')").fetchall())
        if (found.get("records") != _RECORDS_SQL or found.get("bodies") != _BODIES_SQL
                or found.get("followups") != _FOLLOWUPS_SQL):
            return False
        self.searchable = found.get("search") == _SEARCH_SQL
        return self.searchable or "search" not in found

    @staticmethod
    def _is_empty(connection: sqlite3.Connection) -> bool:
        count = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return bool(count == 0 and connection.execute(
            "PRAGMA application_id").fetchone()[0] == 0)

    def _create(self, connection: sqlite3.Connection) -> None:
        connection.execute(_RECORDS_SQL)
        connection.execute(_BODIES_SQL)
        connection.execute(_FOLLOWUPS_SQL)
        try:
            connection.execute(_SEARCH_SQL)
            self.searchable = True
        except sqlite3.OperationalError:
            # A Python built without FTS5: everything but search still works.
            self.searchable = False
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # -- failures ----------------------------------------------------------------

    @contextlib.contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock; a damaged index is dropped and started
        again empty (a second failure in one run moves it to memory)."""
        with self._lock:
            if self._connection is None:
                self._connection = self._open()
            connection = self._connection
            try:
                yield connection
            except (sqlite3.Error, IndexDamaged) as exc:
                with contextlib.suppress(sqlite3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and _is_busy(exc):
                    raise _Skipped from None
                self._restart()
                raise _Skipped from None

    def _restart(self) -> None:
        self._failures += 1
        with contextlib.suppress(sqlite3.Error):
            if self._connection is not None:
                self._connection.close()
        if self.path is not None:
            with contextlib.suppress(OSError):
                _discard(self.path)
        self._connection = self._open()
        self.generation += 1

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._using() as connection:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")

    # -- rows --------------------------------------------------------------------

    def heads(self, kind: str) -> dict[str, Head]:
        """The rows of one folder by slug; rows whose columns do not have the
        types written here are left out (their files are read again)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = connection.execute(
                "SELECT slug, file, size, mtime_ns, inode, digest, problems, readable "
                "FROM records WHERE +kind = ?", (kind,)).fetchall()
            heads = {}
            for slug, file, size, mtime_ns, inode, digest, problems, readable in rows:
                if (type(slug) is str and type(file) is str and type(size) is int
                        and type(mtime_ns) is int and type(inode) is int
                        and _optional(digest, str) and type(problems) is str):
                    heads[slug] = Head(file, (size, mtime_ns, inode), digest, problems,
                                       bool(readable))
            return heads
        return {}

    def data(self, kind: str, slug: str, stamp: Stamp) -> str | None:
        """The decoded record of one row, if the row is for the file as ``stamp`` says."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT data FROM records JOIN bodies USING (id) WHERE kind = ? AND slug = ? "
                "AND size = ? AND mtime_ns = ? AND inode = ?",
                (kind, slug, stamp.size, stamp.mtime_ns, stamp.inode)).fetchone()
            if row is not None and type(row[0]) is str:
                return row[0]
        return None

    def all_data(self, kind: str) -> dict[str, tuple[tuple[int, int, int], str]]:
        """The decoded records of one folder with the stamps, as (size,
        mtime_ns, inode), of the files they are for."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {
                slug: ((size, mtime_ns, inode), data)
                for slug, size, mtime_ns, inode, data in connection.execute(
                    "SELECT slug, size, mtime_ns, inode, data FROM records JOIN bodies USING (id) "
                    "WHERE kind = ?", (kind,))
                if type(slug) is str and type(data) is str and type(size) is int
                and type(mtime_ns) is int and type(inode) is int
            }
        return {}

    def store(self, kind: str, rows: Iterable[Row],
              still: Callable[[Row], bool] | None = None) -> bool:
        """Write rows in one transaction; ``still`` (checked inside it) says whether
        a row's file is still as read. False when the index could not be written."""
        try:
            with self._writing() as connection:
                for row in rows:
                    if still is None or still(row):
                        self._put(connection, kind, row)
        except _Skipped:
            return False
        return True

    def _put(self, connection: sqlite3.Connection, kind: str, row: Row) -> None:
        record = row.record
        data = row.data if row.data is not None else (
            _data_json(record) if record is not None else None)
        values = (kind, row.slug, row.file, row.stamp.size, row.stamp.mtime_ns,
                  row.stamp.inode, row.digest, *_summary_values(record, row.slug),
                  _problem_json(row.problems), int(data is not None))
        found = connection.execute("SELECT id FROM records WHERE kind = ? AND slug = ?",
                                   (kind, row.slug)).fetchone()
        if found is None:
            record_id = connection.execute(_INSERT, values).lastrowid
        else:
            record_id = found[0]
            connection.execute(_UPDATE, (*values[2:], record_id))
            self._forget(connection, record_id)
        if data is not None:
            connection.execute("INSERT INTO bodies VALUES (?, ?)", (record_id, data))
        if isinstance(record, Interview):
            connection.executemany(
                "INSERT INTO followups VALUES (?, ?, ?, ?, ?, ?)",
                [(record_id, position, followup.kind, followup.to,
                  followup.due.isoformat() if followup.due else None,
                  followup.snoozed_until.isoformat() if followup.snoozed_until else None)
                 for position, followup in enumerate(record.followups) if not followup.done])
        texts = _texts(record)
        if texts is not None and self.searchable:
            connection.execute(
                f"INSERT INTO search (rowid, {', '.join(COLUMNS)}) "
                f"VALUES (?, {', '.join('?' for _ in COLUMNS)})", (record_id, *texts))

    def remove(self, kind: str, slugs: Iterable[str]) -> None:
        """Forget the rows of files that are gone."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for slug in slugs:
                found = connection.execute(
                    "SELECT id FROM records WHERE kind = ? AND slug = ?", (kind, slug)
                ).fetchone()
                if found is not None:
                    connection.execute("DELETE FROM records WHERE id = ?", found)
                    self._forget(connection, found[0])

    def _forget(self, connection: sqlite3.Connection, record_id: int) -> None:
        """Drop what hangs off a row (before it is rewritten or deleted)."""
        connection.execute("DELETE FROM bodies WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM followups WHERE record = ?", (record_id,))
        if self.searchable:
            connection.execute("DELETE FROM search WHERE rowid = ?", (record_id,))

    def store_banks(self, banks: Iterable[QuestionBank]) -> None:
        """Index the banks in use, rewriting only what changed since last time."""
        wanted = {}
        for bank in banks:
            texts = bank_texts(bank)
            fingerprint = hashlib.blake2b("\0".join(texts).encode(), digest_size=16)
            wanted[bank.id] = (bank, fingerprint.hexdigest())
        with contextlib.suppress(_Skipped), self._using() as connection:
            known = dict(connection.execute(
                "SELECT slug, digest FROM records WHERE kind = 'banks'").fetchall())
        if known == {bank_id: digest for bank_id, (_, digest) in wanted.items()}:
            return
        self.remove("banks", set(known) - set(wanted))
        self.store("banks", (
            Row(bank_id, bank.path.name if bank.path else "", Stamp(0, 0, 0), digest, [], bank)
            for bank_id, (bank, digest) in wanted.items() if known.get(bank_id) != digest))

    # -- queries -----------------------------------------------------------------

    def interview_summaries(self) -> dict[str, tuple[Stamp, InterviewSummary]]:
        """Every interview's summary with the stamp of the file it came from."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            followups: dict[int, list[OpenFollowup]] = {}
            for record_id, position, kind, recipient, due, snoozed in connection.execute(
                    "SELECT record, position, kind, recipient, due, snoozed_until "
                    "FROM followups ORDER BY record, position"):
                chosen = one_of(FOLLOWUP_KINDS, _text(kind))
                if chosen is None or type(position) is not int:
                    raise IndexDamaged("unknown follow-up kind")
                followups.setdefault(record_id, []).append(OpenFollowup(
                    position, chosen, _text(recipient), _date(due), _date(snoozed)))
            found = {}
            for row in connection.execute(
                    "SELECT id, slug, size, mtime_ns, inode, company, person, status, format, "
                    "scheduled, waiting_since, asked, held, names_gained, learned "
                    "FROM records WHERE kind = 'interviews' AND readable"):
                found[_text(row[1])] = self._summary(row, followups)
            return found
        return {}

    @staticmethod
    def _summary(row: Sequence[Any], followups: dict[int, list[OpenFollowup]]
                 ) -> tuple[Stamp, InterviewSummary]:
        (record_id, slug, size, mtime_ns, inode, company, person, status, format_, scheduled,
         waiting_since, asked, held, names_gained, learned) = row
        chosen = one_of(STATUSES, _text(status))
        if chosen is None or (format_ and one_of(FORMATS, _text(format_)) is None):
            raise IndexDamaged("unknown status or format")
        if not all(type(value) is int for value in (size, mtime_ns, inode, asked, held,
                                                    names_gained, learned)):
            raise IndexDamaged("a number is not a number")
        try:
            summary = InterviewSummary(
                slug=slug, person=_text(person), company=_text(company), status=chosen,
                format=_text(format_),
                scheduled=(dt.datetime.fromisoformat(_text(scheduled))
                           if scheduled is not None else None),
                waiting_since=_date(waiting_since), asked=bool(asked), held=bool(held),
                names_gained=names_gained, learned=bool(learned),
                followups=tuple(followups.get(record_id, ())))
        except ValueError as exc:
            raise IndexDamaged(str(exc)) from None
        return Stamp(size, mtime_ns, inode), summary

    def name_of(self, kind: str, slug: str) -> tuple[Stamp, str] | None:
        """One row's name (people, companies) with the stamp of its file."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT size, mtime_ns, inode, name FROM records WHERE kind = ? AND slug = ? "
                "AND readable", (kind, slug)).fetchone()
            if row is not None:
                size, mtime_ns, inode, name = row
                if (type(name) is str and type(size) is int and type(mtime_ns) is int
                        and type(inode) is int):
                    return Stamp(size, mtime_ns, inode), name
        return None

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

    def employers(self) -> list[tuple[str, int]]:
        """Employers named on people with no company file of that name, and how
        many people work there."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            rows = connection.execute(
                "SELECT min(company), count(*) FROM records WHERE kind = 'people' "
                "AND company != '' AND readable AND lower(trim(company)) NOT IN "
                "(SELECT lower(trim(name)) FROM records WHERE kind = 'companies') "
                "GROUP BY lower(trim(company)) ORDER BY lower(trim(company))").fetchall()
            return [(name, count) for name, count in rows
                    if type(name) is str and type(count) is int]
        return []

    def search(self, text: str, *, kinds: Iterable[str] = KINDS,
               limit: int = 50) -> list[Hit]:
        """The best hits for ``text`` per kind (up to ``limit`` each), best first.

        Raises ``SearchError`` with a message for the user when the query means
        nothing or search is unavailable; never shows SQLite's own words."""
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
        hits: list[Hit] = []
        try:
            with self._using() as connection:
                for kind in kinds:
                    try:
                        rows = connection.execute(sql, (query, kind, limit)).fetchall()
                    except sqlite3.OperationalError as exc:
                        if "fts5" not in str(exc):
                            raise
                        # Not expected from the queries built here; still, the
                        # user gets words, never SQLite's.
                        raise SearchError(f"cannot search for {text!r}") from None
                    hits.extend(hit for hit in map(_hit, rows) if hit is not None)
        except _Skipped:
            raise SearchError("search is not ready yet; try again in a moment") from None
        return hits


class _Skipped(Exception):
    """An index operation that did not happen (busy, or the index was reset)."""


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
    if kind == "interviews":
        who = person if type(person) is str else ""
        title = f"{who} · {slug[:10]}" + (f" · {company}" if type(company) is str
                                           and company else "")
    else:
        title = name or slug
    return Hit(kind, slug, title, where[column] or "name", snippets[column], rank)


def _discard(path: Path) -> None:
    """Delete an index and its WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
