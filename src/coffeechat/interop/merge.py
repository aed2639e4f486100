"""Matching imported people against the workspace and planning the changes.

The plan is computed without writing anything, so ``--dry-run`` and the app's
preview show exactly what ``apply_plan`` will do. Matching, strongest first:
the same LinkedIn profile URL, any shared e-mail address, else the same name
and company (both case-insensitive). A matched person is only ever filled in:
a field that already holds something is left exactly as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.storage.collection import ReadOnlyError, StoreError

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
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

    def extend(self, other: ParseResult) -> None:
        self.items.extend(other.items)


@dataclass
class Action:
    """What the import will do with one entry of the file."""

    kind: str
    origin: str
    name: str
    slug: str = ""
    record: Person | None = None
    filled: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)

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
    """The ordered actions of one import, and a summary of them."""

    actions: list[Action] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for action in self.actions if action.kind == kind)

    @property
    def changes(self) -> list[Action]:
        return [action for action in self.actions if action.kind in (CREATE, UPDATE)]

    def summary(self) -> str:
        """Counts by kind, like ``3 created, 1 updated, 2 unchanged, 1 skipped``."""
        return (f"{self.count(CREATE)} created, {self.count(UPDATE)} updated, "
                f"{self.count(UNCHANGED)} unchanged, {self.count(SKIP)} skipped")


@dataclass
class Outcome:
    """What ``apply_plan`` actually wrote; a failed write never stops the others."""

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
    return (" ".join(person.name.casefold().split()), " ".join(person.company.casefold().split()))


class _Index:
    """Lookups from identifying values to the keys of people (slugs or pending creations)."""

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

    def match(self, person: Person) -> tuple[list[str], str]:
        """The keys matched at the strongest level that matches, and that level's name."""
        for found, how in (
            (_collect(self.profiles, _profiles(person)), "LinkedIn URL"),
            (_collect(self.emails, _emails(person)), "e-mail"),
            (self._same_name(person), "name and company"),
        ):
            if found:
                return found, how
        return [], ""

    def _same_name(self, person: Person) -> list[str]:
        # Two different LinkedIn profiles are two people, whatever their names.
        mine = _profiles(person)
        keys = dict.fromkeys(self.names.get(_name_key(person), []))
        return [key for key in keys
                if not (mine and self.profiles_of.get(key) and not mine & self.profiles_of[key])]


def _collect(table: dict[str, list[str]], values: Iterable[str]) -> list[str]:
    keys: list[str] = []
    for value in sorted(values):
        keys.extend(table.get(value, []))
    return list(dict.fromkeys(keys))


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


def plan_import(parsed: ParseResult, workspace: Workspace) -> Plan:
    """Decide, for every candidate, whether it creates, updates or leaves someone alone."""
    index = _Index()
    broken: dict[str, str] = {}
    for slug, entry in workspace.people.entries.items():
        record = entry.record
        if record is None:
            continue
        index.add(slug, record)
        if entry.broken:
            broken[slug] = entry.path.name
    plan = Plan()
    pending: dict[str, Action] = {}
    current: dict[str, Action] = {}
    for item in parsed.items:
        if isinstance(item, Skipped):
            plan.actions.append(Action(SKIP, item.origin, "", reason=item.reason))
        else:
            plan.actions.append(_plan_one(item, workspace, index, pending, current, broken))
    return plan


def _plan_one(
    candidate: Candidate,
    workspace: Workspace,
    index: _Index,
    pending: dict[str, Action],
    current: dict[str, Action],
    broken: dict[str, str],
) -> Action:
    person = candidate.person
    name = person.name
    warnings = list(candidate.warnings)
    keys, how = index.match(person)
    if not keys:
        key = f"new:{len(pending)}"
        action = Action(CREATE, candidate.origin, name, record=person.copy(),
                        warnings=warnings)
        pending[key] = action
        index.add(key, person)
        return action
    if len(keys) > 1:
        names = ", ".join(pending[key].origin if key in pending else key for key in keys)
        return Action(SKIP, candidate.origin, name, warnings=warnings,
                      reason=f"the {how} matches several people ({names}); merge them first")
    key = keys[0]
    earlier = pending.get(key) or current.get(key)
    if earlier is not None:
        # The same person twice in what is being imported: fold it into the first.
        if earlier.kind == SKIP:
            return Action(SKIP, candidate.origin, name, warnings=warnings,
                          reason=f"same person as {earlier.origin}, which is skipped")
        base = earlier.record if earlier.record is not None else workspace.people.get(key)
        assert base is not None
        earlier.record, filled = fill_empty(base, person)
        if filled and earlier.kind == UNCHANGED:
            earlier.kind = UPDATE
        earlier.filled.extend(item for item in filled if item not in earlier.filled)
        return Action(SKIP, candidate.origin, name, warnings=warnings,
                      reason=f"same person as {earlier.origin} (by {how}); merged into it")
    if key in broken:
        action = Action(SKIP, candidate.origin, name, slug=key, warnings=warnings,
                        reason=f"matches {broken[key]}, which has errors; fix that file first")
        current[key] = action
        return action
    base = workspace.people.get(key)
    assert base is not None
    merged, filled = fill_empty(base, person)
    if filled:
        action = Action(UPDATE, candidate.origin, base.name, slug=key, record=merged,
                        filled=filled, warnings=warnings)
    else:
        action = Action(UNCHANGED, candidate.origin, base.name, slug=key, warnings=warnings)
    current[key] = action
    return action


def apply_steps(plan: Plan, workspace: Workspace, outcome: Outcome) -> Iterator[Action]:
    """Write the plan one change at a time, yielding after each, so a caller (the app)
    can stay responsive and show progress. Each write is atomic on its own, and one
    refused write (a conflict, a broken file) does not stop the others."""
    for action in plan.changes:
        assert action.record is not None
        try:
            if action.kind == CREATE:
                action.slug = workspace.people.add(action.record)
                outcome.created.append(action.slug)
            else:
                workspace.people.save(action.slug, action.record)
                outcome.updated.append(action.slug)
        except ReadOnlyError:
            raise
        except (StoreError, OSError) as exc:
            outcome.failed.append((action, str(exc)))
        yield action


def apply_plan(plan: Plan, workspace: Workspace) -> Outcome:
    """Write every planned creation and update; see ``apply_steps``."""
    outcome = Outcome(plan)
    for _ in apply_steps(plan, workspace, outcome):
        pass
    return outcome
