"""The lines of a .vcf file cut into cards and properties, without judging their values.

Readers that take a whole card at once lose the whole contact over one odd line.
Here each line is classified on its own: a folded line, a quoted-printable soft
break (2.1), the unindented base64 of a 2.1 photo, a ``#`` comment, a blank line
(which ends a 2.1 base64 value), or the start of a property. Anything else is noted
as a stray line and the rest of the card still reads. Values stay bytes until they
are used, so each is decoded with its own ``CHARSET`` and ``ENCODING``. A card
inside a card is read as a card of its own; a card left open ends with the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_START = re.compile(rb"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[ \t]*([;:])")
_CARD_EDGES = (b"BEGIN:VCARD", b"END:VCARD")
_ENCODINGS = {"QUOTED-PRINTABLE": "QUOTED-PRINTABLE", "QP": "QUOTED-PRINTABLE",
              "BASE64": "BASE64", "B": "BASE64", "8BIT": "8BIT", "7BIT": "7BIT"}
# Bare 2.1 parameters that name a character set (one writer puts ``utf-8`` there).
_BARE_CHARSETS = re.compile(r"^(utf-?8|utf-?16|iso-?8859-\d+|windows-\d+|cp\d+|"
                            r"shift_jis|sjis|euc-jp|euc-kr|big5|gb2312|gbk|koi8-[ru])$",
                            re.IGNORECASE)


@dataclass
class Property:
    """One property as written: its name (upper case, group dropped), parameters
    (names upper case; 2.1 bare values filed under TYPE, ENCODING or CHARSET), the
    unfolded value bytes and the line it starts on."""

    name: str
    params: dict[str, list[str]]
    raw: bytes
    line: int

    @property
    def encoding(self) -> str:
        values = self.params.get("ENCODING", [])
        return _ENCODINGS.get(values[0].upper(), values[0].upper()) if values else ""

    @property
    def charset(self) -> str:
        values = self.params.get("CHARSET", [])
        return values[0] if values else ""

    @property
    def types(self) -> set[str]:
        return {value.casefold() for value in self.params.get("TYPE", [])}


@dataclass
class Card:
    """The properties of one card, its number in the file (by where it begins), the
    line of its BEGIN, the lines that belong to no property, and whether it ended."""

    number: int
    line: int
    properties: list[Property] = field(default_factory=list)
    stray: list[int] = field(default_factory=list)
    closed: bool = False

    @property
    def version(self) -> str:
        for prop in self.properties:
            if prop.name == "VERSION":
                return prop.raw.strip().decode("ascii", "replace")
        return "2.1"

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]


def read_cards(lines: Iterable[bytes]) -> Iterator[Card]:
    """Every card in the physical ``lines`` of a file, each when it ends."""
    open_cards: list[Card] = []
    current: Property | None = None
    count = 0
    blank = False
    for number, line in enumerate(lines, start=1):
        card = open_cards[-1] if open_cards else None
        if current is not None and _soft_break(current):
            if not line.strip():
                # Blank lines inside a soft break: the next line decides whether the
                # value goes on (a damaged file) or a new property starts.
                blank = True
                continue
            if not (blank and _START.match(line)) and line.strip().upper() not in _CARD_EDGES:
                current.raw = current.raw[:-1] + line
                blank = False
                continue
        blank = False
        if current is not None and _continues(current, line):
            current.raw = _join(current, line)
            continue
        current = None
        match = _START.match(line)
        name = match.group(1).decode("ascii").upper() if match else ""
        if name in ("BEGIN", "END") and match and match.group(2) == b":":
            value = line[match.end():].strip().upper()
            if value == b"VCARD" and name == "BEGIN":
                count += 1
                open_cards.append(Card(count, number))
            elif value == b"VCARD" and open_cards:
                finished = open_cards.pop()
                finished.closed = True
                yield finished
            continue
        if card is None or not line.strip() or line.startswith(b"#"):
            continue
        if match is None:
            card.stray.append(number)
            continue
        current = _property(name, line, match.end(1), number)
        if current is None:
            card.stray.append(number)
        else:
            card.properties.append(current)
    # Cards left open end with the file: the innermost first.
    yield from reversed(open_cards)


def _soft_break(prop: Property) -> bool:
    """A quoted-printable value ending in ``=``: the next line is value, whatever it holds."""
    return prop.encoding == "QUOTED-PRINTABLE" and prop.raw.endswith(b"=")


def _continues(prop: Property, line: bytes) -> bool:
    """Whether ``line`` carries on ``prop`` rather than starting something new."""
    if not line or line.strip().upper() in _CARD_EDGES:
        return False
    if line[0] in b" \t":
        return True  # folded
    # 2.1 base64 may run on unindented until a blank line; it never holds ':' or ';'.
    return prop.encoding == "BASE64" and _START.match(line) is None


def _join(prop: Property, line: bytes) -> bytes:
    # A folded line loses the one white-space character that marks it (2.1 writers
    # fold the same way as 3.0 in practice).
    return prop.raw + (line[1:] if line[0] in b" \t" else line)


def _property(name: str, line: bytes, after_name: int, number: int) -> Property | None:
    """The property on ``line``, or None when no ':' ends its parameters."""
    params: dict[str, list[str]] = {}
    cells: list[bytes] = []
    cell = bytearray()
    quoted = False
    index = after_name
    while index < len(line):
        char = line[index]
        if char == 0x22:  # a double quote: ';' and ':' inside are part of the value
            quoted = not quoted
        elif not quoted and char in (0x3B, 0x3A):  # ';' or ':'
            cells.append(bytes(cell))
            cell.clear()
            if char == 0x3A:
                break
        else:
            cell.append(char)
        index += 1
    else:
        return None
    for text in cells[1:]:
        _add_param(params, text.decode("utf-8", "replace").strip())
    return Property(name, params, line[index + 1:], number)


def _add_param(params: dict[str, list[str]], text: str) -> None:
    if not text:
        return  # Outlook writes ``ADR;HOME;PREF;:`` with an empty parameter
    key, equals, value = text.partition("=")
    if equals:
        values = [part.strip() for part in value.split(",") if part.strip()]
        params.setdefault(key.strip().upper(), []).extend(values)
    elif key.upper() in _ENCODINGS:
        params.setdefault("ENCODING", []).append(key)
    elif _BARE_CHARSETS.match(key):
        params.setdefault("CHARSET", []).append(key)
    else:
        params.setdefault("TYPE", []).append(key)
