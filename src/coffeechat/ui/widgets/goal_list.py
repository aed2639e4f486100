"""The plan's goals, ticked or not: a ticked goal shows X in its box and an
unticked one an empty box, so the two differ without relying on colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList


class GoalList(SelectionList[str]):
    """A selection list whose unticked boxes are empty. Its box is drawn with
    the characters of Textual's toggle buttons, the ones a Checkbox shows."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = int(self.scroll_offset.y) + y
        if not 0 <= index < self.option_count:
            return strip
        if self.get_option_at_index(index).value in self.selected:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == Checkbox.BUTTON_INNER:
            segments[1] = Segment(" " * len(Checkbox.BUTTON_INNER), segments[1].style)
        return Strip(segments, strip.cell_length)
