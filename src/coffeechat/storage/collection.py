"""One folder of records (people, companies or interviews) and its safety rules.

A collection loads leniently — a bad file becomes problems and the rest load —
and writes strictly: a file with errors is never overwritten, a file changed on
disk since it was read is never clobbered (the unsaved version is kept in
``conflicts/``), and nothing is written while another instance holds the lock.

Only regular files are read (a record may be a link to one); a pipe, a device
or a folder with a record's name is a problem, never opened for reading.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.core.models.schema import Record, decode_trusted, three_way
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import (
    DIR_MODE,
    Staged,
    fsync_dir,
    make_private,
    move_new,
    write_atomic,
    write_target,
)
from coffeechat.storage.cache import CHECKED, DATA, DIGEST, PROBLEMS, IndexCache, cache_entry
from coffeechat.storage.records import Stamp, decode_record, digest, encode_record
from coffeechat.storage.regular import Refused, check_regular, dangling, read_regular
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


class OutOfRangeError(StoreError):
    """A record holding a value its file could not hold (a date in the year 9999):
    written, it would make a file that fails to load, so it is refused."""


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

    __slots__ = ("_cached", "_path", "_record", "checked_ns", "digest", "problems", "slug",
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
        checked_ns: int = 0,
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
    if name.startswith(".") or not name.endswith(SUFFIXES):
        return None
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return name.rsplit(".", 1)[0]


def printable(name: str) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


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
        # Files readable by others: those in the folder are tightened, links are
        # only reported (the file they lead to is not coffeechat's to change).
        self.loose_files: list[Path] = []
        self.loose_links: list[Path] = []
        # Problems of the folder itself (it cannot be read, a name is not UTF-8).
        self.folder_problems: list[Problem] = []
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
        self.loose_links = []
        self.folder_problems = []
        cache = self._cache
        cache.load()
        try:
            scan = list(os.scandir(self.directory))
        except FileNotFoundError:
            return entries
        except OSError as exc:
            # An unreadable folder must not look like an empty one.
            self.folder_problems.append(Problem(
                self.directory, f"cannot read this folder ({exc.strerror}), so none of "
                f"its {self.folder} are shown"))
            return entries
        seen: set[str] = set()
        enabled = gc.isenabled()
        gc.disable()
        try:
            for item in scan:
                name = item.name
                slug = record_slug(name)
                if slug is None:
                    if not name.startswith(".") and name.endswith(SUFFIXES):
                        self.folder_problems.append(Problem(
                            self.directory, f"the file name '{printable(name)}' is not "
                            "UTF-8 text, so it was left out; rename the file"))
                    continue
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
        """One file of the folder, from the cache when its stamp vouches for it."""
        path = Path(item.path)
        try:
            status = item.stat()  # follows a link, like reading the file does
        except OSError as exc:
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
            return Entry(slug, path, stamp, None, [Problem(path, str(exc))])
        if status.st_mode & 0o077:
            (self.loose_links if item.is_symlink() else self.loose_files).append(path)
        hit = cache.get(item.name, stamp)
        # An entry cached before the file's stamp settled may predate a change
        # made within the same clock tick: the file is read again then.
        if hit is not None and isinstance(hit[DATA], dict) and stamp.settled(hit[CHECKED]):
            return self._from_cache(slug, item.path, stamp, hit)
        entry = self._read(slug, path)
        if entry.stamp is not None:
            data = entry.record.encode_for_cache() if entry.record is not None else None
            cache.put(item.name, cache_entry(
                entry.stamp, entry.checked_ns, entry.digest, data,
                [_problem_to_cache(problem) for problem in entry.problems]))
        return entry

    def _from_cache(self, slug: str, path: str, stamp: Stamp, hit: list[Any]) -> Entry[R]:
        problems = [_problem_from_cache(Path(path), problem) for problem in hit[PROBLEMS]]
        fallback = partial(self._read_record, path)
        return Entry(slug, path, stamp, hit[DIGEST], problems,
                     cached=(self.cls, hit[DATA], fallback), checked_ns=hit[CHECKED])

    def _read_record(self, path: str) -> R | None:
        try:
            raw, _ = read_regular(Path(path), yaml_io.MAX_FILE_BYTES)
        except OSError:
            return None
        return decode_record(self.cls, raw, Path(path))[0]

    def _read(self, slug: str, path: Path) -> Entry[R]:
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
        record, problems = decode_record(self.cls, raw, path)
        return Entry(slug, path, Stamp.of(status), digest(raw), problems, record,
                     checked_ns=checked)

    def reload(self, slug: str) -> Entry[R] | None:
        """Read one file again (after an outside edit); None if it is gone."""
        path = self.path_for(slug)
        if not os.path.lexists(path):
            self.entries.pop(slug, None)
            return None
        fresh = self._read(slug, path)
        self.entries[slug] = fresh
        return fresh

    def seen(self) -> dict[str, Seen]:
        """What is known of every file, for ``look`` (call on the owning thread)."""
        return {slug: entry.seen() for slug, entry in self.entries.items()}

    def settle(self, confirmed: Mapping[str, Seen]) -> None:
        """Take in what ``look`` confirmed unchanged, so those files are not read
        again while their stamps still say it all."""
        for slug, seen in confirmed.items():
            entry = self.entries.get(slug)
            if entry is not None and entry.stamp == seen.stamp and entry.digest == seen.digest:
                entry.checked_ns = max(entry.checked_ns, seen.checked_ns)

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
        entries = self.entries  # reading the folder is what finds its own problems
        return [*self.folder_problems,
                *(problem for entry in entries.values() for problem in entry.problems)]

    def path_for(self, slug: str) -> Path:
        if not is_safe_slug(slug):
            raise StoreError(f"{slug!r} cannot be used as a file name")
        entry = self.entries.get(slug)
        return entry.path if entry is not None else self.directory / f"{slug}.yaml"

    def _taken(self, slug: str) -> bool:
        return slug in self.entries or any(
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

    def _add(self, record: R, slug: str | None, *, sync_dir: bool = True) -> str:
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
        self.entries[chosen] = Entry(chosen, path, Stamp.of(status), digest(raw), [],
                                     record.copy(), checked_ns=time.time_ns())
        return chosen

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
            raw = encode_record(record)
            # The store keeps its own copy: callers go on editing theirs.
            if raw != b"" and digest(raw) == entry.digest and entry.path.exists():
                entry.record = record.copy()
                return record
            with Staged(write_target(entry.path, follow=True), raw) as staged:
                # Checked on the very file replaced: a change that landed after
                # the file was read is put back rather than overwritten.
                status = staged.swap(partial(_holds, wanted=entry.digest, follow=False))
            if status is not None:
                entry.stamp = Stamp.of(status)
                entry.digest = digest(raw)
                entry.checked_ns = time.time_ns()
                entry.record = record.copy()
                return record
        raise ConflictError(entry.path, self._keep_conflict(slug, raw))

    def _on_top_of_disk(self, slug: str, mine: R, base: R | None) -> tuple[Entry[R], R]:
        """The entry to write and what to write in it: ``mine``, or (given ``base``)
        the fields changed from ``base`` applied on top of a version changed
        elsewhere, which is read again first. Raises when that cannot be done."""
        entry = self.entries.get(slug)
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
        """A fresh, time-stamped path for ``slug`` under ``<data>/<area>/<folder>/``."""
        folder = self.data_dir / area / self.folder
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
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


def _problem_to_cache(problem: Problem) -> list[Any]:
    return [problem.message, problem.line, problem.column, problem.field,
            problem.suggestion, problem.severity.value]


def _problem_from_cache(path: Path, item: list[Any]) -> Problem:
    message, line, column, field_name, suggestion, severity = item
    return Problem(path, message, line, column, field_name, suggestion, Severity(severity))
