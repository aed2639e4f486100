"""Reading a file that could turn out to be anything.

A name in a data folder can be a link to ``/dev/zero``, a named pipe that
blocks whoever opens it, a folder or a file of gigabytes. Only regular files
(directly or through a link) are read, and only up to a limit; everything else
is refused with a message, before it is opened where opening could block or
have effects of its own (some devices act on open).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Refused(OSError):
    """A path that is not a file coffeechat will read or write (a pipe, a device,
    a folder, a file over the size limit); ``str()`` says why. An ``OSError``,
    so every caller that copes with an unreadable file copes with this too."""


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def check_regular(status: os.stat_result) -> None:
    """Refuse anything but a regular file."""
    if not stat.S_ISREG(status.st_mode):
        raise Refused(f"this is {kind_of(status.st_mode)}, not a file; "
                      "coffeechat only reads regular files")


def dangling(path: Path) -> str:
    target = os.fsencode(os.readlink(path)).decode("utf-8", "backslashreplace")
    return f"this is a link to {target}, which does not exist"


def too_large(size: int, limit: int) -> str:
    return f"file is {size:,} bytes; the limit is {limit:,} bytes, so it was not read"


def read_regular(
    path: Path, limit: int, *, follow: bool = True
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path`` and its status as it was read.

    A link is followed unless ``follow`` is False (then a link is refused).
    Raises ``Refused`` for anything that is not a regular file or is larger
    than ``limit`` bytes, and ``OSError`` when the file cannot be read."""
    try:
        check_regular(os.stat(path) if follow else os.lstat(path))
    except FileNotFoundError:
        if not os.path.islink(path):
            raise
        raise Refused(dangling(path)) from None
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | (0 if follow else _NOFOLLOW)
    fd = os.open(path, flags)
    try:
        # The name may have been swapped for something else since the stat.
        status = os.fstat(fd)
        check_regular(status)
        if status.st_size > limit:
            raise Refused(too_large(status.st_size, limit))
        chunks = []
        remaining = limit + 1  # one byte more tells a file that grew meanwhile
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise Refused(too_large(len(data), limit))
        return data, status
    finally:
        os.close(fd)
