"""One test (or a few) per way the store used to break its promises: races on
systems without an atomic swap, edits that keep size, mtime and inode, the
lock, unreadable folders, file names that are not UTF-8, debris of killed
writes, slugs that are paths, records handed out by reference, and demo runs
killed or refused halfway."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Person
from coffeechat.storage import ConflictError, StoreError, Workspace, atomic, records, yaml_io
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.records import decode_record
from coffeechat.storage.watch import Watcher, scan

LONG = bool(os.environ.get("COFFEECHAT_FAULTS_LONG"))


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def same_stamp_edit(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite in place, same length, and put the mtime back (like ``touch -r``)."""
    assert len(old) == len(new)
    before = path.stat()
    with open(path, "r+b") as handle:
        handle.write(new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)


# -- 1. races, where there is no atomic swap --------------------------------------


@pytest.mark.parametrize("moment", ["while-staging", "after-rename"])
def test_without_an_atomic_swap_a_racing_edit_is_still_never_taken_for_ours(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setattr(atomic, "_libc", lambda name: None)  # as on macOS or a FUSE mount
    slug = ws.add_person(Person(name="Ada", title="aaaa", notes="one"))
    path = ws.people.path_for(slug)
    theirs = b"schema: 1\nname: Ada\ntitle: bbbb\nnotes: theirs\n"
    session = EditSession(ws.people, slug)
    mine = present(session.load())
    mine.notes = "mine"

    def edit_once() -> None:
        if not fired:
            fired.append(True)
            temp = path.with_name(".editor")
            temp.write_bytes(theirs)
            os.replace(temp, path)

    fired: list[bool] = []
    if moment == "while-staging":
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            real_fsync(fd)
            edit_once()

        monkeypatch.setattr(os, "fsync", fsync)
    else:
        real_sync = atomic.fsync_dir

        def sync(directory: Path) -> None:
            real_sync(directory)
            edit_once()

        monkeypatch.setattr(atomic, "fsync_dir", sync)
    first = session.save(mine)
    monkeypatch.undo()
    if moment == "while-staging":
        assert first.outcome is Outcome.CONFLICT  # checked after staging, before the rename
    else:
        assert first.outcome is Outcome.SAVED
        mine = present(first.written).copy()
        mine.notes = "mine again"
        second = session.save(mine)
        # Their file was never taken for ours: their notes clash with ours.
        assert second.outcome is Outcome.CONFLICT
    assert path.read_bytes() == theirs
    kept = list((ws.data_dir / "conflicts" / "people").iterdir())
    assert kept and b"mine" in kept[-1].read_bytes()


# -- 2. edits that keep size, mtime and inode --------------------------------------


def test_a_same_stamp_edit_just_after_a_save_is_not_overwritten(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", notes="aaaa"))
    ws.people.load()  # held in memory, as a folder read whole is
    path = ws.people.path_for(slug)
    old = path.read_bytes()
    same_stamp_edit(path, old, old.replace(b"aaaa", b"bbbb"))
    person = present(ws.people.get(slug))
    person.notes = "cccc"
    with pytest.raises(ConflictError):
        ws.people.save(slug, person)
    assert b"bbbb" in path.read_bytes()
    watcher = Watcher(ws)
    changes = scan(watcher.known())
    assert changes.touches("people", slug)
    watcher.apply(changes)
    assert present(ws.people.get(slug)).notes == "bbbb"


def test_once_settled_a_stamp_tells_a_same_stamp_edit_by_its_ctime(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    # Shrink the settling time (two seconds) to a few clock ticks to keep this fast.
    monkeypatch.setattr(records, "SETTLE_NS", 30_000_000)
    slug = ws.add_person(Person(name="Ada", notes="aaaa"))
    path = ws.people.path_for(slug)
    time.sleep(0.05)  # a clock that must pass: the file's stamp settles
    watcher = Watcher(ws)
    assert not scan(watcher.known())
    watcher.known()  # takes in what that look confirmed
    entry = ws.people.entries[slug]
    assert present(entry.stamp).settled(entry.checked_ns)
    old = path.read_bytes()
    same_stamp_edit(path, old, old.replace(b"aaaa", b"bbbb"))
    monkeypatch.setattr(records, "digest", lambda raw: pytest.fail("read a settled file"))
    assert scan(watcher.known()).touches("people", slug)  # the ctime alone tells


@pytest.mark.parametrize("settled", [False, True])
def test_the_cache_never_serves_a_same_stamp_edit(data_dir: Path, settled: bool,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if settled:
        monkeypatch.setattr(records, "SETTLE_NS", 30_000_000)
    with Workspace.open(data_dir) as ws:
        ws.add_person(Person(name="Ada", notes="aaaa"))
    if settled:
        time.sleep(0.05)  # a clock that must pass: the file's stamp settles
    with Workspace.open(data_dir) as ws:
        assert present(ws.people.get("ada")).notes == "aaaa"  # read, and remembered in the cache
    path = data_dir / "people" / "ada.yaml"
    old = path.read_bytes()
    same_stamp_edit(path, old, old.replace(b"aaaa", b"bbbb"))
    with Workspace.open(data_dir) as ws:
        assert present(ws.people.get("ada")).notes == "bbbb"


# -- 7. the lock -------------------------------------------------------------------


def fds_inside(folder: Path) -> list[str]:
    """What this process holds open inside `folder`.

    Counting every descriptor would be flaky: under a parallel runner, other
    objects are collected and their files closed at any moment.
    """
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        pytest.skip("needs /proc to list open files")
    root = str(folder.resolve())
    held = []
    for entry in fd_dir.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target == root or target.startswith(root + os.sep):
            held.append(target)
    return held


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_lock_that_cannot_be_opened_says_why_and_holds_nothing(
        data_dir: Path, inject, code: int) -> None:
    Workspace.open(data_dir).close()
    assert fds_inside(data_dir) == []
    with inject(data_dir, code):
        workspace = Workspace.open(data_dir)
    assert workspace.readonly and workspace.lock_holder is None
    assert os.strerror(code) in (workspace.readonly_reason or "")
    with pytest.raises(StoreError, match=os.strerror(code)):
        workspace.add_person(Person(name="Cy"))
    workspace.close()
    assert fds_inside(data_dir) == []
    with Workspace.open(data_dir) as again:
        assert not again.readonly  # the failed attempt left the lock free


def test_a_full_disk_keeps_the_lock_held_without_its_note(data_dir: Path, inject) -> None:
    Workspace.open(data_dir).close()
    with inject(data_dir, errno.ENOSPC):
        first = Workspace.open(data_dir)
    assert not first.readonly
    with Workspace.open(data_dir) as second:
        assert second.readonly and second.lock_holder == "unknown process"
    first.close()
    with Workspace.open(data_dir) as third:
        assert not third.readonly


# -- 9. unreadable folders ---------------------------------------------------------


def test_an_unreadable_folder_is_a_problem_not_an_empty_folder(data_dir: Path, inject,
                                                               cli) -> None:
    with Workspace.open(data_dir) as ws:
        ws.add_person(Person(name="Ada"))
    with inject(data_dir / "people", errno.EACCES, reads=True):
        with Workspace.open(data_dir) as ws:
            assert len(ws.people) == 0
            [problem] = [p for p in ws.problems() if p.path == data_dir / "people"]
            assert "cannot read this folder" in problem.message
        result = cli(data_dir, "people", "list", "--json")
    assert result.code == 1 and result.out.strip() == "[]"
    assert len(result.err_lines) == 1 and "cannot read this folder" in result.err


def drop_permission_checks() -> list[str] | None:
    """A command prefix under which permission bits apply to this process: none
    needed for an ordinary user; for root, ``capsh`` dropping the capabilities
    that bypass them. None when neither is possible."""
    if os.geteuid() != 0:
        return []
    if shutil.which("capsh") is None:
        return None
    probe = subprocess.run(["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--",
                            "-c", "true"], capture_output=True, check=False)
    return None if probe.returncode else ["capsh",
                                          "--drop=cap_dac_override,cap_dac_read_search", "--"]


@pytest.mark.parametrize("locked", ["people", "."])
def test_a_real_unreadable_folder_is_reported_by_the_command(data_dir: Path,
                                                             locked: str) -> None:
    prefix = drop_permission_checks()
    if prefix is None:
        pytest.skip("running as root without capsh: permission bits cannot apply here")
    with Workspace.open(data_dir) as ws:
        ws.add_person(Person(name="Ada"))
    target = data_dir / locked
    os.chmod(target, 0)
    try:
        command = [sys.executable, "-m", "coffeechat", "--data-dir", str(data_dir),
                   "people", "list", "--json"]
        if prefix:
            command = [*prefix, "-c", " ".join(f"'{part}'" for part in command)]
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                timeout=60)
    finally:
        os.chmod(target, 0o700)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    assert "cannot read this folder" in result.stderr and "Permission denied" in result.stderr


# -- 10. smaller ones --------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_reported_and_printed_escaped(data_dir: Path,
                                                                      cli) -> None:
    with Workspace.open(data_dir) as ws:
        ws.add_person(Person(name="Ada"))
    odd = os.path.join(os.fsencode(data_dir / "people"), b"caf\xe9.yaml")
    with open(odd, "wb") as handle:
        handle.write(b"name: Cafe\n")
    with Workspace.open(data_dir) as ws:
        assert list(ws.people.entries) == ["ada"]
        assert any("caf\\xe9.yaml" in p.message for p in ws.problems())
        assert not scan(Watcher(ws).known())  # not a change seen on every look
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "--data-dir", str(data_dir), "people", "list"],
        capture_output=True, check=False, timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"})
    assert b"Traceback" not in result.stderr
    assert b"Ada" in result.stdout and b"caf\\xe9.yaml" in result.stderr
    assert cli(data_dir, "people", "list", "--json").code == 1


def test_debris_of_killed_writes_is_swept_everywhere_the_store_writes(
        data_dir: Path, tmp_path: Path, cli) -> None:
    with Workspace.open(data_dir) as ws:
        ws.add_person(Person(name="Ada"))
        ws.people.keep_copy("ada")
    exports = tmp_path / "exports"
    exports.mkdir()
    old = time.time() - 3600
    places = [data_dir / ".settings.yaml.abcd1234.tmp",
              data_dir / ".cache" / ".index.sqlite.abcd1234.tmp",
              data_dir / "conflicts" / "people" / ".ada.2026.yaml.abcd1234.tmp",
              data_dir / "question_banks" / ".mine.yaml.abcd1234.tmp",
              data_dir / "people" / ".ada.yaml.abcd1234.tmp",
              exports / ".coffeechat-20260101-120000.tar.gz.abcd1234.tmp",
              exports / ".chat.md.abcd1234.tmp"]
    kept = [data_dir / ".settings.yaml.fresh123.tmp",  # a write in flight
            exports / ".thesis.docx.abcd1234.tmp",  # not ours
            exports / "notes.tmp"]
    for path in [*places, *kept]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a write")
        if path not in kept[:1]:
            os.utime(path, (old, old))
    with Workspace.open(data_dir) as ws:
        assert len(ws.people) == 1
    assert cli(data_dir, "export", "archive", "--out", str(exports)).code == 0
    assert cli(data_dir, "export", "interview", "nothing", "--out",
               str(exports / "chat.md")).code == 1
    assert [path for path in places if path.exists()] == [exports / ".chat.md.abcd1234.tmp"]
    assert cli(data_dir, "export", "calendar", "--out", str(exports / "chat.md")).code == 0
    assert not any(path.exists() for path in places)
    assert all(path.exists() for path in kept)


@pytest.mark.parametrize("slug", ["../../x", "../people-x", "a/b", ".hidden", "", ".."])
def test_a_slug_that_is_a_path_is_refused_by_the_store_itself(ws: Workspace, tmp_path: Path,
                                                              slug: str) -> None:
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(StoreError, match="cannot be used as a file name"):
        ws.people.add(Person(name="X"), slug=slug)
    assert sorted(tmp_path.rglob("*")) == before


def test_get_hands_out_a_copy(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", knows=["bob"]))
    handed = present(ws.people.get(slug))
    handed.name = "Changed"
    handed.knows.append("cy")
    assert ws.people.peek(slug) == Person(name="Ada", knows=["bob"])


# -- 5. demo, killed or refused halfway --------------------------------------------


def test_a_demo_killed_at_any_moment_leaves_only_whole_files(tmp_path: Path) -> None:
    rng = random.Random(5)
    for attempt in range(12 if LONG else 3):
        data_dir = tmp_path / f"demo{attempt}"
        process = subprocess.Popen(
            [sys.executable, "-m", "coffeechat", "--data-dir", str(data_dir), "demo",
             "--people", "800", "--interviews", "150"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))  # a random instant of the demo's run to kill it at
        process.send_signal(signal.SIGKILL)
        process.wait()
        for folder in ("people", "companies", "interviews"):
            for path in (data_dir / folder).glob("*.yaml") if data_dir.exists() else []:
                raw = path.read_bytes()
                assert raw, f"{path} is empty"
                cls = {"people": Person}.get(folder)
                if cls is not None:
                    record, problems = decode_record(cls, raw, path)
                    assert record is not None and not problems, path
                else:
                    assert yaml_io.parse(raw).data, path


def test_a_demo_refused_halfway_removes_what_it_wrote(data_dir: Path, cli,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    named: list[Path] = []
    real_rename_new = atomic._rename_new

    def rename_new(source: Path, target: Path) -> None:
        named.append(target)
        if len(named) == 40:  # the disk fails as the 40th file takes its name
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(target))
        real_rename_new(source, target)

    monkeypatch.setattr(atomic, "_rename_new", rename_new)
    line = cli(data_dir, "demo", "--people", "60").assert_one_line_error()
    monkeypatch.undo()
    assert "Input/output error" in line
    # The lock and the ignore files belong to the workspace, not to the demo.
    assert not [path for path in data_dir.rglob("*") if path.is_file()
                and path.name not in (".lock", ".gitignore", ".stignore")]
    assert cli(data_dir, "demo", "--people", "60").code == 0
