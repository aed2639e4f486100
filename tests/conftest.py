"""Fixtures shared by every test: an isolated data directory and a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.core import clock

FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the developer's own data, editor and config out of every test."""
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "default-home"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, not yet created data directory."""
    return tmp_path / "data"


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Freeze ``coffeechat.core.clock`` at 2026-11-25 10:00 (a Wednesday)."""
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)
    monkeypatch.setattr(clock, "today", lambda: FIXED_NOW.date())
    return FIXED_NOW
