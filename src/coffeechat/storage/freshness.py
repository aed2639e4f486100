"""Making one folder's index rows stand for its files, checked by ``stat``.

What answers from the index (a listing, a search) first brings the rows of the
folders it asks about up to date: each file is compared with its row by stamp
(size, mtime, inode and ctime, trusted once it had settled when the row was
made, see ``Stamp.settled``); only files that changed, are new or have no
usable row are read, and their rows written a batch at a time; the rows of
files gone are dropped. The stamps go to the index one by one, which compares
them with the rows in SQL (``Index.unmatched``), and no record is kept beyond
its batch: memory stays flat in the number of files (but for their names, and
the records whose rows the index would not take, answered from directly).

Files that cannot be read are reported as ``Collection`` reports them
(``unread``): the folder itself, a name that is not UTF-8, the first error of
each file that could not be read whole.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic

from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.storage import records
from coffeechat.storage.collection import (
    INDEX_BATCH,
    SUFFIXES,
    Collection,
    Entry,
    R,
    misnamed,
    read_entry,
    record_slug,
    row_of,
    unreadable_folder,
)
from coffeechat.storage.index import Head, Index, Row, problems_from
from coffeechat.storage.records import Stamp
from coffeechat.storage.regular import Refused, check_regular, dangling


@dataclass
class Fresh(Generic[R]):
    """What ``refresh`` found in one folder."""

    kind: str
    data_dir: Path
    directory: Path
    cls: type[R]
    # Whether the folder could be listed (if not, its rows were left as they were).
    listed: bool = True
    # The folder's own problems: it cannot be listed, a file's name is not UTF-8.
    folder_problems: list[Problem] = field(default_factory=list)
    # The first error of each file that could not be read whole, in slug order.
    broken: list[tuple[str, Problem]] = field(default_factory=list)
    # Slugs whose rows do not stand for their files: files that cannot be read
    # at all (their rows are left alone), files gone, rows not written.
    stale: set[str] = field(default_factory=set)
    # The records of files whose rows the index did not take (another program
    # was writing it, a full disk), by slug.
    behind: dict[str, R] = field(default_factory=dict)

    def unread(self, slugs: Container[str] | None = None) -> list[Problem]:
        """What any list of the folder's records lacks, as ``Collection.unread``
        says it: the folder's own problems, and the first error of each file
        (of ``slugs`` only, when given) that could not be read whole."""
        return [*self.folder_problems,
                *(problem for slug, problem in self.broken if slugs is None or slug in slugs)]


def refresh(index: Index, folder: Collection[R]) -> Fresh[R]:
    """Bring the index's rows of ``folder``'s files up to date (see the module's
    docstring) and say what could not be read. Reads the disk, not the
    collection's memory: whether it was read or not changes nothing."""
    kind, directory = folder.folder, folder.directory
    fresh = Fresh(kind, folder.data_dir, directory, folder.cls)
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        names = []
    except OSError as exc:
        # An unreadable folder must not look like an empty one (nor its rows
        # be dropped as files gone).
        fresh.listed = False
        fresh.folder_problems.append(unreadable_folder(directory, kind, exc))
        return fresh
    odd: list[tuple[str, str]] = []

    def stamps() -> Iterator[tuple[object, ...]]:
        # Each file as it is stamped, handed to the index one by one.
        for name in names:
            slug = record_slug(name)
            if slug is None:
                if (problem := misnamed(directory, name)) is not None:
                    fresh.folder_problems.append(problem)
                continue
            try:
                status = os.stat(name, dir_fd=folder_fd)  # follows a link, as a read does
            except OSError:
                status = None
            if status is None or not stat.S_ISREG(status.st_mode):
                odd.append((slug, name))  # its problem is found below
                yield slug, name, None, None, None, None, True
            else:
                yield (slug, name, status.st_size, status.st_mtime_ns, status.st_ino,
                       status.st_ctime_ns, False)

    try:
        # Files are looked at from the folder's own descriptor: no path to resolve.
        folder_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY) if names else -1
    except OSError as exc:
        fresh.listed = False
        fresh.folder_problems.append(unreadable_folder(directory, kind, exc))
        return fresh
    try:
        compared = index.unmatched(kind, stamps(), records.SETTLE_NS)
    finally:
        if folder_fd >= 0:
            os.close(folder_fd)
    batch = _Batch(index, folder, fresh)
    unmatched: list[tuple[str, str, bool, Head | None]]
    if compared is None:  # the index cannot say: every file is read
        odd.clear()
        fresh.folder_problems = [problem for name in names if record_slug(name) is None
                                 and (problem := misnamed(directory, name)) is not None]
        unmatched = [(slug, name, False, None) for name in names
                     if (slug := record_slug(name)) is not None]
        gone: list[str] = []
    else:
        unmatched, gone = compared
    for slug, name in odd:
        _check(directory, slug, [name], None, batch)
    for slug, name, twin, head in unmatched:
        names_of = ([other for suffix in SUFFIXES
                     if os.path.lexists(directory / (other := f"{slug}{suffix}"))] if twin
                    else [name])
        _check(directory, slug, names_of or [name], head, batch)
    batch.flush()
    if gone:
        index.remove(kind, gone)
        fresh.stale.update(gone)
    return fresh


def _check(directory: Path, slug: str, names: list[str], head: Head | None,
           batch: _Batch[R]) -> None:
    """Compare one record's file (``names``: its file, or more than one with
    the same slug) with its row, and read it when the row does not stand for it."""
    fresh = batch.fresh
    # The file the row is of, when the slug has two (as the folder was read before).
    name = head.file if head is not None and head.file in names else names[0]
    twins = [Problem(directory / other, f"{slug}.yaml and {slug}.yml both exist; only one "
                     "was loaded") for other in names if other != name]
    where = os.path.join(directory, name)
    try:
        status = os.stat(where)  # follows a link, like reading the file does
        check_regular(status)
    except OSError as exc:
        # Never opened (a pipe would block the reader); its row, if any, is not used.
        message = (str(exc) if isinstance(exc, Refused)
                   else dangling(Path(where)) if isinstance(exc, FileNotFoundError)
                   and os.path.islink(where) else f"cannot read: {exc.strerror}")
        fresh.stale.add(slug)
        fresh.broken.append((slug, Problem(Path(where), message)))
        return
    stamp = Stamp.of(status)
    if head is not None and head.file == name and head.stamp == stamp \
            and stamp.settled(head.checked_ns):
        problems = [] if head.problems == "[]" else problems_from(Path(where), head.problems)
        if problems is not None and (head.readable or has_errors(problems)):
            _note_broken(fresh, slug, [*problems, *twins])
            return
    # Changed, new, or a row that does not say (a stamp too fresh to trust, damage).
    entry = read_entry(batch.cls, slug, Path(where))
    _note_broken(fresh, slug, [*entry.problems, *twins])
    if entry.stamp is None:  # gone while being read
        fresh.stale.add(slug)
        return
    batch.add(entry)


def _note_broken(fresh: Fresh[R], slug: str, problems: list[Problem]) -> None:
    if has_errors(problems):
        fresh.broken.append((slug, next(problem for problem in problems
                                        if problem.severity is Severity.ERROR)))


class _Batch(Generic[R]):
    """Files read whose rows are still to be written."""

    def __init__(self, index: Index, folder: Collection[R], fresh: Fresh[R]) -> None:
        self.index = index
        self.directory = folder.directory
        self.cls = folder.cls
        self.fresh = fresh
        self.entries: list[Entry[R]] = []

    def add(self, entry: Entry[R]) -> None:
        self.entries.append(entry)
        if len(self.entries) >= INDEX_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.entries:
            return
        kept: set[str] = set()

        def still(row: Row) -> bool:
            # Written only while the file is as read (checked inside the write).
            try:
                same = Stamp.of(os.stat(os.path.join(self.directory, row.file))) == row.stamp
            except OSError:
                same = False
            if not same:
                kept.add(row.slug)
            return same

        if not self.index.store(self.fresh.kind, [row_of(entry) for entry in self.entries],
                                still):
            kept = {entry.slug for entry in self.entries}
        for entry in self.entries:
            if entry.slug in kept:
                # Its row is of another version, or none: answered from the record.
                self.fresh.stale.add(entry.slug)
                if (record := entry.record) is not None:
                    self.fresh.behind[entry.slug] = record
        self.entries = []
