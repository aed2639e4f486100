"""Answers about one folder's records: a record, a name, a stamp, the files that
cannot be read, the problems; from memory once the folder is read, else from
the index's rows and single files, never reading the folder for one record.
The third layer of ``Collection``."""

from __future__ import annotations

import os
from collections.abc import Container, Iterable, Iterator
from pathlib import Path

from coffeechat.core.models import Interview, Person
from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.core.network import people_named
from coffeechat.storage import caching, yaml_io
from coffeechat.storage.bulk import collector_paused
from coffeechat.storage.folder_reading import FolderReading
from coffeechat.storage.folder_seal import SUFFIXES, record_slug
from coffeechat.storage.index import Head, problems_from
from coffeechat.storage.record_files import (
    BULK_FROM,
    Entry,
    R,
    Unreadable,
    from_index,
)
from coffeechat.storage.records import Stamp, name_in_text
from coffeechat.storage.regular import read_regular
from coffeechat.storage.slugs import is_safe_slug, slugify, unique_slug


class FolderQueries(FolderReading[R]):
    """What is asked of a folder's records."""

    def lookup(self, slug: str) -> R | None:
        """The stored record ``slug`` (for reading only) without reading the whole
        folder: from memory once the folder is read, else from the index while
        its row is current, else from the file."""
        if self._entries is not None:
            return self.peek(slug)
        found = self._vouched(slug)
        if found is None:
            return None
        path, head = found
        if head is not None and head.readable:
            data = self._index.data(self.folder, slug, head.stamp)
            record = from_index(self.cls, data) if data is not None else None
            if record is not None:
                return record
        return self._read_record(str(path))

    def editable(self, slug: str) -> bool:
        """Whether record ``slug``'s file is there and loads without errors (a
        file with errors is never written over), reading the folder no more
        than ``lookup`` does."""
        if self._entries is not None:
            entry = self._entries.get(slug)
            return entry is not None and not entry.broken
        found = self._vouched(slug)
        if found is None:
            return False
        path, head = found
        if head is not None and (problems := problems_from(path, head.problems)) is not None:
            return not has_errors(problems)
        return not self._read(slug, path).broken

    def _vouched(self, slug: str) -> tuple[Path, Head | None] | None:
        """The file of ``slug`` (None: there is none) and its row, when the row
        stands for the file as it is now (else None)."""
        found = self._file_of(slug)
        if found is None:
            return None
        path, stamp = found
        head = self._index.head(self.folder, slug)
        if head is not None and caching.enabled() and head.file == path.name \
                and head.stamp == stamp and stamp.settled(head.checked_ns):
            return path, head
        return path, None

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

    def stamp_of(self, slug: str) -> Stamp | None:
        """The stamp of ``slug``'s file: as read once the folder is read, else
        from the disk (one ``stat``)."""
        return self.stamps_of([slug]).get(slug)

    def stamps_of(self, slugs: Iterable[str]) -> dict[str, Stamp]:
        """``stamp_of`` of many files (those that have one), each stamped from
        the folder's own descriptor where it can be opened (no path to
        resolve for each), else by its path (a folder that can be searched
        but not listed)."""
        found: dict[str, Stamp] = {}
        if self._entries is not None:
            for slug in slugs:
                entry = self._entries.get(slug)
                if entry is not None and entry.stamp is not None:
                    found[slug] = entry.stamp
            return found
        try:
            folder_fd: int | None = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            folder_fd = None
        try:
            for slug in slugs:
                if not is_safe_slug(slug):
                    continue
                for suffix in SUFFIXES:
                    name = f"{slug}{suffix}"
                    try:
                        found[slug] = Stamp.of(os.stat(name, dir_fd=folder_fd)
                                               if folder_fd is not None
                                               else (self.directory / name).stat())
                        break
                    except OSError:
                        continue
        finally:
            if folder_fd is not None:
                os.close(folder_fd)
        return found

    def count(self) -> int:
        """How many record files there are, without reading them if not yet read."""
        if self._entries is not None:
            return len(self._entries)
        try:
            names = os.listdir(self.directory)
        except OSError:
            return 0
        return len({slug for name in names if (slug := record_slug(name)) is not None})

    def get(self, slug: str) -> R | None:
        """A copy of a record: changing it changes nothing until it is saved."""
        record = self.peek(slug)
        return record.copy() if record is not None else None

    def peek(self, slug: str) -> R | None:
        """The stored record itself, for reading only (no copy made); of a
        folder not held in memory, ``lookup``'s: one record is never a reason
        to read the folder."""
        if self._entries is None:
            return self.lookup(slug)
        entry = self._entries.get(slug)
        return entry.record if entry is not None else None

    def __contains__(self, slug: object) -> bool:
        # A folder not read is not read for it: the disk says.
        return isinstance(slug, str) and self.has_file(slug)

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

    @property
    def _from_rows(self) -> bool:
        """Whether a question of every record is answered from the rows: once
        ``refresh`` brought them up to date, while the folder is not held."""
        return self._entries is None and self.scanned

    def problems_of_files(self) -> list[Problem]:
        """The problems of every file: as read, or, once ``refresh`` brought the
        rows up to date and while the folder is not held in memory, as their
        rows say (with those of files that have none)."""
        if not self._from_rows:
            return self.problems()
        found = [*self.folder_problems, *self.file_problems]
        for name, text in self._index.problems(self.folder):
            found.extend(problems_from(self.directory / name, text) or [])
        return found

    def unread(self, slugs: Container[str] | None = None) -> list[Problem]:
        """What any list of this folder's records lacks: the folder's own problems,
        and the first error of each file that could not be read whole (of
        ``slugs`` only, when given): left out, or shown with what could be read.
        Once ``refresh`` brought the rows up to date and while the folder is
        not held in memory, as the rows say (with the files that have none):
        the folder is never read whole for it."""
        if self._from_rows:
            return [*self.folder_problems,
                    *(error for slug, error in self._row_errors()
                      if slugs is None or slug in slugs)]
        entries = dict(self.entries)  # one step: safe beside the owning thread
        found = list(self.folder_problems)
        for slug, entry in entries.items():
            if entry.broken and (slugs is None or slug in slugs):
                found.append(next(problem for problem in entry.problems
                                  if problem.severity is Severity.ERROR))
        return found

    def names_nobody(self, people: FolderQueries[Person]) -> list[tuple[Path, str, str]]:
        """``(file, field, slug)`` of each slug a readable record of this folder
        names as a person (``core.network.people_named``) that is no file of
        ``people``. From the rows (and the records waiting for theirs) while
        both folders answer from them: neither is read whole for it. (A
        folder that cannot be read now counts as read whole: never its old rows.)"""
        if self._rows_answer() and people._rows_answer():
            pending, odd = self._rows_aside()
            rows = self._index.unknown_people(self.folder)
            if rows is not None:
                found = [(self.directory / file, field, named)
                         for slug, file, field, named in rows
                         if slug not in pending and file not in odd]
                found += [(entry.path, field, named) for entry in pending.values()
                          if isinstance(record := entry.record, Person | Interview)
                          for field, named in people_named(record)]
                # A row may lack a person whose file is there (read since, or a
                # file with no row): the disk says.
                return [item for item in found if not people.has_file(item[2])]
        entries = self.entries
        return [(entries[slug].path, field, named) for slug, record in self.items()
                if isinstance(record, Person | Interview)
                for field, named in people_named(record) if named not in people]

    def contact_entries(self, prefix: str) -> dict[str, tuple[Path, list[tuple[str, str]]]]:
        """Of each readable person, in slug order: their file and the entries of
        their contact whose key begins with ``prefix``. From the rows (and the
        records waiting for theirs) while the folder answers from them."""
        found: dict[str, tuple[Path, list[tuple[str, str]]]] = {}
        if self._rows_answer():
            pending, odd = self._rows_aside()
            rows = self._index.contact_entries(prefix)
            if rows is not None:
                for slug, file, key, value in rows:
                    if slug not in pending and file not in odd:
                        found.setdefault(slug, (self.directory / file, []))[1].append(
                            (key, value))
                for slug, entry in pending.items():
                    if isinstance(record := entry.record, Person):
                        found[slug] = (entry.path, _starting(record.contact, prefix))
                return dict(sorted(found.items()))
        entries = self.entries
        for slug, record in sorted(self.items(), key=lambda item: item[0]):
            if isinstance(record, Person):
                found[slug] = (entries[slug].path, _starting(record.contact, prefix))
        return found

    def snapshot(self) -> list[tuple[str, R]]:
        """``(slug, record)`` of every file that could be read, in slug order, as
        ``items`` gives them; of a folder not held whose rows are current,
        rebuilt from the rows and kept nowhere (the records waiting for theirs
        from memory, a file whose row is not used left out as ``items`` leaves
        it), so an export of everyone leaves the folder unread."""
        if not self._rows_answer():
            return sorted(self.items(), key=lambda item: item[0])
        pending, odd = self._rows_aside()
        aside = {record_slug(name) for name in odd}
        found = [(slug, record) for slug, entry in pending.items()
                 if (record := entry.record) is not None]
        with collector_paused():
            for slug, (_, data) in self._index.all_data(self.folder).items():
                if slug in pending or slug in aside:
                    continue
                record = from_index(self.cls, data)
                if record is None:  # a row that does not decode: its file says
                    record = self.lookup(slug)
                if record is not None:
                    found.append((slug, record))
        return sorted(found, key=lambda item: item[0])

    def _rows_answer(self) -> bool:
        """``_from_rows``, and the folder can be read now (one look): the rows
        of a folder that cannot are never taken for its files."""
        return self._from_rows and self.folder_unreadable() is None

    def _rows_aside(self) -> tuple[dict[str, Entry[R]], set[str]]:
        """What a question of every row leaves aside: the records read since
        whose rows are not written yet (they answer instead), and the names of
        files whose rows are not used (a pipe or a link to nowhere in a
        record's place: its old row stays)."""
        pending = dict(self._unindexed)  # one step: the owning thread may add one
        return pending, {problem.path.name for problem in self.file_problems
                         if problem.path is not None}

    def has_file(self, slug: str) -> bool:
        """Whether ``slug`` is a record file of this folder, of whatever kind
        (as read once the folder is read, else from the disk)."""
        if self._entries is not None:
            return slug in self._entries
        return is_safe_slug(slug) and any(
            os.path.lexists(self.directory / f"{slug}{suffix}") for suffix in SUFFIXES)

    def _row_errors(self) -> list[tuple[str, Problem]]:
        """``(slug, first error)`` of each file that could not be read whole, in
        slug order, as ``unread`` finds them without the folder: files read
        since whose rows the index has not taken, then the rows that hold an
        error and the files with no row (a pipe, two files of one slug)."""
        pending = dict(self._unindexed)  # one step: the owning thread may add one
        found = {slug: _first_error(entry.problems) for slug, entry in pending.items()}
        listed = [(record_slug(name), problems_from(self.directory / name, text) or [])
                  for name, text in self._index.problems(self.folder)]
        listed += [(record_slug(problem.path.name) if problem.path is not None else None,
                    [problem]) for problem in self.file_problems]
        for slug, problems in listed:
            if slug is not None and slug not in pending and found.get(slug) is None:
                found[slug] = _first_error(problems)
        return sorted((slug, error) for slug, error in found.items() if error is not None)

    def _taken(self, slug: str) -> bool:
        # A folder not read yet: the disk alone says, and is not read for it.
        return (self._entries is not None and slug in self._entries) or any(
            os.path.lexists(self.directory / f"{slug}{suffix}") for suffix in SUFFIXES
        )

    def new_slug(self, base: str) -> str:
        return unique_slug(slugify(base), self._taken)


def _starting(contact: dict[str, str], prefix: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in contact.items() if key.startswith(prefix)]


def _first_error(problems: list[Problem]) -> Problem | None:
    return next((problem for problem in problems if problem.severity is Severity.ERROR), None)
