"""Reading and writing one record file: bytes ↔ validated record + problems."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from coffeechat.core.models.decoder import Decoder
from coffeechat.core.models.problems import Problem, has_errors
from coffeechat.core.models.schema import SCHEMA_VERSION, Record
from coffeechat.storage import yaml_io
from coffeechat.storage.regular import Refused, read_regular

R = TypeVar("R", bound=Record)


# Within this long of a file's last change, a further change may leave every
# field of its stamp as it was: a second on file systems that keep whole
# seconds, two on FAT, a clock tick (a few milliseconds) on the others.
SETTLE_NS = 2_000_000_000


class Stamp(NamedTuple):
    """What a file looked like when we last read or wrote it: the one stamp
    type, which the index keeps as the four columns of the same names.

    ``ctime`` is part of it because no program can set it: an edit that keeps
    the size and puts the mtime back (``touch -r``, some sync tools) still
    changes it. A tuple, so that the index builds one per row cheaply."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Stamp:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)

    def settled(self, checked_ns: int) -> bool:
        """Whether any change after ``checked_ns`` (a ``time.time_ns()`` taken
        before the file was read) must show in the stamp. Until then a change
        can hide inside the file system's timestamp granularity, and only the
        content tells."""
        return self.ctime_ns + SETTLE_NS < checked_ns


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def decode_record(
    cls: type[R],
    raw: bytes,
    path: Path | None,
    check: Callable[[R, Decoder], None] | None = None,
) -> tuple[R | None, list[Problem]]:
    """Parse and validate one file's bytes; every problem found is returned.
    ``check`` adds rules of its own, reported with the same positions."""
    try:
        document = yaml_io.parse(raw)
    except yaml_io.YamlError as exc:
        return None, [Problem(path, exc.message, exc.line, exc.column)]
    decoder = Decoder(path, document.marks)
    data = document.data
    if data is None:
        decoder.report((), "the file is empty")
        return None, decoder.problems
    if isinstance(data, dict):
        _check_schema(data.get("schema"), decoder)
    record = cls.decode(data, (), decoder)
    if record is not None and check is not None:
        check(record, decoder)
    return record, decoder.problems


def _check_schema(value: Any, decoder: Decoder) -> None:
    if value is None:
        return
    try:
        version = int(value)
    except (TypeError, ValueError):
        decoder.report(("schema",), f"{value!r} is not a schema version number")
        return
    if version > SCHEMA_VERSION:
        decoder.report(
            ("schema",),
            f"written by a newer coffeechat (schema {version}); this one reads "
            f"schema {SCHEMA_VERSION} and will not change the file",
        )


# A top-level ``name:`` line with its value on the same line.
_NAME_LINE = re.compile(r"^name[ \t]*:[ \t]+(\S.*)$", re.MULTILINE)
# Values that are not a name written out on the line (blocks, anchors, tags,
# aliases, flow collections, null).
_NOT_A_NAME = ("|", ">", "&", "*", "!", "[", "{", "~", "null")
# Longer than any name: a line this long is not one to show.
_NAME_MAX = 200


def name_in_text(raw: bytes) -> str:
    """The name of a record whose file does not load as a whole (a YAML error
    elsewhere in it), read from its text: the first top-level ``name:`` line
    with a value on it, unquoted; "" when there is none. Only for showing who
    the file is about: it is never written back."""
    text = raw[:yaml_io.MAX_FILE_BYTES].decode("utf-8", "replace")
    for match in _NAME_LINE.finditer(text):
        value = match.group(1).strip()
        quote = value[:1]
        if quote in ("'", '"'):
            end = value.rfind(quote)
            value = value[1:end] if end > 0 else value[1:]
            if quote == "'":
                value = value.replace("''", "'")
        else:
            value = value.split(" #", 1)[0]
            if value.startswith(_NOT_A_NAME):
                continue
        value = " ".join(value.split())
        if value and len(value) <= _NAME_MAX and value.isprintable() and "\ufffd" not in value:
            return value
    return ""


def read_checked(
    cls: type[R], path: Path, check: Callable[[R, Decoder], None] | None = None,
) -> tuple[R | None, list[Problem]]:
    """Read and check one file of the user's own that is no record folder's (a
    bank, a message template): None when it has errors, with every problem."""
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES)
    except Refused as exc:
        return None, [Problem(path, str(exc))]
    except OSError as exc:
        return None, [Problem(path, f"cannot read: {exc.strerror or exc}")]
    record, problems = decode_record(cls, raw, path, check)
    return (None if has_errors(problems) else record), problems


def encode_record(record: Record) -> bytes:
    """The file's bytes: ``schema`` first, then the fields in their fixed order."""
    return yaml_io.dump({"schema": SCHEMA_VERSION, **record.encode()})


def encode_over(raw: bytes, old: Record, record: Record) -> bytes:
    """The file's bytes for ``record``, written over ``raw``: a file read as
    ``old`` that is not what ``encode_record`` writes (written or edited by
    hand). Only the values that changed are changed in it; comments, the order
    of keys and the quoting of the rest stay. The result must read back through
    the guarded reader as what the canonical layout holds (a time to the
    minute), else the canonical layout is written."""
    from coffeechat.storage import yaml_roundtrip

    canonical = encode_record(record)
    kept = yaml_roundtrip.rewrite(raw, old.encode(), record.encode())
    if kept is not None:
        back, problems = decode_record(type(record), kept, None)
        if back is not None and not has_errors(problems) and (
                back == record or back == decode_record(type(record), canonical, None)[0]):
            return kept
    return canonical
