"""Fixtures shared by every test: an isolated data directory and a fixed clock."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.css import stylesheet
from textual.css.model import RuleSet
from textual.css.parse import parse as real_parse
from textual.css.tokenize import tokenize_values as real_tokenize
from textual.css.tokenizer import Token

from coffeechat.core import clock
from coffeechat.storage import caching

FIXED_NOW = dt.datetime(2026, 11, 25, 10, 0, 0)
# How long Pilot sleeps between its looks for an idle app (Textual's own is 20 ms).
IDLE_SLICE = 0.005

# With PYTHONDONTWRITEBYTECODE set, every worker of the run would compile and
# rewrite every test module and plugin again (seconds of CPU each), and every
# process a test starts would compile what it imports. The byte-code goes to
# the __pycache__ folders git ignores. Set here, before the workers start, so
# that they and every process they start inherit it.
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """Half as many workers again as there are cores (``-n auto``): a UI test
    spends about a fifth of its time waiting on its app (an autosave's delay,
    a worker's answer), time another worker's test can use. On 2 cores, run
    one after the other: 5 min 57 s with 2 workers, 5 min 34 s with 3.
    xdist's own variable, when set, still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    return cores + cores // 2


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--cache-off", action="store_true",
                     help=f"run every test with the store's caching off ({caching.VARIABLE}=off)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest tests (marked ``slow``) first: one started late would keep a
    worker busy at the end while the others wait for it."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


@pytest.fixture
def caching_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's caching on, even in a run with ``--cache-off``: for a test of
    what the caching saves (which files a start reads, the lines a listing
    keeps, a folder's digest), which has nothing to say with it off. What
    such a test also checks of the answers, others check with it off."""
    monkeypatch.delenv(caching.VARIABLE, raising=False)


@pytest.fixture(params=["cache on", "cache off"])
def both_caches(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run a test with the store's caching on and off (``COFFEECHAT_CACHE``):
    the chosen start-up, Home and store tests, whose behaviour must not depend
    on it. True when it is on."""
    if request.param == "cache off":
        monkeypatch.setenv(caching.VARIABLE, "off")
    return caching.enabled()


@pytest.fixture(autouse=True, scope="session")
def _fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage after 10,000 new objects rather than 700. A UI
    test keeps a whole app alive (tens of thousands of objects) while it runs:
    at Python's default the collector passed over them so often that they were
    moved to the oldest generation, whose passes then went over every object
    of the process (the test modules, Textual, the stylesheets parsed) about
    once a test, a fifth of the CPU of a UI test. Objects freed by reference
    counting go at once as before; only cycles wait longer."""
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, *thresholds[1:])
    yield
    gc.set_threshold(*thresholds)


@pytest.fixture(autouse=True, scope="session")
def _shorter_idle_looks() -> Iterator[None]:
    """Pilot waits for the app to be idle after each key and pause by sleeping
    in slices (20 ms) until one passes with the process using almost no CPU:
    a key pressed costs at least two slices of wall time, however little work
    it made. Slices of 5 ms (still idle only below 5% of a slice busy) end the
    same waits at the same condition, sooner. Only Pilot and its key presses
    use these values; on a Textual without them this only stops saving time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("textual._wait.SLEEP_GRANULARITY", IDLE_SLICE, raising=False)
        patch.setattr("textual._wait.SLEEP_IDLE", IDLE_SLICE / 20, raising=False)
        yield


@pytest.fixture(autouse=True, scope="session")
def _parse_each_stylesheet_once() -> Iterator[None]:
    """Parse each stylesheet once per process, not once per app and again at
    every mode switch and screen push: every test app parses the same CSS
    (every widget's default CSS, the app's .tcss files), and Textual parses all
    of it again from scratch each time (up to a fifth of the CPU of a test
    that goes from area to area). Textual has no public way to share what it
    parsed, so the two functions its stylesheet module calls are wrapped here,
    keyed on everything they read; what they return is the same (Textual
    itself keeps and reuses these rules within a stylesheet). On a Textual
    whose stylesheet module no longer calls them, this only stops saving time."""
    tokenized: dict[tuple[tuple[str, str], ...], dict[str, list[Token]]] = {}
    parsed: dict[tuple[object, ...], list[RuleSet]] = {}

    def tokenize_values(values: dict[str, str]) -> dict[str, list[Token]]:
        key = tuple(values.items())
        if key not in tokenized:
            tokenized[key] = real_tokenize(values)
        return tokenized[key]

    def parse(scope: str, css: str, read_from: tuple[str, str],
              variables: dict[str, str] | None = None,
              variable_tokens: dict[str, list[Token]] | None = None,
              is_default_rules: bool = False, tie_breaker: int = 0) -> list[RuleSet]:
        # The variables' tokens are known by identity: only those kept above
        # (so alive, and equal to their key) are a key.
        known = next((key for key, tokens in tokenized.items() if tokens is variable_tokens),
                     None)
        if variables is not None or (variable_tokens is not None and known is None):
            return list(real_parse(scope, css, read_from, variables, variable_tokens,
                                   is_default_rules, tie_breaker))
        key = (scope, css, read_from, known, is_default_rules, tie_breaker)
        if key not in parsed:
            parsed[key] = list(real_parse(scope, css, read_from, None, variable_tokens,
                                          is_default_rules, tie_breaker))
        return parsed[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stylesheet, "tokenize_values", tokenize_values)
        patch.setattr(stylesheet, "parse", parse)
        yield
