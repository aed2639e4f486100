"""Target employers, ranked by motivation, posting and advocacy (pure; no UI).

The method is Steve Dalton's: list the employers you would like to work for,
say how much you want each (motivation 0 to 3) and whether it advertises a
role you fit (posting), and let who you know there (advocacy) break the ties.
Advocacy is never typed: it is read from the network (the same people and warm
paths as ``core.network``) and from the chats held there.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from coffeechat.core.campaign import ASKED_STATUSES
from coffeechat.core.models import Company, Interview
from coffeechat.core.models.codecs import one_of
from coffeechat.core.models.company import MOTIVATION_HIGH, MOTIVATION_LOW, POSTINGS, Posting
from coffeechat.core.network import Network, PeopleGraph, WarmPaths
from coffeechat.core.nudges import (
    DEFAULT_SECOND_CONTACT_DAYS,
    DEFAULT_TARGET_NUDGE_DAYS,
    Rhythm,
)
from coffeechat.core.people import Linked, name_key
from coffeechat.core.text import nearest, sort_key

# Posting, best first: a role advertised, then not known, then none.
POSTING_ORDER = {"yes": 0, "unknown": 1, "": 1, "no": 2}


class TargetError(ValueError):
    """A target value that makes no sense; the text is for the user."""


def motivation(value: str | int) -> int:
    """A motivation as typed, checked: a whole number from 0 to 3."""
    text = str(value).strip()
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not MOTIVATION_LOW <= number <= MOTIVATION_HIGH:
        raise TargetError(f"motivation is {MOTIVATION_LOW} to {MOTIVATION_HIGH} "
                          f"(how much you want to work there), not {text!r}")
    return number


def posting(value: str) -> Posting:
    """A posting as typed, checked: yes, no or unknown."""
    chosen = one_of(POSTINGS, value.strip().casefold())
    if chosen is None:
        raise TargetError(f"posting is one of {', '.join(POSTINGS)}, not {value.strip()!r}")
    return chosen


class NoSuchCompany(TargetError):
    """No company has this name; ``hint`` is the closest name, if any."""

    def __init__(self, reference: str, hint: str | None) -> None:
        suffix = f" (did you mean {hint!r}?)" if hint else ""
        super().__init__(f"no company {reference!r}{suffix}")
        self.reference = reference
        self.hint = hint


def find_company(reference: str, companies: Iterable[tuple[str, Company]]) -> str:
    """The slug of the company a user means by its slug or name (case and
    spacing aside). ``NoSuchCompany`` names the closest name: a near miss is
    offered, never silently made a second company."""
    text = reference.strip()
    listed = list(companies)
    wanted = name_key(text)
    for slug, company in listed:
        if slug == text or name_key(company.name) == wanted:
            return slug
    names = {name_key(company.name): company.name for _, company in listed}
    hint = nearest(wanted, names)
    raise NoSuchCompany(text, names[hint] if hint is not None else None)


def employer(reference: str, people: Iterable[tuple[str, Linked]]) -> str | None:
    """An employer as people's records spell it, for a company with no file yet:
    ``"northwind"`` is ``"Northwind"`` when someone works there."""
    wanted = name_key(reference)
    for _, person in people:
        if wanted and name_key(person.company) == wanted:
            return person.company.strip()
    return None


def nearest_employer(reference: str, companies: Iterable[tuple[str, Company]],
                     people: Iterable[tuple[str, Linked]]) -> str | None:
    """The company or employer name closest to ``reference``, if one is close."""
    names = {name_key(company.name): company.name for _, company in companies}
    for _, person in people:
        names.setdefault(name_key(person.company), person.company.strip())
    names.pop("", None)
    hint = nearest(name_key(reference), names)
    return names[hint] if hint is not None else None


def make_target(company: Company, level: int | None = None,
                advertised: str | None = None) -> Company:
    """The company as a target, with the motivation and posting given (those
    not given are kept)."""
    changed = company.copy()
    changed.target = True
    if level is not None:
        changed.motivation = level
    if advertised is not None:
        chosen = posting(advertised)
        changed.posting = "" if chosen == "unknown" else chosen
    return changed


def drop_target(company: Company) -> Company:
    """The company as a plain research record again (its notes stay)."""
    changed = company.copy()
    changed.target = False
    changed.motivation = None
    changed.posting = ""
    return changed


@dataclass(frozen=True)
class Advocacy:
    """Who and what you have at one employer, from the network and the chats:
    ``contacts`` work there, ``warm_paths`` are chains (slugs) from someone
    you know elsewhere to a contact there; ``asked`` and ``held`` are chats
    there (interview slugs); ``names`` are people gained in those chats."""

    contacts: tuple[str, ...] = ()
    warm_paths: tuple[tuple[str, ...], ...] = ()
    asked: tuple[str, ...] = ()
    held: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def score(self) -> tuple[int, int, int, int, int]:
        """Higher is better: people there, then paths there, then chats."""
        return (len(self.contacts), len(self.warm_paths), len(self.held), len(self.asked),
                len(self.names))

    def to_reach(self) -> tuple[str, ...]:
        """Who to ask there, best first: the people there, then where each warm
        path starts."""
        found = dict.fromkeys(self.contacts)  # in order, each once
        for path in self.warm_paths:
            found.setdefault(path[0])
        return tuple(found)


@dataclass(frozen=True)
class Target:
    """One target employer and its advocacy."""

    slug: str
    company: Company
    advocacy: Advocacy

    @property
    def motivation(self) -> int:
        return self.company.motivation or 0

    @property
    def posting(self) -> str:
        return self.company.posting or "unknown"


class ChatAt(NamedTuple):
    """What advocacy reads of a chat: who it is with, its employer's name key,
    whether it was asked for and held, and the people it gained (slugs)."""

    person: str
    employer: str
    asked: bool
    held: bool
    referred: tuple[str, ...]


def chat_at(interview: Interview, employer: str | None = None) -> ChatAt:
    """``ChatAt`` of an interview; ``employer`` (a name key) stands for its
    company where the interview does not hold it (a light copy of a closed chat,
    ``core.agenda.light``)."""
    return ChatAt(interview.person,
                  name_key(interview.company) if employer is None else employer,
                  interview.status in ASKED_STATUSES or bool(interview.outreach),
                  interview.status == "done",
                  tuple(referral.person for referral in interview.referrals))


# The chats with any of these people or at any of these employers (name
# keys): more may come, never fewer (``advocacy`` keeps those it counts).
ChatSource = Callable[[Collection[str], Collection[str]], Iterable[tuple[str, ChatAt]]]


def chats_of(interviews: Iterable[tuple[str, Interview]]) -> ChatSource:
    """A ``ChatSource`` of interviews at hand (all of them, whatever is asked)."""
    listed = [(slug, chat_at(interview)) for slug, interview in interviews]
    return lambda people, employers: listed


def advocacy(name: str, paths: WarmPaths, chats: Iterable[tuple[str, ChatAt]]) -> Advocacy:
    """The advocacy of the employer called ``name``: its people and warm paths
    (``PeopleGraph.warm_paths`` of its name), and the chats with its people or
    at that employer (people gained in the order of the chats' slugs, so as
    not to depend on the order the chats come in)."""
    contacts = tuple(paths.direct)
    there = set(contacts)
    key = name_key(name)
    asked: list[str] = []
    held: list[str] = []
    names: list[str] = []
    for slug, chat in sorted(chats, key=lambda item: item[0]):
        if chat.person not in there and chat.employer != key:
            continue
        if chat.asked:
            asked.append(slug)
        if chat.held:
            held.append(slug)
        names.extend(chat.referred)
    return Advocacy(contacts, tuple(tuple(path) for path in paths.paths),
                    tuple(sorted(asked)), tuple(sorted(held)), tuple(dict.fromkeys(names)))


def rank(companies: Iterable[tuple[str, Company]],
         people: Iterable[tuple[str, Linked]] | Network,
         chats: ChatSource | None = None) -> list[Target]:
    """The target employers, best first: by motivation, then posting (yes,
    unknown, no), then advocacy, then name. ``people`` are every person, or
    the network they make (the store's walks the index's rows). ``chats`` is
    asked once, for the chats with the people at any target or at a target
    employer (none: no chat is counted)."""
    graph = people if isinstance(people, Network) else PeopleGraph(people)
    wanted = [(slug, company) for slug, company in companies if company.target]
    walked = graph.warm_paths_of(company.name for _, company in wanted)
    found = [(slug, company, walked[company.name]) for slug, company in wanted]
    listed = list(chats({slug for _, _, paths in found for slug in paths.direct},
                        {name_key(company.name) for _, company, _ in found})
                  ) if chats is not None and found else []
    return ordered(Target(slug, company, advocacy(company.name, paths, listed))
                   for slug, company, paths in found)


def ordered(found: Iterable[Target]) -> list[Target]:
    """Targets best first (see ``rank``): after a change of motivation or
    posting, the advocacy already computed orders them again."""
    return sorted(found, key=lambda target: (
        -target.motivation, POSTING_ORDER[target.company.posting],
        tuple(-count for count in target.advocacy.score),
        sort_key(target.company.name), target.slug))


def rhythm(targets: Iterable[Target], second_days: int = DEFAULT_SECOND_CONTACT_DAYS,
           nudge_days: int = DEFAULT_TARGET_NUDGE_DAYS) -> Rhythm:
    """The follow-up rhythm at these employers."""
    listed = list(targets)
    return Rhythm(second_days, nudge_days,
                  {name_key(target.company.name): target.advocacy.to_reach()
                   for target in listed},
                  {name_key(target.company.name): target.company.name for target in listed})


def namer_telling_apart(slugs: Iterable[str],
                        name_of: Callable[[str], str]) -> Callable[[str], str]:
    """``name_of`` for a list of people where two may share a name (two Sam
    Lees at one employer): those get their slug too, so the user can tell
    which is meant."""
    listed = list(dict.fromkeys(slugs))
    counts: dict[str, int] = {}
    for slug in listed:
        key = name_key(name_of(slug))
        counts[key] = counts.get(key, 0) + 1

    def named(slug: str) -> str:
        name = name_of(slug)
        return f"{name} ({slug})" if counts.get(name_key(name), 0) > 1 else name

    return named


def rhythm_people(found: Rhythm | None) -> list[str]:
    """The people the rhythm may suggest, each once."""
    if found is None:
        return []
    return list(dict.fromkeys(slug for slugs in found.contacts.values() for slug in slugs))


def rhythm_namer(found: Rhythm | None, name_of: Callable[[str], str]) -> Callable[[str], str]:
    """``name_of`` with the people the rhythm may suggest told apart (``name_of``
    is asked for each: a ``Workspace.person_namer`` made ``among`` them asks
    the index once)."""
    if found is None:
        return name_of
    return namer_telling_apart(rhythm_people(found), name_of)


def leads(target: Target, name_of: Callable[[str], str]) -> str:
    """One line on who can get you in: for a target where you know nobody,
    who could lead there, or that nobody does yet."""
    found = target.advocacy
    if found.contacts:
        shown = ", ".join(name_of(slug) for slug in found.contacts[:3])
        more = "…" if len(found.contacts) > 3 else ""
        return f"you know {len(found.contacts)} there: {shown}{more}"
    if found.warm_paths:
        starts = ", ".join(name_of(path[0]) for path in found.warm_paths[:3])
        return f"nobody you know works there; {starts} could lead there"
    return "nobody you know works there, and nobody leads there yet"
