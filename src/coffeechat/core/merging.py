"""Three-way merges of the values inside a record, without ever writing a marker.

Long text merges line by line, as ``diff3`` does: two edits of the same notes
merge when they touched different lines. Lines both sides added at the same
place are all kept (ours first): the notes of one day typed on two machines end
up one after the other, not one instead of the other. Anything else both sides
changed at the same place is a clash: the caller keeps one version and puts the
other aside.

Lists merge item by item, each item known by what identifies it (a question
by its id, a referral by the person), keeping the order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

T = TypeVar("T")
Lines = list[str]


def _split(text: str) -> Lines:
    # On "\n" alone, so "a" and "a\nb" share the line "a" (splitlines with
    # endings would see "a" and "a\n" as two different lines); the final line
    # break is not a line of its own (``_ends``), and empty text has no line at
    # all, so two sides filling empty notes both add to them.
    return text.removesuffix("\n").split("\n") if text else []


def _ends(text: str) -> bool:
    return text.endswith("\n")


def _matches(base: Lines, other: Lines) -> list[tuple[int, int, int]]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(block.a, block.b, block.size) for block in matcher.get_matching_blocks()]


def _sync_regions(base: Lines, ours: Lines, theirs: Lines) -> list[tuple[int, ...]]:
    """Runs of base lines that both sides kept, as (base start, base end, ours
    start, ours end, theirs start, theirs end), ending with an empty run at the
    ends of all three."""
    regions: list[tuple[int, ...]] = []
    mine, other = _matches(base, ours), _matches(base, theirs)
    i = j = 0
    while i < len(mine) and j < len(other):
        a_base, a_at, a_len = mine[i]
        b_base, b_at, b_len = other[j]
        start, end = max(a_base, b_base), min(a_base + a_len, b_base + b_len)
        if start < end:
            a_start, b_start = a_at + start - a_base, b_at + start - b_base
            regions.append((start, end, a_start, a_start + end - start,
                            b_start, b_start + end - start))
        if a_base + a_len < b_base + b_len:
            i += 1
        else:
            j += 1
    regions.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    return regions


def _both_added(ours: Lines, theirs: Lines) -> Lines:
    """Lines each side inserted at the same place: all of them, in order, those
    both typed (a heading, the same first line) once, ours before theirs where
    they differ."""
    out: Lines = []
    at_ours = at_theirs = 0
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    for start, other_start, size in matcher.get_matching_blocks():
        out += ours[at_ours:start] + theirs[at_theirs:other_start] + ours[start:start + size]
        at_ours, at_theirs = start + size, other_start + size
    return out


def merge_lines(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """The three-way merge of ``base`` edited into ``ours`` and into ``theirs``,
    and whether it is clean. When it is not, the result is ``ours`` as it is:
    one version of the text, the other kept whole by the caller."""
    old, mine, other = _split(base), _split(ours), _split(theirs)
    out: Lines = []
    at_base = at_mine = at_other = 0
    for start, end, mine_start, mine_end, other_start, other_end in _sync_regions(
            old, mine, other):
        was = old[at_base:start]
        a, b = mine[at_mine:mine_start], other[at_other:other_start]
        if a == was:
            out += b
        elif b == was or a == b:
            out += a
        elif not was:
            out += _both_added(a, b)
        elif a[:len(was)] == was or b[:len(was)] == was:
            # One side kept these lines and added after them, the other
            # rewrote them: the rewrite, and what was added on both sides.
            rewrite, added = (b, a[len(was):]) if a[:len(was)] == was else (a, b[len(was):])
            out += _both_added(rewrite, added)
        else:
            return ours, False
        out += old[start:end]
        at_base, at_mine, at_other = end, mine_end, other_end
    # The final line break, merged like any other single value.
    newline = _ends(theirs) if _ends(ours) == _ends(base) else _ends(ours)
    return "\n".join(out) + ("\n" if newline and out else ""), True


def common_lines(ours: str, theirs: str) -> str:
    """The lines two versions share, in order: the base a two-way merge uses
    when no version both came from is known (every other line then counts as
    added by its side, so none is dropped)."""
    mine, other = _split(ours), _split(theirs)
    shared: Lines = []
    for start, _, size in _matches(mine, other):
        shared += mine[start:start + size]
    return "\n".join(shared) + ("\n" if shared and _ends(ours) and _ends(theirs) else "")


def _keyed(items: Sequence[T], key: Callable[[T], Hashable]) -> dict[tuple[Hashable, int], T]:
    # The n-th item with a key stays apart from the first: two questions
    # typed with no id, two outreach entries on the same day.
    found: dict[tuple[Hashable, int], T] = {}
    seen: dict[Hashable, int] = {}
    for item in items:
        name = key(item)
        count = seen.get(name, 0)
        seen[name] = count + 1
        found[(name, count)] = item
    return found


def merge_keyed(
    base: Sequence[T], ours: Sequence[T], theirs: Sequence[T],
    key: Callable[[T], Hashable],
    merge_item: Callable[[T, T, T], tuple[T, bool]],
) -> tuple[list[T], bool]:
    """A list merged by identity, and whether cleanly. An item edited on one
    side and removed on the other stays, edited; an item both sides added
    differently, or edited differently, is a clash (ours kept, or what
    ``merge_item`` makes of it). Our order is kept, their new items placed
    after the item they follow on their side (and after ours added there)."""
    old, mine, other = (_keyed(items, key) for items in (base, ours, theirs))
    clean = True
    merged: dict[tuple[Hashable, int], T] = {}
    for name in {**mine, **other}:
        before, a, b = old.get(name), mine.get(name), other.get(name)
        if a is not None and b is not None:
            if before is None or (a != before and b != before and a != b):
                value, ok = (a, a == b) if before is None else merge_item(before, a, b)
                clean = clean and ok
            else:
                value = b if a == before else a
            merged[name] = value
        elif a is not None and (before is None or a != before):
            merged[name] = a
        elif b is not None and (before is None or b != before):
            merged[name] = b
    order = [name for name in mine if name in merged]
    theirs_order = list(other)
    for at, name in enumerate(theirs_order):
        if name in mine or name not in merged:
            continue
        place = 0
        for previous in reversed(theirs_order[:at]):
            if previous in order:
                place = order.index(previous) + 1
                break
        while place < len(order) and order[place] not in old and order[place] not in other:
            place += 1  # after what we added at the same place
        order.insert(place, name)
    return [merged[name] for name in order], clean
