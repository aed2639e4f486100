"""People written as vCard 4.0 (or 3.0, for older phones), one card each.

Every value a person holds goes into the card, so ``import vcard`` of the export
gives the same people back: the standard properties any address book shows (FN, N,
ORG, TITLE, EMAIL, TEL, URL, NOTE, CATEGORIES from tags, ADR from ``location``) and,
for what vCard has no property for, ``X-COFFEECHAT-…`` properties that other programs
keep without showing. A contact key an import would not give back by itself (a
hand-made ``work_email``, ``email2`` with no ``email``) is named on its line with an
``X-COFFEECHAT-KEY`` parameter. Each card's UID is derived from the person's slug,
so a later export of the same person has the same UID and an import matches by it.

Text is escaped (``\\\\``, ``\\,``, ``\\;``, ``\\n``) and lines are folded at 75 octets,
never inside a character; line ends are CRLF, as the standard says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coffeechat.core.models import Person
from coffeechat.interop.merge import contact_kind, person_uid

PRODID = "-//coffeechat//vCard export//EN"
VERSIONS = ("4.0", "3.0")
_FOLD_AT = 75
_NUMBERED = re.compile(r"^(email|phone)(\d*)$")


def escape(text: str) -> str:
    """A text value with the characters vCard gives a meaning escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\n", "\\n"))


def fold(line: str) -> str:
    """A content line cut into lines of at most 75 octets (the continuation lines
    start with a space, which counts), each cut between two characters."""
    data = line.encode("utf-8")
    if len(data) <= _FOLD_AT:
        return line + "\r\n"
    pieces: list[str] = []
    start, limit = 0, _FOLD_AT
    while start < len(data):
        end = min(start + limit, len(data))
        # Step back off the middle of a UTF-8 sequence (continuation bytes are 10xxxxxx).
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, limit = end, _FOLD_AT - 1
    return "\r\n ".join(pieces) + "\r\n"


def _line(name: str, value: str, params: Iterable[str] = ()) -> str:
    head = ";".join([name, *params])
    return fold(f"{head}:{value}")


def _split_name(name: str) -> tuple[str, str]:
    """Family and given names for N: the last word is the family name, as most
    address books guess; FN keeps the name exactly as written."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def _type_of(key: str) -> list[str]:
    found = [word for word in ("work", "home") if word in key]
    if any(word in key for word in ("mobile", "cell")):
        found.append("cell")
    return found


def _kind(key: str) -> str:
    """``email``, ``phone`` or ``other``: what a contact key holds, by its name."""
    kind = contact_kind(key)
    if kind in ("email", "phone"):
        return kind
    if "mail" in key:
        return "email"
    if any(word in key for word in ("phone", "mobile", "cell", "tel")):
        return "phone"
    return "other"


def _contact_lines(person: Person, version: str) -> list[str]:
    lines: list[str] = []
    # How many unnamed lines of each kind so far: an import numbers them in order.
    counts = {"email": 0, "phone": 0}
    modern = version == "4.0"
    for key, value in person.contact.items():
        if not value.strip():
            continue
        kind = _kind(key)
        if key == "linkedin":
            lines.append(_line("URL", escape(value), ["X-COFFEECHAT-KEY=linkedin"]))
            continue
        if kind == "other":
            lines.append(_line("X-COFFEECHAT-CONTACT", escape(value),
                               [f"X-COFFEECHAT-KEY={key}"]))
            continue
        params: list[str] = []
        expected = kind if counts[kind] == 0 else f"{kind}{counts[kind] + 1}"
        if key == expected and _NUMBERED.match(key):
            counts[kind] += 1
        else:
            params.append(f"X-COFFEECHAT-KEY={key}")
        if key == kind:
            params.append("PREF=1" if modern else "TYPE=pref")
        types = _type_of(key)
        if kind == "phone":
            types = types or ["voice"]
        elif not modern:
            types = ["internet", *types]
        if types:
            params.append("TYPE=" + ",".join(types))
        if kind == "phone" and modern:
            params.append("VALUE=text")
        lines.append(_line("EMAIL" if kind == "email" else "TEL", escape(value), params))
    return lines


def person_card(slug: str, person: Person, version: str = "4.0") -> str:
    """One card, CRLF line ends, folded."""
    family, given = _split_name(person.name)
    lines = ["BEGIN:VCARD\r\n", f"VERSION:{version}\r\n", f"PRODID:{PRODID}\r\n",
             _line("UID", person_uid(slug)),
             _line("FN", escape(person.name)),
             _line("N", f"{escape(family)};{escape(given)};;;")]
    if person.company:
        lines.append(_line("ORG", escape(person.company)))
    if person.title:
        lines.append(_line("TITLE", escape(person.title)))
    lines += _contact_lines(person, version)
    lines += [_line("URL", escape(url)) for url in person.links if url.strip()]
    where = person.location
    if where.line():
        adr = ";".join(["", "", "", escape(where.locality), escape(where.region), "",
                        escape(where.country)])
        lines.append(_line("ADR", adr, ["TYPE=home"]))
    if person.tags:
        lines.append(_line("CATEGORIES", ",".join(escape(tag) for tag in person.tags)))
    if person.notes:
        lines.append(_line("NOTE", escape(person.notes)))
    extras = (("X-COFFEECHAT-HOW-WE-MET", person.how_we_met),
              ("X-COFFEECHAT-LEARN", person.learn),
              ("X-COFFEECHAT-CONNECTED-ON",
               person.connected_on.isoformat() if person.connected_on else ""))
    lines += [_line(name, escape(value)) for name, value in extras if value]
    # Relations by the UID the other person's card carries (an import resolves them).
    if person.introduced_by:
        lines.append(_line("X-COFFEECHAT-INTRODUCED-BY", person_uid(person.introduced_by)))
    lines += [_line("X-COFFEECHAT-KNOWS", person_uid(other)) for other in person.knows]
    lines.append("END:VCARD\r\n")
    return "".join(lines)


def people_vcards(people: Iterable[tuple[str, Person]], version: str = "4.0") -> tuple[bytes, int]:
    """The cards of ``people``, in order, as UTF-8 bytes, and how many there are."""
    cards = [person_card(slug, person, version) for slug, person in people]
    return "".join(cards).encode("utf-8"), len(cards)
