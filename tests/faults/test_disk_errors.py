"""A full disk, a failing disk, no permission, a read-only mount: on every write
path the store and the commands give a clear message and lose nothing.

Each test's id names the error and how it was produced (``-tmpfs``: a real
tmpfs filled up or remounted read-only; ``-injected``: the error injected into
the store's system calls). EIO and, when running as root (whom permission bits
do not stop), EACCES are always injected.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.draft import Draft
from coffeechat.demo import generate
from coffeechat.storage import StoreError, Workspace
from coffeechat.storage.atomic import is_temp_file
from coffeechat.storage.bank_edit import BankEditError, editable_path
from coffeechat.storage.conflicts import find_conflicts
from coffeechat.storage.drafts import DraftStore
from coffeechat.storage.editing import EditSession
from coffeechat.storage.records import encode_record
from coffeechat.storage.rescue import write_copies
from coffeechat.storage.settings import Settings, SettingsFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "interop"


def populate(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ada", title="Engineer", notes="precious notes\n"))
        ws.companies.add(Company(name="Analytical Engines"))
        ws.new_interview(Interview(person="ada", intent="learn", status="scheduled",
                                   scheduled=dt.datetime(2026, 12, 3, 10, 0)),
                         on=dt.date(2026, 11, 20))
        SettingsFile(data_dir).save(SettingsFile.SLUG, Settings(theme="textual-light"))


def temp_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if is_temp_file(path.name)]


@dataclass(frozen=True)
class WritePath:
    """One way the store writes: ``act`` does it (raising when refused), ``done``
    checks its effect when the disk let it through (a rename needs no space)."""

    name: str
    act: Callable[[Workspace, Path], object]
    done: Callable[[Workspace, Path], None] | None = None
    prepare: Callable[[Workspace, Path], None] | None = None


def _save(ws: Workspace, data_dir: Path) -> None:
    session = EditSession(ws.people, "ada")
    mine = session.load()
    assert mine is not None
    mine.notes = "typed while the disk refused\n"
    result = session.save(mine)
    if not result.ok:
        assert result.retryable and result.reason
        assert session.dirty(mine)  # still in memory
        assert isinstance(result.error, (OSError, StoreError))
        raise result.error


def _write_by_hand(ws: Workspace, data_dir: Path) -> None:
    path = data_dir / "people" / "ada.yaml"
    path.write_text("# kept by hand\nname: Ada  # the countess\ntitle: Engineer\n"
                    "notes: |\n  precious notes\n", encoding="utf-8")
    ws.people.reload("ada")


def _kept_by_hand(ws: Workspace, data_dir: Path) -> None:
    text = (data_dir / "people" / "ada.yaml").read_text(encoding="utf-8")
    assert text.startswith("# kept by hand\nname: Ada  # the countess\n")
    assert "typed while the disk refused" in text


def _settings(ws: Workspace, data_dir: Path) -> None:
    session = EditSession(SettingsFile(data_dir), SettingsFile.SLUG)
    mine = session.load()
    assert mine is not None
    mine.theme = "nord"
    result = session.save(mine)
    if not result.ok:
        assert result.retryable and isinstance(result.error, (OSError, StoreError))
        raise result.error


def _deleted(ws: Workspace, data_dir: Path) -> None:
    assert not (data_dir / "people" / "ada.yaml").exists()
    [trashed] = (data_dir / "trash" / "people").iterdir()
    assert b"precious notes" in trashed.read_bytes()


def _trash(ws: Workspace, data_dir: Path) -> None:
    ws.people.delete("ada")


def _restore(ws: Workspace, data_dir: Path) -> str:
    [trashed] = (data_dir / "trash" / "people").iterdir()
    return ws.people.restore(trashed)


def _restored(ws: Workspace, data_dir: Path) -> None:
    assert b"precious notes" in (data_dir / "people" / "ada.yaml").read_bytes()
    assert not list((data_dir / "trash" / "people").iterdir())


def _bank_copy(ws: Workspace, data_dir: Path) -> Path:
    try:
        return editable_path(ws.banks, "opening", data_dir)
    except BankEditError as exc:
        raise StoreError(str(exc)) from None


def _draft(ws: Workspace, data_dir: Path) -> None:
    drafts = DraftStore(data_dir)
    drafts.open("new-person", Draft(dialog="New contact"))
    session = EditSession(drafts, "new-person")
    result = session.save(Draft(dialog="New contact", values={"name": "typed in a dialog"}))
    if not result.ok:
        assert result.retryable and isinstance(result.error, (OSError, StoreError))
        raise result.error


def _syncthing_copy(ws: Workspace, data_dir: Path) -> None:
    copy = data_dir / "people" / "ada.sync-conflict-20261125-101500-ABCDEFG.yaml"
    copy.write_bytes(encode_record(Person(name="Ada", title="Countess", notes="precious notes\n")))


def _take_copy(ws: Workspace, data_dir: Path) -> str:
    [conflict] = find_conflicts(data_dir)
    return ws.resolve_conflict(conflict, take=True)


WRITE_PATHS = [
    WritePath("add", lambda ws, d: ws.people.add(Person(name="Cy", notes="new\n"))),
    WritePath("new-interview", lambda ws, d: ws.new_interview(
        Interview(person="ada", intent="again"), on=dt.date(2026, 11, 21))),
    WritePath("save", _save),
    WritePath("save-hand-written", _save, done=_kept_by_hand, prepare=_write_by_hand),
    WritePath("delete", _trash, done=_deleted),
    WritePath("restore", _restore, done=_restored, prepare=_trash),
    WritePath("keep-copy", lambda ws, d: ws.people.keep_copy("ada", Person(name="Ada",
                                                                          notes="aside"))),
    WritePath("settings", _settings),
    WritePath("rescue", lambda ws, d: write_copies(d / "rescued", [
        ("people", "ada", Person(name="Ada", notes="unsaved"))])),
    WritePath("bank-copy", _bank_copy),
    WritePath("draft", _draft),
    WritePath("demo", lambda ws, d: generate(d.parent / "demo", people=5, interviews=2)),
    WritePath("take-conflict-copy", _take_copy, prepare=_syncthing_copy),
]


@pytest.mark.parametrize("write", WRITE_PATHS, ids=[write.name for write in WRITE_PATHS])
def test_every_write_path_fails_cleanly_and_loses_nothing(api_disk, write: WritePath,
                                                           files) -> None:
    data_dir = api_disk.data_dir
    populate(data_dir)
    with Workspace.open(data_dir) as ws:
        assert not ws.readonly and len(ws.people) == 1
        if write.prepare is not None:
            write.prepare(ws, data_dir)
        before = files(api_disk.root)
        error: BaseException | None = None
        with api_disk.failing():
            try:
                write.act(ws, data_dir)
            except (OSError, StoreError) as exc:
                error = exc
        if error is None:
            assert write.done is not None, f"{write.name} wrote on a refusing disk"
            write.done(ws, data_dir)
        else:
            reason = os.strerror(api_disk.code)
            assert reason in str(error), error
            if isinstance(error, OSError) and error.filename is not None:
                assert not is_temp_file(Path(error.filename).name), error  # names the real file
            after = files(api_disk.root)
            after.pop(".filler", None)
            assert after == before
        assert temp_files(api_disk.root) == []
        if error is not None:
            write.act(ws, data_dir)  # the disk is back: the same write goes through
            if write.done is not None:
                write.done(ws, data_dir)


def test_a_refused_cache_costs_only_speed(api_disk) -> None:
    populate(api_disk.data_dir)
    workspace = Workspace.open(api_disk.data_dir)
    assert len(workspace.people) == 1
    with api_disk.failing():
        workspace.close()  # writes the cache: refused, silently
    with Workspace.open(api_disk.data_dir) as again:
        assert present(again.people.get("ada")).notes == "precious notes\n"


def _linkedin() -> list[str]:
    return ["import", "linkedin", str(FIXTURES / "Connections.csv")]


def _vcard() -> list[str]:
    return ["import", "vcard", str(FIXTURES / "contacts-3.0.vcf")]


COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "people-add": lambda root: ["people", "add", "Cy Twombly", "--company", "Gallery"],
    "interviews-new": lambda root: ["interviews", "new", "ada", "--intent", "more"],
    "demo": lambda root: ["--data-dir", str(root / "demo"), "demo", "--people", "5",
                          "--interviews", "2"],
    "import-linkedin": lambda root: _linkedin(),
    "import-vcard": lambda root: _vcard(),
    "export-interview": lambda root: ["export", "interview", "2026-11-20-ada",
                                      "--out", str(root / "chat.md")],
    "export-calendar": lambda root: ["export", "calendar", "--out", str(root / "chats.ics")],
    "export-archive": lambda root: ["export", "archive", "--out", str(root / "backup.tar.gz")],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_writing_command_says_one_line_and_exits_1(cli_disk, command: str, cli,
                                                         files) -> None:
    data_dir = cli_disk.data_dir
    populate(data_dir)
    args = COMMANDS[command](cli_disk.root)
    before = files(cli_disk.root)
    with cli_disk.failing():
        result = cli(data_dir, *args)
    if command.startswith("import") and result.code == 1 and len(result.err_lines) > 1:
        # An import names every contact it could not write, one line each.
        assert "Traceback" not in result.err
        assert all(line.startswith("coffeechat: ") for line in result.err_lines), result.err
    else:
        line = result.assert_one_line_error()
        assert os.strerror(cli_disk.code) in line
    after = files(cli_disk.root)
    after.pop(".filler", None)
    assert after == before
    assert temp_files(cli_disk.root) == []
    assert cli(data_dir, *args).code == 0  # and once the disk is back, it works


def test_a_read_only_mount_says_so_rather_than_blame_another_instance(tmp_path, cli,
                                                                      inject) -> None:
    populate(tmp_path / "data")
    with inject(tmp_path / "data", errno.EROFS):
        line = cli(tmp_path / "data", "people", "add", "Cy").assert_one_line_error()
    assert "Read-only file system" in line and "another coffeechat" not in line
    assert "None" not in line


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "empty-folder"])
def test_a_demo_that_cannot_finish_leaves_nothing_half_made(cli_disk, cli,
                                                           existing: bool) -> None:
    target = cli_disk.root / "demo"
    if existing:
        target.mkdir()
    with cli_disk.failing():
        result = cli(target, "demo", "--people", "5", "--interviews", "2")
    line = result.assert_one_line_error()
    assert os.strerror(cli_disk.code) in line, line
    # Not a folder, a lock or an empty people/: the folder is as it was.
    assert (sorted(p.name for p in target.iterdir()) if target.exists() else None) == (
        [] if existing else None)
    assert cli(target, "demo", "--people", "5", "--interviews", "2").code == 0
