"""What reading YAML gives back, and the error it raises: shared by the guarded
reader (``yaml_io``) and the YAML library's configuration (``yaml_engine``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64

# A place in the data: the keys and list indexes leading to it.
KeyPath = tuple[str | int, ...]
Marks = Mapping[KeyPath, tuple[int, int]]


class YamlError(Exception):
    """A file that cannot be read as data, with a 1-based position when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Document:
    """Parsed data plus the 1-based (line, column) of every key path in it."""

    data: object
    marks: Marks
