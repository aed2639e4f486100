"""The data directory as a whole: folders, privacy, the lock, loading, problems.

``Workspace.open`` never raises for bad content: every file that cannot be used
becomes a problem record and everything else loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from pathlib import Path
from typing import TypeVar

from coffeechat.core import clock
from coffeechat.core.banks import BankLibrary
from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.models.schema import Record
from coffeechat.core.people import display_name
from coffeechat.core.wording import plural
from coffeechat.storage import banks as bank_loader
from coffeechat.storage.atomic import DIR_MODE, FILE_MODE, make_private, sweep_temp_files
from coffeechat.storage.cache import CACHE_DIR
from coffeechat.storage.collection import (
    CONFLICTS_DIR,
    Collection,
    ReadOnlyError,
    StoreError,
)
from coffeechat.storage.lock import LockedError, LockFileError, WorkspaceLock
from coffeechat.storage.paths import shipped_banks_dir
from coffeechat.storage.slugs import interview_slug, slugify, unique_slug

FOLDERS = ("people", "companies", "interviews", "question_banks")

R = TypeVar("R", bound=Record)


class Workspace:
    """People, companies, interviews and banks of one data directory."""

    def __init__(self, data_dir: Path, *, readonly: bool = False) -> None:
        self.data_dir = data_dir
        self.readonly = readonly
        self.lock_holder: str | None = None
        # Why a workspace meant for writing opened read-only, in the user's words.
        self.readonly_reason: str | None = None
        self._lock = WorkspaceLock(data_dir)
        self.notices: list[Problem] = []
        self.people: Collection[Person] = Collection(
            data_dir, "people", Person, writable=self._check_writable,
            name_of=lambda person: person.name, on_scanned=self._after_scan,
        )
        self.companies: Collection[Company] = Collection(
            data_dir, "companies", Company, writable=self._check_writable,
            name_of=lambda company: company.name, on_scanned=self._after_scan,
        )
        self.interviews: Collection[Interview] = Collection(
            data_dir, "interviews", Interview, writable=self._check_writable,
            name_of=lambda interview: interview.person, on_scanned=self._after_scan,
        )
        self.banks = BankLibrary()

    @classmethod
    def open(cls, data_dir: Path, *, readonly: bool = False) -> Workspace:
        """Create the folders if needed, take the lock (or fall back to read-only
        when another instance has it), and load everything."""
        workspace = cls(data_dir, readonly=readonly)
        try:
            workspace._prepare()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError(f"cannot use {data_dir} as the data directory: {reason}") from None
        if not workspace.readonly:
            try:
                workspace._lock.acquire()
            except LockedError as exc:
                workspace._read_only(str(exc))
                workspace.lock_holder = exc.holder
            except LockFileError as exc:
                workspace._read_only(str(exc))
                workspace.notices.append(Problem(workspace._lock.path, str(exc)))
            except OSError as exc:
                reason = exc.strerror or str(exc)
                workspace._read_only(f"cannot write in {data_dir} ({reason})")
                workspace.notices.append(Problem(
                    data_dir, f"cannot write here ({reason}); opened read-only",
                ))
        workspace.load()
        return workspace

    def _read_only(self, reason: str) -> None:
        self.readonly = True
        self.readonly_reason = reason

    @property
    def collections(
        self,
    ) -> tuple[Collection[Person], Collection[Company], Collection[Interview]]:
        return (self.people, self.companies, self.interviews)

    def close(self) -> None:
        """Save the speed cache and release the lock."""
        self.save_cache()
        self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- setup -------------------------------------------------------------------

    def _prepare(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise NotADirectoryError(20, "it is a file, not a folder")
        existed = self.data_dir.exists()
        self.data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if not existed:
            os.chmod(self.data_dir, DIR_MODE)
        mode = stat.S_IMODE(self.data_dir.stat().st_mode)
        if mode & 0o077 and not self.readonly:
            os.chmod(self.data_dir, DIR_MODE)
            self.notices.append(Problem(
                self.data_dir,
                f"the data folder was readable by others (mode {mode:o}); "
                f"tightened to {DIR_MODE:o}",
                severity=Severity.WARNING,
            ))
        if self.readonly:
            return
        for folder in FOLDERS:
            # Something else under a folder's name is reported when the folder is read.
            with contextlib.suppress(FileExistsError):
                (self.data_dir / folder).mkdir(mode=DIR_MODE, exist_ok=True)

    def _check_writable(self) -> None:
        if not self.readonly:
            return
        if self.readonly_reason is not None and self.lock_holder is None:
            raise ReadOnlyError(f"read-only: {self.readonly_reason}")
        who = f" ({self.lock_holder})" if self.lock_holder else ""
        raise ReadOnlyError(
            f"read-only: another coffeechat{who} has this data directory open; "
            "close it to make changes here"
        )

    # -- loading -----------------------------------------------------------------

    def load(self) -> None:
        """(Re)load all records and banks; problems are collected, never raised.

        Each folder is read the first time something asks for its records, so
        a screen that shows only interviews never pays for 10,000 people."""
        self.notices = [n for n in self.notices
                        if n.path in (self.data_dir, self._lock.path)]
        for collection in self.collections:
            collection.unload()
        self.reload_banks()
        if not self.readonly:
            # Debris of writes killed outside the record folders (those are
            # swept when they are read).
            for folder in (self.data_dir, self.data_dir / CACHE_DIR,
                           self.data_dir / "question_banks",
                           *(self.data_dir / CONFLICTS_DIR / c.folder for c in self.collections)):
                sweep_temp_files(folder)

    def _after_scan(self, collection: Collection[R]) -> None:
        if collection.loose_links:
            self.notices.append(Problem(
                collection.directory,
                f"{len(collection.loose_links)} linked file(s) lead to files others can "
                "read; coffeechat does not change files outside the data folder",
                severity=Severity.WARNING,
            ))
        if self.readonly:
            return
        self._tighten(collection)
        sweep_temp_files(collection.directory)

    def reload_banks(self) -> None:
        self.banks = bank_loader.load_library(
            shipped_banks_dir(), self.data_dir / "question_banks"
        )

    def _tighten(self, collection: Collection[R]) -> None:
        for path in collection.loose_files:
            with contextlib.suppress(OSError):
                make_private(path)
        count = len(collection.loose_files)
        if count:
            self.notices.append(Problem(
                collection.directory,
                f"{plural(count, 'file')} {'was' if count == 1 else 'were'} readable by "
                f"others; tightened to {FILE_MODE:o}",
                severity=Severity.WARNING,
            ))

    def save_cache(self) -> None:
        """Remember decoded files for a faster next start (never needed for correctness)."""
        if not self.readonly:
            for collection in self.collections:
                collection.save_cache()

    # -- queries -----------------------------------------------------------------

    def problems(self, *, links: bool = True) -> list[Problem]:
        """Every problem in the workspace: files, banks, folder notices and, with
        ``links``, slugs naming nobody (which means rebuilding every record)."""
        per_file = [problem for c in self.collections for problem in c.problems()]
        # Reading the folders (above) is what adds permission notices.
        found = [*self.notices, *per_file]
        found.extend(self.banks.problems)
        if links:
            found.extend(self.dangling_links())
        return found

    def dangling_links(self) -> list[Problem]:
        """Slugs that name no person: a typo or a deleted contact."""
        people = self.people
        found = []
        for slug, person in people.items():
            path = people.entries[slug].path
            if person.introduced_by and person.introduced_by not in people:
                found.append(Problem(path, f"no person {person.introduced_by!r}",
                                     field="introduced_by", severity=Severity.WARNING))
            for other in person.knows:
                if other not in people:
                    found.append(Problem(path, f"no person {other!r}", field="knows",
                                         severity=Severity.WARNING))
        for slug, interview in self.interviews.items():
            path = self.interviews.entries[slug].path
            if interview.person and interview.person not in people:
                found.append(Problem(path, f"no person {interview.person!r}", field="person",
                                     severity=Severity.WARNING))
            for referral in interview.referrals:
                if referral.person not in people:
                    found.append(Problem(path, f"no person {referral.person!r}",
                                         field="referrals", severity=Severity.WARNING))
        return found

    # -- convenience -------------------------------------------------------------

    def add_person(self, person: Person) -> str:
        return self.people.add(person)

    def new_interview(self, interview: Interview, *, on: dt.date | None = None) -> str:
        """Create an interview file named ``<date>-<person slug>``."""
        day = on or interview.created or clock.today()
        if interview.created is None:
            interview.created = day
        base = interview_slug(day, interview.person)
        slug = unique_slug(base, lambda candidate: candidate in self.interviews)
        return self.interviews.add(interview, slug=slug)

    def person_name(self, slug: str) -> str:
        """The display name for a person slug (the slug itself if unknown)."""
        return display_name(self.people.peek(slug), slug)

    def company_slug_for(self, name: str) -> str | None:
        """The company file matching a person's ``company`` text, if any."""
        if not name:
            return None
        wanted = name.casefold().strip()
        slug = slugify(name)
        company = self.companies.peek(slug)
        if company is not None and company.name.casefold().strip() == wanted:
            return slug
        for other_slug, other in self.companies.items():
            if other.name.casefold().strip() == wanted:
                return other_slug
        return None

    def ensure_company(self, name: str) -> str:
        """The slug of the company file for an employer's name, created if missing,
        so research on a person's company always has somewhere to go."""
        existing = self.company_slug_for(name)
        if existing is not None:
            return existing
        return self.companies.add(Company(name=name))
