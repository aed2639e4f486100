"""One writer per data directory.

The lock is an ``flock`` on ``<data>/.lock``: the kernel drops it when the
holding process dies, however it dies, so a stale lock can never block anyone.
The file also records who holds it, for the message the second instance shows.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path

from coffeechat.storage.regular import kind_of

try:
    import fcntl
except ImportError:  # pragma: no cover - non-POSIX systems
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".lock"
# What a lock file holds: nothing, or the note of who holds it (cut short by a full disk).
_HOLDER = re.compile(rb"(pid [0-9]+( on [^\n]*\n?)?)?")
_NOTE_BYTES = 300
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class LockedError(Exception):
    """Another process holds the data directory."""

    def __init__(self, holder: str) -> None:
        super().__init__(
            f"another coffeechat ({holder}) has this data directory open for writing"
        )
        self.holder = holder


class LockFileError(Exception):
    """The lock file is something coffeechat must not write to (a link, a pipe,
    a second name of another file, a file it did not write)."""


class WorkspaceLock:
    """An exclusive, non-blocking, process-lifetime lock on a data directory."""

    def __init__(self, data_dir: Path, name: str = LOCK_NAME) -> None:
        self.path = data_dir / name
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise ``LockedError`` naming the holder,
        ``LockFileError`` when the lock file is not a plain file, or ``OSError``
        when it cannot be opened. A failed attempt holds nothing."""
        if self._fd is not None:
            return
        try:
            # Never through a link: truncating the lock would truncate its target.
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC,
                         0o600)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise LockFileError(
                    f"{self.path} is a symbolic link; coffeechat will not write through "
                    "it, so it opened read-only. Remove the link to make changes") from None
            try:
                mode = os.lstat(self.path).st_mode
            except OSError:
                raise exc from None
            if stat.S_ISREG(mode):
                raise
            raise LockFileError(self._not_a_lock(mode)) from None
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise LockFileError(self._not_a_lock(status.st_mode))
            # Writing the note truncates the file: only ever one coffeechat made.
            # A hard link shares its file with another name (O_NOFOLLOW cannot
            # see that); anything but an empty file or a note is someone's data.
            if status.st_nlink > 1:
                raise LockFileError(
                    f"{self.path} is a second name of another file ({status.st_nlink} "
                    "names), so coffeechat opened read-only rather than write into it. "
                    "Remove .lock (the other name keeps the file), or move it away, to "
                    "make changes")
            if not _HOLDER.fullmatch(os.pread(fd, _NOTE_BYTES + 1, 0)):
                raise LockFileError(
                    f"{self.path} holds something coffeechat did not write, so it opened "
                    "read-only rather than write into it. Move that file elsewhere to "
                    "make changes")
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise LockedError(_read_holder(fd)) from None
            # Who holds the lock is only a courtesy for the message others see:
            # the lock itself is held even when a full disk refuses the note.
            import socket  # here: a reader that takes no lock never needs it

            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _not_a_lock(self, mode: int) -> str:
        return (f"{self.path} is {kind_of(mode)}, not a lock file, so coffeechat opened "
                "read-only. Remove it to make changes")

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)
        self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, _NOTE_BYTES, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "unknown process"
