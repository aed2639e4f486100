"""The store against a model, under everything at once.

Hypothesis interleaves the app's adds, edits (through the editing engine),
deletes and restores with edits by other programs — an editor that renames a
new file over the old, one that rewrites in place, a sync tool that rewrites
in place and puts the mtime back (same size, mtime and inode) — with edits
that race a save at its worst moments, with kills at any system call of a
write, with reopening (through the speed cache) and with the watcher. After
every step the files on disk are exactly what the model says, and every
version the store refused to write is in ``conflicts/``.

Every text is eight letters, so every version of a record has the same length
and a same-stamp edit is always possible. Damage to the speed cache belongs in
a rule beside ``reopen`` (between closing and opening), once the cache it
damages is settled.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from coffeechat.core.models import Person
from coffeechat.storage import Workspace, atomic, yaml_io
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.watch import Watcher, scan

LONG = bool(os.environ.get("COFFEECHAT_FAULTS_LONG"))

WORDS = st.text(alphabet="abcdefgh", min_size=8, max_size=8)
FIELDS = st.sampled_from(["title", "notes"])
STYLES = st.sampled_from(["replace", "in-place", "same-stamp"])
MOMENTS = st.sampled_from(["before-swap", "after-swap", "after-sync"])
# The system calls a write is made of; a kill can land before any of them.
KILL_POINTS = ("write", "fsync", "replace", "link", "unlink", "rename", "fchmod", "mkdir")


class Killed(BaseException):
    """The process died at this instant: nothing after it reaches the disk."""


def outside_write(path: Path, data: bytes, style: str) -> None:
    """Another program puts ``data`` in ``path``."""
    if style == "replace":
        temp = path.with_name(f".{path.name}.editor")
        temp.write_bytes(data)
        os.replace(temp, path)
        return
    before = os.stat(path)
    with open(path, "r+b") as handle:
        handle.write(data)
        handle.truncate()
    if style == "same-stamp":
        assert len(data) == before.st_size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = os.stat(path)
        assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
            before.st_size, before.st_mtime_ns, before.st_ino)


def person(raw: bytes) -> Person:
    record, problems = decode_record(Person, raw, None)
    assert record is not None and not problems, problems
    return record


@contextlib.contextmanager
def patched(owner: Any, name: str, replacement: Callable[..., Any]) -> Iterator[None]:
    original = getattr(owner, name)
    setattr(owner, name, replacement)
    try:
        yield
    finally:
        setattr(owner, name, original)


@contextlib.contextmanager
def kill_at(step: int) -> Iterator[list[int]]:
    """Die at the ``step``-th system call of a write (and stay dead: cleanup code
    that would run in a live process never touches the disk)."""
    count = [0]
    with contextlib.ExitStack() as stack:
        def dying(original: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                count[0] += 1
                if count[0] >= step:
                    raise Killed
                return original(*args, **kwargs)
            return call

        for name in KILL_POINTS:
            stack.enter_context(patched(os, name, dying(getattr(os, name))))
        stack.enter_context(patched(atomic, "_renameat2", dying(atomic._renameat2)))
        yield count


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="coffeechat-machine-"))
        self.data_dir = self.root / "data"
        self.ws = Workspace.open(self.data_dir)
        self.sessions: dict[str, EditSession[Person]] = {}
        self.disk: dict[str, bytes] = {}  # what each record file must hold
        self.trash: list[tuple[Path, bytes]] = []
        self.kept: list[bytes] = []  # versions the store refused: in conflicts/
        self.count = 0

    def teardown(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()
        shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        return self.data_dir / "people"

    def session(self, slug: str) -> EditSession[Person]:
        if slug not in self.sessions:
            self.sessions[slug] = EditSession(self.ws.people, slug)
        return self.sessions[slug]

    def restart(self, *, cleanly: bool) -> None:
        """Open the data directory again, as after quitting (``cleanly``: the cache
        is saved) or after the process died (the kernel drops the lock)."""
        if cleanly:
            self.ws.close()
        else:
            self.ws._lock.release()
        self.ws = Workspace.open(self.data_dir)
        assert not self.ws.readonly
        self.sessions = {}

    def expected_save(self, slug: str, notes: str) -> tuple[Outcome, Person | None]:
        """What saving ``notes`` over the editor's base must do, given the file on
        disk now (the app only ever changes notes; other programs change either)."""
        base = self.session(slug).base
        assert base is not None
        if base.notes == notes:
            return Outcome.UNCHANGED, None
        theirs = person(self.disk[slug])
        changed = {name for name in ("title", "notes")
                   if getattr(theirs, name) != getattr(base, name)}
        if "notes" in changed and theirs.notes != notes:
            return Outcome.CONFLICT, None
        written = theirs.copy()
        written.notes = notes
        mine = base.copy()
        mine.notes = notes
        return (Outcome.SAVED if written == mine else Outcome.MERGED), written

    def app_save(self, slug: str, notes: str) -> Any:
        session = self.session(slug)
        mine = session.load() if session.base is None else session.base.copy()
        assert mine is not None
        mine.notes = notes
        return session.save(mine)

    def took_conflict(self, slug: str, result: Any, notes: str) -> None:
        """The save was refused: the editor's version (with ``notes``) is in conflicts/."""
        assert result.outcome is Outcome.CONFLICT, result
        kept = result.error.kept
        assert kept.parent == self.data_dir / "conflicts" / "people"
        assert person(kept.read_bytes()).notes == notes
        self.kept.append(kept.read_bytes())
        self.session(slug).reload()  # the user takes the other version and goes on

    # -- rules ---------------------------------------------------------------------

    @initialize(title=WORDS, notes=WORDS)
    def first(self, title: str, notes: str) -> None:
        self.add(title, notes)

    @rule(title=WORDS, notes=WORDS)
    def add(self, title: str, notes: str) -> None:
        self.count += 1
        record = Person(name=f"Person {self.count}", title=title, notes=notes)
        slug = self.ws.people.add(record)
        self.disk[slug] = encode_record(record)

    @precondition(lambda self: self.disk)
    @rule(data=st.data(), notes=WORDS)
    def edit(self, data: st.DataObject, notes: str) -> None:
        slug = data.draw(st.sampled_from(sorted(self.disk)))
        outcome, written = self.expected_save(slug, notes)
        result = self.app_save(slug, notes)
        event(f"edit: {outcome.value}")
        if outcome is Outcome.CONFLICT:
            self.took_conflict(slug, result, notes)
            return
        assert result.outcome is outcome, (result, outcome)
        if written is not None:
            assert result.written == written
            self.disk[slug] = encode_record(written)

    @precondition(lambda self: self.disk)
    @rule(data=st.data(), field=FIELDS, value=WORDS, style=STYLES)
    def outside_edit(self, data: st.DataObject, field: str, value: str, style: str) -> None:
        slug = data.draw(st.sampled_from(sorted(self.disk)))
        theirs = person(self.disk[slug])
        setattr(theirs, field, value)
        self.disk[slug] = encode_record(theirs)
        outside_write(self.folder / f"{slug}.yaml", self.disk[slug], style)
        event(f"outside edit: {style}")

    @precondition(lambda self: self.disk)
    @rule(data=st.data(), notes=WORDS, field=FIELDS, value=WORDS, style=STYLES,
          moment=MOMENTS)
    def racing_save(self, data: st.DataObject, notes: str, field: str, value: str,
                    style: str, moment: str) -> None:
        """Another program writes the file at a bad moment of an app save."""
        slug = data.draw(st.sampled_from(sorted(self.disk)))
        outcome, written = self.expected_save(slug, notes)
        if outcome is not Outcome.SAVED or (
                written is not None and encode_record(written) == self.disk[slug]):
            # A plain save, or one whose merge is the file as it is (nothing
            # is written, so nothing can race it): meaningful on its own.
            return
        path = self.folder / f"{slug}.yaml"
        before = person(self.disk[slug])  # what the other program read
        setattr(before, field, value)
        theirs = encode_record(before)
        if moment == "before-swap":
            # Caught on the very file the save would replace: the save starts
            # again on top of it, exactly as if it had come a moment earlier.
            old, self.disk[slug] = self.disk[slug], theirs
            outcome, written = self.expected_save(slug, notes)
            self.disk[slug] = old
        fired: list[bool] = []

        def race() -> None:
            if not fired:
                fired.append(True)
                outside_write(path, theirs, style)

        def exchange(first: Path, second: Path) -> bool:
            if moment == "before-swap":
                race()
            swapped = original_exchange(first, second)
            if moment == "after-swap":
                race()
            return swapped

        def sync(directory: Path) -> None:
            original_sync(directory)
            if moment == "after-sync":
                race()

        original_exchange, original_sync = atomic._exchange, atomic.fsync_dir
        with patched(atomic, "_exchange", exchange), patched(atomic, "fsync_dir", sync):
            result = self.app_save(slug, notes)
        assert fired
        event(f"race: {moment}, {style}")
        self.disk[slug] = theirs
        if outcome is Outcome.CONFLICT:
            self.took_conflict(slug, result, notes)
            return
        assert result.outcome is outcome, (result, outcome)
        if moment == "before-swap":
            assert written is not None and result.written == written
            self.disk[slug] = encode_record(written)
        # Otherwise ours was written and the other program then wrote over it:
        # the store must not take that file for its own, and the next save sees it.

    @precondition(lambda self: self.disk)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        slug = data.draw(st.sampled_from(sorted(self.disk)))
        trashed = self.ws.people.delete(slug)
        assert trashed.read_bytes() == self.disk.pop(slug)
        self.trash.append((trashed, trashed.read_bytes()))
        self.sessions.pop(slug, None)

    @precondition(lambda self: self.trash)
    @rule(data=st.data())
    def restore(self, data: st.DataObject) -> None:
        trashed, raw = self.trash.pop(data.draw(st.integers(0, len(self.trash) - 1)))
        slug = self.ws.people.restore(trashed)
        assert slug not in self.disk
        self.disk[slug] = raw

    @rule()
    def watch(self) -> None:
        watcher = Watcher(self.ws)
        watcher.apply(scan(watcher.known()))
        self.assert_store_sees_the_disk()

    @rule()
    def reopen(self) -> None:
        self.restart(cleanly=True)
        self.assert_store_sees_the_disk()

    @precondition(lambda self: self.disk)
    @rule(data=st.data(), op=st.sampled_from(["edit", "add", "delete", "restore"]),
          step=st.integers(1, 12), notes=WORDS)
    def kill(self, data: st.DataObject, op: str, step: int, notes: str) -> None:
        """The process dies at the ``step``-th system call of one write."""
        slug = data.draw(st.sampled_from(sorted(self.disk)))
        if op == "restore" and not self.trash:
            op = "add"
        allowed: dict[str, set[bytes | None]] = {}
        new_record = Person(name=f"Person {self.count + 1}", title="killedaa", notes=notes)
        if op == "edit":
            _, written = self.expected_save(slug, notes)
            allowed[slug] = {self.disk[slug]}
            if written is not None:
                allowed[slug].add(encode_record(written))
        elif op == "add":
            self.count += 1
            slug = self.ws.people.new_slug(new_record.name)
            allowed[slug] = {None, encode_record(new_record)}
        elif op == "delete":
            allowed[slug] = {None, self.disk[slug]}
        with kill_at(step):
            try:
                if op == "edit":
                    self.app_save(slug, notes)
                elif op == "add":
                    self.ws.people.add(new_record)
                elif op == "delete":
                    self.ws.people.delete(slug)
                else:
                    self.ws.people.restore(self.trash[-1][0])
            except Killed:
                event(f"killed during {op}")
        self.restart(cleanly=False)
        self.reconcile(op, allowed)

    def reconcile(self, op: str, allowed: dict[str, set[bytes | None]]) -> None:
        """After a kill: each file the write touched is whole, old or new."""
        on_disk = {path.stem: path.read_bytes() for path in self.folder.glob("*.yaml")}
        for slug, versions in allowed.items():
            assert on_disk.get(slug) in versions, (op, slug, on_disk.get(slug))
        if op == "delete":
            [slug] = allowed
            if slug not in on_disk:
                self.trash.append(self.find_in_trash(slug))
        if op == "restore":
            trashed, raw = self.trash[-1]
            restored = [slug for slug in on_disk if slug not in self.disk]
            assert len(restored) <= 1 and all(on_disk[slug] == raw for slug in restored)
            if not trashed.exists():
                assert restored, "a restore that was killed lost the record"
                self.trash.pop()
            # Without a no-replace rename, a kill between linking and unlinking
            # leaves the record in both places: a copy, nothing lost.
        for slug in set(on_disk) - set(self.disk) - set(allowed):
            assert op == "restore", (op, slug)
        self.disk = on_disk

    def find_in_trash(self, slug: str) -> tuple[Path, bytes]:
        taken = {path for path, _ in self.trash}
        [path] = [path for path in (self.data_dir / "trash" / "people").iterdir()
                  if path.name.startswith(f"{slug}.") and path not in taken]
        return path, path.read_bytes()

    # -- invariants ----------------------------------------------------------------

    @invariant()
    def files_are_what_the_model_says(self) -> None:
        on_disk = {path.stem: path.read_bytes() for path in self.folder.glob("*.yaml")}
        assert on_disk == self.disk

    @invariant()
    def refused_versions_are_kept(self) -> None:
        folder = self.data_dir / "conflicts" / "people"
        kept = {path.read_bytes() for path in folder.iterdir()} if folder.is_dir() else set()
        assert set(self.kept) <= kept

    def assert_store_sees_the_disk(self) -> None:
        people = self.ws.people
        assert set(people.entries) == set(self.disk)
        for slug, raw in self.disk.items():
            assert people.peek(slug) == person(raw), slug
            assert yaml_io.parse(raw).data is not None


StoreMachine.TestCase.settings = settings(
    max_examples=400 if LONG else 50,
    stateful_step_count=60 if LONG else 30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestStoreMachine = pytest.mark.slow(StoreMachine.TestCase)
