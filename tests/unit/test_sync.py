"""``coffeechat sync`` end to end: two machines (two data directories) and a bare
remote in a temporary folder, never a network. git is needed to run them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core.models import Interview, Person
from coffeechat.storage.conflicts import find_conflicts
from coffeechat.storage.git_sync import SYNC_LOCK, SyncError, sync
from coffeechat.storage.lock import WorkspaceLock
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.workspace import Workspace

pytestmark = pytest.mark.skipif(shutil.which("git") is None,
                                reason="git is not installed; sync runs git, so its tests need it")


def git(where: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], cwd=where, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(autouse=True)
def _own_git_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No developer's git config (name, hooks, signing) reaches these tests.
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


class Machine:
    def __init__(self, folder: Path) -> None:
        self.data = folder

    def run(self, *args: str) -> int:
        return main([*args, "--data-dir", str(self.data)])

    def write(self, path: str, record: Person | Interview) -> None:
        target = self.data / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encode_record(record))

    def read(self, path: str) -> Person:
        record = self._decode(path, Person)
        assert isinstance(record, Person)
        return record

    def read_chat(self, path: str) -> Interview:
        record = self._decode(path, Interview)
        assert isinstance(record, Interview)
        return record

    def _decode(self, path: str, kind: type[Person] | type[Interview]) -> Person | Interview:
        raw = (self.data / path).read_bytes()
        assert b"<<<<<<<" not in raw and b">>>>>>>" not in raw
        record, problems = decode_record(kind, raw, None)
        assert record is not None and problems == []
        return record


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return bare


@pytest.fixture
def laptop(tmp_path: Path, remote: Path) -> Machine:
    machine = Machine(tmp_path / "laptop")
    machine.write("people/ada.yaml", Person(name="Ada Lovelace", notes="## Nov 24\nFirst call.\n"))
    assert machine.run("sync", "init", "--remote", str(remote)) == 0
    assert machine.run("sync") == 0
    return machine


@pytest.fixture
def desktop(tmp_path: Path, remote: Path, laptop: Machine) -> Machine:
    machine = Machine(tmp_path / "desktop")
    assert machine.run("sync", "init", "--remote", str(remote)) == 0
    return machine


def test_a_second_machine_joins_with_the_records(desktop: Machine,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert desktop.read("people/ada.yaml").name == "Ada Lovelace"
    # As private as what the store writes: nothing for the app to tighten.
    assert (desktop.data / "people" / "ada.yaml").stat().st_mode & 0o777 == 0o600
    assert (desktop.data / "people").stat().st_mode & 0o777 == 0o700
    assert "merge=coffeechat" in (desktop.data / ".gitattributes").read_text()
    assert "merge-file %O %A %B %P" in git(desktop.data, "config", "merge.coffeechat.driver")


def test_edits_on_two_machines_merge_field_by_field_and_notes_line_by_line(
        laptop: Machine, desktop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    laptop.write("people/ada.yaml", Person(
        name="Ada Lovelace", title="Countess",
        notes="## Nov 24\nFirst call.\n## Nov 25\nAt the café: loves engines.\n"))
    desktop.write("people/ada.yaml", Person(
        name="Ada Lovelace", company="Analytical Engines",
        notes="## Nov 24\nFirst call.\n## Nov 25\nPlan: send Babbage's notes.\n"))
    assert laptop.run("sync") == 0
    capsys.readouterr()
    assert desktop.run("sync") == 0
    assert capsys.readouterr().out == (
        "synced: sent 2 commits, received 1 commit, merged 1 file, 0 conflicts\n")
    assert laptop.run("sync") == 0
    for machine in (laptop, desktop):
        ada = machine.read("people/ada.yaml")
        assert (ada.title, ada.company) == ("Countess", "Analytical Engines")
        assert ada.notes == ("## Nov 24\nFirst call.\n## Nov 25\nPlan: send Babbage's notes.\n"
                             "At the café: loves engines.\n")
    assert git(laptop.data, "status", "--porcelain") == ""
    # Merged, never rebased: both commits are in the history.
    assert "1 person changed on" in git(desktop.data, "log", "--format=%s")


def test_the_same_field_changed_on_both_is_a_conflict_kept_aside(
        laptop: Machine, desktop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
    desktop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Mathematician"))
    assert laptop.run("sync") == 0
    capsys.readouterr()
    assert desktop.run("sync") == 1
    line = capsys.readouterr().out
    assert "1 conflict (people/ada.yaml: title; theirs in conflicts/people/ada." in line
    assert desktop.read("people/ada.yaml").title == "Mathematician"
    [conflict] = find_conflicts(desktop.data)
    assert conflict.record == desktop.data / "people" / "ada.yaml"
    kept, _ = decode_record(Person, conflict.copy.read_bytes(), None)
    assert kept is not None and kept.title == "Countess"
    assert git(desktop.data, "status", "--porcelain") == ""
    capsys.readouterr()
    assert desktop.run("check") == 1
    assert "'Mathematician' here, 'Countess' there" in capsys.readouterr().out


def test_a_relative_data_directory_reports_its_conflicts(
        laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
    desktop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Mathematician"))
    assert laptop.run("sync") == 0
    monkeypatch.chdir(desktop.data.parent)
    capsys.readouterr()
    assert main(["sync", "--data-dir", desktop.data.name]) == 1
    assert "1 conflict (people/ada.yaml: title; theirs in conflicts/" in capsys.readouterr().out


def test_the_same_slug_added_on_both_machines_keeps_both(
        laptop: Machine, desktop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    laptop.write("people/sam-lee.yaml", Person(name="Sam Lee", company="Acme"))
    laptop.write("interviews/2026-11-25-sam-lee.yaml", Interview(person="sam-lee"))
    laptop.write("people/kim.yaml", Person(name="Kim", introduced_by="sam-lee"))
    desktop.write("people/sam-lee.yaml", Person(name="Sam Lee", company="Initech"))
    assert laptop.run("sync") == 0
    capsys.readouterr()
    assert desktop.run("sync") == 1
    assert ("people/sam-lee.yaml: added on both machines; theirs is now people/sam-lee-2.yaml"
            in capsys.readouterr().out)
    assert desktop.read("people/sam-lee.yaml").company == "Initech"
    assert desktop.read("people/sam-lee-2.yaml").company == "Acme"
    chat = desktop.read_chat("interviews/2026-11-25-sam-lee.yaml")
    assert isinstance(chat, Interview) and chat.person == "sam-lee-2"
    kim = desktop.read("people/kim.yaml")
    assert isinstance(kim, Person) and kim.introduced_by == "sam-lee-2"
    assert find_conflicts(desktop.data) == []


def test_deleted_on_one_machine_and_edited_on_the_other_keeps_the_edit(
        laptop: Machine, desktop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    (laptop.data / "people" / "ada.yaml").unlink()
    desktop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
    assert laptop.run("sync") == 0
    assert desktop.run("sync") == 1
    assert "people/ada.yaml: edited here, deleted there; the edit is kept" in (
        capsys.readouterr().out)
    assert laptop.run("sync") == 0
    assert laptop.read("people/ada.yaml").title == "Countess"


def test_a_sync_runs_while_the_app_holds_its_lock_and_a_second_sync_is_refused(
        laptop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    with Workspace.open(laptop.data) as workspace:
        assert not workspace.readonly
        laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
        assert laptop.run("sync") == 0
        other = WorkspaceLock(laptop.data / ".git", SYNC_LOCK)
        other.acquire()
        try:
            with pytest.raises(SyncError, match="another sync is running"):
                sync(laptop.data)
        finally:
            other.release()
    # The app's own ignore file for Syncthing went with it.
    assert git(laptop.data, "log", "-1", "--format=%s").startswith("1 person changed")


def test_cache_lock_and_temporary_files_are_never_committed(
        laptop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    (laptop.data / ".gitignore").write_text("!.cache/\n!*.tmp\n!.lock\n")
    (laptop.data / ".cache").mkdir(exist_ok=True)
    (laptop.data / ".cache" / "index.sqlite").write_bytes(b"x")
    (laptop.data / ".lock").write_text("pid 1\n")
    (laptop.data / "people" / ".ada.yaml.abc.tmp").write_text("half")
    # A dialog's draft is this machine's unfinished typing, not the campaign's.
    (laptop.data / "drafts").mkdir(exist_ok=True)
    (laptop.data / "drafts" / "new-person.yaml").write_text("schema: 1\n")
    assert laptop.run("sync") == 0
    tracked = git(laptop.data, "ls-files").splitlines()
    assert not [name for name in tracked if name.startswith((".cache", "drafts/"))
                or name.endswith((".tmp", ".lock"))]
    assert ".gitignore" in tracked and "people/ada.yaml" in tracked


def test_an_interrupted_merge_leaves_the_repository_as_it_was(
        laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch) -> None:
    from coffeechat.storage import git_sync

    laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Analyst"))
    assert laptop.run("sync") == 0
    desktop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Poet"))
    git(desktop.data, "add", "-A")
    git(desktop.data, "commit", "-qm", "poet")
    before = git(desktop.data, "rev-parse", "HEAD")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(git_sync, "_settle", interrupted)
    assert desktop.run("sync") == 130
    assert git(desktop.data, "rev-parse", "HEAD") == before
    assert not (desktop.data / ".git" / "MERGE_HEAD").exists()
    assert desktop.read("people/ada.yaml").title == "Poet"
    monkeypatch.undo()
    assert desktop.run("sync") == 1
    assert git(desktop.data, "status", "--porcelain") == ""


def test_the_merge_driver_follows_gits_contract(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / name for name in ("base", "ours", "theirs"))
    base.write_bytes(encode_record(Person(name="Ada", title="Engineer")))
    ours.write_bytes(encode_record(Person(name="Ada", title="Manager")))
    theirs.write_bytes(encode_record(Person(name="Ada", title="Engineer", company="Acme")))
    assert main(["merge-file", str(base), str(ours), str(theirs), "people/ada.yaml"]) == 0
    merged, _ = decode_record(Person, ours.read_bytes(), None)
    assert merged is not None and (merged.title, merged.company) == ("Manager", "Acme")


# -- bad days: one line each, nothing lost -------------------------------------------------


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_git_missing_says_what_to_install(laptop: Machine, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(laptop.data / "nowhere"))
    capsys.readouterr()
    assert laptop.run("sync") == 1
    assert _error(capsys) == ("coffeechat: error: git is not installed: install git (from your "
                              "package manager or git-scm.com) and run 'coffeechat sync init'\n")


def test_no_remote_commits_here_and_says_how_to_add_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alone = Machine(tmp_path / "alone")
    alone.write("people/ada.yaml", Person(name="Ada"))
    assert alone.run("sync", "init") == 0
    alone.write("people/ada.yaml", Person(name="Ada", title="Countess"))
    capsys.readouterr()
    assert alone.run("sync") == 1
    assert "no remote to sync with: your changes are committed here" in _error(capsys)
    assert git(alone.data, "status", "--porcelain") == ""


def test_an_unreachable_remote_loses_nothing_and_the_next_sync_sends_it(
        laptop: Machine, remote: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moved = remote.with_name("moved.git")
    remote.rename(moved)
    laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
    capsys.readouterr()
    assert laptop.run("sync") == 1
    message = _error(capsys)
    assert message.startswith("coffeechat: error: cannot reach origin (")
    assert message.endswith("your changes are committed here and the next sync sends them\n")
    moved.rename(remote)
    assert laptop.run("sync") == 0
    assert "sent 1 commit" in capsys.readouterr().out


def test_a_merge_left_half_done_by_hand_is_refused(
        laptop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    (laptop.data / "README.md").write_text("one\n")
    git(laptop.data, "add", "README.md")
    git(laptop.data, "commit", "-qm", "readme")
    git(laptop.data, "switch", "-qc", "other", "HEAD~1")
    (laptop.data / "README.md").write_text("two\n")
    git(laptop.data, "add", "README.md")
    git(laptop.data, "commit", "-qm", "other readme")
    with pytest.raises(subprocess.CalledProcessError):
        git(laptop.data, "merge", "-q", "master")
    capsys.readouterr()
    assert laptop.run("sync") == 1
    assert _error(capsys) == (
        "coffeechat: error: a merge was left half-done by hand (1 file unresolved, first "
        "README.md): resolve and 'git add' them, or undo it with 'git merge --abort', "
        "then sync again\n")


def test_a_detached_head_is_refused(laptop: Machine, capsys: pytest.CaptureFixture[str]) -> None:
    git(laptop.data, "switch", "-q", "--detach")
    capsys.readouterr()
    assert laptop.run("sync") == 1
    assert "HEAD is detached (at " in _error(capsys)


def test_a_remote_with_unrelated_history_is_refused(
        laptop: Machine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = Machine(tmp_path / "other")
    other.write("people/kim.yaml", Person(name="Kim"))
    assert other.run("sync", "init") == 0
    git(other.data, "remote", "add", "origin", str(tmp_path / "remote.git"))
    before = git(other.data, "rev-parse", "HEAD")
    capsys.readouterr()
    assert other.run("sync") == 1
    assert "the remote's history shares nothing with this one" in _error(capsys)
    assert git(other.data, "rev-parse", "HEAD") == before
    assert not (other.data / "people" / "ada.yaml").exists()


def test_init_inside_a_repository_it_did_not_set_up_asks_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = Machine(tmp_path / "mine")
    mine.write("people/ada.yaml", Person(name="Ada"))
    git(mine.data, "init", "-q")
    capsys.readouterr()
    assert mine.run("sync", "init") == 1
    assert "'coffeechat sync init --yes' would add .gitattributes" in _error(capsys)
    assert not (mine.data / ".gitattributes").exists()
    assert mine.run("sync", "init", "--yes") == 0
    assert "merge=coffeechat" in (mine.data / ".gitattributes").read_text()


def test_a_long_history_is_not_walked(laptop: Machine, desktop: Machine) -> None:
    # 2,000 commits on the laptop: the desktop's sync takes them in one fetch.
    stream = ["reset refs/heads/master", f"from {git(laptop.data, 'rev-parse', 'HEAD')}"]
    for number in range(2000):
        text = f"schema: 1\nname: Ada Lovelace\nnotes: note {number}\n"
        stream += ["commit refs/heads/master", f"committer T <t@x> {1_700_000_000 + number} +0000",
                   "data 4", "edit", "M 100644 inline people/ada.yaml",
                   f"data {len(text.encode())}", text]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=laptop.data, check=True,
                   input="\n".join(stream) + "\n", text=True)
    git(laptop.data, "reset", "-q", "--hard")
    assert laptop.run("sync") == 0
    assert desktop.run("sync") == 0
    assert desktop.read("people/ada.yaml").notes == "note 1999"


def test_a_remote_that_moves_while_sending_is_fetched_and_merged_again(
        laptop: Machine, desktop: Machine, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from coffeechat.storage import git_sync

    merge = git_sync._merge
    moved: list[bool] = []

    def laptop_sends_meanwhile(*args: object) -> None:
        if not moved:
            moved.append(True)
            laptop.write("people/kim.yaml", Person(name="Kim"))
            assert laptop.run("sync") == 0
        merge(*args)  # type: ignore[arg-type]

    laptop.write("people/ada.yaml", Person(name="Ada Lovelace", title="Countess"))
    assert laptop.run("sync") == 0
    desktop.write("people/sam.yaml", Person(name="Sam"))
    monkeypatch.setattr(git_sync, "_merge", laptop_sends_meanwhile)
    capsys.readouterr()
    assert desktop.run("sync") == 0
    assert "received 2 commits" in capsys.readouterr().out
    assert desktop.read("people/kim.yaml").name == "Kim"
    assert laptop.run("sync") == 0
    assert laptop.read("people/sam.yaml").name == "Sam"
