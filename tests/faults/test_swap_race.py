"""Another program writing a record at every instant of a save: what it wrote is
never deleted. It is at the record's path afterwards, or (when the save cannot
put it back safely) kept in ``conflicts/`` and the save says so.

Two proofs: a deterministic injection between every pair of steps of one save,
and a short run of real editors (rename-style and in-place, in another process)
racing autosaves, counting every write they make.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.core.models import Person
from coffeechat.storage import ConflictError, Workspace, atomic, folder_writes
from coffeechat.storage.editing import EditSession, Outcome, SaveResult
from coffeechat.storage.settings import SETTINGS_FILE, SettingsFile

LONG = bool(os.environ.get("COFFEECHAT_FAULTS_LONG"))
FUZZ_SECONDS = 10.0 if LONG else 3.0

# The steps of a save another program can slip between: the system calls that
# name, replace or remove files, the check of the file replaced, the exchange.
_OS_STEPS = ("link", "unlink", "rename", "replace", "lstat")
_MODULE_STEPS = ((atomic, "_exchange"), (atomic, "fsync_dir"), (folder_writes, "_holds"))


def outside_version(current: bytes, marker: str) -> bytes:
    """What another program writes: the file as it is, with a title of its own."""
    return re.sub(rb"(?m)^title: .*$", f"title: {marker}".encode(), current, count=1)


def rename_style(path: Path, marker: str) -> None:
    """Read the file and write a new version beside it, renamed over it (vim, sed -i)."""
    temp = path.with_name(".editor-save")
    temp.write_bytes(outside_version(path.read_bytes(), marker))
    os.rename(temp, path)


def in_place(path: Path, marker: str) -> None:
    """Read the file and rewrite the same file (nano, echo >)."""
    with open(path, "r+b") as handle:
        new = outside_version(handle.read(), marker)
        handle.seek(0)
        handle.truncate()
        handle.write(new)


def no_hard_links(source: Path, target: Path, **kwargs: Any) -> None:
    raise OSError(errno.EPERM, os.strerror(errno.EPERM), str(target))


@pytest.fixture
def ws(data_dir: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


class Steps:
    """Counts the boundaries between the steps of one save, and runs ``action``
    at each boundary in ``at`` (none: only count)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: tuple[int, ...],
                 action: Callable[[], None]) -> None:
        self.at = at
        self.action = action
        self.count = 0
        self.fired = 0
        self.busy = False
        for name in _OS_STEPS:
            monkeypatch.setattr(os, name, self.wrap(getattr(os, name)))
        for module, name in _MODULE_STEPS:
            monkeypatch.setattr(module, name, self.wrap(getattr(module, name)))

    def boundary(self) -> None:
        if self.busy:
            return
        if self.count in self.at:
            self.fired += 1
            self.busy = True  # the other program's own calls are not steps of the save
            try:
                self.action()
            finally:
                self.busy = False
        self.count += 1

    def wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            self.boundary()
            try:
                return real(*args, **kwargs)
            finally:
                self.boundary()
        return step


def one_racing_save(ws: Workspace, editor: Callable[[Path, str], None],
                    at: tuple[int, ...]) -> tuple[Steps, SaveResult[Person], Path, list[Path]]:
    """Save new notes on a new record while another program writes it at each
    boundary in ``at`` (its title: ``theirs-1``, ``theirs-2``…). Returns the
    steps, the save, the record's path and what was put in ``conflicts/``."""
    slug = ws.add_person(Person(name=f"Ada {len(ws.people.entries)}", title="before",
                                notes="old"))
    path = ws.people.path_for(slug)
    session = EditSession(ws.people, slug)
    mine = session.load()
    assert mine is not None
    mine.notes = "mine"
    with pytest.MonkeyPatch.context() as patch:
        steps = Steps(patch, at, lambda: editor(path, f"theirs-{steps.fired}"))
        result = session.save(mine)
    conflicts = sorted((ws.data_dir / "conflicts" / "people").glob(f"{slug}.*"))
    return steps, result, path, conflicts


@pytest.mark.parametrize(("editor", "links"), [
    (rename_style, True), (in_place, True), (rename_style, False), (in_place, False),
], ids=["rename", "in-place", "rename-without-hard-links", "in-place-without-hard-links"])
def test_another_program_writing_between_any_two_steps_of_a_save_loses_nothing(
        ws: Workspace, editor: Callable[[Path, str], None], links: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing here is about durability: a thousand saves without waiting on the disk.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(atomic, "fsync_dir", lambda directory: None)
    if not links:  # a file system without hard links (FAT, some network mounts)
        monkeypatch.setattr(os, "link", no_hard_links)
    steps, _, _, _ = one_racing_save(ws, editor, ())
    assert steps.count > 6  # the save's own steps were seen
    # One write at each boundary, and two at every pair of boundaries (the first
    # makes the file differ from what the save read, the second lands while
    # the save deals with that).
    races: list[tuple[int, ...]] = [(at,) for at in range(steps.count)]
    races += [(first, second) for first in range(steps.count)
              for second in range(first + 1, steps.count)]
    put_aside = 0
    for at in races:
        steps, result, path, conflicts = one_racing_save(ws, editor, at)
        assert steps.fired == len(at)
        on_disk = path.read_bytes()
        kept = {kept: kept.read_bytes() for kept in conflicts}
        where = f"{editor.__name__} at step boundaries {at}: {result}, {on_disk!r}, {kept!r}"
        # Their last version, and ours, are each on disk or in conflicts/ (an
        # earlier version of theirs may be replaced by their own later one).
        last = f"title: theirs-{len(at)}".encode()
        assert last in on_disk or any(last in k for k in kept.values()), where
        assert b"notes: mine" in on_disk or any(b"notes: mine" in k for k in kept.values()), where
        if result.outcome in (Outcome.SAVED, Outcome.MERGED):
            # Told "saved": the file holds both, and nothing was put aside.
            assert last in on_disk and b"notes: mine" in on_disk and not kept, where
        else:
            assert result.outcome is Outcome.CONFLICT, where
            # Told where each version is.
            for name in kept:
                assert str(name) in result.reason, where
            if last not in on_disk:
                put_aside += 1
                assert "the other program's newest version was kept in" in result.reason, where
        assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".")], where
    assert put_aside  # the race where theirs cannot be put back was among them


# -- real editors racing autosaves -----------------------------------------------------

# Another program, in its own process: it rewrites the record's title with a
# counter as fast as it can, and before each write reads the file back. When
# its last write is not there (the counter went back), it waits up to half a
# second for the file to show it again (a save putting its file back): a write
# that never comes back is gone.
_EDITOR = r"""
import json, os, re, sys, time
path, style, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
title = re.compile(rb"(?m)^title: editor-(\d+)$")

def read():
    while True:
        with open(path, "rb") as handle:
            raw = handle.read()
        found = title.search(raw)
        if found:
            return raw, int(found.group(1))

def back(last):
    until = time.monotonic() + 0.5
    while time.monotonic() < until:
        raw, seen = read()
        if seen >= last:
            return raw
    return None

written, gone, glimpses, landed, last = 0, [], 0, set(), 0
end = time.monotonic() + seconds
while time.monotonic() < end:
    raw, seen = read()
    if seen < last:
        raw = back(last)
        if raw is None:
            gone.append(last)
            raw, _ = read()
        else:
            glimpses += 1
    n = written + 1
    # A fixed width: an in-place write keeps the size, so the file is never empty.
    new = title.sub(b"title: editor-%08d" % n, raw, count=1)
    if style == "rename":
        temp = path + ".editor~"
        with open(temp, "wb") as handle:
            handle.write(new)
        os.rename(temp, path)
        landed.add(n)
    else:
        fd = os.open(path, os.O_RDWR)
        try:
            os.pwrite(fd, new, 0)
            os.ftruncate(fd, len(new))
            # Written into the file at the path, not one replaced meanwhile.
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                landed.add(n)
        finally:
            os.close(fd)
    written, last = n, n
if read()[1] < last and back(last) is None:
    gone.append(last)
# Only writes that landed count: one into a file already replaced reached no one.
print(json.dumps({"written": written, "landed": len(landed), "glimpses": glimpses,
                  "gone": [n for n in gone if n in landed]}))
"""


def race_autosaves(data_dir: Path, style: str, seconds: float) -> dict[str, Any]:
    """Autosave notes through the editing engine while the editor runs; returns
    the editor's figures and how many of its writes are nowhere to be found."""
    ws = Workspace.open(data_dir)
    try:
        slug = ws.add_person(Person(name="Ada Lovelace", title="editor-00000000", notes="0"))
        path = ws.people.path_for(slug)
        editor = subprocess.Popen([sys.executable, "-c", _EDITOR, str(path), style,
                                   str(seconds)], stdout=subprocess.PIPE, text=True)
        session = EditSession(ws.people, slug)
        saves = conflicts = 0
        while editor.poll() is None:
            mine = session.load() if session.base is None else session.base.copy()
            if mine is None:  # read while the editor had it half written
                session = EditSession(ws.people, slug)
                continue
            mine.notes = str(saves)
            result = session.save(mine)
            saves += 1
            if result.outcome is Outcome.CONFLICT:
                # As ctrl+r does: take the file as it is now and go on.
                conflicts += 1
                session = EditSession(ws.people, slug)
        out, _ = editor.communicate(timeout=30)
    finally:
        ws.close()
    figures: dict[str, Any] = json.loads(out)
    kept = b"".join(p.read_bytes() for p in (data_dir / "conflicts").rglob("*.yaml"))
    lost = [n for n in figures["gone"] if f"title: editor-{n:08d}\n".encode() not in kept]
    figures.update(saves=saves, conflicts=conflicts, lost=lost)
    print(f"{style}: {figures['written']} writes ({figures['landed']} landed), "
          f"{len(figures['gone'])} gone from the file, {len(lost)} lost, "
          f"{figures['glimpses']} seen back after a moment; "
          f"{saves} saves, {conflicts} conflicts")
    return figures


def test_a_rename_style_editor_racing_autosaves_loses_no_write(tmp_path: Path) -> None:
    started = time.monotonic()
    figures = race_autosaves(tmp_path / "data", "rename", FUZZ_SECONDS)
    assert figures["written"] > 20 and figures["saves"] > 20  # they did race
    assert figures["lost"] == []
    assert time.monotonic() - started < FUZZ_SECONDS + 20


def test_an_in_place_editor_racing_autosaves_loses_no_write_that_landed(
        tmp_path: Path) -> None:
    """An in-place write into a file already replaced cannot be seen by anyone;
    every write made into the file at the record's path must survive."""
    figures = race_autosaves(tmp_path / "data", "in-place", FUZZ_SECONDS)
    assert figures["written"] > 20 and figures["saves"] > 20
    assert figures["lost"] == []


def test_settings_another_program_replaced_twice_during_a_save_are_both_kept(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """settings.yaml goes through the same swap: their version pulled out by the
    exchange is put back, and the one that lands meanwhile goes to conflicts/."""
    data_dir.mkdir()
    path = data_dir / SETTINGS_FILE
    path.write_text("theme: dark\nnudge_days: 7\n")
    settings = SettingsFile(data_dir)
    base = settings.settings.copy()
    mine = base.copy()
    mine.your_name = "Ada"
    versions = iter(["theirs-1", "theirs-2"])
    real = atomic._exchange

    def exchange(first: Path, second: Path) -> bool:
        # Another program renames a new version over the file before two exchanges.
        version = next(versions, None)
        if version is not None:
            temp = path.with_name(".editor-save")
            temp.write_text(f"theme: {version}\nnudge_days: 7\n")
            os.rename(temp, path)
        return real(first, second)

    monkeypatch.setattr(atomic, "_exchange", exchange)
    with pytest.raises(ConflictError) as raised:
        settings.save("settings", mine, base=base)
    monkeypatch.undo()
    assert path.read_text() == "theme: theirs-1\nnudge_days: 7\n"
    assert raised.value.theirs is not None
    assert raised.value.theirs.read_text() == "theme: theirs-2\nnudge_days: 7\n"
    assert "your_name: Ada" in raised.value.kept.read_text()
    assert str(raised.value.theirs) in str(raised.value)
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []
