"""A one-line label that says the longest of its wordings that fits its width.

Chosen on the label's own resize, so a screen need not restyle every widget
it holds for a class on itself (what Textual's breakpoints do, at a cost each
time a screen is first laid out) to swap one line of help.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.events import Resize
from textual.widgets import Label


class FittingLabel(Label):
    """A label picked from ``wordings`` (longest first) by the width it has."""

    DEFAULT_CSS = """
    FittingLabel {
        width: 1fr;
    }
    """

    def __init__(self, *wordings: str, id: str | None = None,
                 classes: str | None = None) -> None:
        self._wordings = sorted(wordings, key=cell_len, reverse=True)
        super().__init__(self._wordings[-1], id=id, classes=classes, markup=False)

    def on_resize(self, event: Resize) -> None:
        width = self.content_size.width
        self.update(next((text for text in self._wordings if cell_len(text) <= width),
                         self._wordings[-1]))
