"""The one watcher: records, banks and settings changed by other programs."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.storage.watch import Changes, Watcher, everything, scan


@pytest.fixture
def ws(data_dir: Path):
    workspace = Workspace.open(data_dir)
    yield workspace
    workspace.close()


def test_nothing_changed_is_an_empty_change(ws: Workspace) -> None:
    ws.add_person(Person(name="Ada"))
    ws.people.load()  # held in memory, as a folder read whole is
    changes = scan(Watcher(ws).known())
    assert not changes and changes.records["people"] == frozenset()


def test_outside_edits_additions_and_removals_are_seen_and_read_again(
    ws: Workspace, data_dir: Path,
) -> None:
    ws.add_person(Person(name="Ada"))
    ws.add_person(Person(name="Bob"))
    ws.people.load()  # held in memory, as a folder read whole is
    watcher = Watcher(ws)
    (data_dir / "people" / "ada.yaml").write_text("name: Ada Lovelace\n")
    (data_dir / "people" / "bob.yaml").unlink()
    (data_dir / "people" / "cy.yaml").write_text("name: Cy\n")
    changes = scan(watcher.known())
    assert changes.records["people"] == {"ada", "bob", "cy"}
    assert changes.touches("people", "ada") and not changes.touches("companies", "ada")
    watcher.apply(changes)
    assert present(ws.people.get("ada")).name == "Ada Lovelace"
    assert "bob" not in ws.people and ws.people.get("cy") is not None
    assert not scan(watcher.known())


def test_banks_and_settings_are_watched_too(ws: Workspace, data_dir: Path) -> None:
    watcher = Watcher(ws)
    own = data_dir / "question_banks"
    own.mkdir(exist_ok=True)
    (own / "mine.yaml").write_text(
        "id: mine\ntitle: Mine\ngoals: [explore-role]\nquestions:\n- id: q1\n  text: Why?\n")
    (data_dir / "settings.yaml").write_text("schema: 1\nnudge_days: 9\n")
    changes = scan(watcher.known())
    assert changes.banks and changes.settings
    watcher.apply(changes)
    assert "mine" in ws.banks.banks
    assert not scan(watcher.known())


def test_the_snapshot_is_frozen_for_the_worker(ws: Workspace) -> None:
    ws.add_person(Person(name="Ada"))
    ws.people.load()  # held in memory, as a folder read whole is
    known = Watcher(ws).known()
    ws.add_person(Person(name="Bob"))
    with pytest.raises(TypeError):
        known.records["people"]["x"] = None  # type: ignore[index]
    assert set(known.records["people"]) == {"ada"}


def test_everything_names_every_record(ws: Workspace) -> None:
    ws.add_person(Person(name="Ada"))
    change = everything(ws)
    assert change.records["people"] == {"ada"} and change.banks and change.settings
    assert Changes() == Changes() and not Changes()


def test_a_folder_that_cannot_be_listed_changes_nothing(
    ws: Workspace, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws.add_person(Person(name="Ada"))
    ws.people.load()  # held in memory, as a folder read whole is
    known = Watcher(ws).known()
    real = os.listdir

    def refuse(path: object) -> list[str]:
        if Path(str(path)) == data_dir / "people":
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(os, "listdir", refuse)
    # Unreadable is not "deleted": the records stay as they were read.
    assert scan(known).records["people"] == frozenset()


def test_a_folder_not_held_in_memory_is_watched_through_its_rows(data_dir: Path) -> None:
    """After the app's start (``refresh``), no folder is held: the watcher
    compares the files with their rows, writes the rows of those changed, and
    notes on a row that its fresh file was found unchanged, so it is not read
    again and again."""
    with Workspace.open(data_dir) as first:
        first.people.add(Person(name="Ada"))
    ws = Workspace.open(data_dir)
    try:
        ws.refresh()
        watcher = Watcher(ws)
        index = data_dir / ".cache" / "index.sqlite"

        def checked() -> int:
            connection = sqlite3.connect(index)
            try:
                return int(connection.execute(
                    "SELECT checked_ns FROM records WHERE slug = 'ada'").fetchone()[0])
            finally:
                connection.close()

        before = checked()
        assert not scan(watcher.known())  # unchanged: read once, its digest the same
        watcher.known()
        assert checked() > before
        path = data_dir / "people" / "ada.yaml"
        path.write_text(path.read_text().replace("Ada", "Ada Lovelace"))
        changes = scan(watcher.known())
        assert changes.records["people"] == {"ada"}
        watcher.apply(changes)
        assert not ws.people.loaded
        assert ws.index.names_of("people", ["ada"]) == {"ada": "Ada Lovelace"}
    finally:
        ws.close()


def test_watching_a_folder_not_held_tells_of_its_loose_files_once(
        data_dir: Path, tmp_path: Path) -> None:
    with Workspace.open(data_dir) as first:
        first.people.add(Person(name="Ada"))
    path = data_dir / "people" / "ada.yaml"
    path.chmod(0o644)
    # A link to a file others can read, which coffeechat never changes: said, not done.
    elsewhere = tmp_path / "bo.yaml"
    elsewhere.write_text("name: Bo\n")
    elsewhere.chmod(0o644)
    (data_dir / "people" / "bo.yaml").symlink_to(elsewhere)
    ws = Workspace.open(data_dir)
    try:
        ws.refresh()
        told = sorted(notice.describe() for notice in ws.notices)
        assert len(told) == 2 and "tightened" in " ".join(told) and "linked" in " ".join(told)
        watcher = Watcher(ws)
        for name in ("Ada Lovelace", "Ada King"):
            path.write_text(path.read_text().replace("Ada", name, 1))
            changes = scan(watcher.known())
            assert changes.records["people"] == {"ada"}
            watcher.apply(changes)
        assert sorted(notice.describe() for notice in ws.notices) == told
        assert ws.index.names_of("people", ["ada"]) == {"ada": "Ada King Lovelace"}
    finally:
        ws.close()
