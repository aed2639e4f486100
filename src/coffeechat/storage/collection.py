"""One folder of records (people, companies or interviews) and its safety rules.

A collection loads leniently — a bad file becomes problems and the rest load —
and writes strictly: a file with errors is never overwritten, a file changed on
disk since it was read is never clobbered (the unsaved version is kept in
``conflicts/``), and nothing is written while another instance holds the lock.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.core.models.schema import Record, decode_trusted, three_way
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import FILE_MODE, fsync_dir, write_atomic
from coffeechat.storage.cache import IndexCache
from coffeechat.storage.records import Stamp, decode_record, digest, encode_record
from coffeechat.storage.slugs import is_safe_slug, slugify, unique_slug

R = TypeVar("R", bound=Record)

SUFFIXES = (".yaml", ".yml")
TRASH_DIR = "trash"
CONFLICTS_DIR = "conflicts"


class StoreError(Exception):
    """A write the store refused, with a message meant for the user."""


class ReadOnlyError(StoreError):
    pass


class BrokenFileError(StoreError):
    pass


class ConflictError(StoreError):
    """The file changed on disk since it was read; ``kept`` holds our version."""

    def __init__(self, path: Path, kept: Path, fields: Sequence[str] = ()) -> None:
        where = f" ({', '.join(fields)})" if fields else ""
        super().__init__(
            f"{path.name} was changed elsewhere{where} since you opened it; your version "
            f"was kept in {kept} and the file was left alone"
        )
        self.path = path
        self.kept = kept
        self.fields = tuple(fields)


class Entry(Generic[R]):
    """A record file as loaded: its record (None if unreadable) and its problems."""

    __slots__ = ("_cached", "_fallback", "_path", "_record", "digest", "problems", "slug",
                 "stamp")

    def __init__(
        self,
        slug: str,
        path: Path | str,
        stamp: Stamp | None,
        digest: str | None,
        problems: list[Problem] | None = None,
        record: R | None = None,
        *,
        cached: tuple[type[R], dict[str, Any], Callable[[], R | None]] | None = None,
    ) -> None:
        self.slug = slug
        self._path = path
        self.stamp = stamp
        self.digest = digest
        self.problems = problems if problems is not None else []
        self._record = record
        self._cached = cached

    @property
    def path(self) -> Path:
        # Paths are built on demand: making 10,000 Path objects costs more than
        # reading the whole index.
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def record(self) -> R | None:
        # Records from the cache are rebuilt on first use: start-up only pays for
        # the ones a screen actually shows.
        cached = self._cached
        if self._record is None and cached is not None:
            cls, data, read_file = cached
            record: R | None
            try:
                record = decode_trusted(cls, data)
            except (TypeError, ValueError, KeyError, AttributeError):
                record = read_file()  # a damaged cache entry: use the file
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
    def pending(self) -> bool:
        """Whether the record still waits to be rebuilt from the cache."""
        return self._cached is not None

    @property
    def broken(self) -> bool:
        """An entry with errors is shown but never written over."""
        return has_errors(self.problems)


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
        self._cache = IndexCache(data_dir, folder)
        self.loose_files: list[Path] = []
        # Saves may come from a UI thread and an autosave worker at once; one
        # at a time keeps the conflict check and the write together.
        self._write_lock = threading.RLock()

    # -- reading -----------------------------------------------------------------

    @property
    def entries(self) -> dict[str, Entry[R]]:
        """Every file by slug; the folder is read the first time this is asked."""
        if self._entries is None:
            with self._write_lock:
                if self._entries is None:
                    self._entries = self._scan()
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

    def save_cache(self) -> None:
        if self._entries is not None:
            self._cache.save()

    def _scan(self) -> dict[str, Entry[R]]:
        entries: dict[str, Entry[R]] = {}
        self.loose_files = []
        cache = self._cache
        cache.load()
        try:
            scan = list(os.scandir(self.directory))
        except OSError:
            return entries
        seen: set[str] = set()
        enabled = gc.isenabled()
        gc.disable()
        try:
            for item in scan:
                name = item.name
                if name.startswith(".") or not name.endswith(SUFFIXES):
                    continue
                slug = name.rsplit(".", 1)[0]
                if slug in entries:
                    entries[slug].problems.append(
                        Problem(Path(item.path), f"{slug}.yaml and {slug}.yml both exist; "
                                "only one was loaded")
                    )
                    continue
                seen.add(name)
                entries[slug] = self._load_one(slug, item, cache)
        finally:
            if enabled:
                gc.enable()
        cache.prune(seen)
        return entries

    def _load_one(self, slug: str, item: os.DirEntry[str], cache: IndexCache) -> Entry[R]:
        try:
            stat = item.stat()  # follows symlinks, like reading the file does
        except OSError as exc:
            path = Path(item.path)
            return Entry(slug, path, None, None, [Problem(path, f"cannot read: {exc.strerror}")])
        if stat.st_mode & 0o077:
            self.loose_files.append(Path(item.path))
        stamp = Stamp.of(stat)
        hit = cache.get(item.name, stamp.size, stamp.mtime_ns, stamp.inode)
        if hit is not None and isinstance(hit[4], dict):
            problems = [_problem_from_cache(Path(item.path), problem) for problem in hit[5]]
            fallback = partial(self._read_record, item.path)
            return Entry(slug, item.path, stamp, hit[3], problems,
                         cached=(self.cls, hit[4], fallback))
        entry = self._read(slug, Path(item.path), stamp)
        data = entry.record.encode_for_cache() if entry.record is not None else None
        cache.put(
            item.name,
            [stamp.size, stamp.mtime_ns, stamp.inode, entry.digest, data,
             [_problem_to_cache(problem) for problem in entry.problems]],
        )
        return entry

    def _read_record(self, path: str) -> R | None:
        try:
            return decode_record(self.cls, Path(path).read_bytes(), Path(path))[0]
        except OSError:
            return None

    def _read(self, slug: str, path: Path, stamp: Stamp) -> Entry[R]:
        if stamp.size > yaml_io.MAX_FILE_BYTES:
            message = (f"file is {stamp.size:,} bytes; the limit is "
                       f"{yaml_io.MAX_FILE_BYTES:,} bytes, so it was not read")
            return Entry(slug, path, stamp, None, [Problem(path, message)])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return Entry(slug, path, stamp, None, [Problem(path, f"cannot read: {exc.strerror}")])
        record, problems = decode_record(self.cls, raw, path)
        return Entry(slug, path, stamp, digest(raw), problems, record)

    def reload(self, slug: str) -> Entry[R] | None:
        """Read one file again (after an outside edit); None if it is gone."""
        path = self.path_for(slug)
        entry = self.entries.get(slug)
        if entry is not None:
            path = entry.path
        try:
            stamp = Stamp.of(path.stat())
        except OSError:
            self.entries.pop(slug, None)
            return None
        fresh = self._read(slug, path, stamp)
        self.entries[slug] = fresh
        return fresh

    def get(self, slug: str) -> R | None:
        entry = self.entries.get(slug)
        return entry.record if entry is not None else None

    def __contains__(self, slug: object) -> bool:
        return slug in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def items(self) -> Iterator[tuple[str, R]]:
        """``(slug, record)`` for every file that could be read."""
        entries = self.entries
        pending = [entry for entry in entries.values() if entry.pending]
        if pending:
            # Rebuilding thousands of records at once: the garbage collector
            # would only rescan the same young objects over and over.
            enabled = gc.isenabled()
            gc.disable()
            try:
                for entry in pending:
                    _ = entry.record
            finally:
                if enabled:
                    gc.enable()
        for slug, entry in list(entries.items()):
            record = entry.record
            if record is not None:
                yield slug, record

    def problems(self) -> list[Problem]:
        return [problem for entry in self.entries.values() for problem in entry.problems]

    def path_for(self, slug: str) -> Path:
        if not is_safe_slug(slug):
            raise StoreError(f"{slug!r} cannot be used as a file name")
        entry = self.entries.get(slug)
        return entry.path if entry is not None else self.directory / f"{slug}.yaml"

    def _taken(self, slug: str) -> bool:
        return slug in self.entries or any(
            (self.directory / f"{slug}{suffix}").exists() for suffix in SUFFIXES
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

    def _add(self, record: R, slug: str | None, *, sync_dir: bool = True) -> str:
        self._check_writable()
        chosen = unique_slug(slug, self._taken) if slug else self.new_slug(self._name_of(record))
        path = self.directory / f"{chosen}.yaml"
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        raw = encode_record(record)
        # O_EXCL-style guard: never replace a file that appeared meanwhile.
        if path.exists():
            chosen = unique_slug(chosen, self._taken)
            path = self.directory / f"{chosen}.yaml"
        write_atomic(path, raw, sync_dir=sync_dir)
        self.entries[chosen] = Entry(chosen, path, Stamp.of(path.stat()), digest(raw), [],
                                     record.copy())
        return chosen

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
        entry = self.entries.get(slug)
        if entry is None:
            raise StoreError(f"no {self.folder} record named {slug!r}")
        if entry.broken:
            raise BrokenFileError(
                f"{entry.path.name} has errors, so coffeechat will not write over it; "
                "fix the file (see the problems list) and it will load again"
            )
        current = entry.record
        if base is not None and self._changed_since_read(entry):
            fresh = self.reload(slug)
            if fresh is None or fresh.broken or fresh.record is None:
                kept = self._keep_conflict(slug, encode_record(record))
                raise ConflictError(entry.path, kept)
            entry, current = fresh, fresh.record
        if base is not None and current is not None and current != base:
            record, clashes = three_way(base, record, current)
            if clashes:
                raise ConflictError(entry.path, self._keep_conflict(slug, encode_record(record)),
                                    clashes)
        raw = encode_record(record)
        if self._changed_since_read(entry):
            kept = self._keep_conflict(slug, raw)
            raise ConflictError(entry.path, kept)
        # The store keeps its own copy: callers go on editing theirs.
        if raw != b"" and digest(raw) == entry.digest and entry.path.exists():
            entry.record = record.copy()
            return record
        write_atomic(entry.path, raw)
        entry.stamp = Stamp.of(entry.path.stat())
        entry.digest = digest(raw)
        entry.record = record.copy()
        return record

    def _changed_since_read(self, entry: Entry[R]) -> bool:
        try:
            stat = entry.path.stat()
        except FileNotFoundError:
            return entry.stamp is not None
        if entry.stamp == Stamp.of(stat):
            return False
        # A touch or an identical rewrite (a git checkout) is not a conflict.
        try:
            return digest(entry.path.read_bytes()) != entry.digest
        except OSError:
            return True

    def keep_copy(self, slug: str, record: R | None = None) -> Path:
        """Put a version aside in ``conflicts/`` without touching the record's file:
        ``record`` when given (unsaved edits), else the file as it is on disk."""
        if record is not None:
            raw = encode_record(record)
        else:
            try:
                raw = self.path_for(slug).read_bytes()
            except OSError as exc:
                raise StoreError(f"cannot keep a copy of {slug!r}: {exc.strerror}") from None
        return self._keep_conflict(slug, raw)

    def _aside(self, area: str, slug: str, suffix: str) -> Path:
        """A fresh, time-stamped path for ``slug`` under ``<data>/<area>/<folder>/``."""
        folder = self.data_dir / area / self.folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder / f"{slug}.{dt.datetime.now():%Y%m%d-%H%M%S-%f}{suffix}"

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
        return target

    def restore(self, trashed: Path) -> str:
        """Bring a file back from ``trash/`` under a free slug; returns the slug."""
        self._check_writable()
        base = trashed.name.split(".", 1)[0]
        slug = unique_slug(base, self._taken)
        target = self.directory / f"{slug}.yaml"
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.move(str(trashed), target)
        os.chmod(target, FILE_MODE)
        self.reload(slug)
        return slug


def _problem_to_cache(problem: Problem) -> list[Any]:
    return [problem.message, problem.line, problem.column, problem.field,
            problem.suggestion, problem.severity.value]


def _problem_from_cache(path: Path, item: list[Any]) -> Problem:
    message, line, column, field_name, suggestion, severity = item
    return Problem(path, message, line, column, field_name, suggestion, Severity(severity))
