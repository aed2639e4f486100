"""Pick one of a few choices: a snooze length, which chat to open."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.ui.widgets.wrapped_options import WrappedOptions


class ChoiceModal(ModalScreen[str | None]):
    """Dismisses with the id of the chosen line, or None on escape."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel",
                tooltip="Close without choosing"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], *,
                 hint: str = "enter: choose · escape: cancel") -> None:
        """``choices`` are (id, text) pairs, shown in order; the first is highlighted."""
        super().__init__(classes="form-modal")
        self._title = title
        self._choices = choices
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static(self._title, classes="form-title", markup=False)
            yield WrappedOptions(*(Option(Text(text), id=key) for key, text in self._choices),
                                 id="choice-list")
            yield Static(self._hint, classes="form-hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
