"""Writing one folder's records strictly: a file with errors is never
overwritten, a file changed on disk since it was read is never clobbered (the
unsaved version is kept in ``conflicts/``), and nothing is written while
another instance holds the lock. Adding, saving, deleting to ``trash/`` and
restoring. The last layer of ``Collection``."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from coffeechat.core.models.schema import three_way
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
from coffeechat.storage.errors import BrokenFileError, ConflictError, OutOfRangeError, StoreError
from coffeechat.storage.folder_queries import FolderQueries
from coffeechat.storage.index import Row
from coffeechat.storage.record_files import CONFLICTS_DIR, TRASH_DIR, Entry, R, aside_path
from coffeechat.storage.records import Stamp, digest, encode_over, encode_record
from coffeechat.storage.regular import read_regular
from coffeechat.storage.slugs import is_safe_slug, unique_slug


class FolderWrites(FolderQueries[R]):
    """Every write to a folder's records, one at a time."""

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
            self._new_rows.append(Row(chosen, path.name, Stamp.of(status), time.time_ns(),
                                      digest(raw), [], record.copy()))
            return chosen
        entry = Entry(chosen, path, Stamp.of(status), digest(raw), [], record.copy(),
                      checked_ns=time.time_ns())
        entry.canonical = True
        if self._entries is None:
            # A folder not read stays unread (a later save reads that file
            # alone, see ``_entry``): only its row is written.
            if not self._index.store(self.folder, [self._row(entry)]):
                self.load()  # busy or full: held in memory until its row is written
            return chosen
        self._entries[chosen] = entry
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
        if base is not None and self._entries is None and (entry is None or entry.broken):
            # Of a folder not held, the file is read now: gone, or no longer
            # readable, it changed since the editor read it, like any other
            # change (the version being saved is kept aside).
            raise ConflictError(self.path_for(slug),
                                self._keep_conflict(slug, encode_record(mine)))
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
        if self._entries is not None:
            entry = self._entries.get(slug)
            path = entry.path if entry is not None else None
        else:  # a folder not read stays unread: the file alone is found
            found = self._file_of(slug)
            path = found[0] if found is not None else None
        if path is None:
            raise StoreError(f"no {self.folder} record named {slug!r}")
        target = self._aside(TRASH_DIR, slug, path.suffix)
        shutil.move(str(path), target)
        if self._entries is not None:
            del self._entries[slug]
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


def _holds(path: Path, wanted: str | None, *, follow: bool) -> bool:
    """Whether the regular file at ``path`` has the digest ``wanted``."""
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES, follow=follow)
    except OSError:
        return False
    return digest(raw) == wanted
