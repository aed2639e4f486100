"""Reading one folder of records: into memory on first use (``load``), one
entry at a time (``each_entry``), or only as far as its index rows need
(``refresh``, through ``freshness``); a file read again after an outside edit.
The second layer of ``Collection``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from coffeechat.core.models.problems import Problem, has_errors
from coffeechat.storage import caching, yaml_io
from coffeechat.storage.bulk import collector_paused
from coffeechat.storage.errors import StoreError
from coffeechat.storage.folder_rows import FolderRows
from coffeechat.storage.folder_seal import SUFFIXES, Seal, record_slug
from coffeechat.storage.freshness import Fresh
from coffeechat.storage.freshness import refresh as refresh_rows
from coffeechat.storage.index import Head, Row, problems_from
from coffeechat.storage.reading_aside import Helper
from coffeechat.storage.record_files import (
    INDEX_BATCH,
    PROGRESS_EVERY,
    Entry,
    Progress,
    R,
    Seen,
    decoded_entry,
    read_entry,
    set_aside,
    unreadable_folder,
)
from coffeechat.storage.records import Stamp, decode_record, digest
from coffeechat.storage.regular import Refused, check_regular, dangling, read_regular
from coffeechat.storage.slugs import is_safe_slug


class FolderReading(FolderRows[R]):
    """A folder's files read, trusting index rows whose files are unchanged."""

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
                    self._scanned()
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
        if self._restamps:
            # Until written, the rows' records are read from their files instead.
            self._index.restamp(self.folder, self._restamps)
            self._restamps = []
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
        slug = record_slug(item.name)
        if slug is None:
            set_aside(self.directory, item.name, self.conflict_copies, self.folder_problems)
        return slug

    def refresh(self, progress: Progress | None = None, *, ahead: Seal | None = None,
                helper: Helper | None = None) -> set[str]:
        """Bring the folder's rows up to date without holding the folder in
        memory (``freshness.refresh``: a ``stat`` per file, only the files
        that changed read, their rows written in batches and let go, the rows
        of files gone forgotten; ``ahead``, the folder's seal if taken a
        moment before; ``helper``, a reading helper kept by the caller),
        keeping what it found wrong for the problems list.
        Records are rebuilt from the rows when a screen needs them
        (``load``). A folder already read only writes its pending rows;
        should the index refuse a batch, the folder is read as ``load`` does,
        so nothing read is lost. Returns the slugs of the files found new,
        changed or gone (the watcher's news for a folder not held); the
        workspace hears of the folder's loose files the first time only."""
        # One pass at a time, but not under the write lock, which a save takes
        # on the UI thread: a first start's pass (seconds, at 30,000 people)
        # would hold the app still. A save meanwhile is checked as another
        # program's write is: a row is written only while its file is as read,
        # and the row of a file made after the listing, if taken for gone, is
        # written again by the next look.
        changed: set[str] = set()
        with self._refresh_lock:
            with self._write_lock:
                held = self._entries is not None
                first = not self.scanned
                if not held:
                    self._generation = self._index.generation
            if not held:
                fresh = refresh_rows(self._index, self, progress, ahead=ahead, helper=helper)
                with self._write_lock:
                    # Read into memory meanwhile: what that read found stands.
                    if self._entries is None:
                        self._keep(fresh, first, progress)
                        changed = fresh.changed
        self.store_pending()
        return changed

    def _keep(self, fresh: Fresh[R], first: bool, progress: Progress | None) -> None:
        """Keep what a pass of ``refresh`` found (call with the write lock)."""
        self._forget_scan()
        self.folder_problems = fresh.folder_problems
        self.file_problems = fresh.unrowed
        self.conflict_copies = fresh.conflict_copies
        self.loose_files, self.loose_links = fresh.loose_files, fresh.loose_links
        self.index_was_current = not fresh.changed
        if fresh.refused:
            self.load(progress)
        elif first:
            self._scanned()

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
        if head is None or not caching.enabled() or head.file != item.name:
            return self._read_unindexed(slug, Path(item.path))
        # A row written before the file's stamp settled may predate a change
        # made within the same clock tick: the file is read again then.
        if stamp.settled(head.checked_ns) and head.stamp == stamp:
            trusted = self._from_row(slug, item.path, stamp, head, head.checked_ns, body)
            if trusted is not None:
                return trusted
        elif head.stamp != stamp:
            # A new stamp on the bytes the row was made of (``freshness._check``):
            # the row stands, given that stamp once the folder is read.
            checked = time.time_ns()
            try:
                raw, read = read_regular(Path(item.path), yaml_io.MAX_FILE_BYTES)
            except OSError:
                return self._read_unindexed(slug, Path(item.path))
            if digest(raw) == head.digest and Stamp.of(read) == stamp:
                restamped = self._from_row(slug, item.path, stamp, head, checked, body)
                if restamped is not None:
                    self._restamps.append((slug, item.name, head.digest, stamp, checked))
                    return restamped
            entry = decoded_entry(self.cls, slug, Path(item.path), raw, read, checked)
            self._unindexed[slug] = entry
            return entry
        return self._read_unindexed(slug, Path(item.path))

    def _from_row(self, slug: str, path: str, stamp: Stamp, head: Head, checked_ns: int,
                  body: str | None) -> Entry[R] | None:
        """The entry of a file whose row stands for it at ``stamp``: its record
        rebuilt from the row when first asked for; None when the row cannot say."""
        problems = [] if head.problems == "[]" else problems_from(Path(path), head.problems)
        if problems is not None and head.readable:
            fallback = partial(self._read_record, path)
            data = (body if body is not None
                    else partial(self._index.data, self.folder, slug, stamp))
            return Entry(slug, path, stamp, head.digest, problems,
                         cached=(self.cls, data, fallback), checked_ns=checked_ns)
        if problems is not None and has_errors(problems):
            # Unreadable: named as its row says (one query, for the few such files).
            named = self._index.name_of(self.folder, slug)
            return Entry(slug, path, stamp, head.digest, problems, checked_ns=checked_ns,
                         label=named[1] if named is not None and named[0] == head.stamp
                         else "")
        return None

    def _read_unindexed(self, slug: str, path: Path) -> Entry[R]:
        entry = self._read(slug, path)
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
        self._index.restamp(self.folder, self._restamps)
        self._restamps = []
        self._index.remove(self.folder, heads.keys() - seen)
        # What reading the folder does once it is read (loose permissions).
        self._scanned()

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

    def _unreadable_folder(self, exc: OSError) -> Problem:
        return unreadable_folder(self.directory, self.folder, exc)

    def seen(self) -> dict[str, Seen]:
        """What is known of every file, for ``look`` (call on the owning thread)."""
        return {slug: entry.seen() for slug, entry in self.entries.items()}

    def path_for(self, slug: str) -> Path:
        if not is_safe_slug(slug):
            raise StoreError(f"{slug!r} cannot be used as a file name")
        if self._entries is None:
            found = self._file_of(slug)
            return found[0] if found is not None else self.directory / f"{slug}.yaml"
        entry = self._entries.get(slug)
        return entry.path if entry is not None else self.directory / f"{slug}.yaml"
