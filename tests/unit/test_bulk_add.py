"""``Collection.bulk_add``: the same files and entries as ``add``, one folder fsync a block."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.storage.errors import ReadOnlyError


@pytest.fixture
def syncs(monkeypatch) -> dict[str, int]:
    """Counts of file and folder fsyncs."""
    counts = {"files": 0, "folders": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        counts["folders" if os.path.isdir(f"/proc/self/fd/{fd}") else "files"] += 1
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return counts


def test_bulk_add_writes_like_add_with_one_folder_fsync(data_dir: Path, syncs) -> None:
    with Workspace.open(data_dir) as ws:
        before = dict(syncs)
        with ws.people.bulk_add() as add:
            slugs = [add(Person(name=name)) for name in ("Ada", "Ada", "Grace", "No")]
        assert slugs == ["ada", "ada-2", "grace", "no"]
        assert syncs["files"] - before["files"] == 4
        assert syncs["folders"] - before["folders"] == 1
        assert present(ws.people.get("ada-2")).name == "Ada"
        single = ws.people.add(Person(name="Ada"))
        assert single == "ada-3"
    for slug in slugs:
        path = data_dir / "people" / f"{slug}.yaml"
        assert path.stat().st_mode & 0o777 == 0o600
    with Workspace.open(data_dir) as ws:
        assert sorted(ws.people.entries) == ["ada", "ada-2", "ada-3", "grace", "no"]
        assert present(ws.people.get("no")).name == "No"


def test_the_folder_is_fsynced_even_when_the_block_is_interrupted(data_dir: Path,
                                                                  syncs) -> None:
    with Workspace.open(data_dir) as ws:
        before = syncs["folders"]
        with pytest.raises(KeyboardInterrupt), ws.people.bulk_add() as add:
            add(Person(name="Ada"))
            raise KeyboardInterrupt
        assert syncs["folders"] - before == 1
        assert "ada" in ws.people.entries


def test_bulk_add_refuses_a_read_only_workspace(data_dir: Path) -> None:
    with Workspace.open(data_dir), Workspace.open(data_dir) as ws:
        assert ws.readonly
        with pytest.raises(ReadOnlyError), ws.people.bulk_add():
            pass
