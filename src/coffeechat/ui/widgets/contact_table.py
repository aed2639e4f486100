"""A contact list that stays fast at tens of thousands of rows.

It is a line-API widget: only the rows on screen are rendered, and filtering or
sorting rebuilds a list of row numbers instead of any widgets. A DataTable would
measure every cell before its first paint, which costs about a second at 10,000
contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from coffeechat.core.models import Person
from coffeechat.core.people import UNREADABLE, display_name
from coffeechat.core.text import fold, sort_key
from coffeechat.storage.collection import Unreadable

COLUMNS = ("Name", "Company", "Title", "Tags", "How we met")
# Narrowest useful width of each column; columns that do not fit at that
# width are left out from the right (at 80 columns: name, company, title).
MIN_WIDTHS = (14, 10, 12, 8, 12)
# A column is never wider than this, however long its longest text.
MAX_WIDTH = 60
GAP = 1


def column_widths(usable: int, natural: list[int]) -> list[int]:
    """Each column's width in ``usable`` cells (0: left out), from the width its
    longest text wants. Every column gets at least its minimum; the room left
    goes first to the columns that need least to show all their text, so as
    many as possible are shown whole; what is still left is shared out."""
    count = len(COLUMNS)
    while count > 1 and sum(MIN_WIDTHS[:count]) + GAP * count > usable:
        count -= 1
    room = max(count, usable - GAP * count)
    widths = [min(MIN_WIDTHS[column], room) for column in range(count)]
    spare = room - sum(widths)
    needs = sorted(range(count),
                   key=lambda column: min(natural[column], MAX_WIDTH) - widths[column])
    for position, column in enumerate(needs):
        want = max(0, min(natural[column], MAX_WIDTH) - widths[column])
        given = min(want, spare // (count - position))
        widths[column] += given
        spare -= given
    for column in range(count):
        widths[column] += spare // count + (1 if column < spare % count else 0)
    return widths + [0] * (len(COLUMNS) - count)


def _fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells; one that is cut ends in an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


@dataclass(frozen=True)
class ContactRow:
    """What the table shows of one person, plus the text a filter searches."""

    slug: str
    cells: tuple[str, str, str, str, str]
    haystack: str
    # A person whose file cannot be read: kept in its place, marked.
    unreadable: bool = False

    @classmethod
    def of(cls, slug: str, person: Person) -> ContactRow:
        tags = ", ".join(person.tags)
        cells = (display_name(person, slug), person.company, person.title, tags, person.how_we_met)
        haystack = "\n".join(
            (person.name, person.company, person.title, tags, person.location.line(),
             person.notes, slug))
        return cls(slug, cells, fold(haystack))

    @classmethod
    def of_unreadable(cls, item: Unreadable) -> ContactRow:
        """A person whose file cannot be read, named as far as its text says
        (else by the file's name)."""
        name = item.name or item.path.name
        cells = (name, "unreadable", "enter: why", "", "")
        return cls(item.slug, cells, fold("\n".join((name, UNREADABLE, item.slug))), True)


def _clean(text: str) -> str:
    # One table row per person: line breaks and tabs would break the grid.
    return " ".join(text.split())


class ContactTable(ScrollView, can_focus=True):
    """Every contact, one row each, with a fixed header, filter and sort."""

    DEFAULT_CSS = """
    ContactTable {
        height: 1fr;
        overflow-x: hidden;
    }
    ContactTable > .contact-table--header {
        text-style: bold;
        background: $panel;
    }
    ContactTable > .contact-table--cursor {
        background: $block-cursor-blurred-background;
    }
    ContactTable > .contact-table--unreadable {
        color: $text-error;
    }
    ContactTable:focus > .contact-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "contact-table--header",
        "contact-table--cursor",
        "contact-table--unreadable",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False, id="contacts.up"),
        Binding("down", "move(1)", "Down", show=False, id="contacts.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="contacts.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="contacts.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="contacts.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="contacts.last"),
        Binding("enter", "select", "Open", show=False, id="contacts.select"),
    ]

    class Highlighted(Message):
        """The cursor moved to another contact (``slug`` is None when empty)."""

        def __init__(self, slug: str | None) -> None:
            super().__init__()
            self.slug = slug

    class Selected(Message):
        """Enter (or a click) on a contact."""

        def __init__(self, slug: str) -> None:
            super().__init__()
            self.slug = slug

    class Typed(Message):
        """A letter typed on the list (``text``), or backspace (``text`` empty):
        for the filter, since typing on the list filters it."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ContactRow] = []
        self._haystacks: list[str] = []
        self.order: list[int] = []
        self.shown: list[int] = []
        self.cursor = 0
        self.sort_column = 0
        self.sort_reverse = False
        self.query_text = ""
        self._last_reported: str | None = None
        self._natural = [len(title) + 3 for title in COLUMNS]

    # -- data ----------------------------------------------------------------

    def set_rows(self, rows: list[ContactRow], *, keep: str | None = None) -> None:
        """Replace every row; the cursor stays on ``keep`` (or the current slug)."""
        keep = keep if keep is not None else self.cursor_slug
        self.rows = rows
        self._haystacks = [row.haystack for row in rows]
        self._natural = [
            max([len(title) + 3, *(len(row.cells[column]) + 2 for row in rows)])
            for column, title in enumerate(COLUMNS)
        ]
        self._sort()
        self._apply_filter(self.query_text, narrow=False)
        self._place_cursor(keep)

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (any column or notes)."""
        keep = self.cursor_slug
        narrow = fold(text).startswith(fold(self.query_text)) and bool(self.query_text)
        self._apply_filter(text, narrow=narrow)
        self._place_cursor(keep)

    def sort_by(self, column: int, *, reverse: bool | None = None) -> None:
        keep = self.cursor_slug
        if reverse is None:
            reverse = not self.sort_reverse if column == self.sort_column else False
        self.sort_column = column % len(COLUMNS)
        self.sort_reverse = reverse
        self._sort()
        self._apply_filter(self.query_text, narrow=False)
        self._place_cursor(keep)

    def _sort(self) -> None:
        column = self.sort_column
        rows = self.rows
        self.order = sorted(
            range(len(rows)),
            # Empty cells last; names as people read them (``sort_key``).
            key=lambda index: (not rows[index].cells[column],
                               sort_key(rows[index].cells[column]),
                               sort_key(rows[index].cells[0]), rows[index].slug),
            reverse=self.sort_reverse,
        )

    def _apply_filter(self, text: str, *, narrow: bool) -> None:
        words = fold(text).split()
        # Typing one more letter only narrows the previous result, so start there.
        shown = self.shown if narrow else self.order
        haystacks = self._haystacks
        for word in words:
            shown = [i for i in shown if word in haystacks[i]]
        self.shown = list(shown)
        self.query_text = text
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)
        self.refresh()

    def _place_cursor(self, slug: str | None) -> None:
        index = 0
        if slug is not None:
            for position, row_index in enumerate(self.shown):
                if self.rows[row_index].slug == slug:
                    index = position
                    break
        self._move_to(index)

    @property
    def cursor_slug(self) -> str | None:
        if 0 <= self.cursor < len(self.shown):
            return self.rows[self.shown[self.cursor]].slug
        return None

    def select_slug(self, slug: str) -> bool:
        """Put the cursor on ``slug`` if it is shown; False when filtered out."""
        for position, row_index in enumerate(self.shown):
            if self.rows[row_index].slug == slug:
                self._move_to(position)
                return True
        return False

    # -- cursor --------------------------------------------------------------

    def _move_to(self, position: int) -> None:
        count = len(self.shown)
        self.cursor = max(0, min(position, count - 1)) if count else 0
        if count:
            self._reveal_cursor()
        self.refresh()
        slug = self.cursor_slug
        if slug != self._last_reported:
            self._last_reported = slug
            self.post_message(self.Highlighted(slug))

    def _reveal_cursor(self) -> None:
        # Row 0 is the header, always drawn at the top, so one line fewer shows rows.
        height = self.scrollable_content_region.height - 1
        if self.cursor < self.scroll_y:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif height > 0 and self.cursor >= self.scroll_y + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, force=True)

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self._move_to(self.cursor + direction * step)

    def action_jump(self, position: int) -> None:
        self._move_to(position if position >= 0 else len(self.shown) - 1)

    def action_select(self) -> None:
        slug = self.cursor_slug
        if slug is not None:
            self.post_message(self.Selected(slug))

    def on_key(self, event: events.Key) -> None:
        # "?" stays the key for help and "/" for Search, as on every screen
        # where nothing is being typed; any other character filters.
        if event.is_printable and event.character and event.character not in "?/":
            self.post_message(self.Typed(event.character))
        elif event.key == "backspace":
            self.post_message(self.Typed(""))
        else:
            return
        event.stop()
        event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            self.sort_by(self._column_at(event.x))
            return
        position = int(self.scroll_y) + event.y - 1
        if 0 <= position < len(self.shown):
            if position == self.cursor and event.chain > 1:
                self.action_select()
            self._move_to(position)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)

    # -- rendering -----------------------------------------------------------

    def _widths(self) -> list[int]:
        return column_widths(self.scrollable_content_region.width, self._natural)

    def _column_at(self, x: int) -> int:
        edge = 0
        shown = 0
        for column, width in enumerate(self._widths()):
            if not width:
                break
            shown = column
            edge += width + GAP
            if x < edge:
                return column
        return shown

    def header_cells(self) -> list[str]:
        arrow = " ▼" if self.sort_reverse else " ▲"
        return [
            title + (arrow if column == self.sort_column else "")
            for column, title in enumerate(COLUMNS)
        ]

    def _line(self, cells: list[str] | tuple[str, ...], style: Style) -> Strip:
        widths = self._widths()
        text = "".join(
            _fit(" " + _clean(cell), width) + " " * GAP
            for cell, width in zip(cells, widths, strict=True) if width
        )
        width = self.scrollable_content_region.width
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("contact-table--header")
            return self._line(self.header_cells(), header)
        position = int(self.scroll_y) + y - 1
        if position >= len(self.shown):
            width = self.scrollable_content_region.width
            return Strip.blank(width, base)
        row = self.rows[self.shown[position]]
        style = base
        if row.unreadable:
            style = base + self.get_component_rich_style("contact-table--unreadable")
        if position == self.cursor:
            style = base + self.get_component_rich_style("contact-table--cursor")
        return self._line(row.cells, style)
