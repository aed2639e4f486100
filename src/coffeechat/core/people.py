"""Finding and showing people: one set of rules for the form, the CLI and every screen.

Pure rather than a store service: lookups take the store's people or a dict (``People``).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from coffeechat.core.errors import PersonLookupError
from coffeechat.core.models.person import Person
from coffeechat.core.text import fold, nearest

# How a person whose file cannot be read is marked wherever they are listed.
UNREADABLE = "file cannot be read"


class People(Protocol):
    """What resolving needs: slug membership and every readable person."""

    def __contains__(self, slug: object, /) -> bool: ...

    def items(self) -> Iterable[tuple[str, Person]]: ...


class Linked(Protocol):
    """What the network's links and a role line read of a person: a ``Person``
    is one, and so is a row of the index (no record rebuilt for it)."""

    @property
    def name(self) -> str: ...

    @property
    def company(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def introduced_by(self) -> str: ...

    @property
    def knows(self) -> Sequence[str]: ...


class NoSuchPerson(PersonLookupError):
    """Nobody has this slug or name; ``hint`` is the closest slug, if any."""

    def __init__(self, reference: str, hint: str | None) -> None:
        suffix = f" (did you mean {hint!r}?)" if hint else ""
        super().__init__(reference, f"no person {reference!r}{suffix}")
        self.hint = hint


class Unchecked(Exception):
    """A question about the network that could not be answered now (the people's
    folder or the index could not be read); the text says why, for the user."""


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


def which_namesake(slug: str, name: str, same_name: Iterable[tuple[str, Person]],
                   unreadable: Container[str] = ()) -> str | None:
    """``"黄丽-2: Librarian @ Transit; 5 are called 黄丽"``: which of the people
    called ``name`` (``same_name``) ``slug`` is, for a link shown by its slug;
    None when nobody else is called so."""
    everyone = dict(same_name)
    person = everyone.get(slug)
    if person is None or len(everyone) < 2:
        return None
    role = UNREADABLE if slug in unreadable else role_line(person)
    return f"{slug}: {role + '; ' if role else ''}{len(everyone)} are called {name}"


def name_key(name: str) -> str:
    """What two names must share to be the same name: case, accents, letters that
    fold (ø, ß…) and spacing do not count."""
    return " ".join(fold(name).split())


# Legal-form words that one file writes and another leaves out ("Figma Inc" and
# "Figma"); only at the end of a company name, and never the whole of it.
_COMPANY_SUFFIXES = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "gmbh", "ag", "kg",
    "co", "corp", "corporation", "company", "sa", "sas", "sarl", "srl", "spa", "bv", "nv",
    "oy", "ab", "as", "aps", "kk", "pty", "pte", "pvt", "ug", "se", "sl",
})
_WORDS = re.compile(r"\w+")


def folded(text: str) -> str:
    """Text folded (``core.text.fold``: case, accents, ø, ß…) and every run of
    punctuation or space one space: ``"José  Álvarez"`` and ``"jose alvarez"``
    fold alike."""
    return " ".join(_WORDS.findall(fold(text)))


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


def display_name(person: Linked | None, slug: str) -> str:
    """The name to show for a person, or the slug when there is no name to show."""
    return person.name if person is not None and person.name else slug


def role_line(person: Linked) -> str:
    """``"Buyer @ Aritzia"``, or whichever half is known, or ``""``."""
    return " @ ".join(part for part in (person.title, person.company) if part)


def called(name: str, slug: str, *, readable: bool = True) -> str:
    """The ``name_key`` a person counts as a namesake by: a readable person's
    name; for one whose file cannot be read, the name its text gives, else the
    slug (see ``Namesakes``)."""
    return name_key(name if readable else (name or slug))


class Namesakes:
    """Who is already called by a name, for asking of many names (each one typed),
    and which slugs the readable people have: what checking a person's fields asks
    of the network, a name or a slug at a time.

    Everyone counts, the people whose files cannot be read too (``unreadable``:
    their slugs, with their names as far as their text says, "" for nothing):
    they are in the network, so a second person of their name is as much a
    split as any. Each of those is given as a stand-in ``Person`` of that name
    (else of its slug), and ``unreadable`` says which they are. A store can
    answer ``named``, ``has`` and ``starting`` by queries instead of holding
    everyone; one that cannot answer now raises ``Unchecked``."""

    def __init__(self, people: Iterable[tuple[str, Person]] = (),
                 unreadable: Mapping[str, str] | None = None) -> None:
        self.unreadable: frozenset[str] = frozenset(unreadable or ())
        self._by_name: dict[str, list[tuple[str, Person]]] = {}
        self._readable: set[str] = set()
        for slug, person in people:
            self._by_name.setdefault(called(person.name, slug), []).append((slug, person))
            self._readable.add(slug)
        for slug, read in (unreadable or {}).items():
            self._by_name.setdefault(called(read, slug, readable=False), []).append(
                (slug, Person(name=read or slug)))

    def named(self, key: str) -> list[tuple[str, Person]]:
        """Everyone whose ``called`` key is ``key``."""
        return list(self._by_name.get(key, ()))

    def has(self, slug: str) -> bool:
        """Whether a readable person has ``slug``."""
        return slug in self._readable

    def starting(self, prefix: str) -> list[str]:
        """The readable people's slugs that begin with ``prefix``, in order."""
        return sorted(slug for slug in self._readable if slug.startswith(prefix))

    def __call__(self, name: str, *, own_slug: str | None = None) -> list[tuple[str, Person]]:
        wanted = name_key(name)
        if not wanted:
            return []
        return [(slug, person) for slug, person in self.named(wanted) if slug != own_slug]


def namesakes(
    name: str, people: Iterable[tuple[str, Person]], *, own_slug: str | None = None,
    unreadable: Mapping[str, str] | None = None,
) -> list[tuple[str, Person]]:
    """Everyone else already called ``name``: offered before a second person is
    created (see ``Namesakes``, for the people whose files cannot be read)."""
    return Namesakes(people, unreadable)(name, own_slug=own_slug)


def closest_slug(text: str, known: Namesakes) -> str | None:
    """The slug to suggest for ``text``, which names nobody: the closest
    (``nearest``) of the readable people's slugs that begin with the first two
    letters of ``text`` folded, so that a store answers it from a range of its
    slugs rather than every one (typing a name asks at each key)."""
    start = fold(text.strip())[:2]
    return nearest(text, known.starting(start)) if start else None


def resolve_person(reference: str, people: People | Namesakes) -> str:
    """The slug a user means by a slug or a name (case and spacing aside), among
    the readable people.

    A slug always wins, so it is the way out of an ambiguous name. Raises
    ``NoSuchPerson`` or ``AmbiguousPerson``; guessing could link the wrong person.
    """
    text = reference.strip()
    if isinstance(people, Namesakes):
        known = people
        if known.has(text):
            return text
    elif text in people:
        return text
    else:
        known = Namesakes(people.items())
    matches = [(slug, person) for slug, person in known(text) if slug not in known.unreadable]
    if len(matches) == 1:
        return matches[0][0]
    if matches:
        raise AmbiguousPerson(text, matches)
    raise NoSuchPerson(text, closest_slug(text, known))


def shown_link(slug: str, name: str, known: Namesakes) -> str:
    """How the person form shows a link to ``slug``, whose name is ``name``: the
    name, when typed back it names that person and nobody else (nobody's slug,
    no namesake, no comma for a list to split at, no space around it to lose,
    nothing a one-line field would not show as it is), else the slug."""
    if not name or name != name.strip() or "," in name or not name.isprintable():
        return slug
    try:
        return name if resolve_person(name, known) == slug else slug
    except (PersonLookupError, Unchecked):
        return slug


@dataclass
class FormCheck:
    """The outcome of checking the form: errors block saving, warnings do not;
    ``namesakes`` are the people already called by the new contact's name."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    introduced_by: str = ""
    knows: list[str] = field(default_factory=list)
    namesakes: list[tuple[str, Person]] = field(default_factory=list)
    # Which of ``namesakes`` are people whose files cannot be read.
    unreadable: frozenset[str] = frozenset()


def split_list(text: str) -> list[str]:
    """A comma-separated list as typed (tags, people someone knows)."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _link(label: str, text: str, known: Namesakes, problems: list[str]) -> str | None:
    """The slug ``text`` names, or None with the reason added to ``problems``."""
    try:
        return resolve_person(text, known)
    except NoSuchPerson as missing:
        hint = f" — did you mean {missing.hint!r}?" if missing.hint else "."
        problems.append(f"{label}: nobody called {missing.reference!r}{hint}")
    except AmbiguousPerson as ambiguous:
        problems.append(f"{label}: {ambiguous.reference!r} could be any of "
                        f"{ambiguous.choices}; type the slug of the one you mean.")
    except Unchecked as why:
        problems.append(f"{label}: {text.strip()!r} cannot be looked up now: {why}.")
    return None


def check_person(values: Mapping[str, str], known: Namesakes,
                 own_slug: str | None) -> FormCheck:
    """Check a person's fields as typed (the new and edit contact form): errors
    block saving, namesakes of a new contact are offered first (the people
    whose files cannot be read count too, see ``Namesakes``). Each name and
    link is one question to ``known``; what it cannot answer now is said."""
    result = FormCheck()
    name = values.get("name", "")
    if not name.strip():
        result.errors.append("Name: a name is required.")
    else:
        try:
            same_name = known(name, own_slug=own_slug)
        except Unchecked as why:
            same_name = []
            result.warnings.append(f"Name: whether {name.strip()!r} is already in your "
                                   f"network cannot be checked: {why}.")
        result.unreadable = frozenset(slug for slug, _ in same_name
                                      if slug in known.unreadable)
        if same_name and own_slug is None:
            result.namesakes = same_name
        elif same_name:
            slugs = ", ".join(slug for slug, _ in same_name)
            result.warnings.append(
                f"Name: {same_name[0][1].name!r} is also the name of {slugs}."
            )
    introducer = values.get("introduced_by", "").strip()
    if introducer:
        slug = _link("Introduced by", introducer, known, result.errors)
        if slug is not None and slug == own_slug:
            result.errors.append("Introduced by: a person cannot introduce themselves.")
        elif slug is not None:
            result.introduced_by = slug
    for item in split_list(values.get("knows", "")):
        slug = _link("Knows", item, known, result.errors)
        if slug is not None and slug != own_slug and slug not in result.knows:
            result.knows.append(slug)
    return result


# A contact entry is an e-mail address when its key is this, numbered or not
# (``email``, ``email2``): the index looks for keys that begin so.
EMAIL_KEY = "email"


def shared_addresses(contacts: Iterable[tuple[str, Iterable[tuple[str, str]]]]
                     ) -> list[tuple[str, str, str]]:
    """``(slug, earlier slug, address)`` for each person who shares an e-mail address
    with someone before them: possible duplicates (an import keeps two people apart
    when their names differ; a family or team inbox is several people). Of
    ``(slug, contact entries)`` of each person, in the order they count in."""
    first: dict[str, str] = {}
    found: list[tuple[str, str, str]] = []
    for slug, entries in contacts:
        for key, value in entries:
            address = value.strip().casefold()
            if key.rstrip("0123456789") != EMAIL_KEY or not address:
                continue
            earlier = first.setdefault(address, slug)
            if earlier != slug:
                found.append((slug, earlier, value.strip()))
    return found
