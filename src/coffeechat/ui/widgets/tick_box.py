"""A checkbox whose mark, not only its colour, says whether it is ticked."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Shows X when ticked and a blank when not, as the goal lists do: the stock
    box shows X either way, which on a monochrome terminal, or to a colour-blind
    user, looks the same ticked or not."""

    def render(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super().render()
