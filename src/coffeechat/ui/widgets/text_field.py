"""A one-line text field whose text is never replaced by a first key."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Input


class TextField(Input):
    """Textual's ``Input``, keeping its whole text when focused.

    Textual's field selects everything it holds on focus, so the first key
    typed replaces it, with no undo. What a field holds is mostly a kept
    draft, a record's value or a query the user typed: focused, it puts the
    cursor at the end (a field at rest may show its start), and a key adds to
    the text (ctrl+u clears it). A click still puts the cursor where it is.

    ``offered``: the value given is the app's suggestion (a file name to
    export to), selected on focus while it is unchanged, so that typing
    replaces it. A draft put in its place is the user's, and is kept, even
    when it comes after the focus (a dialog's kept draft does)."""

    # The value offered, while it is the field's (set once the field is made;
    # Textual sets the value while making it).
    _offer: str | None = None

    def __init__(self, *args: Any, offered: bool = False, **kwargs: Any) -> None:
        kwargs["select_on_focus"] = False
        super().__init__(*args, **kwargs)
        self._offer = self.value if offered else None

    def on_focus(self, event: events.Focus) -> None:
        if self.value and self.value == self._offer:
            self.select_all()
        else:
            self.cursor_position = len(self.value)

    def watch_value(self, value: str) -> None:
        if self._offer is None or value == self._offer:
            return
        self._offer = None
        start, end = sorted(self.selection)
        if (start, end) == (0, len(value)) and value:
            self.cursor_position = len(value)
