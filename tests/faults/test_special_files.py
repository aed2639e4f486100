"""Links, named pipes, devices and folders where files belong, in every folder the
store reads, and the lock as a link: each is a clear problem, nothing hangs,
and nothing outside the data directory is truncated, chmodded or overwritten.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.problems import Severity
from coffeechat.interop.archive import build_archive
from coffeechat.storage import Workspace
from coffeechat.storage.banks import load_library
from coffeechat.storage.editing import EditSession, Outcome
from coffeechat.storage.index import CACHE_DIR, INDEX_NAME
from coffeechat.storage.paths import shipped_banks_dir
from coffeechat.storage.settings import Settings, SettingsFile
from coffeechat.storage.watch import Watcher, scan

OUTSIDE_TEXT = b"root:x:0:0:root:/root:/bin/bash\n"


def _device(path: Path, outside: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        path.symlink_to("/dev/zero")  # no CAP_MKNOD: a device through a link instead


def _fifo_link(path: Path, outside: Path) -> None:
    fifo = outside.with_name("pipe")
    os.mkfifo(fifo)
    path.symlink_to(fifo)


# How each kind of thing is made at ``path``, and a word its problem must contain.
KINDS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "fifo": (lambda path, outside: os.mkfifo(path), "named pipe"),
    "device": (_device, "device"),
    "link-to-dev-zero": (lambda path, outside: path.symlink_to("/dev/zero"), "device"),
    "link-to-fifo": (_fifo_link, "named pipe"),
    "dangling-link": (lambda path, outside: path.symlink_to(outside.with_name("gone")),
                      "does not exist"),
    "folder": (lambda path, outside: path.mkdir(), "folder"),
}
RECORD_FOLDERS = ("people", "companies", "interviews")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the data directory (a copy of /etc/passwd, readable by all)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "passwd"
    path.write_bytes(OUTSIDE_TEXT)
    os.chmod(path, 0o644)
    return path


def populated(data_dir: Path) -> Workspace:
    ws = Workspace.open(data_dir)
    ws.people.add(Person(name="Ada"))
    ws.companies.add(Company(name="Initech"))
    ws.new_interview(Interview(person="ada", intent="learn"))
    return ws


def assert_untouched(outside: Path) -> None:
    assert outside.read_bytes() == OUTSIDE_TEXT
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("folder", RECORD_FOLDERS)
def test_a_record_that_is_not_a_file_is_a_problem_and_nothing_hangs(
        data_dir: Path, outside: Path, folder: str, kind: str, deadline, cli) -> None:
    populated(data_dir).close()
    make, word = KINDS[kind]
    make(data_dir / folder / "x.yaml", outside)
    with deadline(10), Workspace.open(data_dir) as ws:
        collection = getattr(ws, folder)
        problems = [p for p in ws.problems() if p.path == data_dir / folder / "x.yaml"]
        assert len(problems) == 1 and problems[0].severity is Severity.ERROR, problems
        assert word in problems[0].message
        assert collection.entries["x"].broken and collection.get("x") is None
        assert len(list(collection.items())) == 1  # the real record still loads
        watcher = Watcher(ws)
        watcher.apply(scan(watcher.known()))
        assert collection.entries["x"].broken
    with deadline(10):
        assert cli(data_dir, f"{'people' if folder != 'interviews' else 'interviews'}",
                   "list").code == 0
        assert build_archive(data_dir).files >= 3
    assert_untouched(outside)


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_bank_that_is_not_a_file_is_a_problem(data_dir: Path, outside: Path, kind: str,
                                                deadline) -> None:
    folder = data_dir / "question_banks"
    folder.mkdir(parents=True)
    make, word = KINDS[kind]
    make(folder / "mine.yaml", outside)
    with deadline(10):
        library = load_library(shipped_banks_dir(), folder)
    assert [p for p in library.problems if word in p.message]
    assert "opening" in library.banks


@pytest.mark.parametrize("kind", list(KINDS))
def test_settings_that_are_not_a_file_are_a_problem(data_dir: Path, outside: Path, kind: str,
                                                    deadline) -> None:
    data_dir.mkdir()
    make, word = KINDS[kind]
    make(data_dir / "settings.yaml", outside)
    with deadline(10):
        settings = SettingsFile(data_dir)
    assert settings.settings == Settings() and settings.broken
    assert word in settings.problems[0].message
    session = EditSession(settings, SettingsFile.SLUG)
    result = session.save(Settings(theme="nord"))
    assert not result.ok  # never written over, never through the link
    assert_untouched(outside)


@pytest.mark.parametrize("kind", [*KINDS, "link-to-outside"])
def test_a_cache_that_is_not_a_file_is_ignored_and_never_written_through(
        data_dir: Path, outside: Path, kind: str, deadline) -> None:
    populated(data_dir).close()
    cache = data_dir / CACHE_DIR / INDEX_NAME
    cache.parent.mkdir(exist_ok=True)
    cache.unlink(missing_ok=True)
    if kind == "link-to-outside":
        cache.symlink_to(outside)
    else:
        KINDS[kind][0](cache, outside)
    with deadline(10):
        ws = Workspace.open(data_dir)
        assert ws.people.get("ada") is not None
        ws.close()  # writes the index: never through a link
    assert_untouched(outside)


def test_a_linked_record_is_read_and_written_through_but_never_chmodded(
        data_dir: Path, outside: Path) -> None:
    populated(data_dir).close()
    record = outside.with_name("bob.yaml")
    record.write_bytes(b"name: Bob\n")
    os.chmod(record, 0o644)
    (data_dir / "people" / "bob.yaml").symlink_to(record)
    (data_dir / "people" / "pw.yaml").symlink_to(outside)  # loads as a broken record
    with Workspace.open(data_dir) as ws:
        assert present(ws.people.get("bob")).name == "Bob"
        assert stat.S_IMODE(record.stat().st_mode) == 0o644  # not tightened through the link
        assert any("linked file" in p.message for p in ws.problems())
        session = EditSession(ws.people, "bob")
        mine = present(session.load())
        mine.title = "Engineer"
        assert session.save(mine).outcome is Outcome.SAVED
        assert ws.people.entries["pw"].broken
        assert session.save(mine).ok
    assert (data_dir / "people" / "bob.yaml").is_symlink()
    assert b"Engineer" in record.read_bytes()
    assert_untouched(outside)


@pytest.mark.parametrize("kind", ["link-to-outside", "fifo", "dangling-link", "folder"])
def test_a_lock_that_is_not_a_file_opens_read_only_and_says_why(
        data_dir: Path, outside: Path, kind: str, deadline, cli) -> None:
    populated(data_dir).close()
    lock = data_dir / ".lock"
    lock.unlink()
    if kind == "link-to-outside":
        lock.symlink_to(outside)
    else:
        KINDS[kind][0](lock, outside)
    with deadline(10):
        with Workspace.open(data_dir) as ws:
            assert ws.readonly and ws.lock_holder is None
            assert ws.readonly_reason and ".lock" in ws.readonly_reason
            assert any(".lock" in p.message for p in ws.problems())
        line = cli(data_dir, "people", "add", "Cy").assert_one_line_error()
    assert ".lock" in line and "None" not in line
    assert_untouched(outside)


@pytest.mark.parametrize("kind", ["hard-link", "someone-elses-file"])
def test_a_lock_that_coffeechat_did_not_make_is_never_written(
        data_dir: Path, outside: Path, kind: str, cli) -> None:
    """A hard link to a user's file (a second name: the kernel follows no link to
    see it), or a file of theirs renamed to .lock: coffeechat opens read-only and
    says what to do; the file stays byte for byte as it was."""
    populated(data_dir).close()
    lock = data_dir / ".lock"
    lock.unlink()
    if kind == "hard-link":
        os.link(outside, lock)
        mine = outside
    else:
        lock.write_bytes(OUTSIDE_TEXT)
        mine = lock
    before = mine.stat()
    with Workspace.open(data_dir) as ws:
        assert ws.readonly and ws.lock_holder is None
        reason = ws.readonly_reason or ""
        assert ".lock" in reason and "read-only" in reason and "move" in reason.lower()
        assert ("other name" in reason) == (kind == "hard-link")
        assert any(".lock" in p.message for p in ws.problems())
    line = cli(data_dir, "people", "add", "Cy").assert_one_line_error()
    assert ".lock" in line and "move" in line.lower()
    assert mine.read_bytes() == OUTSIDE_TEXT
    assert mine.stat().st_mtime_ns == before.st_mtime_ns
    assert not (data_dir / "people" / "cy.yaml").exists()
    lock.rename(data_dir.with_name("moved"))  # as the message says
    with Workspace.open(data_dir) as ws:
        assert not ws.readonly  # with a lock of its own
    assert outside.read_bytes() == OUTSIDE_TEXT


def test_a_linked_folder_is_read_written_and_never_silently_left_out_of_an_archive(
        data_dir: Path, tmp_path: Path, cli) -> None:
    populated(data_dir).close()
    synced = tmp_path / "synced-companies"
    (data_dir / "companies").rename(synced)
    (data_dir / "companies").symlink_to(synced)
    with Workspace.open(data_dir) as ws:
        assert present(ws.companies.get("initech")).name == "Initech"
        ws.companies.add(Company(name="Globex"))
    assert (synced / "globex.yaml").is_file()
    archive = build_archive(data_dir)
    with tarfile.open(fileobj=io.BytesIO(archive.data)) as tar:
        [link] = [member for member in tar.getmembers() if member.name.endswith("/companies")]
    assert link.issym() and link.linkname == str(synced)  # the link, never what it leads to
    assert archive.links == [f"companies -> {synced}"] and not archive.unreadable
    result = cli(data_dir, "export", "archive", "--out", str(tmp_path / "backup.tar.gz"))
    assert result.code == 0 and "companies" in result.err and "is a link" in result.err
