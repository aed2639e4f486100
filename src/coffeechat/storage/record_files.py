"""Record files: which names in a folder are records, one file read into an
``Entry`` (its record, or the problems that kept it from loading), and the
watcher's comparison of a folder with what was last known of its files.

Only regular files are read (a record may be a link to one); a pipe, a device
or a folder with a record's name is a problem, never opened for reading.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from coffeechat.core.models.problems import Problem, has_errors
from coffeechat.core.models.schema import Record, check_cached, decode_trusted
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import DIR_MODE
from coffeechat.storage.folder_seal import SUFFIXES, SYNCTHING_MARK, record_slug
from coffeechat.storage.index import Row
from coffeechat.storage.records import Stamp, decode_record, digest, name_in_text
from coffeechat.storage.regular import Refused, read_regular

R = TypeVar("R", bound=Record)

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


def set_aside(directory: Path, name: str, copies: list[Path], problems: list[Problem]) -> None:
    """Note a name in a record folder that ``record_slug`` says is not a
    record's: a Syncthing copy goes to ``copies``, a name that is not UTF-8
    to the folder's ``problems``; anything else is none of the store's."""
    if SYNCTHING_MARK in name:
        copies.append(directory / name)
    elif (problem := misnamed(directory, name)) is not None:
        problems.append(problem)


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
    return decoded_entry(cls, slug, path, raw, status, checked)


def decoded_entry(cls: type[R], slug: str, path: Path, raw: bytes, status: os.stat_result,
                  checked_ns: int) -> Entry[R]:
    """The entry of a file's bytes as read (with its status), ``checked_ns`` a
    ``time.time_ns()`` taken before the read."""
    record, problems = decode_record(cls, raw, path)
    return Entry(slug, path, Stamp.of(status), digest(raw), problems, record,
                 checked_ns=checked_ns, label=name_in_text(raw) if record is None else "")


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
        scan = os.scandir(directory)
    except OSError:
        # A folder that cannot be listed is not a folder emptied: change nothing.
        return set(), {}
    changed: set[str] = set()
    confirmed: dict[str, Seen] = {}
    present: set[str] = set()
    with scan:
        for item in scan:
            slug = record_slug(item.name)
            if slug is None:
                continue
            present.add(slug)
            try:
                # From the listing's entry: no path made for each file.
                stamp = Stamp.of(item.stat())
            except OSError:
                continue
            known = seen.get(slug)
            if known is None or known.stamp != stamp:
                changed.add(slug)
            elif known.digest is not None and not stamp.settled(known.checked_ns):
                try:
                    raw, status = read_regular(directory / item.name, yaml_io.MAX_FILE_BYTES)
                except OSError:
                    changed.add(slug)
                    continue
                if Stamp.of(status) != stamp or digest(raw) != known.digest:
                    changed.add(slug)
                else:
                    confirmed[slug] = Seen(stamp, known.digest, checked)
    changed.update(slug for slug in seen if slug not in present)
    return changed, confirmed


def aside_path(folder: Path, slug: str, suffix: str) -> Path:
    """A fresh, time-stamped path for ``slug`` in ``folder`` (under ``trash/`` or
    ``conflicts/``), the folder made if needed."""
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return folder / f"{slug}.{dt.datetime.now():%Y%m%d-%H%M%S-%f}{suffix}"


def from_index(cls: type[R], data: str) -> R | None:
    """A record rebuilt from its index row, or None when the row does not decode
    (the caller then reads the file)."""
    try:
        return decode_trusted(cls, check_cached(cls, json.loads(data)))
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
