"""The app's lists wrap an option that fills the list's width whole once a
scrollbar takes two of its columns (Textual measured it at the width before,
and its last word was lost)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets.option_list import Option

from coffeechat.ui.widgets.wrapped_options import WrappedOptions

FILLS = "alpha beta gamma delt"  # as wide as the list without a scrollbar


class Listing(App[None]):
    CSS = "WrappedOptions { width: 23; height: 6; border: none; padding: 0 1; }"

    def compose(self) -> ComposeResult:
        yield WrappedOptions(Option(Content("Reading…"), disabled=True))


async def test_an_option_as_wide_as_the_list_keeps_its_last_word_under_a_scrollbar() -> None:
    app = Listing()
    async with app.run_test(size=(40, 10)) as pilot:
        options = app.query_one(WrappedOptions)
        for count in (3, 10):  # filled again, as Home is: no scrollbar, then one
            options.clear_options()
            options.add_options([Option(Content(FILLS if index == 1 else f"item {index}"))
                                 for index in range(count)])
            await pilot.pause()
            shown = [options.render_line(y).text.rstrip() for y in range(4)]
            assert options.show_vertical_scrollbar == (count == 10)
            assert shown == (["item 0", FILLS, "item 2", ""] if count == 3 else
                             ["item 0", "alpha beta gamma", "delt", "item 2"]), count
