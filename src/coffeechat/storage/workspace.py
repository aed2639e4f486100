"""The data directory as a whole: folders, privacy, the lock, loading, problems.

``Workspace.open`` never raises for bad content: every file that cannot be used
becomes a problem record and everything else loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import stat
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from coffeechat.core import clock
from coffeechat.core.agenda import (
    Agenda,
    ask_order,
    basis,
    day_of,
    due_order,
    light,
    listed,
    named_in,
    upcoming_order,
)
from coffeechat.core.banks import BankLibrary
from coffeechat.core.campaign import CampaignNumbers
from coffeechat.core.lifecycle import RESUME_WITHIN, picking_order, to_resume
from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.problems import Problem, Severity
from coffeechat.core.models.schema import Record
from coffeechat.core.network import Network, PeopleGraph
from coffeechat.core.nudges import Nudge, Rhythm, collect
from coffeechat.core.people import (
    EMAIL_KEY,
    Linked,
    Namesakes,
    Unchecked,
    called,
    name_key,
    shared_addresses,
)
from coffeechat.core.search import KINDS, parse_query
from coffeechat.core.targets import ChatAt, Target, chat_at, rank, rhythm
from coffeechat.core.wording import plural
from coffeechat.storage import banks as bank_loader
from coffeechat.storage import caching
from coffeechat.storage.atomic import (
    DIR_MODE,
    FILE_MODE,
    TEMP_SUFFIX,
    make_private,
    sweep_temp_files,
    write_atomic,
)
from coffeechat.storage.bulk import collector_paused
from coffeechat.storage.collection import CONFLICTS_DIR, Collection, from_index
from coffeechat.storage.conflicts import (
    Conflict,
    conflict_problems,
    find_conflicts,
    merged_with_copy,
)
from coffeechat.storage.errors import ReadOnlyError, StoreError
from coffeechat.storage.index import CACHE_DIR, Hit, Index, Unavailable, record_hit
from coffeechat.storage.lock import LOCK_NAME, LockedError, LockFileError, WorkspaceLock
from coffeechat.storage.network_rows import IndexedNetwork
from coffeechat.storage.paths import SYNC_ORDER, shipped_banks_dir
from coffeechat.storage.settings import Settings, SettingsFile
from coffeechat.storage.slugs import interview_slug, slugify
from coffeechat.storage.templates import (
    OWN_TEMPLATES_DIR,
    TemplateLibrary,
    load_templates,
    shipped_templates_dir,
)

if TYPE_CHECKING:
    from coffeechat.storage.start_ahead import StartAhead

FOLDERS = ("people", "companies", "interviews", "question_banks")

# Written into the data directory so that git and Syncthing leave the derived
# index, the lock and in-flight temporary files alone.
IGNORED = (f"{CACHE_DIR}/", LOCK_NAME, f"*{TEMP_SUFFIX}")
IGNORE_FILES = {
    ".gitignore": "# Written by coffeechat: derived or temporary, never worth keeping.\n"
                  + "".join(f"{pattern}\n" for pattern in IGNORED),
    ".stignore": "// Written by coffeechat: derived or temporary, never worth syncing.\n"
                 + "".join(f"{pattern.rstrip('/')}\n" for pattern in IGNORED),
}

# ``(stage, done, total)``: how far a long read or index rebuild has got.
SyncProgress = Callable[[str, int, int], None]

R = TypeVar("R", bound=Record)
T = TypeVar("T")


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
        # Permissions tightened by this opening, for a command to say so.
        self.tightened: list[Problem] = []
        self.index = Index.open(data_dir)
        self.people: Collection[Person] = Collection(
            data_dir, "people", Person, writable=self._check_writable,
            name_of=lambda person: person.name, index=self.index,
            on_scanned=self._after_scan,
        )
        self.companies: Collection[Company] = Collection(
            data_dir, "companies", Company, writable=self._check_writable,
            name_of=lambda company: company.name, index=self.index,
            on_scanned=self._after_scan,
        )
        self.interviews: Collection[Interview] = Collection(
            data_dir, "interviews", Interview, writable=self._check_writable,
            name_of=lambda interview: interview.person, index=self.index,
            on_scanned=self._after_scan,
        )
        self._banks: BankLibrary | None = None
        self._banks_lock = threading.Lock()
        self._banks_indexed = False

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
        """Write the index rows still pending and release the lock."""
        self.store_pending()
        self.index.close()
        self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- setup -------------------------------------------------------------------

    def _prepare(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise NotADirectoryError(20, "it is a file, not a folder")
        if self.data_dir.is_symlink() and not self.data_dir.exists():
            # Nothing is made where it leads: that may be a drive not mounted yet.
            leads = os.path.join(self.data_dir.parent, os.readlink(self.data_dir))
            raise FileNotFoundError(errno.ENOENT, f"it is a link to {leads}, which does not "
                                    "exist; mount or create that folder, or point the link "
                                    "elsewhere")
        existed = self.data_dir.exists()
        self.data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if not existed:
            os.chmod(self.data_dir, DIR_MODE)
        mode = stat.S_IMODE(self.data_dir.stat().st_mode)
        if mode & 0o077 and self.readonly:
            self.notices.append(Problem(
                self.data_dir,
                f"the data folder is readable by others (mode {mode:o}); coffeechat makes "
                f"it {DIR_MODE:o} the next time it writes here",
                severity=Severity.WARNING,
            ))
        elif mode & 0o077:
            os.chmod(self.data_dir, DIR_MODE)
            self._tightened(Problem(
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
        for name, text in IGNORE_FILES.items():
            path = self.data_dir / name
            # A courtesy to the user's tools: a folder that refuses it still opens.
            with contextlib.suppress(OSError):
                if not path.exists():
                    write_atomic(path, text.encode())

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
            # Said, not done: a reader (``coffeechat check``) changes nothing.
            for path in collection.loose_files:
                with contextlib.suppress(OSError):
                    mode = stat.S_IMODE(os.lstat(path).st_mode)
                    self.notices.append(Problem(
                        path, f"readable by others (mode {mode:o}); coffeechat makes it "
                              f"{FILE_MODE:o} the next time it writes here",
                        severity=Severity.WARNING))
            return
        self._tighten(collection)
        sweep_temp_files(collection.directory)

    @property
    def banks(self) -> BankLibrary:
        """The question banks, shipped and the user's own: read when first asked
        for (the first screen needs none), and again after ``reload_banks``."""
        banks = self._banks
        if banks is None:
            with self._banks_lock:
                if self._banks is None:
                    self._banks = bank_loader.load_library(
                        shipped_banks_dir(), self.data_dir / "question_banks")
                banks = self._banks
        return banks

    def templates(self) -> TemplateLibrary:
        """The message templates, shipped and the user's own, read now (a few
        small files: an edit is used at the next draft)."""
        return load_templates(shipped_templates_dir(), self.data_dir / OWN_TEMPLATES_DIR)

    def reload_banks(self) -> None:
        """Read the banks again when next asked for (their files changed)."""
        with self._banks_lock:
            self._banks = None
            self._banks_indexed = False

    def _tighten(self, collection: Collection[R]) -> None:
        for path in collection.loose_files:
            with contextlib.suppress(OSError):
                make_private(path)
        count = len(collection.loose_files)
        if count:
            self._tightened(Problem(
                collection.directory,
                f"{plural(count, 'file')} {'was' if count == 1 else 'were'} readable by "
                f"others; tightened to {FILE_MODE:o}",
                severity=Severity.WARNING,
            ))

    def _tightened(self, notice: Problem) -> None:
        """A permission changed: on the problems list, and kept for a command to say."""
        self.notices.append(notice)
        self.tightened.append(notice)

    # -- the index ---------------------------------------------------------------

    def sync(self, progress: SyncProgress | None = None,
             kinds: Sequence[str] = SYNC_ORDER) -> None:
        """Read the folders of ``kinds`` not yet read and write their index
        rows, folder by folder, so an interrupted start keeps what it did.
        ``progress`` hears how far each stage has got. (The app does the
        interviews first: Home's lists are a query of their rows.)"""
        collections = [getattr(self, kind) for kind in kinds]
        # A total is only worth having when a folder is still to be read; the
        # index's count is free, and listing the folders is left for a first start.
        reading = progress is not None and not all(c.loaded for c in collections)
        total = 0
        if reading:
            counts = self.index.counts()
            total = (sum(counts.get(kind, 0) for kind in kinds)
                     or sum(collection.count() for collection in collections))
        done = 0
        for collection in collections:
            if not collection.loaded:
                start = done
                collection.load(None if not reading or progress is None else (
                    lambda count, start=start: progress("Reading your workspace",
                                                        min(start + count, total), total)))
            done += collection.count()
            rows = collection.pending_rows
            collection.store_pending(None if progress is None or not rows else (
                lambda written, rows=rows: progress("Indexing for search",
                                                    min(written, rows), rows)))
        self._store_banks()

    def refresh(self, progress: SyncProgress | None = None,
                kinds: Sequence[str] = SYNC_ORDER, *, ahead: StartAhead | None = None) -> None:
        """Bring the index up to date with the folders of ``kinds``, folder by
        folder, holding none of them in memory (see ``Collection.refresh``):
        the app's start, whose screens are queries of the rows. ``progress``
        hears how far it has got; ``ahead`` is what the start prepared (the
        folders' seals, a reading helper) for its first compare."""
        counts = self.index.counts() if progress is not None else {}
        total = (sum(counts.get(kind, 0) for kind in kinds)
                 or sum(getattr(self, kind).count() for kind in kinds)) if progress else 0
        done = 0
        for kind in kinds:
            start = done
            folder = getattr(self, kind)
            folder.refresh(None if progress is None or not total else (
                lambda count, start=start: progress("Reading your workspace",
                                                    min(start + count, total), total)),
                ahead=ahead.seal(folder.directory) if ahead is not None else None,
                helper=ahead.helper if ahead is not None else None)
            done += counts.get(kind, 0)
        if "people" in kinds:
            self.index.complete_orders()
        self._store_banks()

    def store_pending(self) -> None:
        """Write the index rows of files read but not yet indexed (a no-op, that
        creates no index, when there are none)."""
        for collection in self.collections:
            collection.store_pending()

    def _store_banks(self) -> None:
        if not self._banks_indexed:
            self.index.store_banks(self.banks.banks.values())
            self._banks_indexed = True

    def index_banks(self) -> None:
        """Index the banks, unless the index's rows of them were written from
        bank files stamped as they are now: a search on the command line then
        reads no bank (a stat of each bank file, instead of parsing them all)."""
        stamps = bank_loader.bank_stamps(shipped_banks_dir(), self.data_dir / "question_banks") \
            if caching.enabled() else None
        if stamps is None or self.index.bank_stamps() != stamps:
            # Stamped before they are read: a file changed meanwhile is read again next time.
            self.index.store_banks(self.banks.banks.values(), stamps)
        self._banks_indexed = True

    def compare_once(self, kinds: Iterable[str] = SYNC_ORDER) -> None:
        """Bring up to date the rows of the folders of ``kinds`` not compared
        with them since the workspace opened (``refresh``: none is read whole);
        after that, the running app's watcher keeps them current."""
        if compare := [kind for kind in kinds if kind != "banks"
                       and not getattr(self, kind).scanned]:
            self.refresh(kinds=compare)

    def search(self, text: str, *, kinds: Iterable[str] = KINDS, limit: int = 50) -> list[Hit]:
        """Hits for ``text`` in every record, best first within each kind, from
        the index's rows (``compare_once`` first). Raises
        ``SearchError`` for a query that means nothing, ``SearchStopped`` when
        ``stop_search`` stopped it.

        Files whose rows the index could not take yet (another program holds a
        write on it, its disk is full) are searched directly, and listed first
        in their kind: a record on disk is never missing from the answer, nor
        found by words it no longer holds."""
        kinds = list(kinds)
        self.compare_once(kinds)
        self._store_banks()
        return self.search_behind(text, kinds, limit, {
            kind: getattr(self, kind).not_indexed() for kind in kinds if kind != "banks"})

    def search_behind(
        self, text: str, kinds: Sequence[str], limit: int,
        behind: Mapping[str, tuple[Iterable[tuple[str, Record]], AbstractSet[str]]],
    ) -> list[Hit]:
        """``search`` of an index whose rows of ``kinds`` are current but for
        ``behind``: per kind, the records of files whose rows it lacks, and the
        slugs of every row out of date (those, files gone, files unreadable)."""
        stale = {(kind, slug) for kind, (_, slugs) in behind.items() for slug in slugs}
        hits = [hit for hit in self.index.search(text, kinds=kinds, limit=limit + len(stale))
                if (hit.kind, hit.slug) not in stale]
        query = parse_query(text) if stale else None
        if query is None:
            return hits
        found: list[Hit] = []
        for kind in kinds:
            ranked = [hit for hit in hits if hit.kind == kind]
            best = min((hit.rank for hit in ranked), default=0.0)
            changed = []
            for slug, record in behind[kind][0] if kind in behind else []:
                person = self.person_name(record.person) if isinstance(record, Interview) \
                    else ""
                if (hit := record_hit(kind, slug, record, query, person, best)) is not None:
                    changed.append(hit)
            found += (changed + ranked)[:limit]
        return found

    def unsearched(self, kinds: Iterable[str] = KINDS) -> list[Problem]:
        """Why a search of ``kinds`` may lack records: folders and files that
        could not be read (after a search, which reads the folders)."""
        return [problem for kind in kinds if kind != "banks"
                for problem in getattr(self, kind).unread()]

    def stop_search(self) -> None:
        """Stop the search running now (on any thread), if any."""
        self.index.stop_search()

    def agenda(self, now: dt.datetime, nudge_days: int, rhythm: Rhythm | None,
               *, limit: int) -> Agenda | None:
        """Home's lists as of ``now``: of each, the first ``limit`` lines and a
        count of the rest, queried from the index's lines (``core.agenda.lines``),
        so nothing grows with the chats but what SQLite counts; named and
        counted as the index has people. The records of files whose rows it
        could not take yet (another program writing it, a full disk) are added
        in their place, and with ``rhythm`` the chats at the target employers
        are rebuilt for it. None while nothing is known: the index has no row
        and the folder was not yet compared with it (a first start). Safe on
        any thread: the index is read, and the files of the few people named
        who have no row yet."""
        behind, stale = self.interviews.not_indexed()
        found = self.index.home_lists(now.date(), nudge_days, limit, stale)
        if not found.known and not behind and not self.interviews.scanned:
            return None
        if found.damaged:  # lines that do not decode: their chats from their files
            behind += [(slug, record) for slug in found.damaged
                       if (record := self.interviews.lookup(slug)) is not None]
            stale |= found.damaged
            found = self.index.home_lists(now.date(), nudge_days, limit, stale)
        chats = [(slug, light(record)) for slug, record in behind]
        extra = basis(chats, nudge_days)
        upcoming, due = day_of(extra, now)
        asks = list(extra.asks)
        if rhythm is not None:
            # The next contact to reach at a target employer: from the chats there.
            at_targets = self._light_copies(self.index.home_at(set(rhythm.contacts), stale))
            talked = frozenset(self.index.interview_people())
            due += [item for item in basis(at_targets, nudge_days,
                                           replace(rhythm, talked=talked)).due
                    if item.source == "next" and item.due <= now.date()]
        upcoming = sorted([*found.upcoming[0], *upcoming], key=upcoming_order)
        due = sorted([*found.due[0], *due], key=due_order)
        asks = sorted([*found.asks[0], *asks], key=ask_order)
        totals = (found.upcoming[1] + len(upcoming) - len(found.upcoming[0]),
                  found.due[1] + len(due) - len(found.due[0]),
                  found.asks[1] + len(asks) - len(found.asks[0]))
        upcoming, due, asks = upcoming[:limit], due[:limit], asks[:limit]
        asked, held, names, learned = found.sums
        more = extra.numbers
        numbers = CampaignNumbers(found.people, asked + more.asked, held + more.held,
                                  names + more.names_gained, learned + more.learned)
        people = named_in(upcoming, due, asks)
        named = self.index.names_of("people", people)
        # People without a row yet (a first start reads them after the chats):
        # from their files, as few as the lines shown name.
        named.update((slug, self.person_name(slug)) for slug in people - named.keys())
        return listed((upcoming, totals[0]), (due, totals[1]), (asks, totals[2]), numbers,
                      named.__getitem__, now)

    def begun(self, now: dt.datetime) -> list[tuple[str, Interview]]:
        """Meetings begun in the last hours and never ended (see
        ``lifecycle.to_resume``), from the index. Safe on any thread."""
        found = []
        with collector_paused():
            for slug, data in self.index.begun_since(now - RESUME_WITHIN):
                record = from_index(Interview, data)
                if record is not None:
                    found.append((slug, record))
        return to_resume(found, now)

    # -- queries -----------------------------------------------------------------

    def problems(self, *, links: bool = True, conflicts: bool = True) -> list[Problem]:
        """Every problem in the workspace: files, banks, folder notices, with
        ``conflicts`` the versions of records kept aside, and with ``links``,
        slugs naming nobody (which means rebuilding every record)."""
        per_file = [problem for c in self.collections for problem in c.problems_of_files()]
        # Reading the folders (above) is what adds permission notices.
        found = [*self.notices, *per_file]
        found.extend(self.banks.problems)
        found.extend(self.templates().problems)
        if conflicts:
            found.extend(conflict_problems(self.data_dir, self.conflicts()))
        if links:
            found.extend(self.dangling_links())
            found.extend(self.possible_duplicates())
        return found

    def conflicts(self) -> list[Conflict]:
        """Every other version of a record kept aside (by a merge, a clash, or
        Syncthing), as of the last reading of each folder."""
        return find_conflicts(self.data_dir, {c.folder: c.conflict_copies
                                              for c in self.collections if c.scanned})

    def resolve_conflict(self, conflict: Conflict, *, take: bool) -> str:
        """Write the other version of a record (``take``), or both merged field
        by field (the file's value winning where both differ), and drop the copy
        unless it still holds a value the file does not. Returns what was done."""
        try:
            record, clashes = merged_with_copy(conflict, take=take)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        if isinstance(record, Settings):
            settings = SettingsFile(self.data_dir, readonly=self.readonly)
            settings.save(SettingsFile.SLUG, record, base=settings.get(SettingsFile.SLUG))
        else:
            slug = conflict.record.stem
            _write_back(self.people, slug, record)
            _write_back(self.companies, slug, record)
            _write_back(self.interviews, slug, record)
        if clashes:
            return (f"{conflict.name}: merged; the other value of {', '.join(clashes)} "
                    f"stays in {conflict.copy.name}")
        with contextlib.suppress(FileNotFoundError):
            conflict.copy.unlink()
        done = "the other version" if take else "merged, it"
        return f"{conflict.name}: {done} is in the file now"

    def possible_duplicates(self) -> list[Problem]:
        """People who share an e-mail address: one person twice, or a shared inbox.
        Read from the rows while the people are not held in memory."""
        contacts = self.people.contact_entries(EMAIL_KEY)
        shared = shared_addresses((slug, entries) for slug, (_, entries) in contacts.items())
        name = self.person_namer(other for _, other, _ in shared)
        return [Problem(contacts[slug][0],
                        f"shares {address} with {name(other)} [{other}]: a possible "
                        "duplicate; merge them by hand if they are one person",
                        field="contact", severity=Severity.WARNING)
                for slug, other, address in shared]

    def dangling_links(self) -> list[Problem]:
        """Slugs that name no person: a typo or a deleted contact. Read from the
        rows while the folders are not held in memory."""
        people = self.people
        return [Problem(path, f"no person {named!r}", field=field, severity=Severity.WARNING)
                for folder in (people, self.interviews)
                for path, field, named in folder.names_nobody(people)]

    # -- convenience -------------------------------------------------------------

    def add_person(self, person: Person) -> str:
        return self.people.add(person)

    def new_interview(self, interview: Interview, *, on: dt.date | None = None) -> str:
        """Create an interview file named ``<date>-<person slug>``."""
        day = on or interview.created or clock.today()
        if interview.created is None:
            interview.created = day
        # Made unique by ``add``, from the files on disk: no folder read for it.
        return self.interviews.add(interview, slug=interview_slug(day, interview.person))

    def person_name(self, slug: str) -> str:
        """The display name for a person slug: as far as the person's file can be
        read (a file with a YAML error still names them), else the slug."""
        # Never needs the whole people folder read.
        return self.people.shown_name(slug) or slug

    def person_namer(self, among: Iterable[str] = ()) -> Callable[[str], str]:
        """``person_name`` for a list of names: a name comes from the index while
        its file is unchanged, so no record is rebuilt to show it; each is looked
        up once (a namer is for one list, made as it is made). The people
        ``among`` (those the list is known to name: thousands, for the rhythm
        at the targets) are looked up together as the namer is made."""
        names: dict[str, str] = {}  # a list names the same people often
        wanted = list(dict.fromkeys(among))
        if wanted:
            rows = self.index.stamped_names("people", wanted)
            stamps = self.people.stamps_of(wanted)
            for slug, (stamp, name) in rows.items():
                if stamps.get(slug) == stamp:
                    names[slug] = name or slug

        def name_of(slug: str) -> str:
            name = names.get(slug)
            if name is None:
                row = self.index.name_of("people", slug)
                stamp = self.people.stamp_of(slug)
                if row is not None and stamp is not None and row[0] == stamp:
                    name = row[1] or slug
                else:
                    name = self.person_name(slug)
                names[slug] = name
            return name

        return name_of

    def targets(self) -> list[Target]:
        """The target employers, ranked, from the index's rows: people by their
        links, only the chats with people there or at a target rebuilt (light
        copies), the companies from their rows; the records of files whose rows
        the index could not take yet in their place. Safe on any thread. Right
        once the folders were compared with their rows (see ``refresh``)."""

        def chats(people: Iterable[str], employers: Iterable[str]) -> list[tuple[str, ChatAt]]:
            rows = self.index.chats_with(people, employers)
            employer_of = {slug: employer for slug, employer, _ in rows}
            return [(slug, chat_at(record, employer_of.get(slug)))
                    for slug, record in self._light_copies(
                        ((slug, data) for slug, _, data in rows), whole=True)]

        return rank(self.indexed_companies(), self.network(), chats)

    def rhythm(self, second_days: int, nudge_days: int) -> Rhythm | None:
        """``target_rhythm``, once people and companies were compared with their
        rows: for a command, which has no reading worker to do that."""
        self.refresh(kinds=("companies", "people"))
        return self.target_rhythm(second_days, nudge_days)

    def target_rhythm(self, second_days: int, nudge_days: int) -> Rhythm | None:
        """The follow-up rhythm at the target employers, or None with no target,
        from the index's rows alone (the people the warm paths there reach,
        the companies from their rows), so no person is rebuilt; safe on any
        thread. Right once the folders were compared with their rows. Who to
        reach there needs only people and companies, not a chat."""
        companies = self.indexed_companies()
        if not any(company.target for _, company in companies):
            return None
        return rhythm(rank(companies, self.network()), second_days, nudge_days)

    def followups(self, nudge_days: int, rhythm: Rhythm | None, *,
                  today: dt.date) -> list[Nudge]:
        """Follow-ups' list (``nudges.collect``) from the index's rows: the light
        copies of the chats with an open item and of those at a target employer
        (the rhythm reads the asks there), with every chat's person (the rhythm
        suggests nobody who has one). Safe on any thread (see ``targets``)."""
        keys = set(rhythm.contacts) if rhythm is not None else set()
        chats = self._light_copies(self.index.open_chats(keys))
        if rhythm is not None:
            rhythm = replace(rhythm, talked=frozenset(self.index.interview_people()))
        return collect(chats, nudge_days, today=today, rhythm=rhythm)

    def namesakes(self) -> Namesakes:
        """``core.people.Namesakes`` answered by the index's rows, a query per
        name: nobody rebuilt, the people found shown by their rows' name,
        company and title (see ``targets``)."""
        return _IndexedNamesakes(self)

    def picked_chats(self, limit: int) -> list[tuple[str, Interview]]:
        """The first ``limit`` chats to pick one from (``lifecycle.picking_order``),
        in that order: the index orders its rows, and only those are rebuilt;
        records whose rows it could not take yet take their places."""
        if self.interviews.folder_unreadable() is not None:
            return []  # shown as nothing, as its files would be: never older rows
        behind, stale = self.interviews.not_indexed()
        found = []
        for slug in self.index.picking(limit + len(stale)):
            if slug not in stale and (record := self.interviews.lookup(slug)) is not None:
                found.append((slug, record))
        return picking_order([*found, *behind])[:limit]

    def chat_summaries(self) -> list[tuple[str, str, str]]:
        """``(slug, person, status)`` of every readable chat, newest first, from
        the rows (the records whose rows the index could not take yet instead):
        a list to choose one chat from, with no chat rebuilt for it."""
        if self.interviews.folder_unreadable() is not None:
            return []  # shown as nothing, as its files would be: never older rows
        behind, stale = self.interviews.not_indexed()
        found = {slug: (slug, person, status)
                 for slug, person, status in self.index.chat_summaries() if slug not in stale}
        found.update((slug, (slug, record.person, record.status)) for slug, record in behind)
        return sorted(found.values(), reverse=True)

    def referral_chats(self) -> list[Interview]:
        """What the referral tree reads of the chats: the light copies of those
        held or that gained a name, from the index's rows (see ``targets``)."""
        return [record for _, record in self._light_copies(self.index.held_or_named())]

    def _light_copies(self, rows: Iterable[tuple[str, str]], *,
                      whole: bool = False) -> list[tuple[str, Interview]]:
        """The light copies (``core.agenda.light``) of the interviews' ``rows``,
        but for the rows out of date: the records of files whose rows the index
        could not take yet come instead, at the end (``whole``: as they are,
        else light too). Safe on any thread."""
        shape: Callable[[Interview], Interview] = (lambda record: record) if whole else light
        if self.interviews.folder_unreadable() is not None:
            return []  # shown as nothing, as its files would be: never older rows
        behind, stale = self.interviews.not_indexed()
        found = []
        with collector_paused():
            for slug, data in rows:
                if slug in stale:
                    continue
                record = from_index(Interview, data)
                if record is None and (stored := self.interviews.lookup(slug)) is not None:
                    record = shape(stored)  # a row that does not decode: its record
                if record is not None:
                    found.append((slug, record))
        return found + [(slug, shape(record)) for slug, record in behind]

    def indexed_companies(self) -> list[tuple[str, Company]]:
        """Every readable company, rebuilt from its row, or its record where the
        index could not take its row yet. Safe on any thread."""
        if self.companies.folder_unreadable() is not None:
            return []  # shown as nothing, as its files would be: never older rows
        behind, stale = self.companies.not_indexed()
        companies = []
        with collector_paused():
            for slug, (_, data) in self.index.all_data("companies").items():
                company = from_index(Company, data) if slug not in stale else None
                if company is None and slug not in stale:
                    company = self.companies.lookup(slug)  # a row that does not decode
                if company is not None:
                    companies.append((slug, company))
        return companies + behind

    def linked_people(self) -> list[tuple[str, Linked]]:
        """Every readable person's links (``core.people.Linked``) as their rows
        have them, or their record where the index could not take its row yet:
        the network's links with no person rebuilt. Safe on any thread."""
        if self.people.folder_unreadable() is not None:
            return []  # shown as nothing, as its files would be: never older rows
        behind, stale = self.people.not_indexed()
        found: list[tuple[str, Linked]] = [(slug, links) for slug, links in self.index.network()
                                           if slug not in stale]
        return found + [(slug, person) for slug, person in behind]

    def network(self) -> Network:
        """Who knows whom, as ``linked_people`` has them, walked a person at a
        time through the index's rows (``IndexedNetwork``): the warm paths to
        an employer read only the people they reach. Safe on any thread."""
        if self.people.folder_unreadable() is not None:
            return PeopleGraph(())  # nobody, as its files say: never older rows
        behind, stale = self.people.not_indexed()
        return IndexedNetwork(self.index, behind, stale)

    def company_slug_for(self, name: str) -> str | None:
        """The company file matching a person's ``company`` text, if any."""
        if not name:
            return None
        wanted = name_key(name)
        slug = slugify(name)
        company = self.companies.peek(slug)
        if company is not None and name_key(company.name) == wanted:
            return slug
        companies = self.companies
        # Once compared with their rows, and not held: the rows (never the
        # folder read whole for one name).
        for other_slug, other in (self.indexed_companies() if companies.scanned
                                  and not companies.loaded else companies.items()):
            if name_key(other.name) == wanted:
                return other_slug
        return None

    def ensure_company(self, name: str) -> str:
        """The slug of the company file for an employer's name, created if missing,
        so research on a person's company always has somewhere to go."""
        existing = self.company_slug_for(name)
        if existing is not None:
            return existing
        return self.companies.add(Company(name=name))


class _IndexedNamesakes(Namesakes):
    """``Namesakes`` of a workspace's people, by query (``Workspace.namesakes``):
    each question is a query of the rows (and the records whose rows the index
    could not take yet); ``Unchecked`` when the folder or the index cannot be read."""

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self._workspace = workspace

    def _behind(self) -> tuple[list[tuple[str, Person]], set[str]]:
        """``Collection.not_indexed`` of the people, once their folder could be opened."""
        people = self._workspace.people
        folder = people.folder_unreadable()
        if folder is not None:
            # Nobody known, as the folder's files say: never the older rows.
            raise Unchecked(f"{folder.location(self._workspace.data_dir)}/: {folder.message}")
        return people.not_indexed()

    def named(self, key: str) -> list[tuple[str, Person]]:
        behind, stale = self._behind()
        found: list[tuple[str, Person]] = []
        unreadable = set()
        for slug, readable, name, company, title in self._asked(
                lambda index: index.called_rows(key)):
            if slug in stale:
                continue
            found.append((slug, Person(name=name or slug, company=company, title=title)
                          if readable else Person(name=name or slug)))
            if not readable:
                unreadable.add(slug)
        found += [(slug, person) for slug, person in behind if called(person.name, slug) == key]
        # Files read since their rows were written that cannot be read count
        # too, by the name their text gives.
        people = self._workspace.people
        for slug in sorted(stale.difference(slug for slug, _ in behind)):
            broken = people.unreadable_one(slug)
            if broken is not None and called(broken.name, slug, readable=False) == key:
                found.append((slug, Person(name=broken.name or slug)))
                unreadable.add(slug)
        self.unreadable = frozenset(unreadable)
        return found

    def has(self, slug: str) -> bool:
        behind, stale = self._behind()
        if slug in stale:
            return any(slug == other for other, _ in behind)
        return self._asked(lambda index: index.readable_person(slug))

    def starting(self, prefix: str) -> list[str]:
        behind, stale = self._behind()
        found = [slug for slug in self._asked(lambda index: index.people_starting(prefix))
                 if slug not in stale]
        return sorted(found + [slug for slug, _ in behind if slug.startswith(prefix)])

    def _asked(self, query: Callable[[Index], T]) -> T:
        try:
            return query(self._workspace.index)
        except Unavailable:
            raise Unchecked("the index could not be read just now") from None


def _write_back(collection: Collection[R], slug: str, record: Record) -> None:
    """Write ``record`` as ``slug`` when it is of ``collection``'s kind: on top of
    the stored version (merging what changed since), or anew if it is gone."""
    if not isinstance(record, collection.cls):
        return
    current = collection.get(slug)
    if current is None:
        collection.add(record, slug=slug)
    else:
        collection.save(slug, record, base=current)
