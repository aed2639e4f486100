"""The lines of a file to import, whatever its line endings, read without filling memory.

Address books and spreadsheets end lines with CRLF, LF, a lone CR (classic Mac) or,
in some iPhone exports, CR CR LF: each of these is one line break here. A file that
starts with a UTF-16 byte-order mark is turned into UTF-8 on the way; a UTF-8 mark
is dropped. Lines stay bytes: each caller decodes them one at a time, so one stray
byte costs one line its accents, not every name in the file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

_CHUNK = 1 << 16
_BREAK = re.compile(rb"\r*\n|\r")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Accented letters common in names written with Latin letters: the legacy code page
# that yields more of them is the one the file was written in.
_LETTERS = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")
LEGACY_NAMES = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman"}


def physical_lines(handle: BinaryIO) -> Iterator[bytes]:
    """Each line of ``handle`` without its line break, in order."""
    head = handle.read(2)
    handle.seek(0)
    if head in _UTF16_BOMS:
        return _split(_utf16_as_utf8(handle))
    return _split(_without_utf8_bom(handle))


def _without_utf8_bom(handle: BinaryIO) -> Iterator[bytes]:
    first = True
    while chunk := handle.read(_CHUNK):
        if first:
            chunk = chunk.removeprefix(codecs.BOM_UTF8)
            first = False
        yield chunk


def _utf16_as_utf8(handle: BinaryIO) -> Iterator[bytes]:
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    while chunk := handle.read(_CHUNK):
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def _split(chunks: Iterator[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        # A run of CRs at the end of a chunk may be the start of CR CR LF: keep it back.
        end = len(data.rstrip(b"\r"))
        start = 0
        for match in _BREAK.finditer(data, 0, end):
            yield data[start:match.start()]
            start = match.end()
        pending = data[start:]
    start = 0
    for match in _BREAK.finditer(pending):
        yield pending[start:match.start()]
        start = match.end()
    if start < len(pending):
        yield pending[start:]


class LegacyDecoder:
    """Text that is not UTF-8, read as Windows-1252 or Mac Roman, whichever gives the
    more plausible accented letters; a tie keeps the code page chosen last, since a file
    is written in one of them."""

    def __init__(self) -> None:
        self.current = "cp1252"

    def decode(self, raw: bytes) -> tuple[str, str]:
        """The text, and the code page it was read with."""
        best: tuple[int, bool, str, str] | None = None
        for encoding in ("cp1252", "mac_roman"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            score = (sum(char in _LETTERS for char in text), encoding == self.current)
            if best is None or score > best[:2]:
                best = (*score, encoding, text)
        assert best is not None  # Mac Roman gives every byte a character
        self.current = best[2]
        return best[3], best[2]


def decode_line(raw: bytes, legacy: LegacyDecoder) -> tuple[str, str | None]:
    """A line as text, and the legacy code page used when it was not UTF-8."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return legacy.decode(raw)
