"""The state of one folder of records, and the index rows it owes: files read
or written whose rows are still to be written, rows of files gone, and what
the watcher confirmed unchanged. The first layer of ``Collection``."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Generic, cast

from coffeechat.core.models.problems import Problem
from coffeechat.storage.index import Index, Row
from coffeechat.storage.record_files import INDEX_BATCH, Entry, Progress, R, Seen, row_of
from coffeechat.storage.records import Stamp

if TYPE_CHECKING:
    from coffeechat.storage.collection import Collection


class FolderRows(Generic[R]):
    """A folder's state, and the rows it owes the index."""

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
        # Rows found standing for their files under new stamps while the folder
        # was read: ``(slug, file, digest, stamp, checked_ns)``, written once it is.
        self._restamps: list[tuple[str, str, str, Stamp, int]] = []
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
        # One ``refresh`` pass at a time (the start's, the watcher's).
        self._refresh_lock = threading.Lock()

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
                # Left in place until written: a search on another thread
                # meanwhile (``not_indexed``) still finds them.
                batch = [self._unindexed[slug] for slug in list(self._unindexed)[:INDEX_BATCH]]
                rows = [self._row(entry) for entry in batch
                        if entries.get(entry.slug) is entry and entry.stamp is not None]
                if not self._index.store(self.folder, rows, self._unchanged):
                    return  # busy or full: kept for the next time, and searched directly
                for entry in batch:
                    if self._unindexed.get(entry.slug) is entry:
                        del self._unindexed[entry.slug]
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
            entries = self._entries
            for slug, seen in confirmed.items():
                entry = entries.get(slug)
                if entry is not None and entry.stamp == seen.stamp \
                        and entry.digest == seen.digest:
                    entry.checked_ns = max(entry.checked_ns, seen.checked_ns)
                    self._unindexed[slug] = entry

    def _scanned(self) -> None:
        """Tell the workspace the folder was listed (loose files, Syncthing's copies)."""
        if self._on_scanned is not None:
            # Every folder is built as a ``Collection``: these layers are its parts.
            self._on_scanned(cast("Collection[R]", self))
