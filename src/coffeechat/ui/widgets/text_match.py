"""Putting the cursor on a search match: Search opens a record at the words it found."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import TextArea
from textual.widgets.text_area import Selection


def select_match(area: TextArea, words: Sequence[str]) -> bool:
    """Select the earliest of ``words`` in ``area`` and scroll to it; False when
    none is there. The words are as the text has them (from a snippet of it)."""
    text = area.text
    found = [(at, word) for word in words if word and (at := text.find(word)) >= 0]
    if not found:
        return False
    at, word = min(found)
    area.selection = Selection(_location(text, at), _location(text, at + len(word)))
    area.scroll_cursor_visible(center=True)
    return True


def _location(text: str, index: int) -> tuple[int, int]:
    """(row, column) of a character offset."""
    row = text.count("\n", 0, index)
    return row, index - (text.rfind("\n", 0, index) + 1)


def first_containing(texts: Sequence[str], words: Sequence[str]) -> int | None:
    """The index of the first of ``texts`` holding one of ``words``, if any."""
    for index, text in enumerate(texts):
        if any(word and word in text for word in words):
            return index
    return None
