"""Reading the files a user hands us, and writing the files we hand back.

Everything here turns an operating-system failure into an ``InteropError`` whose
text is a one-line message for the user, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coffeechat.storage.atomic import sweep_temp_files, write_atomic

# Far above any real export (a 30,000-connection LinkedIn file is about 4 MB),
# low enough that a wrong file is refused before it fills memory.
MAX_IMPORT_BYTES = 32 * 1024 * 1024
_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class InteropError(Exception):
    """An import or export that cannot go ahead; ``str()`` is the user's message."""


def read_input(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of a file to import, refusing what cannot be a contacts file."""
    shown = str(path)
    if max_bytes is None:
        max_bytes = MAX_IMPORT_BYTES
    try:
        if path.is_dir():
            raise InteropError(f"{shown} is a folder, not a file")
        size = path.stat().st_size
    except FileNotFoundError:
        raise InteropError(f"{shown} does not exist") from None
    except OSError as exc:
        raise InteropError(f"cannot read {shown}: {exc.strerror}") from None
    if size > max_bytes:
        raise InteropError(
            f"{shown} is {size:,} bytes; the limit for an import is {max_bytes:,} bytes"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InteropError(f"cannot read {shown}: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise InteropError(f"{shown} grew past the {max_bytes:,}-byte limit while being read")
    if not raw.strip():
        raise InteropError(f"{shown} is empty")
    if b"\x00" in raw[:_SNIFF_BYTES] and not raw.startswith(_UTF16_BOMS):
        raise InteropError(f"{shown} is a binary file, not text")
    return raw


def decode_input(raw: bytes, shown: str) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark (some Windows
    address books), else Windows-1252 as spreadsheets on Windows save it."""
    encodings = ("utf-16",) if raw.startswith(_UTF16_BOMS) else ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InteropError(f"{shown} is not readable text (not UTF-8, UTF-16 or Windows-1252)")


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
