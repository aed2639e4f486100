"""Holding a query inside SQLite as it starts, until released.

Searches and Network's filter run on read-only connections of their own. The
tests that stop such a query while it runs, or type while it runs, need it
held at a known point: ``HeldQuery`` watches every read-only connection
opened and holds the first statement that contains ``marker`` while
``release`` is not set.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import pytest


class HeldQuery:
    """Holds each read-only statement holding ``marker`` until released
    (nothing is held until ``hold``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
        self.marker = marker
        self.entered = threading.Event()
        self.release = threading.Event()
        self.release.set()
        real_connect = sqlite3.connect

        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            connection: sqlite3.Connection = real_connect(*args, **kwargs)
            if "mode=ro" in str(args[0]):
                connection.set_trace_callback(self._started)
            return connection

        monkeypatch.setattr(sqlite3, "connect", connect)

    def hold(self) -> None:
        self.entered.clear()
        self.release.clear()

    def _started(self, statement: str) -> None:
        if self.marker in statement and not self.release.is_set():
            self.entered.set()
            self.release.wait(10)
