"""A record folder's seal: how many record files it holds, and a digest of their stamps.

The index keeps the seal of a folder whose every row was last found standing for
its file (``Index.sealed``): a pass over the folder that finds the same seal knows
every row still stands without comparing them (see ``freshness``). The digest
sums one hash per file of its name and stamp (size, mtime, inode and ctime), so
it takes no memory per file and no order. The hash is Python's own of a tuple of
integers, the same in every process (only text is hashed with a per-process
key); a Python that hashes otherwise only makes the next compare a full one.

This module imports nothing of the store: the command line takes the seals of
the folders it answers from in a process of its own while it loads the rest
(``seals_ahead``). What makes a file name a record's is decided here too, as
that pass needs it.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG

SUFFIXES = (".yaml", ".yml")  # spelt out in `record_slug`, the hottest check
# In the name of the copy Syncthing keeps when a file changed on two devices
# (``ada.sync-conflict-20261206-101500-ABCDEFG.yaml``): another version of a
# record, listed as its conflict, never a record of its own.
SYNCTHING_MARK = ".sync-conflict-"

Seal = tuple[int, int]


def record_slug(name: str) -> str | None:
    """The slug a file name in a record folder stands for, or None when the name is
    not a record's (hidden, another suffix, or bytes that are not UTF-8, which no
    slug, message or JSON output could carry). Asked of every file at every
    compare, so it does no more than it must."""
    if name.endswith(".yaml"):
        slug = name[:-5]
    elif name.endswith(".yml"):
        slug = name[:-4]
    else:
        return None
    # The common case (ASCII) needs no encoding to check.
    if name[0] == "." or SYNCTHING_MARK in name or not (name.isascii() or _utf8(name)):
        return None
    return slug


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def noted(name: str) -> bool:
    """Whether a name that is not a record's is one the store still reports
    (``record_files.set_aside``): a Syncthing copy, or a record's name that is
    not UTF-8. Any other (``.DS_Store``, ``notes.txt``) is none of its business."""
    return SYNCTHING_MARK in name or (not name.startswith(".") and name.endswith(SUFFIXES))


class Tally:
    """How many record files a pass stamped, and the digest of their stamps."""

    __slots__ = ("files", "total")

    def __init__(self) -> None:
        self.files = 0
        self.total = 0

    def add(self, name: str, status: os.stat_result) -> None:
        self.files += 1
        self.total += hash((int.from_bytes(name.encode(), "little"), status.st_size,
                            status.st_mtime_ns, status.st_ino, status.st_ctime_ns))

    def seal(self) -> Seal:
        """The count, and the sum as SQLite keeps an integer (signed, 64 bits)."""
        low = self.total & 0xFFFF_FFFF_FFFF_FFFF
        return self.files, low - (1 << 64) if low >> 63 else low


def seal_of(directory: Path) -> Seal | None:
    """The seal of a folder as it is now, when it vouches for the whole folder:
    None when the folder cannot be listed, or holds anything a compare must look
    at itself (a name the store reports, a record that is not a regular file or
    cannot be stamped, a file others may read)."""
    tally = Tally()
    try:
        # Listed and stamped from the folder's own descriptor: no path to
        # resolve for each file.
        folder_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        with os.scandir(folder_fd) as scan:
            for item in scan:
                name = item.name
                if record_slug(name) is None:
                    if noted(name):
                        return None
                    continue
                status = item.stat()  # follows a link, as a read does
                if not S_ISREG(status.st_mode) or status.st_mode & 0o077:
                    return None
                tally.add(name, status)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
    return tally.seal()
