"""Reading the files a user hands us, and writing the files we hand back.

Everything here turns an operating-system failure into an ``InteropError`` whose
text is a one-line message for the user, never a traceback.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from coffeechat.storage.atomic import sweep_temp_files, write_atomic
from coffeechat.storage.regular import kind_of

# Far above any real export (a 30,000-connection LinkedIn file is about 4 MB),
# low enough that a wrong file is refused before it fills memory.
MAX_IMPORT_BYTES = 32 * 1024 * 1024
_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InteropError(Exception):
    """An import or export that cannot go ahead; ``str()`` is the user's message."""


@contextmanager
def open_input(path: Path, *, max_bytes: int | None = None) -> Iterator[BinaryIO]:
    """An open handle on a file to import, once it is known to be something that can
    hold contacts; it is read as a stream, so even a large export never fills memory."""
    shown = str(path)
    limit = MAX_IMPORT_BYTES if max_bytes is None else max_bytes
    try:
        # Asked before opening: a named pipe with no writer would block the open
        # forever, and some devices act on open.
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InteropError(f"{shown} is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise InteropError(f"{shown} is {kind_of(mode)}, not a file; save the "
                               "export as a file and import that")
        handle = path.open("rb")
    except FileNotFoundError:
        raise InteropError(f"{shown} does not exist") from None
    except OSError as exc:
        raise InteropError(f"cannot read {shown}: {exc.strerror}") from None
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(_SNIFF_BYTES)
            handle.seek(0)
        except OSError as exc:
            raise InteropError(f"cannot read {shown}: {exc.strerror}") from None
        if size > limit:
            raise InteropError(
                f"{shown} is {size:,} bytes; the limit for an import is {limit:,} bytes"
            )
        if len(head) < _SNIFF_BYTES and not head.removeprefix(codecs.BOM_UTF8).strip():
            raise InteropError(f"{shown} is empty")
        if b"\x00" in head and not head.startswith(_UTF16_BOMS):
            raise InteropError(f"{shown} is a binary file, not text")
        try:
            yield handle
        except OSError as exc:
            raise InteropError(f"cannot read {shown}: {exc.strerror or exc}") from None


def check_output(path: Path, *, force: bool, hint: str = "use --force to replace it") -> None:
    """Refuse before any work is done when writing ``path`` would clobber something."""
    shown = str(path)
    if path.is_dir():
        raise InteropError(f"{shown} is a folder; give a file name")
    if path.exists() and not force:
        raise InteropError(f"{shown} already exists; {hint}")
    if not path.parent.is_dir():
        raise InteropError(f"the folder {path.parent} does not exist")


def write_output(
    path: Path, data: bytes, *, force: bool, hint: str = "use --force to replace it",
    ours: Callable[[str], bool] | None = None,
) -> None:
    """Write an export durably (temporary file, fsync, rename), private to the user.

    Temporary files an earlier, killed export left in the folder are removed
    first: those of this file name, and of any name ``ours`` accepts (the
    folder is the user's, so nothing else there is touched)."""
    check_output(path, force=force, hint=hint)
    sweep_temp_files(path.parent, targets=lambda name: name == path.name
                     or (ours is not None and ours(name)))
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise InteropError(f"cannot write {path}: {exc.strerror or exc}") from None


def input_problem(text: str) -> str | None:
    """Why ``text`` cannot name a file to import, checked cheaply as the user types."""
    if not text.strip():
        return "type the path of a file"
    path = expand(text)
    if path.is_dir():
        return f"{path} is a folder; give a file inside it"
    if not path.exists():
        return f"no file at {path}"
    return None


def expand(text: str) -> Path:
    """A typed path, with surrounding quotes (from a drag and drop) dropped and ``~`` expanded."""
    cleaned = text.strip()
    if len(cleaned) >= 2 and cleaned[0] == cleaned[-1] and cleaned[0] in "'\"":
        cleaned = cleaned[1:-1]
    return Path(cleaned).expanduser()
