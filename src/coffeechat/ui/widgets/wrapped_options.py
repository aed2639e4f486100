"""An ``OptionList`` whose long options wrap whole, scrollbar or not."""

from __future__ import annotations

from textual.widgets import OptionList


class WrappedOptions(OptionList):
    """Options measured again when the vertical scrollbar comes or goes.

    Textual's ``OptionList`` keeps each option's height as measured at the
    width it had before a scrollbar took two columns of it: an option that
    filled that width wraps onto a line it was not given, and its last word
    is lost. Replacing a prompt (the first, by itself) measures them all again.
    """

    def watch_show_vertical_scrollbar(self) -> None:
        if self.option_count:
            self.replace_option_prompt_at_index(0, self.get_option_at_index(0).prompt)
