"""Making one folder's index rows stand for its files, checked by ``stat``.

The one way the store brings a folder's rows up to date without holding the
folder: the app's start (``Collection.refresh``) and what answers from the
index on the command line (a listing, a search). One ``os.scandir`` pass
stamps each file (size, mtime, inode and ctime, trusted once it had settled
when the row was made, see ``Stamp.settled``). A ``stat`` per file is the
floor: a folder's own mtime says nothing of a file an editor rewrote in place.

When the index keeps a digest of the folder (``Index.sealed``) and the pass
gives the same count and digest, every row still stands for its file: only
the rows of files with problems are looked at again (``Index.troubled``), so a
broken file is still named. Otherwise the stamps go to the index one by one,
which compares them with the rows in SQL (``Index.unmatched``); only files
that changed, are new or have no usable row are read, and their rows written a
batch at a time (many files with no row, as on a first start, are read beside
a helper process: ``reading_aside``); the rows of files gone are dropped. A
full compare that finds every row standing (nothing new, changed, gone, twin,
odd or unsettled) keeps the digest, in the transaction that read the rows;
any write of the folder's rows since, by any process, drops it in its own
transaction (triggers of the index). The digest sums one hash per file of its name and stamp
(``_Tally``): no memory per file, no order. With caching off no digest is
kept or trusted.

No record is kept beyond its batch: memory stays flat in the number
of files (but for the records whose rows the index would not take, answered
from directly).

Files that cannot be read are reported as ``Collection`` reports them
(``unread``): the folder itself, a name that is not UTF-8, the first error of
each file that could not be read whole.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections import deque
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Generic

from coffeechat.core import models
from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.storage import caching, reading_aside, records
from coffeechat.storage.bulk import collector_paused
from coffeechat.storage.folder_seal import SUFFIXES, Seal, Tally, record_slug
from coffeechat.storage.index import Head, Index, Row, problems_from
from coffeechat.storage.index.rows import Prepared
from coffeechat.storage.record_files import (
    INDEX_BATCH,
    PROGRESS_EVERY,
    Entry,
    Progress,
    R,
    decoded_entry,
    read_entry,
    row_of,
    set_aside,
    unreadable_folder,
)
from coffeechat.storage.records import Stamp, digest
from coffeechat.storage.regular import Refused, check_regular, dangling, read_regular
from coffeechat.storage.yaml_io import MAX_FILE_BYTES

if TYPE_CHECKING:
    from coffeechat.storage.folder_reading import FolderReading

# A margin no stamp settles within: no row is trusted (caching off).
_NEVER = 1 << 62


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
    # Whether the index refused a batch of rows (those files are ``stale``).
    refused: bool = False
    # The problems no row holds: files never read (a pipe, a file that cannot
    # be stat'ed) and a slug with two files.
    unrowed: list[Problem] = field(default_factory=list)
    # Slugs whose files' content is not what their rows held: files new,
    # changed or gone (none: what the index showed still holds).
    changed: set[str] = field(default_factory=set)
    # Syncthing's copies of records (see ``SYNCTHING_MARK``), and the files
    # (and links) readable by others, for the workspace to report or tighten.
    conflict_copies: list[Path] = field(default_factory=list)
    loose_files: list[Path] = field(default_factory=list)
    loose_links: list[Path] = field(default_factory=list)

    def unread(self, slugs: Container[str] | None = None) -> list[Problem]:
        """What any list of the folder's records lacks, as ``Collection.unread``
        says it: the folder's own problems, and the first error of each file
        (of ``slugs`` only, when given) that could not be read whole."""
        return [*self.folder_problems,
                *(problem for slug, problem in self.broken if slugs is None or slug in slugs)]


def refresh(index: Index, folder: FolderReading[R], progress: Progress | None = None, *,
            ahead: Seal | None = None, helper: reading_aside.Helper | None = None
            ) -> Fresh[R]:
    """Bring the index's rows of ``folder``'s files up to date (see the module's
    docstring) and say what could not be read; ``progress`` hears how many
    files are done, now and then. Reads the disk, not the collection's memory:
    whether it was read or not changes nothing. ``ahead`` is the folder's seal
    as ``folder_seal.seal_of`` took it a moment before, when it could;
    ``helper``, a reading helper the caller keeps (see ``reading_aside``)."""
    kind, directory = folder.folder, folder.directory
    fresh = Fresh(kind, folder.data_dir, directory, folder.cls)
    try:
        # Listed and stamped from the folder's own descriptor: no path to
        # resolve for each file.
        folder_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        folder_fd = -1
    except OSError as exc:
        # An unreadable folder must not look like an empty one (nor its rows
        # be dropped as files gone).
        return _unlisted(fresh, exc)
    odd: list[tuple[str, str]] = []
    # With caching off no row is trusted for its file: none has settled.
    cached = caching.enabled()
    settle_ns = records.SETTLE_NS if cached else _NEVER
    tally = Tally()
    unmatched: list[tuple[str, str, bool, Head | None]] | None = None
    gone: list[str] = []
    try:
        if cached and folder_fd >= 0 and (sealed := index.sealed(kind)) is not None:
            # The files as they were when every row last stood for its file:
            # then only the rows of files with problems are looked at again.
            seal = ahead
            if seal is None:  # none taken ahead: a pass of its own
                with _listing(folder_fd) as scan:
                    deque(_stamps(scan, fresh, tally, odd), maxlen=0)
                seal = None if odd else tally.seal()
            if seal == sealed:
                tally.files = sealed[0]  # the files the seal counts
                unmatched = index.troubled(kind)
            if unmatched is None:  # changed: compared in full, from a new pass
                fresh.folder_problems, fresh.conflict_copies = [], []
                fresh.loose_files, fresh.loose_links, odd = [], [], []
                tally = Tally()
        if unmatched is None:
            with _listing(folder_fd) as scan:
                compared = index.unmatched(
                    kind, _stamps(scan, fresh, tally, odd), settle_ns,
                    (lambda: None if odd else tally.seal()) if cached else None)
            if compared is not None:
                unmatched, gone = compared
    except OSError as exc:
        return _unlisted(fresh, exc)
    finally:
        if folder_fd >= 0:
            os.close(folder_fd)
    files = tally.files
    batch = _Batch(index, folder, fresh)
    if unmatched is None:  # the index cannot say: every file is read
        unmatched, gone = _everything(fresh)
        odd.clear()
        files = len(unmatched)
    done = files - len(unmatched) - len(odd)
    # Files with no row (on a first start, every file) are read beside a
    # helper process when there are many (see ``reading_aside``).
    # (The helper finds the records' class among the models by its name.)
    new = [(slug, name) for slug, name, twin, head in unmatched if head is None and not twin] \
        if len(unmatched) >= reading_aside.FROM \
        and getattr(models, folder.cls.__name__, None) is folder.cls else []
    if len(new) < reading_aside.FROM:
        new = []
    told = done

    def read(count: int) -> None:
        nonlocal done, told
        done += count
        if progress is not None and done - told >= PROGRESS_EVERY:
            told = done
            progress(done)

    # The collector would only rescan the young objects of each batch again.
    with collector_paused():
        for slug, name in odd:
            _check(directory, slug, [name], None, batch)
        for slug, name, twin, head in unmatched:
            if new and head is None and not twin:
                continue  # shared below
            names_of = ([other for suffix in SUFFIXES
                         if os.path.lexists(directory / (other := f"{slug}{suffix}"))]
                        if twin else [name])
            _check(directory, slug, names_of or [name], head, batch)
            read(1)
        if new:
            reading_aside.share(
                kind, folder.cls, directory, new,
                lambda slug, name: _check(directory, slug, [name], None, batch),
                lambda slug, name, answer: _answered(directory, slug, name, answer, batch),
                read, helper)
        batch.flush()
    if progress is not None:
        progress(files)
    if gone:
        index.remove(kind, gone)
        fresh.stale.update(gone)
        fresh.changed.update(gone)
    return fresh


def _unlisted(fresh: Fresh[R], exc: OSError) -> Fresh[R]:
    fresh.listed = False
    fresh.folder_problems = [unreadable_folder(fresh.directory, fresh.kind, exc)]
    return fresh


def _listing(folder_fd: int) -> contextlib.AbstractContextManager[Iterable[os.DirEntry[str]]]:
    """The entries of the folder open as ``folder_fd`` (none: it does not exist)."""
    return os.scandir(folder_fd) if folder_fd >= 0 else contextlib.nullcontext(())


def _stamps(scan: Iterable[os.DirEntry[str]], fresh: Fresh[R], tally: Tally,
            odd: list[tuple[str, str]]) -> Iterator[tuple[object, ...]]:
    """Each record file of the folder as ``Index.unmatched`` takes it, stamped
    as it is listed and added to ``tally``; files that cannot be stamped or
    are not regular go to ``odd`` too (their problems are found later), names
    that are not records' are set aside."""
    directory = fresh.directory
    for item in scan:
        name = item.name
        slug = record_slug(name)
        if slug is None:
            set_aside(directory, name, fresh.conflict_copies, fresh.folder_problems)
            continue
        try:
            status = item.stat()  # follows a link, as a read does
        except OSError:
            status = None
        if status is None or not S_ISREG(mode := status.st_mode):
            tally.files += 1  # counted, in no digest: there is no seal with odd files
            odd.append((slug, name))
            yield slug, name, None, None, None, None, True
            continue
        if mode & 0o077:
            (fresh.loose_links if item.is_symlink() else fresh.loose_files).append(
                directory / name)
        tally.add(name, status)
        yield (slug, name, status.st_size, status.st_mtime_ns, status.st_ino,
               status.st_ctime_ns, False)


def _everything(fresh: Fresh[R]) -> tuple[list[tuple[str, str, bool, Head | None]],
                                          list[str]]:
    """Every file of the folder as unmatched, listed again, for an index that
    cannot be read (what the pass found of the folder is found again)."""
    directory = fresh.directory
    fresh.folder_problems, fresh.conflict_copies = [], []
    try:
        names = os.listdir(directory)
    except OSError:
        names = []
    slugs: dict[str, list[str]] = {}
    for name in names:
        if (slug := record_slug(name)) is not None:
            slugs.setdefault(slug, []).append(name)
        else:
            set_aside(directory, name, fresh.conflict_copies, fresh.folder_problems)
    return [(slug, found[0], len(found) > 1, None) for slug, found in slugs.items()], []


def _check(directory: Path, slug: str, names: list[str], head: Head | None,
           batch: _Batch[R]) -> None:
    """Compare one record's file (``names``: its file, or more than one with
    the same slug) with its row, and read it when the row does not stand for it."""
    fresh = batch.fresh
    # The file the row is of, when the slug has two (as the folder was read before).
    name = head.file if head is not None and head.file in names else names[0]
    twins = [Problem(directory / other, f"{slug}.yaml and {slug}.yml both exist; only one "
                     "was loaded") for other in names if other != name]
    fresh.unrowed.extend(twins)
    where = os.path.join(directory, name)
    try:
        status = os.stat(where)  # follows a link, like reading the file does
        check_regular(status)
    except OSError as exc:
        # Never opened (a pipe would block the reader); its row, if any, is not used.
        message = (str(exc) if isinstance(exc, Refused)
                   else dangling(Path(where)) if isinstance(exc, FileNotFoundError)
                   and os.path.islink(where) else f"cannot read: {exc.strerror}")
        problem = Problem(Path(where), message)
        fresh.stale.add(slug)
        fresh.broken.append((slug, problem))
        fresh.unrowed.append(problem)
        return
    stamp = Stamp.of(status)
    # What the row says of its file, when it can be trusted to say it.
    problems = None
    if head is not None and head.file == name and caching.enabled():
        problems = [] if head.problems == "[]" else problems_from(Path(where), head.problems)
        if problems is not None and not (head.readable or has_errors(problems)):
            problems = None
    if problems is not None and head is not None and head.stamp == stamp \
            and stamp.settled(head.checked_ns):
        _note_broken(fresh, slug, [*problems, *twins])
        return
    # Changed, new, or a row that does not say (a stamp too fresh to trust, damage).
    checked = time.time_ns()
    try:
        raw, status = read_regular(Path(where), MAX_FILE_BYTES)
    except OSError:
        entry = read_entry(batch.cls, slug, Path(where))  # says what is wrong
    else:
        if problems is not None and head is not None and head.stamp != stamp \
                and digest(raw) == head.digest:
            # The bytes the row was made of, under a new stamp (a folder copied or
            # restored, a checkout, a touch): the row stands, with that stamp. (A
            # stamp too fresh to trust is read again in full, as it always was:
            # few files, changed a moment ago.)
            batch.restamp(slug, name, head.digest, raw, status, checked)
            _note_broken(fresh, slug, [*problems, *twins])
            return
        entry = decoded_entry(batch.cls, slug, Path(where), raw, status, checked)
    _note_broken(fresh, slug, [*entry.problems, *twins])
    if head is None or head.digest != entry.digest:
        fresh.changed.add(slug)
    if entry.stamp is None:  # gone while being read
        fresh.stale.add(slug)
        return
    batch.add(entry)


def _answered(directory: Path, slug: str, name: str, answer: reading_aside.Answer,
              batch: _Batch[R]) -> None:
    """A new file as a helper read it: its row goes in the batch; read here
    when the helper could not (None) or answered nonsense."""
    problems = None
    if answer is not None:
        try:
            (size, mtime_ns, inode, ctime_ns), checked_ns, found, problems_json, values = answer
            row = Row(slug, name, Stamp(size, mtime_ns, inode, ctime_ns), checked_ns, found,
                      [], None, prepared=Prepared(*values))
            problems = [] if problems_json == "[]" else problems_from(
                Path(directory, name), problems_json)
        except (TypeError, ValueError):
            problems = None
    if problems is None:
        _check(directory, slug, [name], None, batch)
        return
    _note_broken(batch.fresh, slug, problems)
    batch.fresh.changed.add(slug)
    batch.add_row(row)


def _note_broken(fresh: Fresh[R], slug: str, problems: list[Problem]) -> None:
    if has_errors(problems):
        fresh.broken.append((slug, next(problem for problem in problems
                                        if problem.severity is Severity.ERROR)))


class _Batch(Generic[R]):
    """Files read whose rows are still to be written."""

    def __init__(self, index: Index, folder: FolderReading[R], fresh: Fresh[R]) -> None:
        self.index = index
        self.directory = folder.directory
        self.cls = folder.cls
        self.fresh = fresh
        self.entries: list[Entry[R]] = []
        self.rows: list[Row] = []
        self.restamps: list[tuple[str, str, str, bytes, os.stat_result, int]] = []

    def add(self, entry: Entry[R]) -> None:
        self.entries.append(entry)
        self._full()

    def add_row(self, row: Row) -> None:
        """The row of a file read elsewhere (the record stays there)."""
        self.rows.append(row)
        self._full()

    def _full(self) -> None:
        if len(self.entries) + len(self.rows) + len(self.restamps) >= INDEX_BATCH:
            self.flush()

    def restamp(self, slug: str, file: str, row_digest: str, raw: bytes, status: os.stat_result,
                checked_ns: int) -> None:
        """A row that stands for its file under a new stamp (its bytes kept, in
        case the index refuses the write)."""
        self.restamps.append((slug, file, row_digest, raw, status, checked_ns))
        self._full()

    def flush(self) -> None:
        if self.restamps:
            restamps, self.restamps = self.restamps, []
            if not self.index.restamp(self.fresh.kind, (
                    (slug, file, row_digest, Stamp.of(status), checked_ns)
                    for slug, file, row_digest, _, status, checked_ns in restamps)):
                # Answered from the records (see ``Fresh.behind``), read from the bytes.
                self.fresh.refused = True
                for slug, file, _, raw, status, checked_ns in restamps:
                    entry = decoded_entry(self.cls, slug, self.directory / file, raw, status,
                                          checked_ns)
                    self.fresh.stale.add(slug)
                    if entry.record is not None:
                        self.fresh.behind[slug] = entry.record
        if not self.entries and not self.rows:
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

        rows = [*(row_of(entry) for entry in self.entries), *self.rows]
        if not self.index.store(self.fresh.kind, rows, still):
            self.fresh.refused = True
            kept = {row.slug for row in rows}
        records = {entry.slug: entry.record for entry in self.entries}
        for row in rows:
            if row.slug in kept:
                # Its row is of another version, or none: answered from the record
                # (read here, when it was read elsewhere).
                self.fresh.stale.add(row.slug)
                record = (records[row.slug] if row.slug in records
                          else read_entry(self.cls, row.slug, self.directory / row.file).record)
                if record is not None:
                    self.fresh.behind[row.slug] = record
        self.entries, self.rows = [], []
