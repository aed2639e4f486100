"""The editing engine: saved, merged, conflict or failed, and never a lost word."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.typed import mapping

from coffeechat.core.models import Person
from coffeechat.storage import Workspace, yaml_io
from coffeechat.storage.editing import EditSession, Outcome


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def outside_edit(path: Path, **fields: str) -> None:
    """Another program rewrites the file, changing ``fields``."""
    data = mapping(yaml_io.parse(path.read_bytes()).data)
    data.update(fields)
    # Like most editors: a new file renamed over the old one.
    temp = path.with_name(f".{path.name}.edit")
    temp.write_bytes(yaml_io.dump(data))
    os.replace(temp, path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def session(ws: Workspace, slug: str) -> EditSession[Person]:
    return EditSession(ws.people, slug, readonly=ws.readonly)


def test_save_writes_and_becomes_the_new_base(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    mine.notes = "two"
    assert edit.dirty(mine)
    result = edit.save(mine)
    assert result.outcome is Outcome.SAVED and result.ok
    assert not edit.dirty(mine)
    assert "notes: two" in ws.people.path_for(slug).read_text()
    assert edit.save(mine).outcome is Outcome.UNCHANGED


def test_outside_change_to_another_field_is_merged(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", title="Engineer", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    outside_edit(ws.people.path_for(slug), title="Manager")
    mine.notes = "two"
    result = edit.save(mine)
    assert result.outcome is Outcome.MERGED
    assert result.written is not None and result.written.title == "Manager"
    text = ws.people.path_for(slug).read_text()
    assert "Manager" in text and "two" in text


def test_same_field_clash_writes_nothing_and_keeps_mine_aside(ws: Workspace,
                                                              data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    path = ws.people.path_for(slug)
    outside_edit(path, notes="theirs")
    mine.notes = "mine"
    result = edit.save(mine)
    assert result.outcome is Outcome.CONFLICT and not result.ok
    assert "theirs" in path.read_text()
    kept = list((data_dir / "conflicts").rglob("*.yaml"))
    assert any("mine" in file.read_text() for file in kept)
    # Later edits during the clash go aside too, never over their file.
    mine.notes = "mine, more"
    assert edit.save(mine).outcome is Outcome.CONFLICT
    assert "theirs" in path.read_text()
    assert any("mine, more" in file.read_text()
               for file in (data_dir / "conflicts").rglob("*.yaml"))


def test_keep_mine_resolves_the_clash_with_theirs_aside(ws: Workspace, data_dir: Path) -> None:
    slug = ws.add_person(Person(name="Ada", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    path = ws.people.path_for(slug)
    outside_edit(path, notes="theirs")
    mine.notes = "mine"
    edit.save(mine)
    result, theirs = edit.keep_mine(mine)
    assert result.outcome is Outcome.SAVED
    assert theirs is not None and "theirs" in theirs.read_text()
    assert "mine" in path.read_text() and edit.clash is None


def test_reload_takes_theirs(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    outside_edit(ws.people.path_for(slug), notes="theirs")
    mine.notes = "mine"
    edit.save(mine)
    fresh = edit.reload()
    assert fresh is not None and fresh.notes == "theirs"
    assert edit.clash is None and not edit.dirty(fresh)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO, errno.EACCES, errno.EROFS])
def test_a_refused_write_is_failed_and_retryable(ws: Workspace, monkeypatch,
                                                 code: int) -> None:
    slug = ws.add_person(Person(name="Ada", notes="one"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    mine.notes = "typed while the disk was full"

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("coffeechat.storage.folder_writes.Staged", refuse)
    result = edit.save(mine)
    assert result.outcome is Outcome.FAILED and result.retryable
    assert result.reason == os.strerror(code)
    assert edit.dirty(mine) and edit.failure is result
    assert "one" in ws.people.path_for(slug).read_text()
    monkeypatch.undo()
    assert edit.save(mine).outcome is Outcome.SAVED
    assert edit.failure is None
    assert "typed while the disk was full" in ws.people.path_for(slug).read_text()


def test_read_only_workspace_fails_without_retrying(data_dir: Path) -> None:
    with Workspace.open(data_dir) as writer:
        slug = writer.add_person(Person(name="Ada"))
        with Workspace.open(data_dir) as second:
            assert second.readonly
            edit = EditSession(second.people, slug, readonly=True)
            mine = edit.load()
            assert mine is not None and not edit.writable
            mine.notes = "x"
            result = edit.save(mine)
            assert result.outcome is Outcome.FAILED and not result.retryable


def test_an_older_snapshot_never_lands_after_a_newer_one(ws: Workspace) -> None:
    slug = ws.add_person(Person(name="Ada", notes=""))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    old_generation = edit.snapshot()
    old = mine.copy()
    old.notes = "hel"
    mine.notes = "hello"
    assert edit.save(mine, edit.snapshot()).outcome is Outcome.SAVED
    assert edit.save(old, old_generation).outcome is Outcome.UNCHANGED
    assert "hello" in ws.people.path_for(slug).read_text()


def test_saves_racing_an_outside_editor_lose_nothing(ws: Workspace) -> None:
    """An editor rewrites another field in a loop while the session saves notes:
    every save either lands on top of the editor's version or is a conflict with
    the text kept aside; the editor's last word is never undone by a merge."""
    slug = ws.add_person(Person(name="Ada", title="t0", notes=""))
    path = ws.people.path_for(slug)
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    stop = threading.Event()
    written_titles: list[str] = []

    def editor() -> None:
        count = 0
        while not stop.is_set() and count < 200:
            count += 1
            try:
                outside_edit(path, title=f"t{count}")
                written_titles.append(f"t{count}")
            except (OSError, KeyError):
                continue

    thread = threading.Thread(target=editor)
    thread.start()
    outcomes = []
    try:
        for index in range(60):
            mine.notes = f"note {index}"
            result = edit.save(mine)
            outcomes.append(result.outcome)
            if result.outcome is Outcome.CONFLICT:
                mine = edit.reload() or mine
    finally:
        stop.set()
        thread.join()
    failures = [edit.failure.reason for outcome in outcomes
                if outcome is Outcome.FAILED and edit.failure is not None]
    assert failures == []
    final = mapping(yaml_io.parse(path.read_bytes()).data)
    # Saves only ever wrote notes: the title on disk is one the editor wrote.
    assert final["title"] in written_titles
    # Every note that met a conflict waits in conflicts/.
    kept = {mapping(yaml_io.parse(file.read_bytes()).data).get("notes")
            for file in (ws.data_dir / "conflicts").rglob("*.yaml")}
    clashed = {f"note {index}" for index, outcome in enumerate(outcomes)
               if outcome is Outcome.CONFLICT}
    assert clashed <= kept


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.text(max_size=50))
def test_any_text_round_trips_through_a_save(ws: Workspace, notes: str, title: str) -> None:
    slug = ws.add_person(Person(name="Round trip"))
    edit = session(ws, slug)
    mine = edit.load()
    assert mine is not None
    mine.notes, mine.title = notes, title
    assert edit.save(mine).ok
    ws.people.reload(slug)
    stored = ws.people.get(slug)
    assert stored is not None and (stored.notes, stored.title) == (notes, title)
