"""Matching imported people against the workspace and planning the changes.

The plan is computed without writing anything, so ``--dry-run`` and the app's
preview show exactly what ``apply_plan`` will do. Matching, strongest first: the
UID of a coffeechat vCard export, the same LinkedIn profile URL, a shared e-mail
address with the same name, else the same name and company (names and companies
folded by ``core.people``: case, accents and a company's legal form aside). A
matched person keeps every value it has and gains every value it lacks
(``merge_values``); nothing is ever overwritten.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from coffeechat.core.models import Person
from coffeechat.core.people import match_company, match_name, same_person_names
from coffeechat.interop.keyindex import SEVERAL, KeyTable, TextLog
from coffeechat.storage import Workspace
from coffeechat.storage.errors import ReadOnlyError, StoreError

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
# Files written between two fsyncs of the folder.
BATCH = 256
_UID_NAMESPACE = uuid.UUID("5f0c8a52-7d3e-5b9b-9f1e-c0ffeec4a700")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/", re.IGNORECASE)


@dataclass
class Candidate:
    """One person read from a file; ``origin`` says where ("line 7", "x.vcf card 3, line 40")."""

    person: Person
    origin: str
    warnings: list[str] = field(default_factory=list)
    uid: str = ""
    # Where it came from in words a note can keep ("Connections.csv line 7").
    source: str = ""
    # Who introduced them and whom they know, as UIDs (from a coffeechat export).
    introduced_by: str = ""
    knows: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return self.source or self.origin


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
    changes: Changes = field(default_factory=lambda: Changes())
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    number: int = -1
    merged_into: Action | None = None
    merged_into_new: int | None = None
    person: Person | None = None
    # The stored version ``record`` was merged from, for a save on top of the file.
    base: Person | None = None
    source: str = ""
    uid: str = ""
    introduced_by: str = ""
    knows: list[str] = field(default_factory=list)
    done: bool = False

    def describe(self) -> str:
        """One line for the terminal or the preview."""
        where = f" ({self.origin})" if self.origin else ""
        if self.kind == CREATE:
            text = f"create     {self.name}{where}"
        elif self.kind == UPDATE:
            text = f"update     {self.name} [{self.slug}]{where}: {self.changes.describe()}"
        elif self.kind == UNCHANGED:
            text = f"unchanged  {self.name} [{self.slug}]{where}"
        else:
            label = f"{self.name}{where}" if self.name else self.origin
            text = f"skip       {label}: {self.reason}"
            if self.changes:
                text += f": {self.changes.describe()}"
        for warning in self.warnings:
            text += f"; note: {warning}"
        return text


@dataclass
class Plan:
    """The ordered actions of one import (kept only when asked), and how many of each
    kind; the counts follow an earlier action that a later duplicate turns into an update."""

    actions: list[Action] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    # The workspace's people by export UID, for the relations a file gives by UID.
    uids: dict[str, str] = field(default_factory=dict)

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


def contact_kind(key: str) -> str:
    """``email2`` → ``email``: the contact keys an import writes are numbered kinds."""
    return key.rstrip("0123456789")


def person_uid(slug: str) -> str:
    """The UID a vCard export gives a person: derived from the slug, so every export
    of that person carries the same one, and an import recognises it."""
    return f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, slug)}"


def _emails(person: Person) -> set[str]:
    return {value.strip().casefold() for key, value in person.contact.items()
            if contact_kind(key) == "email" and value.strip()}


def _profiles(person: Person) -> set[str]:
    urls = [person.contact.get("linkedin", ""), *person.links]
    return {normalize_linkedin(url) for url in urls if url and is_linkedin_url(url)}


def _name_key(person: Person) -> tuple[str, str]:
    return match_name(person.name), match_company(person.company)


def _name_text(person: Person) -> str:
    return "\x00".join(_name_key(person))


def _digits(phone: str) -> str:
    """A phone number as its digits: ``+1 (555) 010-0100`` and ``15550100100`` are one."""
    return "".join(char for char in phone if char.isdigit()) or phone.strip()


class _Index:
    """Lookups from identifying values to the slugs of the people in the workspace."""

    def __init__(self) -> None:
        self.uids: dict[str, str] = {}
        self.profiles: dict[str, list[str]] = {}
        self.emails: dict[str, list[str]] = {}
        self.names: dict[str, list[str]] = {}
        self.name_of: dict[str, str] = {}
        self.company_of: dict[str, str] = {}
        self.profiles_of: dict[str, set[str]] = {}

    def add(self, key: str, person: Person) -> None:
        profiles = self.profiles_of[key] = _profiles(person)
        for profile in profiles:
            self.profiles.setdefault(profile, []).append(key)
        for email in _emails(person):
            self.emails.setdefault(email, []).append(key)
        name, company = _name_key(person)
        if key not in self.name_of:
            self.uids[person_uid(key)] = key
            self.names.setdefault(name, []).append(key)
        self.name_of[key], self.company_of[key] = name, company

    def same_name(self, person: Person) -> list[str]:
        """People with this name at this company; else, when one of the two has no
        company, with this name alone. Two different LinkedIn profiles are two
        people, whatever their names."""
        mine = _profiles(person)
        name, company = _name_key(person)
        keys = [key for key in self.names.get(name, [])
                if not (mine and self.profiles_of.get(key) and not mine & self.profiles_of[key])]
        exact = [key for key in keys if self.company_of[key] == company]
        return exact or [key for key in keys if not company or not self.company_of[key]]


@dataclass
class Changes:
    """What a merge adds to a person: fields filled (``company``, ``contact.phone2``)
    and values kept in the notes because the field already held another."""

    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.filled or self.kept)

    def extend(self, other: Changes) -> None:
        self.filled.extend(item for item in other.filled if item not in self.filled)
        self.kept.extend(item for item in other.kept if item not in self.kept)

    def describe(self) -> str:
        parts = []
        if self.filled:
            parts.append(f"fills {', '.join(dict.fromkeys(self.filled))}")
        if self.kept:
            parts.append(f"keeps in notes {', '.join(self.kept)}")
        return "; ".join(parts)


# Text fields whose differing value is kept in the notes, and how the notes name them.
_KEPT_TEXT = (("company", "company"), ("title", "title"), ("learn", "to learn"))


def _next_key(kind: str, contact: dict[str, str]) -> str:
    number = 1
    while (kind if number == 1 else f"{kind}{number}") in contact:
        number += 1
    return kind if number == 1 else f"{kind}{number}"


def merge_values(existing: Person, incoming: Person, source: str) -> tuple[Person, Changes]:
    """``existing`` with every value of ``incoming`` it lacks: empty fields filled,
    further e-mails, phones, links and tags added, and a differing title, company,
    note, date or place kept in the notes under ``source``. ``existing`` itself
    when nothing is added.
    A value already present anywhere (an address, a line of the notes) is never
    added again, so merging the same person twice adds nothing the second time."""
    changes = Changes()
    merged = existing.copy()
    kept: list[str] = []
    notes = existing.notes
    for name in ("company", "title", "how_we_met", "learn"):
        mine, theirs = getattr(existing, name).strip(), getattr(incoming, name).strip()
        if theirs and not mine:
            setattr(merged, name, getattr(incoming, name))
            changes.filled.append(name)
    # Matched by UID or profile under another name: that name is kept too.
    their_name = incoming.name.strip()
    if (their_name and not same_person_names(match_name(existing.name), match_name(their_name))
            and their_name not in notes):
        kept.append(f"name: {their_name}")
        changes.kept.append(f"name \u201c{their_name}\u201d")
    for name, label in _KEPT_TEXT:
        mine, theirs = getattr(existing, name).strip(), getattr(incoming, name).strip()
        same = (match_company(mine) == match_company(theirs) if name == "company"
                else mine.casefold() == theirs.casefold())
        if mine and theirs and not same and theirs not in notes:
            kept.append(f"{label}: {theirs}")
            changes.kept.append(f"{label} \u201c{theirs}\u201d")
    if existing.connected_on is None and incoming.connected_on is not None:
        merged.connected_on = incoming.connected_on
        changes.filled.append("connected_on")
    elif (incoming.connected_on not in (None, existing.connected_on)
          and str(incoming.connected_on) not in notes):
        kept.append(f"connected on: {incoming.connected_on}")
        changes.kept.append(f"connected on {incoming.connected_on}")
    place, their_place = existing.location.line(), incoming.location.line()
    if their_place and not place:
        merged.location = incoming.location.copy()
        changes.filled.append("location")
    elif their_place and their_place.casefold() != place.casefold() and their_place not in notes:
        kept.append(f"location: {their_place}")
        changes.kept.append(f"location \u201c{their_place}\u201d")
    for name in ("links", "tags"):
        have = getattr(merged, name)
        new = [item for item in getattr(incoming, name) if item.strip() and item not in have]
        if new:
            setattr(merged, name, [*have, *new])
            changes.filled.append(name)
    _merge_contact(merged, incoming, notes, kept, changes)
    theirs = incoming.notes.strip()
    if theirs and not notes.strip():
        merged.notes = incoming.notes
        changes.filled.append("notes")
    elif theirs and theirs not in notes:
        kept.append(f"note:\n{theirs}")
        changes.kept.append("note")
    if kept:
        block = f"From {source}:\n" + "\n".join(kept)
        merged.notes = f"{merged.notes.rstrip()}\n\n{block}\n" if merged.notes.strip() \
            else f"{block}\n"
    return (merged, changes) if changes else (existing, changes)


def _merge_contact(merged: Person, incoming: Person, notes: str, kept: list[str],
                   changes: Changes) -> None:
    """Further e-mails and phones as further numbered keys; any other key filled
    when absent, a different LinkedIn profile added to the links, and a different
    value of any other key kept in the notes."""
    contact = merged.contact
    emails = {value.strip().casefold() for key, value in contact.items()
              if contact_kind(key) == "email"}
    phones = {_digits(value) for key, value in contact.items() if contact_kind(key) == "phone"}
    for key, value in incoming.contact.items():
        text = value.strip()
        if not text:
            continue
        kind = contact_kind(key)
        if kind in ("email", "phone"):
            seen, norm = (emails, text.casefold()) if kind == "email" else (phones, _digits(text))
            if norm in seen:
                continue
            seen.add(norm)
            new_key = _next_key(kind, contact)
            contact[new_key] = value
            changes.filled.append(f"contact.{new_key}")
        elif not contact.get(key, "").strip():
            contact[key] = value
            changes.filled.append(f"contact.{key}")
        elif key == "linkedin":
            if normalize_linkedin(text) not in _profiles(merged):
                merged.links = [*merged.links, value]
                changes.filled.append("links")
        elif contact[key].strip() != text and text not in notes:
            kept.append(f"{key}: {text}")
            changes.kept.append(f"{key} \u201c{text}\u201d")


class Planner:
    """Decides, one entry at a time, whether it creates, updates or leaves someone alone.

    People already in the workspace are looked up exactly. The people this import
    creates are looked up in compact tables (``keyindex``), so a long file costs a
    few dozen bytes a row; with ``keep`` false the plan keeps only counts, and a
    creation's record is dropped once ``release`` says it has been dealt with. The
    keys a later duplicate adds (an e-mail, a profile) are added for the rest of
    the import, so no two people end up sharing them.

    An e-mail matches only a person whose name can be this one's: a shared inbox (a
    family, a team, an assistant) is several people, and a new one is created with a
    note that it may be a duplicate.
    """

    def __init__(self, workspace: Workspace, *, keep: bool = True) -> None:
        self.workspace = workspace
        self.plan = Plan()
        self._keep = keep
        self._index = _Index()
        self._broken: dict[str, str] = {}
        # One record at a time: the lookups keep its keys, not the record.
        for entry in workspace.people.each_entry():
            record = entry.record
            if record is None:
                continue
            self._index.add(entry.slug, record)
            if entry.broken:
                self._broken[entry.slug] = entry.path.name
        self._current: dict[str, Action] = {}
        self._new_uids = KeyTable()
        self._new_profiles = KeyTable()
        # E-mails of creations under their folded name (a match) and alone (a note).
        self._new_emails = KeyTable()
        self._new_emails_any = KeyTable()
        # Creations with a profile URL and without: a name only matches the first kind
        # when the incoming person has no profile (two profiles are two people). By
        # name and company; by name for those without a company; by name alone.
        self._new_names_profiled = KeyTable()
        self._new_names_plain = KeyTable()
        self._new_bare_profiled = KeyTable()
        self._new_bare_plain = KeyTable()
        self._new_any_profiled = KeyTable()
        self._new_any_plain = KeyTable()
        self._new_origins = TextLog()
        self._new_folded = TextLog()
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

    def release(self, action: Action, *, written: bool = False) -> None:
        """Forget a creation's record once it is written (or, in a dry run, shown),
        and, once ``written``, an update's: a later duplicate merges into its file."""
        if self._keep:
            return
        if action.kind == CREATE:
            self._held.pop(action.number, None)
            action.record = None
        elif action.kind in (UPDATE, UNCHANGED):
            action.base = None
            if written:
                action.record = None

    @property
    def uids(self) -> dict[str, str]:
        """The slug of everyone in the workspace by the UID an export gives them."""
        return self._index.uids

    def _plan(self, candidate: Candidate) -> Action:
        action = self._decide(candidate)
        if action.kind != SKIP:
            action.uid = candidate.uid
            action.introduced_by, action.knows = candidate.introduced_by, candidate.knows
        return action

    def _decide(self, candidate: Candidate) -> Action:
        person = candidate.person
        name = person.name
        warnings = list(candidate.warnings)
        keys, how = self._match(person, candidate.uid)
        if not keys:
            warnings += self._sharing(person)
            number = self._remember_new(person, candidate)
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
        base = self.workspace.people.lookup(key)
        assert base is not None
        merged, changes = merge_values(base, person, candidate.where)
        if changes:
            action = Action(UPDATE, candidate.origin, base.name, slug=key, record=merged,
                            changes=changes, warnings=warnings, base=base)
            self._index.add(key, merged)
        else:
            action = Action(UNCHANGED, candidate.origin, base.name, slug=key, warnings=warnings)
        self._current[key] = action
        return action

    def _sharing(self, person: Person) -> list[str]:
        """A note for each e-mail a new person shares with someone of another name."""
        notes = []
        for email in sorted(_emails(person)):
            others = [f"{self._name(slug)} [{slug}]" for slug in self._index.emails.get(email, [])]
            number = self._new_emails_any.get(email)
            if number is not None:
                others.append("people created earlier in this import" if number == SEVERAL
                              else self._new_origins[number])
            if others:
                notes.append(f"shares {email} with {', '.join(dict.fromkeys(others))}: "
                             "a possible duplicate, kept apart as the names differ")
        return notes

    def _name(self, slug: str) -> str:
        person = self.workspace.people.lookup(slug)
        return person.name if person is not None else slug

    def _merge_into_current(self, key: str, earlier: Action, candidate: Candidate, how: str,
                            warnings: list[str]) -> Action:
        """The same person twice, already in the workspace: fold it into the first."""
        name = candidate.person.name
        if earlier.kind == SKIP:
            return Action(SKIP, candidate.origin, name, warnings=warnings,
                          reason=f"same person as {earlier.origin}, which is skipped")
        if earlier.record is None:
            # Unchanged, or written and let go: merged into the file as it is now.
            earlier.base = self.workspace.people.lookup(key)
        base = earlier.record if earlier.record is not None else earlier.base
        assert base is not None
        earlier.record, changes = merge_values(base, candidate.person, candidate.where)
        if changes and earlier.kind == UNCHANGED:
            earlier.kind = UPDATE
            self.plan.counts[UNCHANGED] -= 1
            self.plan.counts[UPDATE] += 1
        earlier.changes.extend(changes)
        self._index.add(key, earlier.record)
        return Action(SKIP, candidate.origin, name, warnings=warnings, changes=changes,
                      merged_into=earlier,
                      reason=f"same person as {earlier.origin} (by {how}); merged into it")

    def _merge_into_new(self, number: int, candidate: Candidate, how: str,
                        warnings: list[str]) -> Action:
        """The same person twice among those this import creates: fold it into the first."""
        person = candidate.person
        earlier = self._held.get(number)
        changes = Changes()
        if earlier is not None and earlier.record is not None:
            earlier.record, changes = merge_values(earlier.record, person, candidate.where)
            earlier.changes.extend(changes)
        self._learn_new(number, person)
        return Action(SKIP, candidate.origin, person.name, warnings=warnings, changes=changes,
                      merged_into=earlier, merged_into_new=None if earlier else number,
                      person=None if earlier else person, source=candidate.where,
                      reason=f"same person as {self._new_origins[number]} (by {how}); "
                             "merged into it")

    def _remember_new(self, person: Person, candidate: Candidate) -> int:
        number = self._new_origins.append(candidate.origin)
        name, company = _name_key(person)
        self._new_folded.append(name)
        profiled = bool(_profiles(person))
        tables = ((self._new_names_profiled, self._new_bare_profiled, self._new_any_profiled)
                  if profiled else
                  (self._new_names_plain, self._new_bare_plain, self._new_any_plain))
        tables[0].add(_name_text(person), number)
        if not company:
            tables[1].add(name, number)
        tables[2].add(name, number)
        if candidate.uid:
            self._new_uids.add(candidate.uid, number)
        self._learn_new(number, person, name)
        return number

    def _learn_new(self, number: int, person: Person, name: str | None = None) -> None:
        """Index the e-mails and profiles ``person`` gives creation ``number`` (all of
        them: a merge adds every one), e-mails under the creation's folded name."""
        emails = _emails(person)
        if emails and name is None:
            name = self._new_folded[number]  # from the log's file, for a duplicate only
        for email in emails:
            self._new_emails.add(f"{email}\x00{name}", number)
            self._new_emails_any.add(email, number)
        for profile in _profiles(person):
            self._new_profiles.add(profile, number)

    def _match(self, person: Person, uid: str) -> tuple[list[str | int], str]:
        """The keys matched at the strongest level that matches, and that level's name."""
        profiles = _profiles(person)
        if uid:
            found: list[str | int] = []
            if uid in self._index.uids:
                found.append(self._index.uids[uid])
            number = self._new_uids.get(uid)
            if number is not None:
                found.append(number)
            if found:
                return found, "vCard UID"
        for found, how in (
            (self._find(profiles, self._index.profiles, self._new_profiles), "LinkedIn URL"),
            (self._same_email(person), "e-mail"),
            (self._same_name(person, profiles), "name and company"),
        ):
            if found:
                return found, how
        return [], ""

    def _same_email(self, person: Person) -> list[str | int]:
        """People sharing an e-mail whose name is this name; else whose name can be
        this person's (``same_person_names``): a shared inbox is not one person."""
        name = match_name(person.name)
        emails = sorted(_emails(person))
        keys: list[str | int] = [slug for email in emails
                                 for slug in self._index.emails.get(email, [])]
        for email in emails:
            number = self._new_emails.get(f"{email}\x00{name}")
            if number is None:
                number = self._new_emails_any.get(email)
            if number is not None:
                keys.append(number)
        keys = list(dict.fromkeys(keys))
        names = {key: self._index.name_of.get(key, "") if isinstance(key, str)
                 else self._new_folded[key] if key >= 0 else "" for key in keys}
        exact = [key for key in keys if names[key] == name]
        return exact or [key for key in keys if same_person_names(names[key], name)]

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
        name, company = _name_key(person)
        exact = ((self._new_names_plain,) if profiles
                 else (self._new_names_plain, self._new_names_profiled))
        # Without an exact match, a person with no company matches anyone of the name,
        # and a person with one matches someone of the name who has none.
        loose = ((self._new_any_plain,) if profiles
                 else (self._new_any_plain, self._new_any_profiled)) if not company \
            else ((self._new_bare_plain,) if profiles
                  else (self._new_bare_plain, self._new_bare_profiled))
        for tables, text in ((exact, _name_text(person)), (loose, name)):
            found = [number for table in tables if (number := table.get(text)) is not None]
            if found:
                keys.extend(found)
                break
        return list(dict.fromkeys(keys))


class Linker:
    """Who introduced whom and who knows whom, given by UID in a coffeechat export:
    set once everyone is written, since a card may name someone later in the file.
    A relation is only added (``introduced_by`` when empty, ``knows`` when missing);
    a UID that names nobody here is left out."""

    def __init__(self, uids: dict[str, str]) -> None:
        self._slugs = dict(uids)
        self._pending: list[tuple[str, str, list[str]]] = []

    def note(self, action: Action) -> None:
        """Remember a written (or unchanged) person's UID and relations."""
        if not action.slug or action.kind == SKIP:
            return
        if action.uid:
            self._slugs.setdefault(action.uid, action.slug)
        if action.introduced_by or action.knows:
            self._pending.append((action.slug, action.introduced_by, action.knows))

    def changes(self, workspace: Workspace) -> Iterator[tuple[str, Person, list[str]]]:
        """``(slug, person with the relations, what was added)`` for each person who
        gains one."""
        for slug, introducer, known in self._pending:
            person = workspace.people.lookup(slug)
            if person is None:
                continue
            merged, added = person.copy(), []
            by = self._slugs.get(introducer, "")
            if by and by != slug and not person.introduced_by:
                merged.introduced_by = by
                added.append("introduced_by")
            more = [other for uid in known if (other := self._slugs.get(uid, ""))
                    and other != slug and other not in person.knows]
            if more:
                merged.knows = [*person.knows, *dict.fromkeys(more)]
                added.append("knows")
            if added:
                yield slug, merged, added


def link_people(linker: Linker, workspace: Workspace, outcome: Outcome) -> None:
    """Write the relations ``linker`` resolves; a refused write is noted, not raised."""
    for slug, person, _ in linker.changes(workspace):
        try:
            workspace.people.save(slug, person)
        except ReadOnlyError:
            raise
        except (StoreError, OSError) as exc:
            outcome.failed.append((Action(UPDATE, "", person.name, slug=slug), str(exc)))
        else:
            if slug not in outcome.created and slug not in outcome.updated:
                outcome.updated.append(slug)


def plan_import(parsed: ParseResult, workspace: Workspace) -> Plan:
    """Decide, for every entry read, whether it creates, updates or leaves someone alone."""
    planner = Planner(workspace)
    planner.plan.uids = planner.uids
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
                _write(action, outcome, partial(_save, workspace, action.slug, action.base))
            yield action
    linker = Linker(plan.uids)
    for action in plan.actions:
        linker.note(action)
    link_people(linker, workspace, outcome)


def _save(workspace: Workspace, slug: str, base: Person | None, record: Person) -> str:
    workspace.people.save(slug, record, base=base)
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
    """Write every planned creation and update, then the relations; see ``apply_steps``."""
    outcome = Outcome(plan)
    for _ in apply_steps(plan, workspace, outcome):
        pass
    return outcome
