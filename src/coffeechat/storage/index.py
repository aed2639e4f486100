"""The derived index: ``.cache/index.sqlite``, rebuilt from the files, never the truth.

One row per record file holds what the store needs to skip reading the file
again (its stamp, digest, problems and decoded data), the summary columns that
lists are filled from (for an interview, what Home selects it by and the light
copy Home reads, see ``core.agenda``), and the file's text in a full-text
(FTS5) table. Home's lists are a query of the interviews' ``home_lines``:
of each list, its first lines of the day and a count of the rest. Rows
are written by the code path that writes or reads the file, so the index is
current after every save, by the app or the command line, and after every
outside change the watcher reads back. The record as ``--json`` lists it is
kept by the listing that made it, until its row is rewritten.

The YAML files stay the only truth. A row is trusted only while its file's
stamp (size, mtime, inode, ctime) matches, and only once that stamp had settled
when the file was read (``Stamp.settled``); otherwise the file is read again
and the row rewritten. A file that is not a coffeechat index of this format (corrupt,
foreign, older) is deleted and rebuilt; a row that does not decode is ignored
and rewritten; any other SQLite error while running drops the index and starts
an empty one. Nothing here stops the app: at worst the index lives in memory.

Threads: one connection, shared by every thread under a lock
(``check_same_thread=False``). Writes must be serialised anyway, queries take
milliseconds, and a single connection also serves the in-memory fallback,
which connections opened per thread could not share. Full-text searches are
the exception: one can take a second, so they run on a read-only connection
of their own, outside the lock (WAL lets a reader and the writer go on
together), and never hold up a save; ``stop_search`` stops one running.

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
import stat
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from coffeechat.core.agenda import Ask, Due, Upcoming, decode_item, encode_item, light, lines
from coffeechat.core.campaign import numbers as campaign_numbers
from coffeechat.core.contacts import COLUMNS as CONTACT_COLUMNS
from coffeechat.core.contacts import contact, unreadable_contact
from coffeechat.core.lifecycle import in_progress
from coffeechat.core.models import Company, Interview, Person, QuestionBank
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.models.schema import Record, encode_json
from coffeechat.core.people import name_key
from coffeechat.core.search import (
    COLUMNS,
    KINDS,
    SNIPPET_WORDS,
    WEIGHTS,
    WHERE,
    Query,
    Texts,
    bank_texts,
    company_texts,
    fts_query,
    interview_texts,
    person_texts,
    text_match,
)
from coffeechat.core.text import fold_letters, sort_key
from coffeechat.storage.records import Stamp

CACHE_DIR = ".cache"
INDEX_NAME = "index.sqlite"
# Marks the file as ours ("ccix"); anything else in its place is discarded.
APPLICATION_ID = 0x63636978
# Bump whenever the schema or what a file decodes to changes: older indexes
# are then rebuilt rather than trusted.
FORMAT = 11
# The most values one query is given (SQLite's own limit is at least 999).
_MAX_PARAMETERS = 500
# How long a write waits for another process's transaction before giving up
# (the row is then written later): a save must never wait long for the index.
BUSY_SECONDS = 0.5
# Markers around matched words in snippets: private-use characters, which
# typed text does not contain.
MARK_START = "\ue000"
MARK_END = "\ue001"
# How many SQLite steps a search runs between looks at whether it was stopped
# (a look costs a Python call; this many steps take well under a millisecond,
# though one step of the full-text module can take longer).
_STEPS_BETWEEN_LOOKS = 10_000
# Rows a listing fetches at a time.
LISTING_WINDOW = 500

_RECORDS_SQL = """CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    digest TEXT,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    title TEXT NOT NULL,
    person TEXT NOT NULL,
    status TEXT NOT NULL,
    scheduled TEXT,
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
# Of an interview, its employer's name key (the rhythm at a target employer
# reads every chat there) and when a meeting still running began; what it adds
# to the campaign's numbers; and its light copy (``core.agenda.light``, all
# Home reads of it, a tenth of the whole).
_HOME_SQL = """CREATE TABLE home (
    id INTEGER PRIMARY KEY,
    employer TEXT NOT NULL,
    began TEXT,
    asked INTEGER NOT NULL,
    held INTEGER NOT NULL,
    names INTEGER NOT NULL,
    learned INTEGER NOT NULL,
    data TEXT NOT NULL
)"""
# Of an interview, each line it can give Home (``core.agenda.lines``): its list,
# what the list is ordered and chosen by (``at``; ``made`` for a promise, due
# a setting's days later), the order between lines of the same ``at`` (``tie``)
# and the line's content, so that each list is a query of its first lines.
_HOME_LINES_SQL = """CREATE TABLE home_lines (
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT,
    made TEXT,
    tie TEXT NOT NULL,
    item TEXT NOT NULL
)"""
_HOME_LINES_ORDER = "CREATE INDEX home_lines_id ON home_lines (id)"

# Of a person, who introduced them and whom they know (slugs, one a line): with
# the name, company and title of the row, the network's links, read without
# rebuilding 10,000 people (the rhythm at the target employers walks them).
_LINKS_SQL = """CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    introduced_by TEXT NOT NULL,
    knows TEXT NOT NULL
)"""
# A record as ``--json`` lists it (``encode_json`` of ``as_json``), so that listing
# thousands writes this text rather than decoding and encoding each again; with
# the keys its extra fields add (a listing puts its own key in front, which one
# of them could override), under a seal of everything a listing takes from the
# row (see ``_seal``). Kept by the listing that made it (``keep_listings``), and
# dropped whenever its row is rewritten.
_LISTINGS_SQL = """CREATE TABLE listings (
    id INTEGER PRIMARY KEY,
    seal TEXT NOT NULL,
    extra_keys TEXT NOT NULL,
    text TEXT NOT NULL
)"""
# Network's list, one row per person file (``core.contacts``): the cells shown,
# the folded text its filter looks in, and a key per column to sort by, each
# with an index in the list's order, so that a window of it is read without
# sorting every row.
_CONTACTS_SQL = """CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    unreadable INTEGER NOT NULL,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    title TEXT NOT NULL,
    tags TEXT NOT NULL,
    met TEXT NOT NULL,
    haystack TEXT NOT NULL,
    folded_name TEXT NOT NULL,
    k0 BLOB NOT NULL,
    k1 BLOB NOT NULL,
    k2 BLOB NOT NULL,
    k3 BLOB NOT NULL,
    k4 BLOB NOT NULL
)"""
_CONTACT_ORDERS = tuple(
    f"CREATE INDEX contacts_k{column} ON contacts (k{column}{', k0' if column else ''}, slug)"
    for column in range(len(CONTACT_COLUMNS)))
# The full-text index reads texts with ``fold_letters`` applied (its tokenizer
# removes accents and case, not ø or ß), while snippets are cut from the texts as
# written, kept in ``search_text``: folding keeps every word one word, so the
# index's word positions fit both.
_SEARCH_TEXT_SQL = (
    f"CREATE TABLE search_text (id INTEGER PRIMARY KEY, "
    f"{', '.join(f'{column} TEXT NOT NULL' for column in COLUMNS)})"
)
_SEARCH_SQL = (
    f"CREATE VIRTUAL TABLE search USING fts5({', '.join(COLUMNS)}, "
    "content = 'search_text', content_rowid = 'id', "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

_TEXT_MARKS = ", ".join("?" for _ in COLUMNS)

# The files of a folder as ``Index.unmatched`` compares them with their rows.
_SEEN_SQL = """CREATE TEMP TABLE IF NOT EXISTS seen (
    slug TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    inode INTEGER,
    ctime_ns INTEGER,
    odd INTEGER NOT NULL
)"""

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

_SUMMARY_COLUMNS = ("name", "company", "title", "person", "status", "scheduled")
_ROW_COLUMNS = ("kind", "slug", "file", "size", "mtime_ns", "inode", "ctime_ns", "checked_ns",
                "digest", *_SUMMARY_COLUMNS, "problems", "readable")
_INSERT = (f"INSERT INTO records ({', '.join(_ROW_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in _ROW_COLUMNS)})")
_UPDATE = (f"UPDATE records SET {', '.join(f'{name} = ?' for name in _ROW_COLUMNS[2:])} "
           "WHERE id = ?")


# A file's stamp as the index keeps it: (size, mtime_ns, inode, ctime_ns).
Key = tuple[int, int, int, int]


def key_of(stamp: Stamp) -> Key:
    return stamp.size, stamp.mtime_ns, stamp.inode, stamp.ctime_ns


class Head(NamedTuple):
    """What the store needs to trust a row instead of reading its file."""

    file: str
    # Compared with the disk for every file at every start: a plain tuple, so
    # no Stamp object is built for it.
    stamp: Key
    # When the file was read for this row (see ``Stamp.settled``).
    checked_ns: int
    digest: str | None
    problems: str
    # Whether the row holds a decoded record (fetched only when needed).
    readable: bool


class Row(NamedTuple):
    """Everything written for one record file."""

    slug: str
    file: str
    stamp: Stamp
    checked_ns: int
    digest: str | None
    problems: list[Problem]
    record: Record | None
    # The name of a file that cannot be read as a record, as far as its text
    # says (its row's name, so lists name it before the file is read).
    label: str = ""


class Listing(NamedTuple):
    """A record as ``--json`` lists it, with what it is sorted and filtered by."""

    slug: str
    # The stamp of the file the text was written for.
    stamp: Key
    # The summary columns of the same name.
    name: str
    status: str
    # The keys of the record's extra fields.
    extra_keys: tuple[object, ...]
    # ``encode_json(record.as_json())``.
    text: str


class Listed(NamedTuple):
    """One row as a listing reads it."""

    slug: str
    file: str
    # The summary columns.
    name: str
    company: str
    title: str
    person: str
    status: str
    # An interview's person's name as the person's row has it ("" for none).
    person_name: str
    # The decoded record (None when not asked for, or not a text).
    data: str | None
    # The stamp of the file the row is of.
    stamp: Key = (0, 0, 0, 0)
    # The record as ``--json`` lists it, as a listing kept it (see ``Listing``),
    # when asked for with the data and its seal matches; with its extra keys.
    kept: str | None = None
    extra_keys: tuple[object, ...] = ()


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


class Contact(NamedTuple):
    """A person as the network's links read them (``core.people.Linked``), from
    their row: no record rebuilt."""

    name: str
    company: str
    title: str
    introduced_by: str
    knows: tuple[str, ...]


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


class Unavailable(Exception):
    """The index could not be read (it is started again empty, see ``_using``)."""


class ContactRow(NamedTuple):
    """One person in Network's list, as the index has them."""

    slug: str
    cells: tuple[str, str, str, str, str]
    # A person whose file cannot be read: kept in its place, marked.
    unreadable: bool = False


class SearchError(ValueError):
    """A query that cannot be run, with a message for the user."""


class SearchStopped(SearchError):
    """A search stopped by ``stop_search`` before it finished."""

    def __init__(self) -> None:
        super().__init__("the search was stopped")


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


def _summary_values(record: Record | None) -> tuple[Any, ...]:
    """The summary columns of a record, in ``_SUMMARY_COLUMNS`` order."""
    name = company = title = person = status = ""
    scheduled = None
    if isinstance(record, Person):
        name, company, title = record.name, record.company, record.title
    elif isinstance(record, Company):
        name = record.name
    elif isinstance(record, QuestionBank):
        name = record.display_title
    elif isinstance(record, Interview):
        company, person, status = record.company, record.person, record.status
        scheduled = record.scheduled.isoformat() if record.scheduled else None
    return (name, company, title, person, status, scheduled)


def _home_values(interview: Interview) -> tuple[Any, ...]:
    """The ``home`` columns of an interview (but its id), in their order."""
    numbers = campaign_numbers(0, [interview])
    return (name_key(interview.company),
            interview.held.isoformat() if in_progress(interview) and interview.held else None,
            numbers.asked, numbers.held, numbers.names_gained, numbers.learned,
            _data_json(light(interview)))


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


def _seal(kind: str, slug: str, stamp: Key, name: str, status: str, extra_keys: str,
          text: str) -> str:
    """A digest of a listing and the row it belongs to: text that SQLite hands back
    damaged, cut short, or moved to another row or file version never matches, so
    it is never printed. (Surrogates pass: a record may hold them.)"""
    size, mtime_ns, inode, ctime_ns = stamp
    sealed = (f"{kind}\0{slug}\0{size}\0{mtime_ns}\0{inode}\0{ctime_ns}\0{name}\0{status}\0"
              f"{extra_keys}\0{text}")
    return hashlib.blake2b(sealed.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


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
        # Searches: a read-only connection of their own (for the index of this
        # generation), one search at a time, each stopped once ``_stops`` moves on.
        self._reader: tuple[int, sqlite3.Connection] | None = None
        self._search_lock = threading.Lock()
        self._stops = 0

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
        with contextlib.suppress(FileExistsError):
            path.parent.mkdir(mode=0o700)
        _refuse_special(path)
        # Created private before SQLite opens it; its -wal and -shm files copy
        # the database file's permissions.
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600))
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
        except sqlite3.OperationalError:
            # A full or failing disk, a lock: nothing says the file is damaged.
            connection.close()
            raise
        except sqlite3.Error:
            pass  # not a database, or not ours
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
            "'home', 'links', 'listings', 'contacts', 'search', 'search_text')").fetchall())
        if (found.get("records") != _RECORDS_SQL or found.get("bodies") != _BODIES_SQL
                or found.get("home") != _HOME_SQL or found.get("links") != _LINKS_SQL
                or found.get("listings") != _LISTINGS_SQL
                or found.get("contacts") != _CONTACTS_SQL):
            return False
        self.searchable = (found.get("search") == _SEARCH_SQL
                           and found.get("search_text") == _SEARCH_TEXT_SQL)
        return self.searchable or "search" not in found

    @staticmethod
    def _is_empty(connection: sqlite3.Connection) -> bool:
        count = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        return bool(count == 0 and connection.execute(
            "PRAGMA application_id").fetchone()[0] == 0)

    def _create(self, connection: sqlite3.Connection) -> None:
        connection.execute(_RECORDS_SQL)
        connection.execute(_BODIES_SQL)
        connection.execute(_HOME_SQL)
        connection.execute(_HOME_LINES_SQL)
        connection.execute(_HOME_LINES_ORDER)
        connection.execute(_LINKS_SQL)
        connection.execute(_LISTINGS_SQL)
        connection.execute(_CONTACTS_SQL)
        for order in _CONTACT_ORDERS:
            connection.execute(order)
        try:
            connection.execute(_SEARCH_SQL)
            connection.execute(_SEARCH_TEXT_SQL)
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
        with self._search_lock:
            self._drop_reader()

    # -- failures ----------------------------------------------------------------

    @contextlib.contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock. An operation the disk refused (full,
        failing, busy) is skipped, to be done again later; a damaged index is
        dropped and started again empty (a second time in one run, in memory)."""
        with self._lock:
            if self._connection is None:
                self._connection = self._open()
            connection = self._connection
            try:
                yield connection
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                if not isinstance(exc, sqlite3.OperationalError):
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
            return {
                row[0]: head for row in connection.execute(
                    f"SELECT slug, {_HEAD_COLUMNS} FROM records WHERE +kind = ?", (kind,))
                if type(row[0]) is str and (head := _head(row[1:])) is not None
            }
        return {}

    def heads_and_data(self, kind: str) -> tuple[dict[str, Head], dict[str, str]]:
        """``heads``, with the decoded records of the rows that have one, in one
        query: for a folder whose every record is about to be needed."""
        heads: dict[str, Head] = {}
        data: dict[str, str] = {}
        with contextlib.suppress(_Skipped), self._using() as connection:
            for row in connection.execute(
                    f"SELECT slug, data, {_HEAD_COLUMNS} FROM records "
                    "LEFT JOIN bodies USING (id) WHERE +kind = ?", (kind,)):
                slug, body = row[0], row[1]
                if type(slug) is str and (head := _head(row[2:])) is not None:
                    heads[slug] = head
                    if type(body) is str:
                        data[slug] = body
        return heads, data

    def problems(self, kind: str) -> list[tuple[str, str]]:
        """``(file name, problems)`` of the rows of one folder that have any."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(file, problems) for file, problems in connection.execute(
                "SELECT file, problems FROM records WHERE +kind = ? AND problems != '[]'",
                (kind,)) if type(file) is str and type(problems) is str]
        return []

    def counts(self) -> dict[str, int]:
        """How many rows each folder has: the files as of the last write, which
        is all a progress total needs before the folders are listed."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {kind: count for kind, count in connection.execute(
                "SELECT kind, COUNT(*) FROM records GROUP BY kind")
                if type(kind) is str and type(count) is int}
        return {}

    def head(self, kind: str, slug: str) -> Head | None:
        """One row (see ``heads``)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                f"SELECT {_HEAD_COLUMNS} FROM records WHERE kind = ? AND slug = ?",
                (kind, slug)).fetchone()
            return _head(row) if row is not None else None
        return None

    def data(self, kind: str, slug: str, stamp: Key) -> str | None:
        """The decoded record of one row, if the row is for the file as ``stamp`` says."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT data FROM records JOIN bodies USING (id) WHERE kind = ? AND slug = ? "
                "AND size = ? AND mtime_ns = ? AND inode = ? AND ctime_ns = ?",
                (kind, slug, *stamp)).fetchone()
            if row is not None and type(row[0]) is str:
                return row[0]
        return None

    def all_data(self, kind: str, table: str = "bodies") -> dict[str, tuple[Key, str]]:
        """The decoded records (or, from ``home``, the light copies) of one
        folder with the stamps of the files they are for."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return {
                slug: ((size, mtime_ns, inode, ctime_ns), data)
                for slug, size, mtime_ns, inode, ctime_ns, data in connection.execute(
                    "SELECT slug, size, mtime_ns, inode, ctime_ns, data FROM records "
                    f"JOIN {table} USING (id) WHERE kind = ?", (kind,))
                if type(slug) is str and type(data) is str and type(size) is int
                and type(mtime_ns) is int and type(inode) is int and type(ctime_ns) is int
            }
        return {}

    def listings(self, kind: str) -> dict[str, Listing]:
        """The listings of one folder by slug; one whose seal does not match its
        row is left out (the record is then listed from its data or its file)."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            found = {}
            for slug, size, mtime_ns, inode, ctime_ns, name, status, seal, keys, text in (
                    connection.execute(
                        "SELECT slug, size, mtime_ns, inode, ctime_ns, name, status, seal, "
                        "extra_keys, text FROM records JOIN listings USING (id) WHERE kind = ?",
                        (kind,))):
                if not (type(slug) is str and type(size) is int and type(mtime_ns) is int
                        and type(inode) is int and type(ctime_ns) is int and type(name) is str
                        and type(status) is str and type(keys) is str and type(text) is str):
                    continue
                stamp = (size, mtime_ns, inode, ctime_ns)
                if seal == _seal(kind, slug, stamp, name, status, keys, text):
                    # Sealed, so written here: a JSON list.
                    extra_keys = () if keys == "[]" else tuple(json.loads(keys))
                    found[slug] = Listing(slug, stamp, name, status, extra_keys, text)
            return found
        return {}

    def keep_listings(self, kind: str, listings: Iterable[Listing]) -> None:
        """Keep listings (with their slugs), each on its row while that row is
        of the file version, and has the name and status, it was made from. A
        listing is kept by the listing that made it, not by every save:
        rewriting a row drops it, and saves stay as cheap as they were."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for listing in listings:
                found = connection.execute(
                    "SELECT id, size, mtime_ns, inode, ctime_ns, name, status FROM records "
                    "WHERE kind = ? AND slug = ?", (kind, listing.slug)).fetchone()
                if found is None or found[1:] != (*listing.stamp, listing.name, listing.status):
                    continue
                keys = encode_json(list(listing.extra_keys))
                seal = _seal(kind, listing.slug, listing.stamp, listing.name, listing.status,
                             keys, listing.text)
                connection.execute("INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?)",
                                   (found[0], seal, keys, listing.text))

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
        data = _data_json(record) if record is not None else None
        summary = _summary_values(record)
        if record is None:
            summary = (row.label, *summary[1:])
        values = (kind, row.slug, row.file, *key_of(row.stamp), row.checked_ns, row.digest,
                  *summary, _problem_json(row.problems), int(data is not None))
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
            connection.execute("INSERT INTO home VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               (record_id, *_home_values(record)))
            connection.executemany(
                "INSERT INTO home_lines VALUES (?, ?, ?, ?, ?, ?)",
                [(record_id, line.kind, line.at, line.made, line.tie, encode_item(line.item))
                 for line in lines(row.slug, record)])
        elif isinstance(record, Person):
            connection.execute("INSERT INTO links VALUES (?, ?, ?)",
                               (record_id, record.introduced_by, "\n".join(record.knows)))
        if kind == "people":
            found_contact = (contact(row.slug, record) if isinstance(record, Person)
                             else unreadable_contact(row.slug, row.label or row.file))
            connection.execute("INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?)",
                               (record_id, row.slug, int(found_contact.unreadable),
                                *found_contact.cells, found_contact.haystack,
                                found_contact.folded_name, *found_contact.keys))
        texts = _texts(record)
        if texts is not None and self.searchable:
            connection.execute(f"INSERT INTO search_text VALUES (?, {_TEXT_MARKS})",
                               (record_id, *texts))
            connection.execute(f"INSERT INTO search (rowid, {', '.join(COLUMNS)}) "
                               f"VALUES (?, {_TEXT_MARKS})",
                               (record_id, *map(fold_letters, texts)))

    def settle(self, kind: str, confirmed: Iterable[tuple[str, Key, str, int]]) -> None:
        """Note that files were found unchanged later: ``(slug, stamp, digest,
        checked_ns)``, on their rows while they are of that version and digest."""
        with contextlib.suppress(_Skipped), self._writing() as connection:
            for slug, stamp, digest, checked_ns in confirmed:
                connection.execute(
                    "UPDATE records SET checked_ns = max(checked_ns, ?) WHERE kind = ? AND "
                    "slug = ? AND size = ? AND mtime_ns = ? AND inode = ? AND ctime_ns = ? "
                    "AND digest = ?", (checked_ns, kind, slug, *stamp, digest))

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
        connection.execute("DELETE FROM home WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM home_lines WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM links WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM listings WHERE id = ?", (record_id,))
        connection.execute("DELETE FROM contacts WHERE id = ?", (record_id,))
        if self.searchable:
            # An index over texts kept elsewhere forgets a row given what it read.
            texts = connection.execute(f"SELECT {', '.join(COLUMNS)} FROM search_text "
                                       "WHERE id = ?", (record_id,)).fetchone()
            if texts is not None:
                connection.execute(
                    f"INSERT INTO search (search, rowid, {', '.join(COLUMNS)}) "
                    f"VALUES ('delete', ?, {_TEXT_MARKS})",
                    (record_id, *map(fold_letters, texts)))
                connection.execute("DELETE FROM search_text WHERE id = ?", (record_id,))

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
            Row(bank_id, bank.path.name if bank.path else "", Stamp(0, 0, 0, 0), 0, digest, [],
                bank)
            for bank_id, (bank, digest) in wanted.items() if known.get(bank_id) != digest))

    def unmatched(self, kind: str, files: Iterable[Sequence[object]], settle_ns: int,
                  ) -> tuple[list[tuple[str, str, bool, Head | None]], list[str]] | None:
        """Compare a folder's files with their rows, in SQL, without holding
        either: ``files`` gives each as ``(slug, file, size, mtime_ns, inode,
        ctime_ns, odd)`` (``odd``: its stamp could not be taken, a row is never
        to be used for it). Returns the files whose rows do not vouch for
        them, each ``(slug, file, twin, head)``: no row, a row of another
        file or stamp, a stamp that had not settled (see ``Stamp.settled``;
        ``settle_ns`` is its margin), a row of a file with problems (its
        head says which), or a slug that has two files (``twin``); and the
        slugs of rows whose files are gone. None when the index cannot be read."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            # A table of this connection's own, in its temporary database: the
            # index's schema and other processes never see it.
            connection.execute(_SEEN_SQL)
            connection.execute("DELETE FROM temp.seen")
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO temp.seen VALUES (?, ?, ?, ?, ?, ?, ?)", files)
            connection.execute("COMMIT")
            unmatched: dict[str, tuple[str, str, bool, Head | None]] = {}
            for slug, file, twin, *head in connection.execute(
                    "SELECT t.slug, t.file, t.slug IN (SELECT slug FROM temp.seen GROUP BY "
                    f"slug HAVING count(*) > 1) AS twin, {_HEAD_COLUMNS_OF_R} FROM temp.seen t "
                    "LEFT JOIN records r ON r.kind = ? AND r.slug = t.slug "
                    "WHERE NOT t.odd AND (twin OR r.id IS NULL OR r.file IS NOT t.file "
                    "OR r.size IS NOT t.size OR r.mtime_ns IS NOT t.mtime_ns "
                    "OR r.inode IS NOT t.inode OR r.ctime_ns IS NOT t.ctime_ns "
                    "OR NOT t.ctime_ns + ? < r.checked_ns OR r.problems IS NOT '[]' "
                    "OR NOT r.readable)", (kind, settle_ns)):
                unmatched[slug] = (slug, file, bool(twin),
                                   _head(head) if head[0] is not None else None)
            gone = [slug for (slug,) in connection.execute(
                "SELECT slug FROM records WHERE kind = ? AND slug NOT IN "
                "(SELECT slug FROM temp.seen)", (kind,)) if type(slug) is str]
            connection.execute("DELETE FROM temp.seen")
            return list(unmatched.values()), gone
        return None

    # -- queries -----------------------------------------------------------------

    def name_of(self, kind: str, slug: str) -> tuple[Key, str] | None:
        """One row's name (people, companies) with the stamp of its file; for a
        file that cannot be read as a record, as far as its text says."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            row = connection.execute(
                "SELECT size, mtime_ns, inode, ctime_ns, name FROM records WHERE kind = ? "
                "AND slug = ?", (kind, slug)).fetchone()
            if row is not None:
                *stamp, name = row
                if type(name) is str and all(type(part) is int for part in stamp):
                    return (stamp[0], stamp[1], stamp[2], stamp[3]), name
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
        """``(slug, light copy)`` of the chats at ``employers`` (name keys; the
        rhythm at target employers reads every chat there), but those of
        ``leaving_out``."""
        keys = list(employers)[:_MAX_PARAMETERS]
        left = set(leaving_out)
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [(slug, data) for slug, data in connection.execute(
                "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = "
                f"'interviews' AND employer IN ({', '.join('?' for _ in keys)})", keys)
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
            reader = self._search_connection()
            if reader is not None:
                try:
                    return self._run(reader, sql, query, kinds, limit, text, stops)
                except sqlite3.Error:
                    # A file that cannot be opened read-only (a WAL being
                    # recovered): the index's own connection, a fresh one next time.
                    self._drop_reader()
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

    def listing(self, kind: str, *, by_name: bool, status: str | None = None,
                data: bool = True) -> Iterator[Listed]:
        """The readable rows of one folder in the order lists show them: by name
        as ``core.text.sort_key`` orders names (then by slug), or by slug; with
        ``status``, of that status only; with ``data``, each with its decoded
        record. Fetched a window at a time, so a listing of any size is written
        as it is read, in constant memory; the index is held (for other
        threads) until the last row is read. Raises ``Unavailable`` when the
        index cannot be read."""
        order = "name_order(name), name, slug" if by_name else "slug"
        # The order is found over the rows alone (a sort of small values), and
        # each window's rows then fetched whole, with their data.
        ids = ("SELECT id FROM records WHERE kind = ? AND readable"
               + (" AND status = ?" if status else "") + f" ORDER BY {order}")
        # A row's decoded record is read only when it has no listing kept (one
        # that does not match its seal gets it afterwards).
        columns = ("(SELECT data FROM bodies WHERE id = r.id AND l.id IS NULL), l.seal, "
                   "l.extra_keys, l.text" if data else "NULL, NULL, NULL, NULL")
        fetch = ("SELECT r.id, r.slug, r.file, r.name, r.company, r.title, r.person, r.status, "
                 f"p.name, r.size, r.mtime_ns, r.inode, r.ctime_ns, {columns} FROM records r "
                 + ("LEFT JOIN listings l ON l.id = r.id " if data else "")
                 + "LEFT JOIN records p ON p.kind = 'people' AND p.slug = r.person "
                 "AND r.kind = 'interviews' WHERE r.id IN ({})")
        try:
            with self._using() as connection:
                connection.create_function("name_order", 1, name_order, deterministic=True)
                cursor = connection.execute(ids, (kind, status) if status else (kind,))
                while window := [record_id for (record_id,) in
                                 cursor.fetchmany(LISTING_WINDOW)]:
                    rows = {row[0]: row[1:] for row in connection.execute(
                        fetch.format(", ".join("?" for _ in window)), window)}
                    for record_id in window:
                        row = rows.get(record_id)
                        if row is None or (listed := _listed(kind, row)) is None:
                            continue
                        if data and listed.kept is None and listed.data is None:
                            body = connection.execute("SELECT data FROM bodies WHERE id = ?",
                                                      (record_id,)).fetchone()
                            if body is not None and type(body[0]) is str:
                                listed = listed._replace(data=body[0])
                        yield listed
                    del rows, row  # one window in memory at a time, not two
        except _Skipped:
            raise Unavailable from None

    def stop_search(self) -> None:
        """Stop the search running now, if any, from any thread: it raises
        ``SearchStopped`` once the full-text module's step running then returns
        (a tenth of a second at most at 10,000 records). Searches started later run."""
        self._stops += 1

    def _search_connection(self) -> sqlite3.Connection | None:
        """The read-only connection searches run on (call with the search lock);
        None for an index in memory."""
        with self._lock:
            if self._connection is None:
                self._connection = self._open()
            path, generation = self.path, self.generation
        if path is None:
            return None
        if self._reader is not None and self._reader[0] == generation:
            return self._reader[1]
        self._drop_reader()
        try:
            reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True,
                                     timeout=BUSY_SECONDS, isolation_level=None,
                                     check_same_thread=False)
        except sqlite3.Error:
            return None
        self._reader = (generation, reader)
        return reader

    def _drop_reader(self) -> None:
        if self._reader is not None:
            with contextlib.suppress(sqlite3.Error):
                self._reader[1].close()
            self._reader = None

    # -- Network's list ------------------------------------------------------------

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


_HEAD_COLUMNS = "file, size, mtime_ns, inode, ctime_ns, checked_ns, digest, problems, readable"
_HEAD_COLUMNS_OF_R = ", ".join(f"r.{column}" for column in _HEAD_COLUMNS.split(", "))


def _head(row: Sequence[Any]) -> Head | None:
    """A row's head, or None when its columns are not of the types written here."""
    file, size, mtime_ns, inode, ctime_ns, checked_ns, digest, problems, readable = row
    if not (type(file) is str and type(size) is int and type(mtime_ns) is int
            and type(inode) is int and type(ctime_ns) is int and type(checked_ns) is int
            and _optional(digest, str) and type(problems) is str):
        return None
    return Head(file, (size, mtime_ns, inode, ctime_ns), checked_ns, digest, problems,
                bool(readable))


class _Skipped(Exception):
    """An index operation that did not happen (busy, or the index was reset)."""


def name_order(name: object) -> str | bytes:
    """What names are ordered by first (``core.text.sort_key``), in SQL as in
    Python: the folded text, or PyICU's collation key (compared byte by byte)."""
    key: str | bytes = sort_key(name if type(name) is str else "")[0]
    return key


def _listed(kind: str, row: Sequence[Any]) -> Listed | None:
    (slug, file, name, company, title, person, status, person_name, *key, data, seal, keys,
     text) = row
    if not (type(slug) is str and type(file) is str and type(name) is str
            and type(company) is str and type(title) is str and type(person) is str
            and type(status) is str and all(type(part) is int for part in key)):
        return None
    stamp = (key[0], key[1], key[2], key[3])
    kept, extra_keys = None, ()
    if type(text) is str and type(keys) is str \
            and seal == _seal(kind, slug, stamp, name, status, keys, text):
        # Sealed, so written here: a JSON list.
        kept, extra_keys = text, (() if keys == "[]" else tuple(json.loads(keys)))
    return Listed(slug, file, name, company, title, person, status,
                  person_name if type(person_name) is str else "",
                  data if type(data) is str else None, stamp, kept, extra_keys)


def listed_of(slug: str, file: str, record: Record) -> Listed:
    """A record's row as a listing reads it, for a record the index does not
    hold yet (its person's name left for the caller to find)."""
    name, company, title, person, status, _ = _summary_values(record)
    return Listed(slug, file, name, company, title, person, status, "", None)


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
    title = _title(kind, slug, name, person if type(person) is str else "",
                   company if type(company) is str else "")
    return Hit(kind, slug, title, where[column] or "name", snippets[column], rank)


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
               WHERE[kind][column] or "name", snippet, rank)


def _refuse_special(path: Path) -> None:
    """Raise unless the cache folder is a real folder and the index and its
    companion files are regular files (or absent): a link, a pipe or a device
    in their place is never opened, and never written through."""
    if not stat.S_ISDIR(os.lstat(path.parent).st_mode):
        raise NotADirectoryError(f"{path.parent} is not a folder")
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            mode = os.lstat(f"{path}{suffix}").st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(mode):
            raise OSError(f"{path}{suffix} is not a regular file")


def _discard(path: Path) -> None:
    """Delete an index and its WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
