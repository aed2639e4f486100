"""vCard files (2.1, 3.0 and 4.0) read with ``vobject``, one card at a time.

The file is cut into cards at their ``BEGIN:VCARD``/``END:VCARD`` lines first,
so a card the library cannot read is reported by its number and line and every
other card still imports. Contact keys written: ``email``, ``email2``, … and
``phone``, ``phone2``, … (the preferred one first, then file order), and
``linkedin`` for a LinkedIn profile URL; other URLs go to ``links``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import vobject

from coffeechat.core.models import Person
from coffeechat.interop.merge import Candidate, ParseResult, Skipped, is_linkedin_url
from coffeechat.interop.source import InteropError, decode_input, read_input

_BEGIN = re.compile(r"^begin:vcard\s*$", re.IGNORECASE)
_END = re.compile(r"^end:vcard\s*$", re.IGNORECASE)


@dataclass
class _Card:
    number: int
    line: int
    text: str


def _cards(text: str) -> Iterator[_Card]:
    """The text of each card with its 1-based number and first line."""
    lines = text.splitlines()
    start: int | None = None
    number = 0
    for index, line in enumerate(lines):
        if _BEGIN.match(line):
            if start is not None:
                # A card left open: hand it over as it is so its error is reported.
                number += 1
                yield _Card(number, start + 1, "\n".join(lines[start:index]) + "\n")
            start = index
        elif _END.match(line) and start is not None:
            number += 1
            yield _Card(number, start + 1, "\n".join(lines[start:index + 1]) + "\n")
            start = None
    if start is not None:
        number += 1
        yield _Card(number, start + 1, "\n".join(lines[start:]) + "\n")


def parse_vcards(raw: bytes, shown: str) -> ParseResult:
    """Candidate people from one .vcf file; unreadable cards become skips."""
    text = decode_input(raw, shown)
    result = ParseResult()
    found = False
    for card in _cards(text):
        found = True
        origin = f"{shown} card {card.number}, line {card.line}"
        try:
            component = vobject.readOne(card.text, allowQP=True)
            person = _person(component)
        except Exception as exc:  # vobject raises many kinds; each means "unreadable"
            result.items.append(Skipped(origin, f"cannot be read: {_reason(exc, card)}"))
            continue
        if not person.name:
            result.items.append(Skipped(origin, "the card has no name (no FN or N)"))
            continue
        result.items.append(Candidate(person, origin))
    if not found:
        raise InteropError(f"{shown} is not a vCard file: no BEGIN:VCARD line")
    return result


def _reason(exc: Exception, card: _Card) -> str:
    line = getattr(exc, "lineNumber", None)
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    message = re.sub(r"^At line \d+: ", "", message)
    if isinstance(line, int):
        return f"line {card.line + line - 1}: {message}"
    return message


def _values(component: Any, name: str) -> list[Any]:
    return list(component.contents.get(name, []))


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return " ".join(str(part).strip() for part in value if str(part).strip())
    return str(value).strip() if value is not None else ""


def _preferred_first(lines: list[Any]) -> list[Any]:
    """Lines marked preferred (2.1 ``PREF``, 3.0 ``TYPE=pref``, 4.0 ``PREF=1``) first."""
    def rank(line: Any) -> int:
        flags = [flag.casefold() for flag in getattr(line, "singletonparams", [])]
        types = [part.casefold() for item in line.params.get("TYPE", [])
                 for part in item.split(",")]
        pref = line.params.get("PREF", [])
        return 0 if "pref" in flags or "pref" in types or pref else 1
    return sorted(lines, key=rank)


def _name(component: Any) -> str:
    full = " ".join(_text(line.value) for line in _values(component, "fn")[:1]).strip()
    if full:
        return full
    names = _values(component, "n")
    if not names:
        return ""
    parts = names[0].value
    given, family = _text(parts.given), _text(parts.family)
    middle, prefix, suffix = _text(parts.additional), _text(parts.prefix), _text(parts.suffix)
    core = [family, given, middle] if _family_first(family) else [given, middle, family]
    return " ".join(part for part in (prefix, *core, suffix) if part)


def _family_first(family: str) -> bool:
    """Chinese, Japanese and Korean names are written family name first."""
    return any(unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))
               for char in family)


def _numbered(kind: str, values: list[str]) -> dict[str, str]:
    unique = list(dict.fromkeys(value for value in values if value))
    return {kind if index == 0 else f"{kind}{index + 1}": value
            for index, value in enumerate(unique)}


def _phone(value: str) -> str:
    # 4.0 may write a phone as a tel: URI.
    return value[4:] if value.casefold().startswith("tel:") else value


def _person(component: Any) -> Person:
    contact: dict[str, str] = {}
    contact.update(_numbered("email", [
        _text(line.value) for line in _preferred_first(_values(component, "email"))
    ]))
    contact.update(_numbered("phone", [
        _phone(_text(line.value)) for line in _preferred_first(_values(component, "tel"))
    ]))
    links: list[str] = []
    for line in _values(component, "url"):
        url = _text(line.value)
        if is_linkedin_url(url) and "linkedin" not in contact:
            contact["linkedin"] = url
        elif url and url not in links:
            links.append(url)
    orgs = _values(component, "org")
    org = orgs[0].value if orgs else ""
    company = _text(org[0] if isinstance(org, (list, tuple)) and org else org)
    titles = _values(component, "title")
    notes = "\n\n".join(_text(line.value).replace("\r\n", "\n").replace("\r", "\n")
                        for line in _values(component, "note") if _text(line.value))
    return Person(
        name=_name(component),
        company=company,
        title=_text(titles[0].value) if titles else "",
        contact=contact,
        links=links,
        notes=notes,
    )


def read_vcards(paths: list[Path]) -> ParseResult:
    """Read and parse several .vcf files; the first unusable file stops everything,
    before anything has been written."""
    result = ParseResult()
    for path in paths:
        result.extend(parse_vcards(read_input(path), str(path)))
    return result
