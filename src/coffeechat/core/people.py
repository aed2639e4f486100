"""Finding and showing people: one set of rules for the form, the CLI and every screen.

Pure rather than a store service: lookups take the store's people or a dict (``People``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Protocol

from coffeechat.core.models.person import Person
from coffeechat.core.models.problems import nearest


class People(Protocol):
    """What resolving needs: slug membership and every readable person."""

    def __contains__(self, slug: object, /) -> bool: ...

    def items(self) -> Iterable[tuple[str, Person]]: ...


class PersonLookupError(LookupError):
    """A reference that names no single person; the text is for the user."""

    def __init__(self, reference: str, message: str) -> None:
        super().__init__(message)
        self.reference = reference


class NoSuchPerson(PersonLookupError):
    """Nobody has this slug or name; ``hint`` is the closest slug, if any."""

    def __init__(self, reference: str, hint: str | None) -> None:
        suffix = f" (did you mean {hint!r}?)" if hint else ""
        super().__init__(reference, f"no person {reference!r}{suffix}")
        self.hint = hint


class AmbiguousPerson(PersonLookupError):
    """Several people have this name; only a slug can tell them apart."""

    def __init__(self, reference: str, candidates: list[tuple[str, Person]]) -> None:
        candidates = sorted(candidates, key=lambda item: item[0])
        self.slugs = [slug for slug, _ in candidates]
        self.choices = told_apart(candidates)
        super().__init__(
            reference,
            f"{reference!r} matches {len(candidates)} people: {self.choices}; use the slug",
        )


def told_apart(candidates: Iterable[tuple[str, Person]]) -> str:
    """``"ada (Acme), ada-2 (Buyer)"``: slugs alone do not say who is who;
    where they work usually does."""
    parts = []
    for slug, person in candidates:
        role = role_line(person)
        parts.append(f"{slug} ({role})" if role else slug)
    return ", ".join(parts)


def name_key(name: str) -> str:
    """What two names must share to be the same name: case and spacing do not count."""
    return " ".join(name.casefold().split())


# Legal-form words that one file writes and another leaves out ("Figma Inc" and
# "Figma"); only at the end of a company name, and never the whole of it.
_COMPANY_SUFFIXES = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "gmbh", "ag", "kg",
    "co", "corp", "corporation", "company", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "oy", "ab", "as", "aps", "kk", "pty", "pte", "pvt", "ug", "se", "sl",
})
_WORDS = re.compile(r"\w+")


def folded(text: str) -> str:
    """Text with case and accents gone and every run of punctuation or space one
    space: ``"José  Álvarez"`` and ``"jose alvarez"`` fold alike. Letters that do
    not decompose (``ø``, ``ß``) and other scripts are kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORDS.findall(plain))


def match_name(name: str) -> str:
    """What two imported names must share to be the same person's."""
    return folded(name)


def same_person_names(one: str, other: str) -> bool:
    """Whether two folded names (``match_name``) can be one person's: every word of
    the shorter is a word of the longer, or its initial (``"g hopper"`` and ``"grace
    hopper"``, ``"grace"`` and ``"grace hopper"``). ``"ann lee"`` and ``"bob lee"``,
    who share a family inbox, cannot."""
    short, long = sorted((one.split(), other.split()), key=len)
    if not short:
        return False
    rest = list(long)
    for word in short:
        found = next((index for index, candidate in enumerate(rest)
                      if candidate == word
                      or (len(word) == 1 and candidate.startswith(word))
                      or (len(candidate) == 1 and word.startswith(candidate))), None)
        if found is None:
            return False
        rest.pop(found)
    return True


def match_company(company: str) -> str:
    """What two company names must share to be one company: folded, without the
    legal form at the end (``"Figma, Inc."`` is ``"figma"``)."""
    words = folded(company).split()
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    return " ".join(words)


def display_name(person: Person | None, slug: str) -> str:
    """The name to show for a person, or the slug when there is no name to show."""
    return person.name if person is not None and person.name else slug


def role_line(person: Person) -> str:
    """``"Buyer @ Aritzia"``, or whichever half is known, or ``""``."""
    return " @ ".join(part for part in (person.title, person.company) if part)


def namesakes(
    name: str, people: Iterable[tuple[str, Person]], *, own_slug: str | None = None
) -> list[tuple[str, Person]]:
    """Everyone else already called ``name``: offered before a second person is created."""
    wanted = name_key(name)
    if not wanted:
        return []
    return [
        (slug, person)
        for slug, person in people
        if slug != own_slug and name_key(person.name) == wanted
    ]


def resolve_person(reference: str, people: People) -> str:
    """The slug a user means by a slug or a name (case and spacing aside).

    A slug always wins, so it is the way out of an ambiguous name. Raises
    ``NoSuchPerson`` or ``AmbiguousPerson``; guessing could link the wrong person.
    """
    text = reference.strip()
    if text in people:
        return text
    everyone = list(people.items())
    matches = namesakes(text, everyone)
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        raise AmbiguousPerson(text, matches)
    raise NoSuchPerson(text, nearest(text, (slug for slug, _ in everyone)))


def shared_addresses(people: Iterable[tuple[str, Person]]) -> list[tuple[str, str, str]]:
    """``(slug, earlier slug, address)`` for each person who shares an e-mail address
    with someone before them: possible duplicates (an import keeps two people apart
    when their names differ; a family or team inbox is several people)."""
    first: dict[str, str] = {}
    found: list[tuple[str, str, str]] = []
    for slug, person in people:
        for key, value in person.contact.items():
            address = value.strip().casefold()
            if key.rstrip("0123456789") != "email" or not address:
                continue
            earlier = first.setdefault(address, slug)
            if earlier != slug:
                found.append((slug, earlier, value.strip()))
    return found
