"""Who knows whom: warm introduction paths and the referral tree (pure; no UI).

Links come from two fields of a person: ``knows`` (this person could introduce
you to those) and ``introduced_by`` (who introduced you to this person), which
counts both ways — the introducer can reach them and they can reach the
introducer. Slugs that name nobody and links to oneself are ignored, and every
walk guards against cycles, because these files are edited by hand.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

from coffeechat.core.models import Interview, Person
from coffeechat.core.people import Linked, role_line
from coffeechat.core.text import fold, sort_key

DEFAULT_MAX_HOPS = 3
DEFAULT_LIMIT = 200
# How many people a walk asks ``Network.reached_by_each`` about at once.
ASKED_AHEAD = 100


@dataclass(frozen=True)
class WarmPaths:
    """People at the target (``direct``) and chains that lead to one (``paths``).

    Each path is a list of slugs starting with someone you can ask and ending at
    a person at the target; shorter paths come first.
    """

    direct: list[str]
    paths: list[list[str]]


def people_named(record: Person | Interview) -> Iterator[tuple[str, str]]:
    """``(field, slug)`` of each person a record names, each of which should be
    a person's file: a person's introducer and the people they know, a chat's
    person and its referrals (an empty introducer or chat person names nobody).
    The index reads the same from its rows (``ReferenceQueries.unknown_people``)."""
    if isinstance(record, Person):
        if record.introduced_by:
            yield "introduced_by", record.introduced_by
        for other in record.knows:
            yield "knows", other
        return
    if record.person:
        yield "person", record.person
    for referral in record.referrals:
        yield "referrals", referral.person


def reach(slug: str, person: Linked) -> Iterator[tuple[str, str]]:
    """The links one person's record makes, as ``(source, target)``: ``source``
    can introduce you to ``target``. A network keeps those between two of its
    people, none from a person to themselves."""
    for other in person.knows:
        yield slug, other
    if person.introduced_by:
        yield person.introduced_by, slug
        yield slug, person.introduced_by


class Network(ABC):
    """Who knows whom, as the warm paths walk it: the people whose company or
    title holds a text, and who can introduce you to a person. ``PeopleGraph``
    holds every person in memory; the store answers the same from the index's
    rows, a person at a time, so a walk reads only the people it reaches."""

    @abstractmethod
    def at(self, needles: Collection[str]) -> Mapping[str, Collection[str]]:
        """For each needle (folded, not empty), the people whose folded company
        or title contains it."""

    @abstractmethod
    def name(self, slug: str) -> str:
        """A person's name (their slug when they have none, or are nobody)."""

    @abstractmethod
    def role(self, slug: str) -> str:
        """The role line (``core.people.role_line``) of a person ``at`` found,
        "" when none is known."""

    @abstractmethod
    def reached_by(self, slug: str) -> Collection[str]:
        """Who can introduce you to the person ``slug``: the people who know
        them, who introduced them, or whom they introduced."""

    def reached_by_each(self, slugs: Collection[str]) -> Mapping[str, Collection[str]]:
        """``reached_by`` of each of ``slugs`` (one question, for a network
        that reads its links from elsewhere)."""
        return {slug: self.reached_by(slug) for slug in slugs}

    def warm_paths(
        self, query: str, *, max_hops: int = DEFAULT_MAX_HOPS, limit: int = DEFAULT_LIMIT
    ) -> WarmPaths:
        """Everyone at a company or title matching ``query``, then the shortest
        chain from each other person who can lead to one of them."""
        return self.warm_paths_of([query], max_hops=max_hops, limit=limit)[query]

    def warm_paths_of(
        self, queries: Iterable[str], *, max_hops: int = DEFAULT_MAX_HOPS,
        limit: int = DEFAULT_LIMIT,
    ) -> dict[str, WarmPaths]:
        """``warm_paths`` of each of ``queries``, the people at each found together."""
        needles = {query: fold(query).strip() for query in queries}
        found = self.at({needle for needle in needles.values() if needle})
        return {query: self._walk(found.get(needle, ()), max_hops, limit) if needle
                else WarmPaths([], []) for query, needle in needles.items()}

    def _walk(self, targets: Collection[str], max_hops: int, limit: int) -> WarmPaths:
        direct = sorted(targets, key=lambda slug: (sort_key(self.name(slug)), slug))
        # Walk backwards from every target at once: the first time a person is
        # reached is along their shortest chain to some target.
        next_hop: dict[str, str | None] = {slug: None for slug in targets}
        depth = dict.fromkeys(targets, 0)
        queue = deque(sorted(targets))
        found: list[str] = []
        reached: dict[str, Collection[str]] = {}
        while queue and len(found) < limit:
            current = queue.popleft()
            if depth[current] >= max_hops:
                continue
            if current not in reached:
                # Asked with those next in the queue, which the walk mostly reaches.
                reached.update(self.reached_by_each([current, *(
                    slug for slug in islice(queue, ASKED_AHEAD) if depth[slug] < max_hops)]))
            for source in sorted(reached[current]):
                if source in next_hop:
                    continue
                next_hop[source] = current
                depth[source] = depth[current] + 1
                found.append(source)
                queue.append(source)
        paths = [self._chain(slug, next_hop) for slug in found[:limit]]
        paths.sort(key=lambda path: (len(path), sort_key(self.name(path[0])), path))
        return WarmPaths(direct, paths)

    @staticmethod
    def _chain(start: str, next_hop: dict[str, str | None]) -> list[str]:
        chain = [start]
        step = next_hop[start]
        while step is not None:
            chain.append(step)
            step = next_hop[step]
        return chain


class PeopleGraph(Network):
    """The introduction links between people, built once and queried often."""

    def __init__(self, people: Iterable[tuple[str, Linked]]) -> None:
        self.people: dict[str, Linked] = dict(people)
        # reaches[a] holds everyone ``a`` could introduce you to.
        self.reaches: dict[str, set[str]] = {slug: set() for slug in self.people}
        self._reversed: dict[str, set[str]] | None = None
        self._folded: dict[str, tuple[str, str]] | None = None
        for slug, person in self.people.items():
            for source, target in reach(slug, person):
                self._link(source, target)

    def _link(self, source: str, target: str) -> None:
        if source != target and source in self.reaches and target in self.people:
            self.reaches[source].add(target)

    def name(self, slug: str) -> str:
        person = self.people.get(slug)
        return person.name if person is not None and person.name else slug

    def role(self, slug: str) -> str:
        person = self.people.get(slug)
        return role_line(person) if person is not None else ""

    def at(self, needles: Collection[str]) -> dict[str, list[str]]:
        folded = self._companies_and_titles()
        return {needle: [slug for slug, (company, title) in folded.items()
                         if needle in company or needle in title] for needle in needles}

    def reached_by(self, slug: str) -> set[str]:
        return self._reached_by()[slug]

    def _companies_and_titles(self) -> dict[str, tuple[str, str]]:
        """Each person's company and title, folded once for all the queries of
        this graph (the Targets area asks one per target)."""
        if self._folded is None:
            self._folded = {slug: (fold(person.company), fold(person.title))
                            for slug, person in self.people.items()}
        return self._folded

    def _reached_by(self) -> dict[str, set[str]]:
        """Who can introduce you to each person: the links reversed, made once
        for all the queries of this graph (the Targets area asks one per target)."""
        if self._reversed is None:
            self._reversed = {slug: set() for slug in self.people}
            for source, targets_of_source in self.reaches.items():
                for target in targets_of_source:
                    self._reversed[target].add(source)
        return self._reversed


@dataclass
class ReferralNode:
    """One person in the referral tree and what their branch yielded."""

    slug: str
    children: list[ReferralNode] = field(default_factory=list)
    conversations: int = 0
    names: int = 0


def referral_parents(
    people: Mapping[str, Linked], interviews: Iterable[Interview]
) -> dict[str, str]:
    """Who led to whom: ``child -> parent`` from ``introduced_by``, else from the
    interview where the child was given as a referral; cycles are cut."""
    parent: dict[str, str] = {}
    for slug, person in people.items():
        introducer = person.introduced_by
        if introducer and introducer != slug and introducer in people:
            parent[slug] = introducer
    for interview in interviews:
        for referral in interview.referrals:
            child = referral.person
            if (child in people and child not in parent and interview.person in people
                    and interview.person != child):
                parent[child] = interview.person
    _cut_cycles(parent)
    return parent


def _cut_cycles(parent: dict[str, str]) -> None:
    """Remove one link from every cycle (the one above the smallest slug)."""
    settled: set[str] = set()
    for start in sorted(parent):
        trail: list[str] = []
        on_trail: set[str] = set()
        node: str | None = start
        while node is not None and node not in settled and node not in on_trail:
            trail.append(node)
            on_trail.add(node)
            node = parent.get(node)
        if node is not None and node in on_trail:
            cycle = trail[trail.index(node):]
            del parent[min(cycle)]
        settled.update(trail)


def referral_forest(
    people: Mapping[str, Linked], interviews: Iterable[Interview]
) -> list[ReferralNode]:
    """Trees of who led to whom, rooted at people nobody referred; people with no
    referral links at all are left out. Each node counts the done interviews with
    anyone in its branch and the names the branch brought in."""
    interviews = list(interviews)
    parent = referral_parents(people, interviews)
    held: dict[str, int] = {}
    for interview in interviews:
        if interview.status == "done":
            held[interview.person] = held.get(interview.person, 0) + 1
    nodes: dict[str, ReferralNode] = {}

    def node_for(slug: str) -> ReferralNode:
        if slug not in nodes:
            nodes[slug] = ReferralNode(slug, conversations=held.get(slug, 0))
        return nodes[slug]

    for referred, above in sorted(parent.items()):
        node_for(above).children.append(node_for(referred))
    roots = [node for slug, node in nodes.items() if slug not in parent]
    # Totals bottom-up without recursion: chains can be thousands long.
    order: list[ReferralNode] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(node.children)
    for node in reversed(order):
        node.children.sort(key=lambda child: child.slug)
        for child in node.children:
            node.conversations += child.conversations
            node.names += 1 + child.names
    roots.sort(key=lambda node: (-node.names, node.slug))
    return roots
