"""The index's answers for Targets, Follow-ups, the warm paths and the referral
tree: the rows those screens need, read by query, so no folder is rebuilt."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from coffeechat.core.models.interview import OPEN_STATUSES
from coffeechat.storage.index import _MAX_PARAMETERS, Index, _Skipped


def chats_with(index: Index, people: Iterable[str],
               employers: Iterable[str]) -> list[tuple[str, str, str]]:
    """``(slug, employer, light copy)`` of the chats with any of ``people`` or
    at any of ``employers`` (name keys, as the ``home`` rows keep them)."""
    found: dict[str, tuple[str, str, str]] = {}
    asked = [("employer", list(employers)), ("person", list(people))]
    with contextlib.suppress(_Skipped), index._using() as connection:
        for column, values in asked:
            for start in range(0, len(values), _MAX_PARAMETERS):
                part = values[start:start + _MAX_PARAMETERS]
                for slug, employer, data in connection.execute(
                        "SELECT slug, employer, data FROM records JOIN home USING (id) "
                        f"WHERE +kind = 'interviews' AND {column} IN "
                        f"({', '.join('?' for _ in part)})", part):
                    if type(slug) is str and type(employer) is str and type(data) is str:
                        found[slug] = (slug, employer, data)
    return list(found.values())


def held_or_named(index: Index) -> list[tuple[str, str]]:
    """``(slug, light copy)`` of the chats held or that gained a name (the
    referral tree's chats)."""
    with contextlib.suppress(_Skipped), index._using() as connection:
        return [(slug, data) for slug, data in connection.execute(
            "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
            "AND (held OR names)") if type(slug) is str and type(data) is str]
    return []


def open_chats(index: Index, employers: Iterable[str]) -> list[tuple[str, str]]:
    """``(slug, light copy)`` of the chats with an open item
    (``core.nudges.has_open_items``) or at any of ``employers`` (name keys):
    every chat Follow-ups can list or its rhythm reads."""
    keys = list(employers)[:_MAX_PARAMETERS]
    with contextlib.suppress(_Skipped), index._using() as connection:
        return [(slug, data) for slug, data in connection.execute(
            "SELECT slug, data FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
            f"AND (open OR employer IN ({', '.join('?' for _ in keys)}))", keys)
            if type(slug) is str and type(data) is str]
    return []


def called_rows(index: Index, key: str) -> list[tuple[str, bool, str, str, str]]:
    """``(slug, readable, name, company, title)`` of the people whose
    ``core.people.called`` key is ``key`` (the namesakes of a name), by slug."""
    with contextlib.suppress(_Skipped), index._using() as connection:
        return [(slug, bool(readable), name, company, title)
                for slug, readable, name, company, title in connection.execute(
                    "SELECT slug, readable, name, company, title FROM records JOIN names "
                    "USING (id) WHERE +kind = 'people' AND key = ? ORDER BY slug", (key,))
                if type(slug) is str and type(name) is str and type(company) is str
                and type(title) is str]
    return []


def picking(index: Index, limit: int) -> list[str]:
    """The slugs of the first ``limit`` readable chats in
    ``core.lifecycle.picking_order``, as SQL orders them (a meeting in progress
    is one whose ``home`` row says when it began)."""
    marks = ", ".join("?" for _ in OPEN_STATUSES)
    opened = f"status IN ({marks})"
    with contextlib.suppress(_Skipped), index._using() as connection:
        return [slug for (slug,) in connection.execute(
            "SELECT slug FROM records JOIN home USING (id) WHERE +kind = 'interviews' "
            f"ORDER BY {opened} DESC, CASE WHEN {opened} THEN began IS NULL END, "
            f"CASE WHEN {opened} THEN scheduled IS NULL END, "
            f"CASE WHEN {opened} THEN scheduled END, "
            f"CASE WHEN {opened} THEN slug END, slug DESC LIMIT ?",
            (*OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES, *OPEN_STATUSES,
             limit)) if type(slug) is str]
    return []
