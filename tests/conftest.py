"""Fixtures shared by every test: an isolated data directory and a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.core import clock
from coffeechat.storage import caching

FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--cache-off", action="store_true",
                     help=f"run every test with the store's caching off ({caching.VARIABLE}=off)")


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
             request: pytest.FixtureRequest) -> None:
    """Keep the developer's own data, editor and config out of every test."""
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path / "default-home"))
    if request.config.getoption("--cache-off"):
        monkeypatch.setenv(caching.VARIABLE, "off")
    else:
        monkeypatch.delenv(caching.VARIABLE, raising=False)
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


@pytest.fixture(params=["cache on", "cache off"])
def both_caches(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test with the store's caching on and off (``COFFEECHAT_CACHE``):
    the chosen start-up, Home and store tests, whose behaviour must not depend
    on it. True when it is on."""
    if request.param == "cache off":
        monkeypatch.setenv(caching.VARIABLE, "off")
    return caching.enabled()
