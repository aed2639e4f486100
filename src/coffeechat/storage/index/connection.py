"""The index's connection: opening (or rebuilding) the file, the fallback to
memory, the lock every thread shares, and what happens when SQLite fails."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from coffeechat.storage.index.schema import (
    _BANK_STAMPS_SQL,
    _BODIES_SQL,
    _CONTACT_INDEXES,
    _CONTACTS_SQL,
    _FOLDER_TRIGGERS,
    _FOLDERS_SQL,
    _HOME_LINES_ORDER,
    _HOME_LINES_SQL,
    _HOME_SQL,
    _LINKS_SQL,
    _LISTINGS_SQL,
    _NAME_ORDER_SQL,
    _NAMES_ORDER_SQL,
    _NAMES_SQL,
    _REACHES_ORDERS,
    _REACHES_SQL,
    _RECORDS_SQL,
    _SEARCH_SQL,
    _SEARCH_TEXT_SQL,
    _TROUBLED_SQL,
    APPLICATION_ID,
    CACHE_DIR,
    FORMAT,
    INDEX_NAME,
)

# How long a write waits for another process's transaction before giving up
# (the row is then written later): a save must never wait long for the index.
BUSY_SECONDS = 0.5

C = TypeVar("C", bound="IndexConnection")


class Unavailable(Exception):
    """The index could not be read (it is started again empty, see ``_using``)."""


class _Skipped(Exception):
    """An index operation that did not happen (busy, or the index was reset)."""


class IndexConnection:
    """The connection of the index of one data directory (a file, or memory as
    a fallback); ``Index`` adds its queries."""

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
        self._readers: dict[str, tuple[int, sqlite3.Connection]] = {}
        self._search_lock = threading.Lock()
        self._stops = 0
        # Network's filter likewise, on a reader of its own (a keystroke's query
        # never waits for a search), stopped once ``_filter_stops`` moves on.
        self._filter_lock = threading.Lock()
        self._filter_stops = 0
        # Write transactions this process began: a screen that answers from the
        # rows knows whether they may have moved since (another process's
        # writes reach it as the watcher's news).
        self.writes = 0

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls: type[C], data_dir: Path) -> C:
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
            "'home', 'home_lines', 'links', 'reaches', 'names', 'listings', 'bank_stamps', "
            "'contacts', 'search', 'search_text', 'folders', 'records_insert', "
            "'records_update', 'records_delete')").fetchall())
        if (found.get("records") != _RECORDS_SQL or found.get("bodies") != _BODIES_SQL
                or found.get("home") != _HOME_SQL or found.get("home_lines") != _HOME_LINES_SQL
                or found.get("links") != _LINKS_SQL or found.get("reaches") != _REACHES_SQL
                or found.get("names") != _NAMES_SQL
                or found.get("listings") != _LISTINGS_SQL
                or found.get("bank_stamps") != _BANK_STAMPS_SQL
                or found.get("contacts") != _CONTACTS_SQL
                or found.get("folders") != _FOLDERS_SQL
                # Without its triggers, a folder's digest could outlive a change of its rows.
                or any(found.get(name) != sql for name, sql in _FOLDER_TRIGGERS.items())):
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
        connection.execute(_REACHES_SQL)
        for order in _REACHES_ORDERS:
            connection.execute(order)
        connection.execute(_NAMES_SQL)
        connection.execute(_NAMES_ORDER_SQL)
        connection.execute(_LISTINGS_SQL)
        connection.execute(_BANK_STAMPS_SQL)
        connection.execute(_CONTACTS_SQL)
        connection.execute(_NAME_ORDER_SQL)
        connection.execute(_TROUBLED_SQL)
        connection.execute(_FOLDERS_SQL)
        for trigger in _FOLDER_TRIGGERS.values():
            connection.execute(trigger)
        # The contacts list's orders and totals come once its rows are written
        # (``complete_orders``).
        try:
            connection.execute(_SEARCH_SQL)
            connection.execute(_SEARCH_TEXT_SQL)
            self.searchable = True
        except sqlite3.OperationalError:
            # A Python built without FTS5: everything but search still works.
            self.searchable = False
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {FORMAT}")

    def complete_orders(self) -> None:
        """Build the contacts list's orders and totals that are missing. A new
        index is made without them: a first start then writes 10,000 people's
        rows without keeping eleven orders current row by row, and building
        them once after costs a fifth of that. Network's queries give the same
        rows either way, only slower without them."""
        with contextlib.suppress(_Skipped):
            with self._using() as connection:
                have = {name for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' "
                    "AND tbl_name = 'contacts'")}
            missing = _CONTACT_INDEXES.keys() - have
            if missing:
                with self._writing() as connection:
                    for name in sorted(missing):
                        connection.execute(f"CREATE INDEX IF NOT EXISTS {name} "
                                           f"ON {_CONTACT_INDEXES[name]}")

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        with self._search_lock:
            self._drop_reader_of("search")
        with self._filter_lock:
            self._drop_reader_of("filter")

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
            except BaseException:
                # Not SQLite's (a listing that failed while its stamps were
                # inserted): the connection must not stay inside the transaction.
                with contextlib.suppress(sqlite3.Error):
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                raise

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
            self.writes += 1
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")

    # -- the read-only connections of searches and Network's filter --------------

    def _reader_of(self, job: str) -> sqlite3.Connection | None:
        """The read-only connection of ``job`` (``"search"``, ``"filter"``: call
        with that job's lock), for the index of this generation; None for an
        index in memory."""
        with self._lock:
            if self._connection is None:
                self._connection = self._open()
            path, generation = self.path, self.generation
        if path is None:
            return None
        kept = self._readers.get(job)
        if kept is not None and kept[0] == generation:
            return kept[1]
        self._drop_reader_of(job)
        try:
            reader = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                                     timeout=BUSY_SECONDS, isolation_level=None,
                                     check_same_thread=False)
        except sqlite3.Error:
            return None
        self._readers[job] = (generation, reader)
        return reader

    def _drop_reader_of(self, job: str) -> None:
        kept = self._readers.pop(job, None)
        if kept is not None:
            with contextlib.suppress(sqlite3.Error):
                kept[1].close()


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
