"""The queries of the problems list: slugs that name no person, and people's
e-mail addresses, read from the rows without rebuilding a record. The rules
stay in ``core`` (``network.people_named``, ``people.shared_addresses``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from coffeechat.storage.index.connection import IndexConnection, _Skipped

# Of each readable person, their introducer and whom they know (one slug a
# line), from the network's links.
_PEOPLE_NAMED = (
    "SELECT r.slug, r.file, l.introduced_by, l.knows FROM records r JOIN links l USING (id) "
    "WHERE r.kind = 'people' AND (l.introduced_by != '' OR l.knows != '') ORDER BY r.slug")
# Of each readable chat, its person and its referrals in order, from Home's
# light copy (which keeps both): ``(slug, file, field, named slug)``.
_INTERVIEWS_NAMED = (
    "WITH named (id, field, place, slug) AS ("
    "SELECT h.id, 'person', -1, json_extract(h.data, '$.person') FROM records r "
    "JOIN home h USING (id) WHERE r.kind = 'interviews' "
    "UNION ALL SELECT h.id, 'referrals', j.key, coalesce(json_extract(j.value, '$.person'), '') "
    "FROM records r JOIN home h USING (id), json_each(h.data, '$.referrals') j "
    "WHERE r.kind = 'interviews') "
    "SELECT r.slug, r.file, n.field, n.slug FROM named n JOIN records r ON r.id = n.id "
    "WHERE n.slug IS NOT NULL AND NOT (n.field = 'person' AND n.slug = '') "
    "ORDER BY r.slug, n.place")


class ReferenceQueries(IndexConnection):
    """What the problems list reads of every row, one pass each."""

    def unknown_people(self, kind: str) -> list[tuple[str, str, str, str]] | None:
        """``(slug, file, field, named)`` of each person slug a readable row of
        ``kind`` (people or interviews) names that no person's row has: an
        introducer, a name known; a chat's person, a referral. In slug order
        and as the record names them (as ``core.network.people_named`` does);
        None when the index cannot say."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            people = {slug for (slug,) in connection.execute(
                "SELECT slug FROM records WHERE kind = 'people'")}
            named = (_named_by_people(connection.execute(_PEOPLE_NAMED)) if kind == "people"
                     else connection.execute(_INTERVIEWS_NAMED))
            return [(slug, file, field, other) for slug, file, field, other in named
                    if type(slug) is str and type(file) is str and type(other) is str
                    and other not in people]
        return None

    def contact_entries(self, prefix: str) -> list[tuple[str, str, str, str]] | None:
        """``(slug, file, key, value)`` of each contact entry of a readable
        person's row whose key begins with ``prefix``, in slug order and as
        written; None when the index cannot say."""
        with contextlib.suppress(_Skipped), self._using() as connection:
            return [
                (slug, file, key, value) for slug, file, key, value in connection.execute(
                    "SELECT r.slug, r.file, j.key, j.value FROM records r JOIN bodies b "
                    "USING (id), json_each(b.data, '$.contact') j WHERE r.kind = 'people' "
                    "AND substr(j.key, 1, ?) = ? ORDER BY r.slug, j.id",
                    (len(prefix), prefix))
                if type(slug) is str and type(file) is str and type(key) is str
                and type(value) is str]
        return None


def _named_by_people(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    for slug, file, introduced_by, knows in rows:
        if introduced_by:
            yield slug, file, "introduced_by", introduced_by
        if type(knows) is str and knows:
            for other in knows.split("\n"):
                yield slug, file, "knows", other
