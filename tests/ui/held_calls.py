"""A method held at its start until the test lets it go, counting its calls."""

from __future__ import annotations

import threading
from typing import Any

import pytest


class HeldCalls:
    """Every call of ``owner.name`` (on any thread) waits until ``release``;
    ``calls`` says how many were made, ``most`` how many ran at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: type[Any], name: str) -> None:
        self.calls = 0
        self.most = 0
        self._running = 0
        self._gate = threading.Event()
        self._lock = threading.Lock()
        real = getattr(owner, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls += 1
                self._running += 1
                self.most = max(self.most, self._running)
            try:
                self._gate.wait(10)
                return real(*args, **kwargs)
            finally:
                with self._lock:
                    self._running -= 1

        monkeypatch.setattr(owner, name, held)

    def release(self) -> None:
        self._gate.set()
