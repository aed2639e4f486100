"""One writer per data directory.

The lock is an ``flock`` on ``<data>/.lock``: the kernel drops it when the
holding process dies, however it dies, so a stale lock can never block anyone.
The file also records who holds it, for the message the second instance shows.
"""

from __future__ import annotations

import contextlib
import os
import socket
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX systems
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"


class LockedError(Exception):
    """Another process holds the data directory."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"another coffeechat ({holder}) has this data directory open for writing"
        )
        self.holder = holder


class WorkspaceLock:
    """An exclusive, non-blocking, process-lifetime lock on a data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise ``LockedError`` naming the holder."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read_holder(fd)
                os.close(fd)
                raise LockedError(holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)
        self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "unknown process"
