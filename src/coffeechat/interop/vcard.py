"""vCard files (2.1, 3.0 and 4.0) turned into people, one card and one property at a time.

Only the properties a person record uses are decoded (FN, N, NICKNAME, ORG, TITLE,
NOTE, EMAIL, TEL, URL): a broken photo or address never costs the contact, and a
used property that cannot be read is left out with a note while the rest of the
card imports. Each value is decoded on its own, honouring its ``CHARSET`` and
``ENCODING``; text that is not UTF-8 and declares nothing is read with the character
set the card declares elsewhere, else Windows-1252 (or Mac Roman), with a note.

Escapes follow the card's version: 2.1 escapes only ``;`` inside structured values
(N, ORG), so its commas and backslashes are text; 3.0 and 4.0 escape ``\\n``, ``\\,``,
``\\;`` and ``\\\\``, and the ``\\:`` and ``\\"`` some writers add are undone too. FN,
TITLE, NOTE and the first part of ORG are text, never lists.

Contact keys written: ``email``, ``email2``, … and ``phone``, ``phone2``, … (the
preferred one first, then file order), and ``linkedin`` for a LinkedIn profile URL;
other URLs go to ``links``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from coffeechat.core.models import Location, Person
from coffeechat.core.text import is_cjk
from coffeechat.interop.lines import LEGACY_NAMES, LegacyDecoder, physical_lines
from coffeechat.interop.merge import Candidate, ParseResult, Skipped, is_linkedin_url
from coffeechat.interop.source import InteropError, open_input
from coffeechat.interop.vcard_reader import Card, Property, read_cards
from coffeechat.interop.vcard_writer import PRODID

_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":", '"': '"'}
_ESCAPES_2_1 = {"\\": "\\", ",": ",", ";": ";", ":": ":"}
_UNESCAPE = re.compile(r'\\([nN\\,;:"])')
_UNESCAPE_2_1 = re.compile(r"\\([\\,;:])")
# Producers whose 2.1 cards escape text as 3.0 does (``\;``, ``\\``), told by PRODID or
# their own X- properties; Android's 2.1 backslashes are text.
_ESCAPING_PRODUCERS = re.compile(rb"syncevolution|evolution", re.IGNORECASE)
_ESCAPING_PROPERTIES = ("X-EVOLUTION-", "X-SYNCEVOLUTION-")
# A contact key a coffeechat export names, so a hand-made key (``work_email``) comes back.
_KEY_PARAM = "X-COFFEECHAT-KEY"
_CONTACT_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_ADDRESS = re.compile(r"<([^<>\s]+@[^<>\s]+)>\s*$")
_ANDROID_NICKNAME = "vnd.android.cursor.item/nickname"
_STRAY_SHOWN = 5


def iter_vcards(handle: BinaryIO, shown: str) -> Iterator[Candidate | Skipped]:
    """Candidate people from an open .vcf file, card by card; cards without a name
    become skips. Refuses a file with no card at all."""
    legacy = LegacyDecoder()
    found = False
    for card in read_cards(physical_lines(handle)):
        found = True
        yield _item(card, shown, legacy)
    if not found:
        raise InteropError(f"{shown} is not a vCard file: no BEGIN:VCARD line")


def parse_vcards(raw: bytes, shown: str) -> ParseResult:
    """Everything in the bytes of one .vcf file named ``shown``."""
    return ParseResult(list(iter_vcards(io.BytesIO(raw), shown)))


def vcard_items(paths: Iterable[Path]) -> Iterator[Candidate | Skipped]:
    """Every card of several files in order; the first unusable file stops it."""
    for path in paths:
        with open_input(path) as handle:
            yield from iter_vcards(handle, str(path))


def read_vcards(paths: list[Path]) -> ParseResult:
    """Read and parse several .vcf files at once (for a preview)."""
    return ParseResult(list(vcard_items(paths)))


def _item(card: Card, shown: str, legacy: LegacyDecoder) -> Candidate | Skipped:
    origin = f"{shown} card {card.number}, line {card.line}"
    values = _Values(card, legacy)
    person = _person(card, values)
    uid = _first_text(card.all("UID"), values)
    notes = values.notes
    if card.stray:
        lines = ", ".join(str(line) for line in card.stray[:_STRAY_SHOWN])
        more = len(card.stray) - _STRAY_SHOWN
        lines += f" and {more} more" if more > 0 else ""
        word = "line" if len(card.stray) == 1 else "lines"
        notes.append(f"{word} {lines} left out: not vCard properties")
    if not card.closed:
        notes.append("the card has no END:VCARD; read up to the end of the file")
    if not person.name:
        held = next(iter(person.contact.values()), "")
        reason = "the card has no name (no FN, N or NICKNAME)"
        reason += f"; it holds {held}" if held else ""
        return Skipped(origin, "; ".join([reason, *notes]))
    return Candidate(person, origin, notes, uid=uid,
                     source=f"{Path(shown).name} card {card.number}",
                     introduced_by=_first_text(card.all("X-COFFEECHAT-INTRODUCED-BY"), values),
                     knows=[text for prop in card.all("X-COFFEECHAT-KNOWS")
                            if (text := _line(values.single(prop) or ""))])


class _Values:
    """Decodes the values of one card, noting what needed a fallback or was left out."""

    def __init__(self, card: Card, legacy: LegacyDecoder) -> None:
        self.version = card.version
        self.legacy = legacy
        self.escaped_2_1 = self.version.startswith("2") and _escapes_2_1(card)
        # A coffeechat export: its text is kept exactly (notes, spacing), as written.
        self.ours = any(prop.name == "PRODID" and prop.raw.strip() == PRODID.encode()
                        for prop in card.properties)
        self._notes: dict[str, int] = {}
        # The character set declared anywhere in the card (for its address, say) is
        # the best guess for its undeclared 8-bit text.
        declared = ((_codec(prop.charset), prop.charset) for prop in card.properties
                    if prop.charset)
        self.hint = next(((codec, name) for codec, name in declared
                          if codec is not None and codec not in ("utf-8", "ascii")), None)

    @property
    def notes(self) -> list[str]:
        """What needed a fallback or was left out, in the order of the file."""
        return sorted(self._notes, key=self._notes.__getitem__)

    def _note(self, prop: Property, text: str) -> None:
        self._notes.setdefault(text, prop.line)

    def note_text(self, text: str) -> None:
        self._notes.setdefault(text, 0)

    def text(self, prop: Property) -> str | None:
        """The value as text (escapes still in), or None when it cannot be read."""
        data = _transfer_decoded(prop)
        if data is None:
            self._note(prop, f"{prop.name} on line {prop.line} left out: its "
                       f"{prop.encoding.lower()} data is damaged")
            return None
        text = self._characters(prop, data)
        if text is not None and "\x00" in text:
            self._note(prop, f"{prop.name} on line {prop.line} left out: it holds a NUL byte")
            return None
        return text

    def _characters(self, prop: Property, data: bytes) -> str | None:
        if data.isascii():
            return data.decode("ascii")
        if prop.charset:
            codec = _codec(prop.charset)
            if codec is None:
                self._note(prop, f"unknown character set {prop.charset!r} on line {prop.line}")
            else:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError as exc:
                    if exc.reason == "unexpected end of data":
                        # The file was cut in the middle of a character: keep the rest.
                        self._note(prop, f"{prop.name} on line {prop.line} is cut short")
                        return data[:exc.start].decode(codec)
                    self._note(prop, f"{prop.name} on line {prop.line} left out: not valid "
                               f"{prop.charset}, though its CHARSET says so")
                    return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if self.hint is not None:
            codec, name = self.hint
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                self._note(prop, f"text is not UTF-8: read as {name}, "
                           "the character set the card declares")
                return text
        text, used = self.legacy.decode(data)
        self._note(prop, f"text is not UTF-8: read as {LEGACY_NAMES[used]}")
        return text

    def single(self, prop: Property) -> str | None:
        """A text value with its escapes undone."""
        text = self.text(prop)
        if text is None:
            return text
        if self.version.startswith("2"):
            if not self.escaped_2_1:
                return text
            return _UNESCAPE_2_1.sub(lambda match: match.group(1), text)
        return _UNESCAPE.sub(lambda match: _ESCAPES[match.group(1)], text)

    def parts(self, prop: Property, *, lists: bool) -> list[list[str]] | None:
        """A structured value: its ``;``-separated parts, each a list of the values
        separated by ``,`` when ``lists`` (and the version has lists)."""
        text = self.text(prop)
        if text is None:
            return None
        old = self.version.startswith("2")
        escapes = _ESCAPES_2_1 if old else _ESCAPES
        split_commas = lists and not old
        parts: list[list[str]] = [[]]
        value: list[str] = []
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\\" and index + 1 < len(text) and text[index + 1] in escapes:
                value.append(escapes[text[index + 1]])
                index += 2
                continue
            if char == ";" or (char == "," and split_commas):
                parts[-1].append("".join(value))
                value = []
                if char == ";":
                    parts.append([])
            else:
                value.append(char)
            index += 1
        parts[-1].append("".join(value))
        return parts


def _escapes_2_1(card: Card) -> bool:
    """Whether this 2.1 card's writer escapes its text (SyncEvolution, Evolution)."""
    return any((prop.name == "PRODID" and _ESCAPING_PRODUCERS.search(prop.raw))
               or prop.name.startswith(_ESCAPING_PROPERTIES) for prop in card.properties)


def _codec(name: str) -> str | None:
    """Python's name for a character set, or None when it is unknown."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if info._is_text_encoding else None


def _transfer_decoded(prop: Property) -> bytes | None:
    if prop.encoding == "QUOTED-PRINTABLE":
        return binascii.a2b_qp(prop.raw)
    if prop.encoding == "BASE64":
        compact = b"".join(prop.raw.split())
        try:
            return base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
        except binascii.Error:
            return None
    return prop.raw


def _line(text: str) -> str:
    """Text for a one-line field: runs of white space (line breaks too) become one space."""
    return " ".join(text.split())


def _preferred_first(props: list[Property]) -> list[Property]:
    """Lines marked preferred (2.1 ``PREF``, 3.0 ``TYPE=pref``, 4.0 ``PREF=n``, lowest n
    first) ahead of the rest, each group in file order."""
    def rank(prop: Property) -> int:
        pref = prop.params.get("PREF", [])
        if pref:
            return int(pref[0]) if pref[0].isdigit() else 1
        return 1 if "pref" in prop.types else 101
    return sorted(props, key=rank)


def _person(card: Card, values: _Values) -> Person:
    contact: dict[str, str] = {}
    named: dict[str, str] = {}
    for kind, name, clean in (("email", "EMAIL", _email), ("phone", "TEL", _phone)):
        found: list[str] = []
        for prop in _preferred_first(card.all(name)):
            text = values.single(prop)
            if text is None:
                continue
            key = _named_key(prop)
            if key and clean(text):
                named.setdefault(key, clean(text))
            else:
                found.append(clean(text))
        contact.update(_numbered(kind, found))
    for prop in card.all("X-COFFEECHAT-CONTACT"):
        key, text = _named_key(prop), _line(values.single(prop) or "")
        if key and text:
            named.setdefault(key, text)
    links: list[str] = []
    for prop in card.all("URL"):
        url = (values.single(prop) or "").strip()
        key = _named_key(prop)
        if key and url:
            named.setdefault(key, url)
        elif (is_linkedin_url(url) and "linkedin" not in contact and not values.ours
              and "linkedin" not in named):
            contact["linkedin"] = url
        elif url and url not in links:
            links.append(url)
    for key, value in named.items():
        contact.setdefault(key, value)
    notes = [text if values.ours else text.replace("\r\n", "\n").replace("\r", "\n").strip()
             for prop in card.all("NOTE") if (text := values.single(prop)) is not None]
    person = Person(
        name=_name(card, values),
        company=_first_part(card.all("ORG"), values),
        title=_first_text(card.all("TITLE"), values),
        contact=contact,
        location=_location(card, values),
        tags=_categories(card, values),
        links=links,
        notes="\n\n".join(note for note in notes if note),
        how_we_met=_first_text(card.all("X-COFFEECHAT-HOW-WE-MET"), values),
        learn=_first_text(card.all("X-COFFEECHAT-LEARN"), values),
    )
    connected = _first_text(card.all("X-COFFEECHAT-CONNECTED-ON"), values)
    try:
        person.connected_on = dt.date.fromisoformat(connected) if connected else None
    except ValueError:
        values.note_text(f"X-COFFEECHAT-CONNECTED-ON {connected!r} left out: not a date")
    return person


def _named_key(prop: Property) -> str:
    """The contact key a coffeechat export wrote on the line, if it is one."""
    key = next(iter(prop.params.get(_KEY_PARAM, [])), "").strip().lower()
    return key if _CONTACT_KEY.match(key) else ""


def _categories(card: Card, values: _Values) -> list[str]:
    tags: list[str] = []
    for prop in card.all("CATEGORIES"):
        for part in values.parts(prop, lists=True) or []:
            for tag in part:
                tag = _line(tag)
                if tag and tag not in tags:
                    tags.append(tag)
    return tags


def _location(card: Card, values: _Values) -> Location:
    """Locality, region and country of the address where the person lives: a home
    address first, then the preferred one, then the first that has any of them."""
    props = sorted(_preferred_first(card.all("ADR")), key=lambda prop: "home" not in prop.types)
    for prop in props:
        parts = values.parts(prop, lists=False)
        if not parts:
            continue
        padded = [_line(" ".join(part)) for part in parts] + [""] * 7
        location = Location(locality=padded[3], region=padded[4], country=padded[6])
        if location.line():
            return location
    return Location()


def _first_text(props: list[Property], values: _Values) -> str:
    for prop in props:
        text = values.single(prop) or ""
        text = text if values.ours else _line(text)
        if text:
            return text
    return ""


def _first_part(props: list[Property], values: _Values) -> str:
    for prop in props:
        parts = values.parts(prop, lists=False)
        text = "" if not parts else parts[0][0] if values.ours else _line(parts[0][0])
        if text:
            return text
    return ""


def _name(card: Card, values: _Values) -> str:
    full = _first_text(card.all("FN"), values)
    if full:
        return full
    for prop in card.all("N"):
        parts = values.parts(prop, lists=True)
        if parts:
            built = _from_parts(parts)
            if built:
                return built
    nickname = _first_text(card.all("NICKNAME"), values)
    if nickname:
        return nickname
    for prop in card.all("X-ANDROID-CUSTOM"):
        parts = values.parts(prop, lists=False)
        if parts and len(parts) > 1 and parts[0][0] == _ANDROID_NICKNAME:
            return _line(parts[1][0])
    return ""


def _from_parts(parts: list[list[str]]) -> str:
    """A display name from N: family, given, additional, prefixes, suffixes."""
    padded = [_line(" ".join(part)) for part in parts] + [""] * 5
    family, given, middle, prefix, suffix = padded[:5]
    core = [family, given, middle] if _family_first(family) else [given, middle, family]
    return " ".join(part for part in (prefix, *core, suffix) if part)


def _family_first(family: str) -> bool:
    """Chinese, Japanese and Korean names are written family name first."""
    return is_cjk(family)


def _numbered(kind: str, values: list[str]) -> dict[str, str]:
    unique = list(dict.fromkeys(value for value in values if value))
    return {kind if index == 0 else f"{kind}{index + 1}": value
            for index, value in enumerate(unique)}


def _email(text: str) -> str:
    """The address alone: mail programs may write ``"Name" <address>`` or ``mailto:``."""
    text = text.strip()
    match = _ADDRESS.search(text)
    if match:
        return match.group(1)
    return text[7:] if text.casefold().startswith("mailto:") else text


def _phone(text: str) -> str:
    # 4.0 may write a phone as a tel: URI.
    text = text.strip()
    return text[4:] if text.casefold().startswith("tel:") else text
