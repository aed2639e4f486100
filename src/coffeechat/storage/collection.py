"""One folder of records (people, companies or interviews) and its safety rules.

A collection loads leniently — a bad file becomes problems and the rest load —
and writes strictly: a file with errors is never overwritten, a file changed on
disk since it was read is never clobbered (the unsaved version is kept in
``conflicts/``), and nothing is written while another instance holds the lock.

Only regular files are read (a record may be a link to one); a pipe, a device
or a folder with a record's name is a problem, never opened for reading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.core.models.schema import (
    Record,
    check_cached,
    decode_trusted,
    three_way,
)
from coffeechat.storage import caching, yaml_io
from coffeechat.storage.atomic import (
    DIR_MODE,
    Staged,
    fsync_dir,
    make_private,
    move_new,
    write_atomic,
    write_target,
)
from coffeechat.storage.bulk import collector_paused
from coffeechat.storage.errors import (
    BrokenFileError,
    ConflictError,
    OutOfRangeError,
    StoreError,
)
from coffeechat.storage.index import Head, Index, Row, problems_from
from coffeechat.storage.records import (
    Stamp,
    decode_record,
    digest,
    encode_over,
    encode_record,
    name_in_text,
)
from coffeechat.storage.regular import Refused, check_regular, dangling, read_regular
from coffeechat.storage.slugs import is_safe_slug, slugify, unique_slug

R = TypeVar("R", bound=Record)

SUFFIXES = (".yaml", ".yml")
# Rows written to the index per transaction when catching up after a read, so
# a save waits for one batch at most.
INDEX_BATCH = 500
# Records rebuilt at once from more rows than this fetch the rows in one query.
BULK_FROM = 50
# Files read between two progress reports.
PROGRESS_EVERY = 250

Progress = Callable[[int], None]
TRASH_DIR = "trash"
CONFLICTS_DIR = "conflicts"
# In the name of the copy Syncthing keeps when a file changed on two devices
# (``ada.sync-conflict-20261206-101500-ABCDEFG.yaml``): another version of a
# record, listed as its conflict, never a record of its own.
SYNCTHING_MARK = ".sync-conflict-"




class Unreadable(NamedTuple):
    """A record file that is there but cannot be read as a record: it keeps its
    place in lists, named as far as its text says (``name``, "" for nothing)."""

    slug: str
    name: str
    path: Path
    problems: list[Problem]


class Entry(Generic[R]):
    """A record file as loaded: its record (None if unreadable) and its problems."""

    __slots__ = ("_cached", "_path", "_record", "canonical", "checked_ns", "digest", "label",
                 "problems", "slug", "stamp")

    def __init__(
        self,
        slug: str,
        path: Path | str,
        stamp: Stamp | None,
        digest: str | None,
        problems: list[Problem] | None = None,
        record: R | None = None,
        *,
        cached: tuple[type[R], str | Callable[[], str | None], Callable[[], R | None]]
        | None = None,
        checked_ns: int = 0,
        label: str = "",
    ) -> None:
        self.slug = slug
        self._path = path
        self.stamp = stamp
        self.digest = digest
        # When the stamp was last known to go with the digest (see Stamp.settled).
        self.checked_ns = checked_ns
        self.problems = problems if problems is not None else []
        self._record = record
        self._cached = cached
        # Of a file that cannot be read as a record: its name as far as its
        # text says (see ``records.name_in_text``), "" when it says nothing.
        self.label = label
        # Whether the file holds what ``encode_record`` writes for the record
        # (None: not known yet). Only a file that does not is re-emitted with
        # its comments and layout kept, which costs more.
        self.canonical: bool | None = None

    @property
    def file_name(self) -> str:
        """The file's name in its folder (no Path built for it)."""
        path = self._path
        return os.path.basename(path) if isinstance(path, str) else path.name

    @property
    def path(self) -> Path:
        # Paths are built on demand: making 10,000 Path objects costs more than
        # reading the whole index.
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def record(self) -> R | None:
        # Records from the index are rebuilt on first use: start-up only pays
        # for the ones a screen actually shows.
        cached = self._cached
        if self._record is None and cached is not None:
            cls, source, read_file = cached
            data = source() if callable(source) else source
            record = from_index(cls, data) if data is not None else None
            if record is None:
                record = read_file()  # a damaged or missing row: use the file
            # Set the record before dropping the cached data, so a reader on
            # another thread sees one or the other, never neither.
            self._record = record
            self._cached = None
        return self._record

    @record.setter
    def record(self, value: R | None) -> None:
        self._record = value
        self._cached = None

    @property
    def preloaded(self) -> str | None:
        """The index data the record waits to be rebuilt from, when fetched."""
        cached = self._cached
        return cached[1] if cached is not None and isinstance(cached[1], str) else None

    def preload(self, data: str) -> None:
        """The index data to rebuild the record from (fetched for many at once)."""
        cached = self._cached
        if cached is not None:
            self._cached = (cached[0], data, cached[2])

    @property
    def pending(self) -> bool:
        """Whether the record still waits to be rebuilt from the index."""
        return self._cached is not None

    @property
    def unreadable(self) -> bool:
        """A file that is there but holds no record that could be read."""
        return self._cached is None and self._record is None

    @property
    def broken(self) -> bool:
        """An entry with errors is shown but never written over."""
        return has_errors(self.problems)

    def seen(self) -> Seen:
        return Seen(self.stamp, self.digest, self.checked_ns)


@dataclass(frozen=True)
class Seen:
    """What the store last knew of one file, frozen for a look from another thread."""

    stamp: Stamp | None
    digest: str | None
    checked_ns: int


def record_slug(name: str) -> str | None:
    """The slug a file name in a record folder stands for, or None when the name is
    not a record's (hidden, another suffix, or bytes that are not UTF-8, which no
    slug, message or JSON output could carry)."""
    if name.startswith(".") or not name.endswith(SUFFIXES) or SYNCTHING_MARK in name:
        return None
    if not name.isascii():  # the common case needs no encoding to check
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return None
    return name.rsplit(".", 1)[0]


def printable(name: str) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def misnamed(directory: Path, name: str) -> Problem | None:
    """The problem of a file in a record folder whose name looks like a record's
    but is not UTF-8 (see ``record_slug``); None for names that are not a record's."""
    if name.startswith(".") or not name.endswith(SUFFIXES) or SYNCTHING_MARK in name:
        return None
    return Problem(directory, f"the file name '{printable(name)}' is not UTF-8 text, so it "
                   "was left out; rename the file")


def unreadable_folder(directory: Path, folder: str, exc: OSError) -> Problem:
    """The problem of a record folder that cannot be listed."""
    return Problem(directory, f"cannot read this folder ({exc.strerror}), so none of its "
                   f"{folder} are shown")


def read_entry(cls: type[R], slug: str, path: Path) -> Entry[R]:
    """Read and decode one file; whatever is wrong with it becomes its problems."""
    checked = time.time_ns()
    try:
        raw, status = read_regular(path, yaml_io.MAX_FILE_BYTES)
    except OSError as exc:
        message = str(exc) if isinstance(exc, Refused) else f"cannot read: {exc.strerror}"
        try:
            stamp: Stamp | None = Stamp.of(path.stat())
        except OSError:
            stamp = None
        return Entry(slug, path, stamp, None, [Problem(path, message)], checked_ns=checked)
    record, problems = decode_record(cls, raw, path)
    return Entry(slug, path, Stamp.of(status), digest(raw), problems, record,
                 checked_ns=checked, label=name_in_text(raw) if record is None else "")


def row_of(entry: Entry[R]) -> Row:
    """The index row of a file as read."""
    return Row(entry.slug, entry.file_name, entry.stamp or Stamp(0, 0, 0, 0),
               entry.checked_ns, entry.digest, entry.problems, entry.record, entry.label)


def look(directory: Path, seen: Mapping[str, Seen]) -> tuple[set[str], dict[str, Seen]]:
    """Which slugs' files were added, edited or removed since ``seen``, and which
    unsettled ones were found unchanged (with the time they were confirmed, to
    settle them). Reads nothing shared, so it is safe on any thread.

    A stamp that had not settled cannot tell a change made within the same
    clock tick, so such a file is read and its digest compared."""
    checked = time.time_ns()
    try:
        names = os.listdir(directory)
    except OSError:
        # A folder that cannot be listed is not a folder emptied: change nothing.
        return set(), {}
    changed: set[str] = set()
    confirmed: dict[str, Seen] = {}
    present: set[str] = set()
    for name in names:
        slug = record_slug(name)
        if slug is None:
            continue
        present.add(slug)
        path = directory / name
        try:
            stamp = Stamp.of(path.stat())
        except OSError:
            continue
        known = seen.get(slug)
        if known is None or known.stamp != stamp:
            changed.add(slug)
        elif known.digest is not None and not stamp.settled(known.checked_ns):
            try:
                raw, status = read_regular(path, yaml_io.MAX_FILE_BYTES)
            except OSError:
                changed.add(slug)
                continue
            if Stamp.of(status) != stamp or digest(raw) != known.digest:
                changed.add(slug)
            else:
                confirmed[slug] = Seen(stamp, known.digest, checked)
    changed.update(slug for slug in seen if slug not in present)
    return changed, confirmed


class Collection(Generic[R]):
    """The records of one kind in ``<data>/<folder>/``, read on first use."""

    def __init__(
        self,
        data_dir: Path,
        folder: str,
        cls: type[R],
        *,
        writable: Callable[[], None],
        name_of: Callable[[R], str],
        index: Index,
        on_scanned: Callable[[Collection[R]], None] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.folder = folder
        self.directory = data_dir / folder
        self.cls = cls
        self._check_writable = writable
        self._name_of = name_of
        self._on_scanned = on_scanned
        self._entries: dict[str, Entry[R]] | None = None
        self._index = index
        # Files read since the index last had their rows, and rows of files
        # gone: written by ``store_pending``, after whoever needed the records.
        self._unindexed: dict[str, Entry[R]] = {}
        self._gone: set[str] = set()
        # Rows of files added while the folder was not read (see ``_add``).
        self._new_rows: list[Row] = []
        # Files with errors met by the last ``each_entry`` of the folder not read.
        self.broken_passed = 0
        self._generation = index.generation
        # Whether the last reading found every index row current: then what the
        # index showed before the folder was read is what the files hold.
        self.index_was_current = False
        # Files readable by others: those in the folder are tightened, links are
        # only reported (the file they lead to is not coffeechat's to change).
        self.loose_files: list[Path] = []
        self.loose_links: list[Path] = []
        # Syncthing's copies of records found in the folder (see SYNCTHING_MARK).
        self.conflict_copies: list[Path] = []
        # Problems of the folder itself (it cannot be read, a name is not UTF-8).
        self.folder_problems: list[Problem] = []
        # Problems of files that have no row (a pipe, a file that cannot be
        # stat'ed, a slug twice), found by ``refresh``: the rows hold the rest.
        self.file_problems: list[Problem] = []
        # Whether the folder was listed (by ``load`` or ``refresh``).
        self.scanned = False
        # Saves may come from a UI thread and an autosave worker at once; one
        # at a time keeps the conflict check and the write together.
        self._write_lock = threading.RLock()

    # -- reading -----------------------------------------------------------------

    @property
    def entries(self) -> dict[str, Entry[R]]:
        """Every file by slug; the folder is read the first time this is asked."""
        entries = self._entries
        return entries if entries is not None else self.load()

    def load(self, progress: Progress | None = None, *,
             records: bool = False) -> dict[str, Entry[R]]:
        """Read the folder unless it was read (``progress`` hears how many files
        are done, now and then), trusting index rows whose files are unchanged;
        with ``records``, their records are fetched with the rows (every one is
        about to be needed), not one by one when first asked for."""
        if self._entries is None:
            with self._write_lock:
                if self._entries is None:
                    self._entries = self._scan(progress, records=records)
                    if self._on_scanned is not None:
                        self._on_scanned(self)
        return self._entries

    @property
    def loaded(self) -> bool:
        return self._entries is not None

    def unload(self) -> None:
        """Forget what was read; the next question reads the folder again."""
        with self._write_lock:
            self._entries = None
            self.scanned = False
            self._unindexed = {}
            self._gone = set()

    def _scan(self, progress: Progress | None, *, records: bool) -> dict[str, Entry[R]]:
        entries: dict[str, Entry[R]] = {}
        self._forget_scan()
        self._generation = self._index.generation
        heads, bodies = (self._index.heads_and_data(self.folder) if records
                         else (self._index.heads(self.folder), {}))
        try:
            scan = list(os.scandir(self.directory))
        except FileNotFoundError:
            scan = []
        except OSError as exc:
            # An unreadable folder must not look like an empty one (nor its rows
            # be dropped from the index as files gone).
            self.folder_problems.append(self._unreadable_folder(exc))
            return entries
        with collector_paused():
            for done, item in enumerate(scan):
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)
                slug = self._named(item)
                if slug is None:
                    continue
                if slug in entries:
                    entries[slug].problems.append(
                        Problem(Path(item.path), f"{slug}.yaml and {slug}.yml both exist; "
                                "only one was loaded")
                    )
                    continue
                entries[slug] = self._load_one(slug, item, heads.get(slug), bodies.get(slug))
        if progress is not None:
            progress(len(scan))
        self._gone = heads.keys() - entries.keys()
        # A file read again only because its stamp was too fresh to trust may
        # still hold exactly what its row was made from.
        self.index_was_current = not self._gone and all(
            (head := heads.get(slug)) is not None and head.digest is not None
            and head.digest == entry.digest for slug, entry in self._unindexed.items())
        return entries

    def _forget_scan(self) -> None:
        self.loose_files = []
        self.loose_links = []
        self.conflict_copies = []
        self.folder_problems = []
        self.file_problems = []
        self.scanned = True

    def _named(self, item: os.DirEntry[str]) -> str | None:
        """The slug of a directory entry, or None for a file that is not a
        record (a Syncthing copy is kept aside, a name that is not UTF-8 is a
        problem of the folder)."""
        name = item.name
        slug = record_slug(name)
        if slug is None:
            if SYNCTHING_MARK in name:
                self.conflict_copies.append(Path(item.path))
            elif (problem := misnamed(self.directory, name)) is not None:
                self.folder_problems.append(problem)
        return slug

    def refresh(self, progress: Progress | None = None) -> None:
        """Bring the folder's rows up to date without holding the folder in
        memory: each file is compared with its row (a ``stat``), only those
        that changed are read, their rows written in batches and let go, and
        the rows of files gone are forgotten. Records are rebuilt from the rows
        when a screen needs them (``load``). A folder already read only writes
        its pending rows; should the index refuse a batch, the folder is read
        as ``load`` does, so nothing read is lost."""
        with self._write_lock:
            if self._entries is None and not self._refresh(progress):
                self.load(progress)
        self.store_pending()

    def _refresh(self, progress: Progress | None) -> bool:
        """``refresh`` of a folder not read; False when the index refused a batch."""
        self._forget_scan()
        self._generation = self._index.generation
        heads = self._index.heads(self.folder)
        try:
            scan = os.scandir(self.directory)
        except FileNotFoundError:
            scan = None
        except OSError as exc:
            self.folder_problems.append(self._unreadable_folder(exc))
            return True  # nothing said about its rows: they stay
        present: set[str] = set()
        batch: list[Row] = []
        current = True
        with collector_paused(), scan if scan is not None else contextlib.nullcontext():
            for done, item in enumerate(scan or ()):
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)
                slug = self._named(item)
                if slug is None:
                    continue
                if slug in present:
                    self.file_problems.append(Problem(
                        Path(item.path), f"{slug}.yaml and {slug}.yml both exist; only one "
                        "was loaded"))
                    continue
                present.add(slug)
                head = heads.get(slug)
                entry = self._load_one(slug, item, head, None)
                if self._unindexed.pop(slug, None) is None:
                    if entry.digest is None:  # never read, so no row: a pipe, a stat error
                        self.file_problems.extend(entry.problems)
                    continue
                current = current and head is not None and head.digest == entry.digest
                if entry.stamp is not None:
                    batch.append(self._row(entry))
                if len(batch) >= INDEX_BATCH:
                    if not self._index.store(self.folder, batch, self._unchanged):
                        return False
                    batch = []
        if batch and not self._index.store(self.folder, batch, self._unchanged):
            return False
        gone = heads.keys() - present
        if gone:
            self._index.remove(self.folder, gone)
        self.index_was_current = current and not gone
        if self._on_scanned is not None:
            self._on_scanned(self)
        return True

    def reindex(self, slugs: Iterable[str]) -> None:
        """Rows for files another program changed (see ``watch``), read and let
        go while the folder is not held in memory; read again into it when it is."""
        with self._write_lock:
            if self._entries is not None:
                for slug in slugs:
                    self.reload(slug)
                return
            rows, gone = [], []
            for slug in slugs:
                found = self._file_of(slug)
                if found is None:
                    gone.append(slug)
                    continue
                entry = self._read(slug, found[0])
                if entry.stamp is not None:
                    rows.append(self._row(entry))
            self._index.remove(self.folder, gone)
            if not self._index.store(self.folder, rows, self._unchanged):
                self.load()  # busy or full: held in memory until its rows are written

    def problems_of_files(self) -> list[Problem]:
        """The problems of every file: as read, or, once ``refresh`` brought the
        rows up to date and while the folder is not held in memory, as their
        rows say (with those of files that have none)."""
        if self._entries is not None or not self.scanned:
            return self.problems()
        found = [*self.folder_problems, *self.file_problems]
        for name, text in self._index.problems(self.folder):
            found.extend(problems_from(self.directory / name, text) or [])
        return found

    def _load_one(self, slug: str, item: os.DirEntry[str], head: Head | None,
                  body: str | None) -> Entry[R]:
        """One file of the folder, from the index when its row vouches for it
        (``body``: the row's record, when fetched with it)."""
        # A Path only for what needs one: ten thousand cost more than the stats.
        try:
            status = item.stat()  # follows a link, like reading the file does
        except OSError as exc:
            path = Path(item.path)
            if item.is_symlink() and isinstance(exc, FileNotFoundError):
                message = dangling(path)
            else:
                message = f"cannot read: {exc.strerror}"
            return Entry(slug, path, None, None, [Problem(path, message)])
        stamp = Stamp.of(status)
        try:
            check_regular(status)
        except Refused as exc:
            # Never opened: a pipe would block the reader, a device stream forever.
            path = Path(item.path)
            return Entry(slug, path, stamp, None, [Problem(path, str(exc))])
        if status.st_mode & 0o077:
            (self.loose_links if item.is_symlink() else self.loose_files).append(
                Path(item.path))
        # A row written before the file's stamp settled may predate a change
        # made within the same clock tick: the file is read again then.
        if (head is not None and caching.enabled() and head.file == item.name
                and stamp.settled(head.checked_ns)
                and head.stamp == (status.st_size, status.st_mtime_ns, status.st_ino,
                                   status.st_ctime_ns)):
            problems = ([] if head.problems == "[]"
                        else problems_from(Path(item.path), head.problems))
            if problems is not None and head.readable:
                fallback = partial(self._read_record, item.path)
                data = (body if body is not None
                        else partial(self._index.data, self.folder, slug, head.stamp))
                return Entry(slug, item.path, stamp, head.digest, problems,
                             cached=(self.cls, data, fallback), checked_ns=head.checked_ns)
            if problems is not None and has_errors(problems):
                # Unreadable: named as its row says (one query, for the few such files).
                named = self._index.name_of(self.folder, slug)
                return Entry(slug, item.path, stamp, head.digest, problems,
                             checked_ns=head.checked_ns,
                             label=named[1] if named is not None and named[0] == head.stamp
                             else "")
        entry = self._read(slug, Path(item.path))
        self._unindexed[slug] = entry
        return entry

    def each_entry(self) -> Iterator[Entry[R]]:
        """Every file of the folder, one entry at a time: those read once the
        folder is read, else each made as reading the folder makes it and kept
        nowhere, so a pass that needs every record once (an import matching
        against everyone) holds one at a time, not the folder."""
        if self._entries is not None:
            yield from list(self._entries.values())
            return
        heads = self._index.heads(self.folder)
        seen: set[str] = set()
        rows: list[Row] = []
        self.loose_files, self.loose_links, self.broken_passed = [], [], 0
        try:
            scan = os.scandir(self.directory)
        except OSError:
            # Nothing to match against; the folder's problem is told when it is read.
            return
        with scan:
            for item in scan:
                slug = record_slug(item.name)
                if slug is None or slug in seen:
                    continue
                seen.add(slug)
                entry = self._load_one(slug, item, heads.get(slug), None)
                # A file read (its row out of date): its row is written with a few
                # others, and the entry is not kept for it.
                if self._unindexed.pop(slug, None) is not None and entry.stamp is not None:
                    rows.append(self._row(entry))
                    if len(rows) >= INDEX_BATCH:
                        self._index.store(self.folder, rows, self._unchanged)
                        rows = []
                self.broken_passed += entry.broken
                yield entry
        self._index.store(self.folder, rows, self._unchanged)
        self._index.remove(self.folder, heads.keys() - seen)
        # What reading the folder does once it is read (loose permissions).
        if self._on_scanned is not None:
            self._on_scanned(self)

    def _read_record(self, path: str) -> R | None:
        try:
            raw, _ = read_regular(Path(path), yaml_io.MAX_FILE_BYTES)
        except OSError:
            return None
        return decode_record(self.cls, raw, Path(path))[0]

    def _read(self, slug: str, path: Path) -> Entry[R]:
        return read_entry(self.cls, slug, path)

    def reload(self, slug: str) -> Entry[R] | None:
        """Read one file again (after an outside edit); None if it is gone."""
        path = self.path_for(slug)
        with self._write_lock:
            # A folder not read yet stays unread: its files are read when it is.
            entries = self._entries if self._entries is not None else {}
            if not os.path.lexists(path):
                entries.pop(slug, None)
                self._unindexed.pop(slug, None)
                self._index.remove(self.folder, [slug])
                return None
            fresh = self._read(slug, path)
            entries[slug] = fresh
            self._index_now(fresh)
            return fresh

    def lookup(self, slug: str) -> R | None:
        """The stored record ``slug`` (for reading only) without reading the whole
        folder: from memory once the folder is read, else from the index while
        its row is current, else from the file."""
        if self._entries is not None:
            return self.peek(slug)
        found = self._file_of(slug)
        if found is None:
            return None
        path, stamp = found
        head = self._index.head(self.folder, slug)
        if head is not None and caching.enabled() and head.file == path.name and head.readable \
                and head.stamp == stamp and stamp.settled(head.checked_ns):
            data = self._index.data(self.folder, slug, head.stamp)
            record = from_index(self.cls, data) if data is not None else None
            if record is not None:
                return record
        return self._read_record(str(path))

    def shown_name(self, slug: str) -> str | None:
        """The name of record ``slug`` as far as its file can be read: its
        record's, else what its text says of it (a file that does not load;
        "" when it says nothing); None when there is no such file. Reads the
        folder no more than ``lookup`` does."""
        record = self.lookup(slug)
        if record is not None:
            return self._name_of(record)
        if self._entries is not None:
            entry = self._entries.get(slug)
            return entry.label if entry is not None else None
        found = self._file_of(slug)
        if found is None:
            return None
        path, stamp = found
        named = self._index.name_of(self.folder, slug)
        if named is not None and named[0] == stamp and named[1]:
            return named[1]
        try:
            raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES)
        except OSError:
            return ""
        return name_in_text(raw)

    def _file_of(self, slug: str) -> tuple[Path, Stamp] | None:
        """The file of record ``slug`` and its stamp, without reading the folder."""
        if not is_safe_slug(slug):
            return None
        for suffix in SUFFIXES:
            path = self.directory / f"{slug}{suffix}"
            try:
                return path, Stamp.of(path.stat())
            except OSError:
                continue
        return None

    def unreadable(self) -> list[Unreadable]:
        """The files of the folder that cannot be read as records (reading the
        folder if needed, not the records): they are not in ``items``, but they
        are there, and lists show them."""
        return [Unreadable(slug, entry.label, entry.path, entry.problems)
                for slug, entry in dict(self.load()).items() if entry.unreadable]

    def unreadable_one(self, slug: str) -> Unreadable | None:
        """File ``slug`` when it cannot be read as a record (see ``unreadable``):
        as read once the folder is read, else as its index row says."""
        if self._entries is not None:
            entry = self._entries.get(slug)
            if entry is None or not entry.unreadable:
                return None
            return Unreadable(slug, entry.label, entry.path, entry.problems)
        head = self._index.head(self.folder, slug)
        if head is None or head.readable:
            return None
        path = self.directory / head.file
        problems = problems_from(path, head.problems)
        named = self._index.name_of(self.folder, slug)
        return Unreadable(slug, named[1] if named is not None else "", path, problems or [])

    def folder_unreadable(self) -> Problem | None:
        """Why the folder itself cannot be read, if it cannot now: it is opened
        (one call, nothing listed). A folder that cannot be read must never
        pass for an empty one."""
        try:
            with os.scandir(self.directory):
                return None
        except FileNotFoundError:
            return None
        except OSError as exc:
            return self._unreadable_folder(exc)

    def _unreadable_folder(self, exc: OSError) -> Problem:
        return unreadable_folder(self.directory, self.folder, exc)

    def stamp_of(self, slug: str) -> Stamp | None:
        """The stamp of ``slug``'s file: as read once the folder is read, else
        from the disk (one ``stat``)."""
        if self._entries is not None:
            entry = self._entries.get(slug)
            return entry.stamp if entry is not None else None
        if not is_safe_slug(slug):
            return None
        for suffix in SUFFIXES:
            try:
                return Stamp.of((self.directory / f"{slug}{suffix}").stat())
            except OSError:
                continue
        return None

    def count(self) -> int:
        """How many record files there are, without reading them if not yet read."""
        if self._entries is not None:
            return len(self._entries)
        try:
            names = os.listdir(self.directory)
        except OSError:
            return 0
        return len({slug for name in names if (slug := record_slug(name)) is not None})

    # -- the index -----------------------------------------------------------------

    def _row(self, entry: Entry[R]) -> Row:
        return row_of(entry)

    def _index_now(self, entry: Entry[R]) -> None:
        """The row of a file just written or read again (call with the write lock)."""
        self._unindexed.pop(entry.slug, None)
        if entry.stamp is not None and not self._index.store(self.folder, [self._row(entry)]):
            # Busy (another process writing): the next ``store_pending`` writes it.
            self._unindexed[entry.slug] = entry
        self._check_generation()

    def _check_generation(self) -> None:
        # The index started again empty: every row is written again.
        if self._generation != self._index.generation and self._entries is not None:
            self._generation = self._index.generation
            self._unindexed = dict(self._entries)

    def store_pending(self, progress: Progress | None = None) -> None:
        """Write the index rows of files read since (in batches, so saves never
        wait long) and forget the rows of files that are gone."""
        done = 0
        while True:
            with self._write_lock:
                self._check_generation()
                entries = self._entries
                if entries is None or not (self._unindexed or self._gone):
                    return
                if self._gone:
                    self._index.remove(self.folder, self._gone)
                    self._gone = set()
                batch = [self._unindexed.pop(slug)
                         for slug in list(self._unindexed)[:INDEX_BATCH]]
                rows = [self._row(entry) for entry in batch
                        if entries.get(entry.slug) is entry and entry.stamp is not None]
                if not self._index.store(self.folder, rows, self._unchanged):
                    # Busy or full: kept for the next time, and searched directly.
                    for entry in batch:
                        self._unindexed.setdefault(entry.slug, entry)
                    return
            done += len(batch)
            if progress is not None:
                progress(done)

    def _unchanged(self, row: Row) -> bool:
        """Whether a file still is as it was read (so its row may be written)."""
        try:
            return Stamp.of((self.directory / row.file).stat()) == row.stamp
        except OSError:
            return False

    def not_indexed(self) -> tuple[list[tuple[str, R]], set[str]]:
        """What a search of the index alone would miss or get wrong: the records
        of files read since the index last took their rows (another program
        was writing it, its disk was full), and the slugs of every file whose
        row is out of date (those, and files gone). Safe on any thread."""
        entries = dict(self._unindexed)  # one step: the owning thread may add one
        stale = entries.keys() | self._gone
        return [(slug, record) for slug, entry in entries.items()
                if (record := entry.record) is not None], stale

    @property
    def pending_rows(self) -> int:
        """How many rows the index still waits for."""
        return len(self._unindexed) + len(self._gone)

    def seen(self) -> dict[str, Seen]:
        """What is known of every file, for ``look`` (call on the owning thread)."""
        return {slug: entry.seen() for slug, entry in self.entries.items()}

    def settle(self, confirmed: Mapping[str, Seen]) -> None:
        """Take in what ``look`` confirmed unchanged, so those files are not read
        again while their stamps still say it all (next start included): on
        their rows alone while the folder is not held in memory."""
        if not confirmed:
            return
        with self._write_lock:
            if self._entries is None:
                self._index.settle(self.folder, [
                    (slug, seen.stamp, seen.digest, seen.checked_ns)
                    for slug, seen in confirmed.items()
                    if seen.stamp is not None and seen.digest is not None])
                return
            for slug, seen in confirmed.items():
                entry = self.entries.get(slug)
                if entry is not None and entry.stamp == seen.stamp \
                        and entry.digest == seen.digest:
                    entry.checked_ns = max(entry.checked_ns, seen.checked_ns)
                    self._unindexed[slug] = entry

    def get(self, slug: str) -> R | None:
        """A copy of a record: changing it changes nothing until it is saved."""
        record = self.peek(slug)
        return record.copy() if record is not None else None

    def peek(self, slug: str) -> R | None:
        """The stored record itself, for reading only (no copy made)."""
        entry = self.entries.get(slug)
        return entry.record if entry is not None else None

    def __contains__(self, slug: object) -> bool:
        return slug in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def items(self) -> Iterator[tuple[str, R]]:
        """``(slug, record)`` for every file that could be read: the stored records
        themselves, for reading (``get`` gives a copy to change)."""
        # One copy of the entries first (a single step under the interpreter lock):
        # a worker may be reading while the UI thread adds a record.
        entries = dict(self.load(records=True))
        pending = [entry for entry in entries.values() if entry.pending]
        unfetched = [entry for entry in pending if entry.preloaded is None]
        if len(unfetched) > BULK_FROM:
            # One query for all the rows rather than one per record.
            rows = self._index.all_data(self.folder)
            for entry in unfetched:
                row = rows.get(entry.slug)
                stamp = entry.stamp
                if row is not None and stamp is not None and row[0] == stamp:
                    entry.preload(row[1])
        if pending:
            with collector_paused():
                for entry in pending:
                    _ = entry.record
        for slug, entry in entries.items():
            record = entry.record
            if record is not None:
                yield slug, record

    def problems(self) -> list[Problem]:
        entries = self.entries  # reading the folder is what finds its own problems
        return [*self.folder_problems,
                *(problem for entry in entries.values() for problem in entry.problems)]

    def unread(self, slugs: Container[str] | None = None) -> list[Problem]:
        """What any list of this folder's records lacks: the folder's own problems,
        and the first error of each file that could not be read whole (of
        ``slugs`` only, when given): left out, or shown with what could be read."""
        entries = dict(self.entries)  # one step: safe beside the owning thread
        found = list(self.folder_problems)
        for slug, entry in entries.items():
            if entry.broken and (slugs is None or slug in slugs):
                found.append(next(problem for problem in entry.problems
                                  if problem.severity is Severity.ERROR))
        return found

    def path_for(self, slug: str) -> Path:
        if not is_safe_slug(slug):
            raise StoreError(f"{slug!r} cannot be used as a file name")
        if self._entries is None:
            found = self._file_of(slug)
            return found[0] if found is not None else self.directory / f"{slug}.yaml"
        entry = self._entries.get(slug)
        return entry.path if entry is not None else self.directory / f"{slug}.yaml"

    def _taken(self, slug: str) -> bool:
        # A folder not read yet: the disk alone says, and is not read for it.
        return (self._entries is not None and slug in self._entries) or any(
            os.path.lexists(self.directory / f"{slug}{suffix}") for suffix in SUFFIXES
        )

    def new_slug(self, base: str) -> str:
        return unique_slug(slugify(base), self._taken)

    # -- writing -----------------------------------------------------------------

    def add(self, record: R, *, slug: str | None = None) -> str:
        """Write a new record under a fresh, unique slug and return the slug."""
        with self._write_lock:
            return self._add(record, slug)

    @contextmanager
    def bulk_add(self) -> Iterator[Callable[[R], str]]:
        """Add many records at the speed of the disk: inside the block, the function
        given writes one record as ``add`` does (its own atomic, fsynced, private file,
        a unique slug, the entry kept), except that the folder is fsynced once, when
        the block ends, however it ends (an error or Ctrl-C included)."""
        with self._write_lock:
            self._check_writable()
            try:
                yield lambda record: self._add(record, None, sync_dir=False)
            finally:
                fsync_dir(self.directory)
                # The rows of the new files, in a few transactions rather than one
                # each (a thousand imported people cost a second less).
                self.store_pending()
                self._store_new()

    def _add(self, record: R, slug: str | None, *, sync_dir: bool = True) -> str:
        """Write a new record; its index row at once, or with the others of a
        bulk add (``sync_dir`` False) when the bulk add ends."""
        self._check_writable()
        if slug is not None and not is_safe_slug(slug):
            raise StoreError(f"{slug!r} cannot be used as a file name")
        self._check_bounds(record)
        chosen = unique_slug(slug, self._taken) if slug else self.new_slug(self._name_of(record))
        self.directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        raw = encode_record(record)
        while True:
            path = self.directory / f"{chosen}.yaml"
            try:
                with Staged(path, raw) as staged:
                    # Never replaces a file, even one that appeared a moment ago.
                    status = staged.create(sync_dir=sync_dir)
            except FileExistsError:
                chosen = unique_slug(chosen, self._taken)
                continue
            break
        if self._entries is None and not sync_dir:
            # A bulk add to a folder not read: nothing is kept of the file but
            # its row (a long import stays flat); reading the folder finds it.
            # A single add reads the folder, so a later save of that record can
            # tell an outside change from its own version.
            self._new_rows.append(Row(chosen, path.name, Stamp.of(status), time.time_ns(),
                                      digest(raw), [], record.copy()))
            return chosen
        entry = self.entries[chosen] = Entry(chosen, path, Stamp.of(status), digest(raw), [],
                                              record.copy(), checked_ns=time.time_ns())
        entry.canonical = True
        if sync_dir:
            self._index_now(entry)
        else:
            self._unindexed[chosen] = entry
        return chosen

    def _store_new(self) -> None:
        """The rows of files added while the folder was not read (when the index
        cannot take them, reading the folder reads those files)."""
        rows, self._new_rows = self._new_rows, []
        if rows:
            self._index.store(self.folder, rows, self._unchanged)

    def _check_bounds(self, record: R) -> None:
        found = record.out_of_bounds()
        if found:
            where, problem = found[0]
            field = ".".join(str(part) for part in where)
            raise OutOfRangeError(f"{field}: {problem}; nothing was written")

    def save(self, slug: str, record: R, *, base: R | None = None) -> R:
        """Write ``record`` over its file, unless that would lose someone's work.

        ``base`` is the version the editor started from. When the record has
        moved on since (another screen saved it, or another program rewrote the
        file, which is then read again), the fields changed from ``base`` are
        applied on top of that version instead; if both changed the same field,
        nothing is written and ``ConflictError`` names the fields. Without
        ``base``, any outside change refuses the save. Either way a refused
        version is kept in ``conflicts/``. Returns what was written."""
        with self._write_lock:
            return self._save(slug, record, base)

    def _save(self, slug: str, record: R, base: R | None) -> R:
        self._check_writable()
        self._check_bounds(record)
        mine = record
        # A change landing in the instant before the swap is merged like any
        # other, once; a file that changes under every attempt is a conflict.
        for _ in range(2 if base is not None else 1):
            entry, record = self._on_top_of_disk(slug, mine, base)
            raw, canonical = self._encoded(entry, record)
            # The store keeps its own copy: callers go on editing theirs.
            if raw != b"" and digest(raw) == entry.digest and entry.path.exists():
                entry.record = record.copy()
                return record
            with Staged(write_target(entry.path, follow=True), raw) as staged:
                # Checked on the very file replaced: a change that landed after
                # the file was read is left in place (or put back) rather than
                # overwritten.
                status = staged.swap(partial(_holds, wanted=entry.digest, follow=False),
                                     aside=partial(self._aside, CONFLICTS_DIR, slug, ".yaml"))
            if staged.kept is not None:
                # Another program's newest version had to be put aside: the user
                # chooses, rather than a merge on top of the one before it.
                raise ConflictError(entry.path, self._keep_conflict(slug, raw),
                                    theirs=staged.kept)
            if status is not None:
                entry.stamp = Stamp.of(status)
                entry.digest = digest(raw)
                entry.checked_ns = time.time_ns()
                entry.record = record.copy()
                entry.canonical = canonical
                self._index_now(entry)
                return record
        raise ConflictError(entry.path, self._keep_conflict(slug, raw))

    def _encoded(self, entry: Entry[R], record: R) -> tuple[bytes, bool | None]:
        """The bytes that replace ``entry``'s file, and whether they are the
        canonical layout (None: not known). A file coffeechat wrote gets the
        canonical layout at once; one written by hand keeps its comments,
        order and quoting (``encode_over``)."""
        stored = entry.record
        if (entry.canonical is None or not caching.enabled()) and stored is not None:
            entry.canonical = digest(encode_record(stored)) == entry.digest
        if entry.canonical is not False or stored is None:
            return encode_record(record), True
        try:
            raw, _ = read_regular(entry.path, yaml_io.MAX_FILE_BYTES)
        except OSError:
            raw = b""
        if digest(raw) != entry.digest:
            # Changed since it was read (or unreadable): the swap puts that
            # change back and the save merges on top of it, or fails.
            return encode_record(record), True
        return encode_over(raw, stored, record), None

    def _on_top_of_disk(self, slug: str, mine: R, base: R | None) -> tuple[Entry[R], R]:
        """The entry to write and what to write in it: ``mine``, or (given ``base``)
        the fields changed from ``base`` applied on top of a version changed
        elsewhere, which is read again first. Raises when that cannot be done."""
        entry = self._entry(slug)
        if entry is None:
            raise StoreError(f"no {self.folder} record named {slug!r}")
        if entry.broken:
            raise BrokenFileError(
                f"{entry.path.name} has errors, so coffeechat will not write over it; "
                "fix the file (see the problems list) and it will load again"
            )
        record, current = mine, entry.record
        if base is not None and self._changed_since_read(entry):
            fresh = self.reload(slug)
            if fresh is None or fresh.broken or fresh.record is None:
                kept = self._keep_conflict(slug, encode_record(record))
                raise ConflictError(entry.path, kept)
            entry, current = fresh, fresh.record
        if base is not None and current is not None and current != base:
            record, clashes = three_way(base, mine, current)
            if clashes:
                raise ConflictError(entry.path, self._keep_conflict(slug, encode_record(record)),
                                    clashes)
        return entry, record

    def _entry(self, slug: str) -> Entry[R] | None:
        """The entry to write over: the one kept once the folder is read, else
        the file read now (alone: a save does not read the folder)."""
        if self._entries is not None:
            return self._entries.get(slug)
        found = self._file_of(slug)
        return self._read(slug, found[0]) if found is not None else None

    def _changed_since_read(self, entry: Entry[R]) -> bool:
        try:
            status = entry.path.stat()
        except FileNotFoundError:
            return entry.stamp is not None
        except OSError:
            return True
        stamp = entry.stamp
        if stamp == Stamp.of(status) and stamp is not None and stamp.settled(entry.checked_ns):
            return False
        # A stamp that has not settled may hide a same-tick edit; and a touch or
        # an identical rewrite (a git checkout) is not a conflict.
        return not _holds(entry.path, entry.digest, follow=True)

    def keep_copy(self, slug: str, record: R | None = None) -> Path:
        """Put a version aside in ``conflicts/`` without touching the record's file:
        ``record`` when given (unsaved edits), else the file as it is on disk."""
        if record is not None:
            raw = encode_record(record)
        else:
            try:
                raw, _ = read_regular(self.path_for(slug), yaml_io.MAX_FILE_BYTES)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                raise StoreError(f"cannot keep a copy of {slug!r}: {reason}") from None
        return self._keep_conflict(slug, raw)

    def _aside(self, area: str, slug: str, suffix: str) -> Path:
        return aside_path(self.data_dir / area / self.folder, slug, suffix)

    def _keep_conflict(self, slug: str, raw: bytes) -> Path:
        kept = self._aside(CONFLICTS_DIR, slug, ".yaml")
        write_atomic(kept, raw)
        return kept

    def delete(self, slug: str) -> Path:
        """Move a record's file to ``trash/`` (restorable) and forget it."""
        with self._write_lock:
            return self._delete(slug)

    def _delete(self, slug: str) -> Path:
        self._check_writable()
        entry = self.entries.get(slug)
        if entry is None:
            raise StoreError(f"no {self.folder} record named {slug!r}")
        target = self._aside(TRASH_DIR, slug, entry.path.suffix)
        shutil.move(str(entry.path), target)
        del self.entries[slug]
        self._unindexed.pop(slug, None)
        self._index.remove(self.folder, [slug])
        return target

    def restore(self, trashed: Path) -> str:
        """Bring a file back from ``trash/`` under a free slug; returns the slug."""
        with self._write_lock:
            return self._restore(trashed)

    def _restore(self, trashed: Path) -> str:
        self._check_writable()
        base = trashed.name.split(".", 1)[0]
        if not is_safe_slug(base):
            raise StoreError(f"{trashed.name!r} is not a record coffeechat put in the trash")
        self.directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        while True:
            slug = unique_slug(base, self._taken)
            target = self.directory / f"{slug}.yaml"
            try:
                move_new(trashed, target)
            except FileExistsError:
                continue
            break
        make_private(target)
        self.reload(slug)
        return slug


def aside_path(folder: Path, slug: str, suffix: str) -> Path:
    """A fresh, time-stamped path for ``slug`` in ``folder`` (under ``trash/`` or
    ``conflicts/``), the folder made if needed."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return folder / f"{slug}.{dt.datetime.now():%Y%m%d-%H%M%S-%f}{suffix}"


def _holds(path: Path, wanted: str | None, *, follow: bool) -> bool:
    """Whether the regular file at ``path`` has the digest ``wanted``."""
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES, follow=follow)
    except OSError:
        return False
    return digest(raw) == wanted


def from_index(cls: type[R], data: str) -> R | None:
    """A record rebuilt from its index row, or None when the row does not decode
    (the caller then reads the file)."""
    try:
        return decode_trusted(cls, check_cached(cls, json.loads(data)))
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
