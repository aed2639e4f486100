"""Matching imported people against the workspace and planning the changes.

The plan is computed without writing anything, so ``--dry-run`` and the app's
preview show exactly what ``apply_plan`` will do. Matching, strongest first:
the same LinkedIn profile URL, any shared e-mail address, else the same name
and company (both case-insensitive). A matched person is only ever filled in:
a field that already holds something is left exactly as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from coffeechat.core.models import Person
from coffeechat.core.people import name_key
from coffeechat.interop.keyindex import SEVERAL, KeyTable, TextLog
from coffeechat.storage import Workspace
from coffeechat.storage.collection import ReadOnlyError, StoreError

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
# Files written between two fsyncs of the folder.
BATCH = 256
# Simple text fields an import may fill when they are empty.
_FILLABLE = ("company", "title", "how_we_met", "notes")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/", re.IGNORECASE)


@dataclass
class Candidate:
    """One person read from a file; ``origin`` says where ("line 7", "x.vcf card 3, line 40")."""

    person: Person
    origin: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """An entry in the file that yields no person, and why."""

    origin: str
    reason: str


@dataclass
class ParseResult:
    """Everything read from one or more files, in file order, before the workspace
    is consulted."""

    items: list[Candidate | Skipped] = field(default_factory=list)

    @property
    def candidates(self) -> list[Candidate]:
        return [item for item in self.items if isinstance(item, Candidate)]

    @property
    def skipped(self) -> list[Skipped]:
        return [item for item in self.items if isinstance(item, Skipped)]


@dataclass
class Action:
    """What the import will do with one entry of the file. An entry folded into an
    earlier one (the same person twice) points at it: ``merged_into`` while that
    action is still held, else ``merged_into_new``, the number of the earlier creation."""

    kind: str
    origin: str
    name: str
    slug: str = ""
    record: Person | None = None
    filled: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    number: int = -1
    merged_into: Action | None = None
    merged_into_new: int | None = None
    person: Person | None = None
    done: bool = False

    def describe(self) -> str:
        """One line for the terminal or the preview."""
        where = f" ({self.origin})" if self.origin else ""
        if self.kind == CREATE:
            text = f"create     {self.name}{where}"
        elif self.kind == UPDATE:
            text = f"update     {self.name} [{self.slug}]{where}: fills {', '.join(self.filled)}"
        elif self.kind == UNCHANGED:
            text = f"unchanged  {self.name} [{self.slug}]{where}"
        else:
            label = f"{self.name}{where}" if self.name else self.origin
            text = f"skip       {label}: {self.reason}"
        for warning in self.warnings:
            text += f"; note: {warning}"
        return text


@dataclass
class Plan:
    """The ordered actions of one import (kept only when asked), and how many of each
    kind; the counts follow an earlier action that a later duplicate turns into an update."""

    actions: list[Action] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str) -> int:
        return self.counts[kind]

    @property
    def changes(self) -> list[Action]:
        return [action for action in self.actions if action.kind in (CREATE, UPDATE)]

    def summary(self) -> str:
        """Counts by kind, like ``3 created, 1 updated, 2 unchanged, 1 skipped``."""
        return (f"{self.count(CREATE)} created, {self.count(UPDATE)} updated, "
                f"{self.count(UNCHANGED)} unchanged, {self.count(SKIP)} skipped")


@dataclass
class Outcome:
    """What was actually written; a failed write never stops the others."""

    plan: Plan
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    failed: list[tuple[Action, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{len(self.created)} created, {len(self.updated)} updated, "
                f"{self.plan.count(UNCHANGED)} unchanged, {self.plan.count(SKIP)} skipped")
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text


def normalize_linkedin(url: str) -> str:
    """A profile URL reduced to what identifies it: no scheme, host prefix, query or slash."""
    text = url.strip().casefold()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^[a-z]{2,3}\.linkedin\.com", "linkedin.com", text)
    text = text.split("?", 1)[0].split("#", 1)[0]
    return text.rstrip("/")


def is_linkedin_url(url: str) -> bool:
    return bool(_LINKEDIN.match(url.strip()))


def _kind_of(key: str) -> str:
    """``email2`` → ``email``: the contact keys an import writes are numbered kinds."""
    return key.rstrip("0123456789")


def _emails(person: Person) -> set[str]:
    return {value.strip().casefold() for key, value in person.contact.items()
            if _kind_of(key) == "email" and value.strip()}


def _profiles(person: Person) -> set[str]:
    urls = [person.contact.get("linkedin", ""), *person.links]
    return {normalize_linkedin(url) for url in urls if url and is_linkedin_url(url)}


def _name_key(person: Person) -> tuple[str, str]:
    return name_key(person.name), name_key(person.company)


def _name_text(person: Person) -> str:
    return "\x00".join(_name_key(person))


class _Index:
    """Lookups from identifying values to the slugs of the people in the workspace."""

    def __init__(self) -> None:
        self.profiles: dict[str, list[str]] = {}
        self.emails: dict[str, list[str]] = {}
        self.names: dict[tuple[str, str], list[str]] = {}
        self.profiles_of: dict[str, set[str]] = {}

    def add(self, key: str, person: Person) -> None:
        profiles = self.profiles_of[key] = _profiles(person)
        for profile in profiles:
            self.profiles.setdefault(profile, []).append(key)
        for email in _emails(person):
            self.emails.setdefault(email, []).append(key)
        self.names.setdefault(_name_key(person), []).append(key)

    def same_name(self, person: Person) -> list[str]:
        # Two different LinkedIn profiles are two people, whatever their names.
        mine = _profiles(person)
        keys = dict.fromkeys(self.names.get(_name_key(person), []))
        return [key for key in keys
                if not (mine and self.profiles_of.get(key) and not mine & self.profiles_of[key])]


def _fills(existing: Person, incoming: Person) -> list[tuple[str, Any]]:
    """The ``(field, value)`` pairs an import may add: only where ``existing`` is empty."""
    fills: list[tuple[str, Any]] = []
    for name in _FILLABLE:
        if not getattr(existing, name).strip() and getattr(incoming, name).strip():
            fills.append((name, getattr(incoming, name)))
    if existing.connected_on is None and incoming.connected_on is not None:
        fills.append(("connected_on", incoming.connected_on))
    if not existing.links and incoming.links:
        fills.append(("links", list(incoming.links)))
    # A kind of contact (all e-mails, all phones) is filled only when the person
    # has none of it: a user who changed an address keeps exactly their list.
    present = {_kind_of(key) for key, value in existing.contact.items() if value.strip()}
    for key, value in incoming.contact.items():
        if _kind_of(key) not in present and key not in existing.contact:
            fills.append((f"contact.{key}", value))
    return fills


def fill_empty(existing: Person, incoming: Person) -> tuple[Person, list[str]]:
    """``existing`` with its empty fields taken from ``incoming`` (a copy, and only when
    something is filled: a re-import of thousands of unchanged people copies nothing)."""
    fills = _fills(existing, incoming)
    if not fills:
        return existing, []
    merged = existing.copy()
    for name, value in fills:
        if name.startswith("contact."):
            merged.contact[name.removeprefix("contact.")] = value
        else:
            setattr(merged, name, value)
    return merged, [name for name, _ in fills]


_EMAIL, _PROFILE, _LINKS, _COMPANY = 1, 2, 4, 8


def _shape(person: Person) -> int:
    """Which of the fields that carry matching keys a person already has."""
    kinds = {_kind_of(key) for key, value in person.contact.items() if value.strip()}
    return ((_EMAIL if "email" in kinds else 0) | (_PROFILE if "linkedin" in kinds else 0)
            | (_LINKS if person.links else 0) | (_COMPANY if person.company.strip() else 0))


class Planner:
    """Decides, one entry at a time, whether it creates, updates or leaves someone alone.

    People already in the workspace are looked up exactly. The people this import
    creates are looked up in compact tables (``keyindex``), so a long file costs a
    few dozen bytes a row; with ``keep`` false the plan keeps only counts, and a
    creation's record is dropped once ``release`` says it has been dealt with. The
    keys a later duplicate fills in (an e-mail, a profile) are added for the rest of
    the import, so no two people end up sharing them.
    """

    def __init__(self, workspace: Workspace, *, keep: bool = True) -> None:
        self.workspace = workspace
        self.plan = Plan()
        self._keep = keep
        self._index = _Index()
        self._broken: dict[str, str] = {}
        for slug, entry in workspace.people.entries.items():
            record = entry.record
            if record is None:
                continue
            self._index.add(slug, record)
            if entry.broken:
                self._broken[slug] = entry.path.name
        self._current: dict[str, Action] = {}
        self._new_profiles = KeyTable()
        self._new_emails = KeyTable()
        # Creations with a profile URL and without: a name only matches the first kind
        # when the incoming person has no profile (two profiles are two people).
        self._new_names_profiled = KeyTable()
        self._new_names_plain = KeyTable()
        self._new_origins = TextLog()
        self._new_shapes = bytearray()
        self._held: dict[int, Action] = {}

    def add(self, item: Candidate | Skipped) -> Action:
        """The action for the next entry of the file."""
        if isinstance(item, Skipped):
            action = Action(SKIP, item.origin, "", reason=item.reason)
        else:
            action = self._plan(item)
        self.plan.counts[action.kind] += 1
        if self._keep:
            self.plan.actions.append(action)
        return action

    def release(self, action: Action) -> None:
        """Forget a creation's record once it is written (or, in a dry run, shown)."""
        if action.kind == CREATE and not self._keep:
            self._held.pop(action.number, None)
            action.record = None

    def _plan(self, candidate: Candidate) -> Action:
        person = candidate.person
        name = person.name
        warnings = list(candidate.warnings)
        keys, how = self._match(person)
        if not keys:
            number = self._remember_new(person, candidate.origin)
            action = Action(CREATE, candidate.origin, name, record=person,
                            warnings=warnings, number=number)
            self._held[number] = action
            return action
        if len(keys) > 1 or SEVERAL in keys:
            names = ", ".join(self._new_origins[key] if isinstance(key, int) and key >= 0
                              else "people created earlier in this import" if key == SEVERAL
                              else str(key) for key in keys)
            return Action(SKIP, candidate.origin, name, warnings=warnings,
                          reason=f"the {how} matches several people ({names}); merge them first")
        key = keys[0]
        if isinstance(key, int):
            return self._merge_into_new(key, candidate, how, warnings)
        earlier = self._current.get(key)
        if earlier is not None:
            return self._merge_into_current(key, earlier, candidate, how, warnings)
        if key in self._broken:
            action = Action(SKIP, candidate.origin, name, slug=key, warnings=warnings,
                            reason=f"matches {self._broken[key]}, which has errors; "
                                   "fix that file first")
            self._current[key] = action
            return action
        base = self.workspace.people.get(key)
        assert base is not None
        merged, filled = fill_empty(base, person)
        if filled:
            action = Action(UPDATE, candidate.origin, base.name, slug=key, record=merged,
                            filled=filled, warnings=warnings)
            self._index.add(key, merged)
        else:
            action = Action(UNCHANGED, candidate.origin, base.name, slug=key, warnings=warnings)
        self._current[key] = action
        return action

    def _merge_into_current(self, key: str, earlier: Action, candidate: Candidate, how: str,
                            warnings: list[str]) -> Action:
        """The same person twice, already in the workspace: fold it into the first."""
        name = candidate.person.name
        if earlier.kind == SKIP:
            return Action(SKIP, candidate.origin, name, warnings=warnings,
                          reason=f"same person as {earlier.origin}, which is skipped")
        base = earlier.record if earlier.record is not None else self.workspace.people.get(key)
        assert base is not None
        earlier.record, filled = fill_empty(base, candidate.person)
        if filled and earlier.kind == UNCHANGED:
            earlier.kind = UPDATE
            self.plan.counts[UNCHANGED] -= 1
            self.plan.counts[UPDATE] += 1
        earlier.filled.extend(item for item in filled if item not in earlier.filled)
        self._index.add(key, earlier.record)
        return Action(SKIP, candidate.origin, name, warnings=warnings, filled=filled,
                      merged_into=earlier,
                      reason=f"same person as {earlier.origin} (by {how}); merged into it")

    def _merge_into_new(self, number: int, candidate: Candidate, how: str,
                        warnings: list[str]) -> Action:
        """The same person twice among those this import creates: fold it into the first."""
        person = candidate.person
        earlier = self._held.get(number)
        filled: list[str] = []
        if earlier is not None and earlier.record is not None:
            earlier.record, filled = fill_empty(earlier.record, person)
            earlier.filled.extend(item for item in filled if item not in earlier.filled)
        self._learn_new(number, person)
        return Action(SKIP, candidate.origin, person.name, warnings=warnings, filled=filled,
                      merged_into=earlier, merged_into_new=None if earlier else number,
                      person=None if earlier else person,
                      reason=f"same person as {self._new_origins[number]} (by {how}); "
                             "merged into it")

    def _remember_new(self, person: Person, origin: str) -> int:
        number = self._new_origins.append(origin)
        self._new_shapes.append(0)
        profiles = _profiles(person)
        names = self._new_names_profiled if profiles else self._new_names_plain
        names.add(_name_text(person), number)
        self._learn_new(number, person, shape=_shape(person))
        return number

    def _learn_new(self, number: int, person: Person, *, shape: int | None = None) -> None:
        """Index the keys ``person`` gives creation ``number``: all of them when it is
        new, else those a merge fills in (kinds the creation did not have yet)."""
        has = self._new_shapes[number] if shape is None else 0
        if not has & _EMAIL:
            for email in _emails(person):
                self._new_emails.add(email, number)
        linkedin = person.contact.get("linkedin", "")
        if not has & _PROFILE and linkedin and is_linkedin_url(linkedin):
            self._new_profiles.add(normalize_linkedin(linkedin), number)
        if not has & _LINKS:
            for url in person.links:
                if is_linkedin_url(url):
                    self._new_profiles.add(normalize_linkedin(url), number)
        self._new_shapes[number] = has | (_shape(person) if shape is None else shape)

    def _match(self, person: Person) -> tuple[list[str | int], str]:
        """The keys matched at the strongest level that matches, and that level's name."""
        profiles = _profiles(person)
        for found, how in (
            (self._find(profiles, self._index.profiles, self._new_profiles), "LinkedIn URL"),
            (self._find(_emails(person), self._index.emails, self._new_emails), "e-mail"),
            (self._same_name(person, profiles), "name and company"),
        ):
            if found:
                return found, how
        return [], ""

    @staticmethod
    def _find(values: Iterable[str], existing: dict[str, list[str]],
              new: KeyTable) -> list[str | int]:
        keys: list[str | int] = []
        for value in sorted(values):
            keys.extend(existing.get(value, []))
            number = new.get(value)
            if number is not None:
                keys.append(number)
        return list(dict.fromkeys(keys))

    def _same_name(self, person: Person, profiles: set[str]) -> list[str | int]:
        keys: list[str | int] = list(self._index.same_name(person))
        text = _name_text(person)
        tables = ((self._new_names_plain,) if profiles
                  else (self._new_names_plain, self._new_names_profiled))
        for table in tables:
            number = table.get(text)
            if number is not None:
                keys.append(number)
        return list(dict.fromkeys(keys))


def plan_import(parsed: ParseResult, workspace: Workspace) -> Plan:
    """Decide, for every entry read, whether it creates, updates or leaves someone alone."""
    planner = Planner(workspace)
    for item in parsed.items:
        planner.add(item)
    return planner.plan


def apply_steps(plan: Plan, workspace: Workspace, outcome: Outcome) -> Iterator[Action]:
    """Write the plan, yielding after each change so a caller (the app) can stay
    responsive and show progress. Creations are written in batches (each file atomic
    and fsynced, the folder fsynced once a batch); one refused write (a conflict, a
    broken file, a full disk) does not stop the others."""
    changes = plan.changes
    for start in range(0, len(changes), BATCH):
        batch = changes[start:start + BATCH]
        with workspace.people.bulk_add() as add:
            for action in batch:
                if action.kind == CREATE:
                    _write(action, outcome, add)
        for action in batch:
            if action.kind == UPDATE:
                _write(action, outcome, partial(_save, workspace, action.slug))
            yield action


def _save(workspace: Workspace, slug: str, record: Person) -> str:
    workspace.people.save(slug, record)
    return slug


def _write(action: Action, outcome: Outcome, write: Callable[[Person], str]) -> None:
    """Write one planned change with ``write`` (which returns the slug), noting the result."""
    assert action.record is not None
    try:
        slug = write(action.record)
    except ReadOnlyError:
        raise
    except (StoreError, OSError) as exc:
        outcome.failed.append((action, str(exc)))
        return
    action.slug = slug
    (outcome.created if action.kind == CREATE else outcome.updated).append(slug)


def apply_plan(plan: Plan, workspace: Workspace) -> Outcome:
    """Write every planned creation and update; see ``apply_steps``."""
    outcome = Outcome(plan)
    for _ in apply_steps(plan, workspace, outcome):
        pass
    return outcome
