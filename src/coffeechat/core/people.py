"""Finding and showing people: one set of rules for the form, the CLI and every screen.

Pure rather than a store service: lookups take the store's people or a dict (``People``).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from typing import Protocol

from coffeechat.core.models.person import Person
from coffeechat.core.models.problems import nearest
from coffeechat.core.text import fold

# How a person whose file cannot be read is marked wherever they are listed.
UNREADABLE = "file cannot be read"


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


def told_apart(candidates: Iterable[tuple[str, Person]],
               unreadable: Container[str] = ()) -> str:
    """``"ada (Acme), ada-2 (Buyer)"``: slugs alone do not say who is who;
    where they work usually does. Those in ``unreadable`` are said to be so."""
    parts = []
    for slug, person in candidates:
        role = UNREADABLE if slug in unreadable else role_line(person)
        parts.append(f"{slug} ({role})" if role else slug)
    return ", ".join(parts)


def name_key(name: str) -> str:
    """What two names must share to be the same name: case, accents, letters that
    fold (ø, ß…) and spacing do not count."""
    return " ".join(fold(name).split())


def display_name(person: Person | None, slug: str) -> str:
    """The name to show for a person, or the slug when there is no name to show."""
    return person.name if person is not None and person.name else slug


def role_line(person: Person) -> str:
    """``"Buyer @ Aritzia"``, or whichever half is known, or ``""``."""
    return " @ ".join(part for part in (person.title, person.company) if part)


class Namesakes:
    """Who is already called by a name, for asking of many names (each one typed).

    Everyone counts, the people whose files cannot be read too (``unreadable``:
    their slugs, with their names as far as their text says, "" for nothing):
    they are in the network, so a second person of their name is as much a
    split as any. Each of those is given as a stand-in ``Person`` of that name
    (else of its slug), and ``unreadable`` says which they are."""

    def __init__(self, people: Iterable[tuple[str, Person]],
                 unreadable: Mapping[str, str] | None = None) -> None:
        self.unreadable: frozenset[str] = frozenset(unreadable or ())
        self._by_name: dict[str, list[tuple[str, Person]]] = {}
        for slug, person in people:
            self._by_name.setdefault(name_key(person.name), []).append((slug, person))
        for slug, read in (unreadable or {}).items():
            self._by_name.setdefault(name_key(read or slug), []).append(
                (slug, Person(name=read or slug)))

    def __call__(self, name: str, *, own_slug: str | None = None) -> list[tuple[str, Person]]:
        wanted = name_key(name)
        if not wanted:
            return []
        return [(slug, person) for slug, person in self._by_name.get(wanted, ())
                if slug != own_slug]


def namesakes(
    name: str, people: Iterable[tuple[str, Person]], *, own_slug: str | None = None,
    unreadable: Mapping[str, str] | None = None,
) -> list[tuple[str, Person]]:
    """Everyone else already called ``name``: offered before a second person is
    created (see ``Namesakes``, for the people whose files cannot be read)."""
    return Namesakes(people, unreadable)(name, own_slug=own_slug)


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
