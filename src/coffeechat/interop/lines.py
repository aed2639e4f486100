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
import unicodedata
from collections.abc import Iterator
from itertools import pairwise
from typing import BinaryIO

_CHUNK = 1 << 16
_BREAK = re.compile(rb"\r*\n|\r")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Accented letters common in names written with Latin letters: the legacy code page
# that yields more of them is the one the file was written in.
_LETTERS = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝœŒ")
# Punctuation that Windows code pages put where Mac Roman has letters.
_PUNCTUATION = frozenset("“”‘’–—…€«»•°")
# The common Windows code page of each script, Windows-1252 first (a tie keeps it),
# and Mac Roman, which old Macs wrote.
_CANDIDATES = ("cp1252", "cp1251", "cp1253", "cp1255", "mac_roman")
LEGACY_NAMES = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman",
                "cp1251": "Windows-1251 (Cyrillic)", "cp1253": "Windows-1253 (Greek)",
                "cp1255": "Windows-1255 (Hebrew)"}
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "HEBREW")


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
    """Text that is not UTF-8, read in the legacy code page that gives the most
    plausible words (``_plausibility``); a tie keeps the code page chosen last, since
    a file is written in one of them, then prefers Windows-1252."""

    def __init__(self) -> None:
        self.current = "cp1252"

    def decode(self, raw: bytes) -> tuple[str, str]:
        """The text, and the code page it was read with."""
        best: tuple[int, bool, int, str, str] | None = None
        for rank, encoding in enumerate(_CANDIDATES):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            score = (_plausibility(text), encoding == self.current, -rank)
            if best is None or score > best[:3]:
                best = (*score, encoding, text)
        assert best is not None  # Mac Roman gives every byte a character
        self.current = best[3]
        return best[4], best[3]


def _script(char: str) -> str:
    if char.isascii():
        return "LATIN"
    word = unicodedata.name(char, "").split(" ", 1)[0]
    return word if word in _SCRIPTS else "OTHER"


def _plausibility(text: str) -> int:
    """How much ``text`` looks like words: accented Latin letters among plain ones,
    or whole words of one other script, capitalised where the script has capitals
    (Hebrew has none); a point off for symbols, mixed scripts and capitals inside a
    word (``FranÁois``)."""
    score = 0
    before = " "
    for char in text:
        if not char.isascii() and not char.isalpha():
            # An opening quote straight after a letter is a letter misread.
            opening = char in "“‘" and before.isalpha()
            score += 1 if char in _PUNCTUATION and not opening else -1
        before = char
    for word in re.findall(r"[^\W\d_]+", text):
        extra = [char for char in word if not char.isascii()]
        if not extra:
            continue
        scripts = {_script(char) for char in word}
        if len(scripts) > 1 or "OTHER" in scripts:
            score -= len(word)
            continue
        script = scripts.pop()
        inner_capitals = sum(char.isupper() and before.islower()
                             for before, char in pairwise(word))
        score -= 2 * inner_capitals
        if script == "LATIN":
            plain = len(word) - len(extra)
            score += sum(char in _LETTERS for char in extra) if plain >= len(extra) \
                else -len(extra)
        else:
            score += len(word) + (1 if script == "HEBREW" or word[0].isupper() else 0)
    return score


def decode_line(raw: bytes, legacy: LegacyDecoder) -> tuple[str, str | None]:
    """A line as text, and the legacy code page used when it was not UTF-8."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return legacy.decode(raw)
