"""A contact list that stays fast at tens of thousands of rows.

It is a line-API widget over a query: it holds the number of rows and the
window of them on screen, never every row. Filtering and sorting are the
query's (SQLite's, through ``ContactSource``); a DataTable would measure every
cell before its first paint, which costs about a second at 10,000 contacts.

Without a filter the index's order answers at once. A filter's query reads
every row, tens of milliseconds at 30,000: it runs on a worker, a newer key
stops the one running, and the rows shown stay until the newest result comes
(the ids of the people it shows, kept to read windows and to narrow the next
query from).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import ClassVar, NamedTuple, Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from coffeechat.core.contacts import COLUMNS, filter_words, narrows
from coffeechat.storage.index import ContactRow, Filtered

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


class ContactSource(Protocol):
    """Where the rows come from: the index (``storage.index.Index``)."""

    def contact_totals(self) -> tuple[int, int, list[int]]: ...

    def contact_count(self, words: Sequence[str], column: int, reverse: bool,
                      slug: str | None) -> tuple[int, int | None]: ...

    def contacts(self, words: Sequence[str], column: int, reverse: bool, offset: int,
                 limit: int, shown: int | None = None) -> list[ContactRow]: ...

    def filter_contacts(self, words: Sequence[str], column: int, reverse: bool, *,
                        keep: str | None = None, window: int = 200,
                        within: Sequence[int] | None = None) -> Filtered | None: ...

    def stop_filter(self) -> None: ...

    def contact_rows(self, ids: Sequence[int]) -> list[ContactRow]: ...

    def contact_id(self, slug: str) -> int | None: ...


class Asked(NamedTuple):
    """What a filter's query was asked for: its number (the newest counts), the
    words, the sort, and the person to keep the cursor on."""

    number: int
    words: tuple[str, ...]
    column: int
    reverse: bool
    keep: str | None


# Rows read at once around what is on screen, so scrolling a line or a page
# seldom asks the index again.
WINDOW = 200
# The group of the worker that runs the filter's query: one at a time.
FILTER_GROUP = "contact-filter"


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

    class Shown(Message):
        """Other rows are shown (a filter's or a sort's result came in): what
        the count line says has changed."""

    class Hidden(Message):
        """Person ``slug``, asked for by ``reveal``, is not among the rows the
        filter shows."""

        def __init__(self, slug: str) -> None:
            super().__init__()
            self.slug = slug

    class Found(Message, bubble=False):
        """A filter's query is done (``found`` None: it was stopped or failed)."""

        def __init__(self, asked: Asked, found: Filtered | None) -> None:
            super().__init__()
            self.asked = asked
            self.found = found

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: ContactSource | None = None
        # How many rows there are, how many cannot be read, how many are shown.
        self.total = self.unreadable = self.shown_count = 0
        # The filter's words and the sort asked for last...
        self.words: list[str] = []
        self.sort_column = 0
        self.sort_reverse = False
        # ...and those of the rows shown (the newest query may still run).
        self.shown_words: tuple[str, ...] = ()
        self.shown_sort = (0, False)
        # The ids of the rows a filter shows, in order (None: no filter), and
        # whether they are the rows as they are now (a filter typed on looks
        # among them alone), not from before the rows changed.
        self._ids: list[int] | None = None
        self._ids_current = False
        self._asked: Asked | None = None
        self._number = 0
        # A person to put the cursor on once the newest query is done.
        self._reveal: str | None = None
        # The rows read last (``_window`` of them from the ``_offset``-th shown).
        self._offset = 0
        self._window: list[ContactRow] = []
        self.cursor = 0
        self._last_reported: str | None = None
        self._natural = [len(title) + 3 for title in COLUMNS]

    # -- data ----------------------------------------------------------------

    def set_source(self, source: ContactSource | None, *, keep: str | None = None) -> None:
        """Show the rows of ``source`` (None: no rows) as they are now; the
        cursor stays on ``keep`` (or the current slug)."""
        keep = keep if keep is not None else self.cursor_slug
        self.source = source
        self._ids_current = False
        self.total, self.unreadable, widths = (
            source.contact_totals() if source is not None else (0, 0, [0] * len(COLUMNS)))
        self._natural = [max(len(title) + 3, width + 2)
                         for title, width in zip(COLUMNS, widths, strict=True)]
        self._query(keep)

    def set_filter(self, text: str) -> None:
        """Show only rows containing every word of ``text`` (any column or notes)."""
        self.words = filter_words(text)
        self._query(self.cursor_slug)

    def sort_by(self, column: int, *, reverse: bool | None = None) -> None:
        keep = self.cursor_slug
        if reverse is None:
            reverse = not self.sort_reverse if column == self.sort_column else False
        self.sort_column = column % len(COLUMNS)
        self.sort_reverse = reverse
        self._query(keep)

    def filtered_ids(self) -> list[int] | None:
        """The ids of the people the filter shows (``Filtered.ids``), while they
        answer the words asked for last and the rows as they are now; None
        without a filter, or while its answer is not in."""
        if (self._asked is not None or not self._ids_current or self._ids is None
                or self.shown_words != tuple(self.words)):
            return None
        return self._ids

    @property
    def pending(self) -> bool:
        """Whether a filter's query asked for is still running (its rows not shown yet)."""
        return self._asked is not None

    def _query(self, keep: str | None) -> None:
        """Show the rows the filter and sort ask for, the cursor on ``keep``."""
        self._number += 1
        source = self.source
        words, column, reverse = tuple(self.words), self.sort_column, self.sort_reverse
        if source is not None and words:
            if (self._asked is None and self._ids is not None and self.shown_words == words
                    and self.shown_sort == (column, not reverse)):
                # The same rows the other way round.
                flipped = self.shown_count - 1 - self.cursor if keep == self.cursor_slug else 0
                self._ids = self._ids[::-1]
                self.shown_sort = (column, reverse)
                self._window = []
                self._show(flipped)
                return
            self._ask(source, Asked(self._number, words, column, reverse, keep))
            return
        # Without a filter the list's own index answers at once.
        self._stop()
        position = None
        if source is None:
            self.shown_count = 0
        else:
            self.shown_count, position = source.contact_count(words, column, reverse, keep)
        self._ids = None
        self.shown_words, self.shown_sort = words, (column, reverse)
        self._window = []
        self._show(position)

    def _ask(self, source: ContactSource, asked: Asked) -> None:
        within = None
        if (self._ids is not None and self._ids_current and self.shown_sort[0] == asked.column
                and narrows(asked.words, self.shown_words)):
            within = self._ids[::-1] if self.shown_sort[1] else self._ids
        source.stop_filter()
        self._asked = asked
        self._run_filter(source, asked, within, max(WINDOW, 2 * self.size.height))

    @work(thread=True, exclusive=True, group=FILTER_GROUP)
    def _run_filter(self, source: ContactSource, asked: Asked, within: list[int] | None,
                    window: int) -> None:
        if get_current_worker().is_cancelled:
            return
        found = source.filter_contacts(asked.words, asked.column, asked.reverse,
                                       keep=asked.keep, window=window, within=within)
        self.post_message(self.Found(asked, found))

    def _stop(self) -> None:
        if self._asked is not None:
            self._asked = None
            self.workers.cancel_group(self, FILTER_GROUP)
            if self.source is not None:
                self.source.stop_filter()

    def on_contact_table_found(self, message: Found) -> None:
        if self._asked is None or message.asked.number != self._asked.number:
            return  # an older query's rows: a newer one is running, or none is wanted
        self._asked = None
        found = message.found
        if found is None:
            return  # the rows shown stay (the index could not be read)
        self._ids, self._ids_current = found.ids, True
        self.shown_count = len(found.ids)
        self._offset, self._window = found.offset, found.rows
        self.shown_words = message.asked.words
        self.shown_sort = (message.asked.column, message.asked.reverse)
        self._show(found.position)

    def _show(self, position: int | None) -> None:
        """The rows asked for are here: draw them with the cursor at ``position``."""
        self.virtual_size = Size(self.size.width, self.shown_count + 1)
        self.refresh()
        self._move_to(position or 0)
        self.post_message(self.Shown())
        if self._reveal is not None and self._asked is None:
            slug, self._reveal = self._reveal, None
            self.reveal(slug)

    def reveal(self, slug: str) -> None:
        """Put the cursor on ``slug`` once the rows asked for are shown; when the
        filter hides them, say so (``Hidden``)."""
        if self._asked is not None:
            self._reveal = slug
        elif not self.select_slug(slug):
            self.post_message(self.Hidden(slug))

    def row_at(self, position: int) -> ContactRow | None:
        """The ``position``-th row shown (read with the rows around it)."""
        if not 0 <= position < self.shown_count or self.source is None:
            return None
        if not self._offset <= position < self._offset + len(self._window):
            height = max(1, self.size.height)
            self._offset = max(0, position - max(WINDOW, height) // 2)
            limit = max(WINDOW, 2 * height)
            self._window = (
                self.source.contact_rows(self._ids[self._offset:self._offset + limit])
                if self._ids is not None else
                self.source.contacts((), *self.shown_sort, self._offset, limit,
                                     self.shown_count))
            if not self._offset <= position < self._offset + len(self._window):
                return None
        return self._window[position - self._offset]

    def shown_rows(self) -> list[ContactRow]:
        """Every row shown, in order (one query)."""
        if self.source is None:
            return []
        if self._ids is not None:
            return self.source.contact_rows(self._ids)
        return self.source.contacts((), *self.shown_sort, 0, self.shown_count)

    @property
    def cursor_row(self) -> ContactRow | None:
        return self.row_at(self.cursor)

    @property
    def cursor_slug(self) -> str | None:
        row = self.cursor_row
        return row.slug if row is not None else None

    def select_slug(self, slug: str) -> bool:
        """Put the cursor on ``slug`` if it is shown; False when filtered out."""
        if self.source is None:
            return False
        position: int | None = None
        if self._ids is None:
            position = self.source.contact_count((), *self.shown_sort, slug)[1]
        elif (record_id := self.source.contact_id(slug)) is not None:
            with contextlib.suppress(ValueError):
                position = self._ids.index(record_id)
        if position is None:
            return False
        self._move_to(position)
        return True

    # -- cursor --------------------------------------------------------------

    def _move_to(self, position: int) -> None:
        count = self.shown_count
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
        self._move_to(position if position >= 0 else self.shown_count - 1)

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
        if 0 <= position < self.shown_count:
            if position == self.cursor and event.chain > 1:
                self.action_select()
            self._move_to(position)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.shown_count + 1)

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
        column_shown, reverse = self.shown_sort
        arrow = " ▼" if reverse else " ▲"
        return [
            title + (arrow if column == column_shown else "")
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
        row = self.row_at(position)
        if row is None:
            width = self.scrollable_content_region.width
            return Strip.blank(width, base)
        style = base
        if row.unreadable:
            style = base + self.get_component_rich_style("contact-table--unreadable")
        if position == self.cursor:
            style = base + self.get_component_rich_style("contact-table--cursor")
        return self._line(row.cells, style)
