"""The network of the index's rows (``core.network.Network``): the warm paths
walk it a person at a time, so the rhythm at the target employers and the
Targets area read the people they reach, never every person."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet

from coffeechat.core.models import Person
from coffeechat.core.network import Network, reach
from coffeechat.core.people import Linked, role_line
from coffeechat.core.text import fold
from coffeechat.storage.index import Index


class IndexedNetwork(Network):
    """Every readable person as their row has them (``Index.network``), or
    their record (``behind``) where the index could not take its row yet; the
    rows of ``stale`` (out of date: those, files gone or unreadable) are left
    out. Answers as ``PeopleGraph`` of the same people would."""

    def __init__(self, index: Index, behind: Iterable[tuple[str, Person]],
                 stale: AbstractSet[str]) -> None:
        self._index = index
        self._behind = dict(behind)
        self._stale = stale
        # The names of the people met so far (those of the rows out of date
        # are never asked for): whoever is here is a person of the network.
        self._names = {slug: person.name or slug for slug, person in self._behind.items()}
        # The people ``at`` found, for their role lines.
        self._found: dict[str, Linked] = {}

    def at(self, needles: Collection[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {needle: [] for needle in needles}
        rows: list[tuple[str, str, str, str, Linked]] = [
            row for row in self._index.people_at(needles) if row[0] not in self._stale]
        rows += [(slug, person.name, fold(person.company), fold(person.title), person)
                 for slug, person in self._behind.items()]
        for slug, name, company, title, person in rows:
            self._names[slug] = name or slug
            self._found[slug] = person
            for needle in needles:
                if needle in company or needle in title:
                    found[needle].append(slug)
        return found

    def name(self, slug: str) -> str:
        if slug not in self._names and slug not in self._stale:
            self._names.update(self._index.linked_names([slug]))
        return self._names.get(slug) or slug

    def role(self, slug: str) -> str:
        person = self._found.get(slug)
        return role_line(person) if person is not None else ""

    def reached_by(self, slug: str) -> set[str]:
        return self.reached_by_each([slug])[slug]

    def reached_by_each(self, slugs: Collection[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {slug: set() for slug in slugs}
        for target, source, producer, name in self._index.reaching(found):
            if producer in self._stale or source == target:
                continue
            if source in self._behind:
                found[target].add(source)
            elif name is not None and source not in self._stale:
                self._names[source] = name or source
                found[target].add(source)
        # The links of the records whose rows the index could not take yet.
        for other, person in self._behind.items():
            for source, target in reach(other, person):
                if target in found and source != target and self._is_person(source):
                    found[target].add(source)
        return found

    def _is_person(self, slug: str) -> bool:
        if slug in self._names:
            return True
        if slug in self._stale:
            return False
        self._names.update(self._index.linked_names([slug]))
        return slug in self._names
