"""A one-line text field that never loses what was typed in it: focus keeps its
text, and ctrl+z / ctrl+y undo and redo."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.widgets import Input

# Edits a field can undo: enough for any sentence typed into one line, and a
# bound on what a field keeps (each step is a copy of the text).
UNDO_STEPS = 200


class TextField(Input):
    """Textual's ``Input``, keeping its whole text when focused, with undo.

    Textual's field selects everything it holds on focus, so the first key
    typed replaced it, and it has no undo: a slip of ctrl+u or ctrl+w lost
    the words for good. What a field holds is mostly a kept draft, a record's
    value or a query the user typed: focused, it puts the cursor at the end (a
    field at rest may show its start), and a key adds to the text. A click
    still puts the cursor where it is.

    ctrl+z undoes an edit (a word typed, a cut, a paste; the last
    ``UNDO_STEPS``), ctrl+y redoes it.
    With nothing typed to undo, ctrl+z is the screen's (Plan's brings back a
    dropped question). A value the app puts in (a record loaded again, a kept
    draft) starts the history afresh: undo never brings back a version the
    user did not type.

    ``offered``: the value given is the app's suggestion (a file name to
    export to, the clock's reading of a meeting), selected on focus while it
    is unchanged, so that typing replaces it (``offer`` does the same later for
    the value held). A draft put in its place is the
    user's, and is kept, even when it comes after the focus (a dialog's kept
    draft does)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z", "undo", "Undo typing", show=False, id="field.undo",
                tooltip="Undo the last edit in this field: a word typed, a cut, a paste"),
        Binding("ctrl+y", "redo", "Redo typing", show=False, id="field.redo",
                tooltip="Redo the edit ctrl+z undid"),
    ]

    # Set once the field is made.
    _offer: str | None = None
    _editing = False

    def __init__(self, *args: Any, offered: bool = False, **kwargs: Any) -> None:
        # (text, cursor) before each edit, and after each edit undone; made
        # first, as Textual sets the value while making the field.
        self._undone: list[tuple[str, int]] = []
        self._redone: list[tuple[str, int]] = []
        self._typing = False
        kwargs["select_on_focus"] = False
        super().__init__(*args, **kwargs)
        self._offer = self.value if offered else None

    def on_focus(self, event: events.Focus) -> None:
        if self.value and self.value == self._offer:
            self.select_all()
        else:
            self.cursor_position = len(self.value)

    def offer(self) -> None:
        """Hold the value as only offered from now on, until it changes: selected
        when focused (at once, if it is), so that typing replaces it and ctrl+z
        brings it back. For a field one comes back to in order to start afresh
        (Search's query)."""
        self._offer = self.value
        if self.has_focus and self.value:
            self.select_all()

    def watch_value(self, value: str) -> None:
        if not self._editing:
            self._undone.clear()
            self._redone.clear()
            self._typing = False
        if self._offer is None or value == self._offer:
            return
        self._offer = None
        start, end = sorted(self.selection)
        if (start, end) == (0, len(value)) and value:
            self.cursor_position = len(value)

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit a key makes comes here (typing, deleting, cutting, pasting):
        the text before it is kept for undo, letters typed one after the other
        as one edit, which a space or any other edit ends."""
        before = (self.value, self.cursor_position)
        self._editing = True
        try:
            super().replace(text, start, end)
        finally:
            self._editing = False
        if self.value == before[0]:
            return
        typing = len(text) == 1 and start == end and not text.isspace()
        if not (typing and self._typing):
            self._undone.append(before)
            del self._undone[:-UNDO_STEPS]
        self._typing = typing
        self._redone.clear()

    def action_undo(self) -> None:
        if not self._undone:
            raise SkipAction()
        self._step(self._undone, self._redone)

    def action_redo(self) -> None:
        if not self._redone:
            raise SkipAction()
        self._step(self._redone, self._undone)

    def _step(self, source: list[tuple[str, int]], other: list[tuple[str, int]]) -> None:
        other.append((self.value, self.cursor_position))
        text, cursor = source.pop()
        self._editing = True
        try:
            self.value = text
        finally:
            self._editing = False
        self.cursor_position = cursor
        self._typing = False
