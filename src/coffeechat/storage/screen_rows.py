"""The index's answers for Targets, the warm paths and the referral tree: the rows
those screens need, read by query, so no folder is rebuilt for them."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

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

