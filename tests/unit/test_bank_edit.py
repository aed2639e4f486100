"""Own copies of shipped banks and the editor command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.typed import present

from coffeechat.storage import Workspace, bank_edit


def test_shipped_bank_is_copied_into_own_folder(data_dir: Path):
    with Workspace.open(data_dir) as ws:
        shipped = ws.banks.banks["closing"].path
        path = bank_edit.editable_path(ws.banks, "closing", data_dir)
        assert path == data_dir / "question_banks" / "closing.yaml"
        assert path.read_bytes() == present(shipped).read_bytes()
        assert (path.stat().st_mode & 0o777) == 0o600
        ws.reload_banks()
        assert "closing" in ws.banks.overridden
        assert bank_edit.editable_path(ws.banks, "closing", data_dir) == path


def test_own_copy_is_not_replaced(data_dir: Path):
    with Workspace.open(data_dir) as ws:
        own = bank_edit.own_bank_path(data_dir, "closing")
        own.write_text("id: closing\n")  # broken, so the shipped one is in use
        ws.reload_banks()
        assert bank_edit.editable_path(ws.banks, "closing", data_dir) == own
        assert own.read_text() == "id: closing\n"


def test_unknown_bank(data_dir: Path):
    with Workspace.open(data_dir) as ws, pytest.raises(bank_edit.BankEditError):
        bank_edit.editable_path(ws.banks, "../../etc", data_dir)


def test_editor_command_prefers_visual_and_splits():
    env = {"VISUAL": "code --wait", "EDITOR": "nano"}
    assert bank_edit.editor_command(env) == ["code", "--wait"]
    assert bank_edit.editor_command({"EDITOR": "'my editor' -n"}) == ["my editor", "-n"]


def test_editor_command_falls_back(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert bank_edit.editor_command({}) is None
    monkeypatch.setattr(shutil, "which", lambda name: f"/bin/{name}")
    assert bank_edit.editor_command({"EDITOR": "  "}) == ["/bin/vi"]

