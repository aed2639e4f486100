"""Browse the banks and pull one more question into a plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.banks import BankLibrary
from coffeechat.core.models.interview import InterviewQuestion
from coffeechat.ui.widgets.wrapped_options import WrappedOptions


class BankBrowserModal(ModalScreen[InterviewQuestion | None]):
    """Banks on the left (those serving the plan's goals first), questions on the
    right; enter on a question adds it."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="browser.cancel",
                tooltip="Close without adding a question"),
    ]

    def __init__(self, library: BankLibrary, goals: Sequence[str]) -> None:
        super().__init__(classes="form-modal")
        self._library = library
        wanted = set(goals)
        banks = list(library.banks.values())
        banks.sort(key=lambda bank: (not wanted.intersection(bank.goals), bank.display_title))
        self._bank_ids = [bank.id for bank in banks]
        self._wanted = wanted

    def compose(self) -> ComposeResult:
        with Vertical(classes="form wide"):
            yield Static("Add a question from a bank", classes="form-title")
            with Horizontal(classes="form-body"):
                yield WrappedOptions(*self._bank_options(), id="browser-banks")
                yield WrappedOptions(id="browser-questions")
            yield Static("tab: switch lists · enter on a question: add it · escape: close",
                         classes="form-hint")

    def _bank_options(self) -> list[Option]:
        options = []
        for bank_id in self._bank_ids:
            bank = self._library.banks[bank_id]
            mark = "★ " if self._wanted.intersection(bank.goals) else "  "
            options.append(Option(Text(f"{mark}{bank.display_title}"), id=bank_id))
        return options

    def on_mount(self) -> None:
        banks = self.query_one("#browser-banks", OptionList)
        if self._bank_ids:
            banks.highlighted = 0
            self._show(self._bank_ids[0])

    def _show(self, bank_id: str) -> None:
        bank = self._library.banks.get(bank_id)
        questions = self.query_one("#browser-questions", OptionList)
        questions.clear_options()
        if bank is None:
            return
        questions.add_options(
            Option(Text(f"[{question.stage}] {question.text}"), id=question.id)
            for question in bank.questions
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "browser-banks" and event.option.id:
            self._show(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "browser-banks":
            self.query_one("#browser-questions", OptionList).focus()
            return
        banks = self.query_one("#browser-banks", OptionList)
        if banks.highlighted is None:
            return
        bank = self._library.banks[self._bank_ids[banks.highlighted]]
        for question in bank.questions:
            if question.id == event.option.id:
                self.dismiss(InterviewQuestion(text=question.text, bank=bank.id,
                                               id=question.id))
                return

    def action_cancel(self) -> None:
        self.dismiss(None)
