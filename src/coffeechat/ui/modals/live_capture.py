"""The "another name" form: a referral captured mid-conversation.

A name already in the network is offered as that person first (enter links
them), so the referral graph does not split into namesakes; a new person with
the same name is an explicit choice. What is typed is a draft until the person
is added (see ``ui.modals.drafts``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Static

from coffeechat.core.people import Namesakes, Unchecked
from coffeechat.ui.modals.drafts import DraftDialog, Save
from coffeechat.ui.widgets.namesakes import NamesakeChoice
from coffeechat.ui.widgets.text_field import TextField


@dataclass(frozen=True)
class Capture:
    """What was typed about the new contact; only ``name`` is required.
    ``existing`` is the slug of a person already in the network chosen instead."""

    name: str
    company: str = ""
    title: str = ""
    why: str = ""
    existing: str | None = None
    # The interviewee is happy to be named to them.
    may_mention: bool = False


FIELDS = ("name", "company", "title", "why")


class CaptureNameModal(DraftDialog[Capture]):
    """Name, company, title, why; enter in any field saves (through ``save``)."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="capture.cancel",
                tooltip="Back to the notes without adding anyone; the text is kept"),
    ]

    def __init__(self, referred_by: str, namesakes: Namesakes | None = None, *,
                 draft_key: str, save: Save[Capture] | None = None) -> None:
        super().__init__(draft_key, f"Another name, from {referred_by}", save=save,
                         classes="form-modal")
        self._referred_by = referred_by
        # Who is called by a name (those whose files cannot be read too, by the
        # name their text gives): a query of the index per keystroke.
        self._namesakes = namesakes if namesakes is not None else Namesakes()

    def compose(self) -> ComposeResult:
        with Vertical(classes="form capture"):
            yield Static(f"Another name, from {self._referred_by}", classes="form-title",
                         markup=False)
            yield TextField(placeholder="Name (required)", id="capture-name")
            yield NamesakeChoice(id="capture-namesakes")
            yield TextField(placeholder="Company", id="capture-company")
            yield TextField(placeholder="Title", id="capture-title")
            yield TextField(placeholder="Why talk to them?", id="capture-why")
            yield Checkbox(Content(f"May I say {self._referred_by} suggested I get in touch?"),
                           id="capture-mention", compact=True)
            yield Static("", id="capture-error", classes="form-error")
            yield Static("enter: add and back to the notes · tab: next field · escape: back",
                         classes="form-hint", id="capture-hint")

    def on_mount(self) -> None:
        self.query_one("#capture-error").display = False

    def _value(self, field: str) -> str:
        return self.query_one(f"#capture-{field}", Input).value

    def draft_values(self) -> dict[str, str]:
        return {field: self._value(field) for field in FIELDS}

    def restore_draft(self, values: Mapping[str, str]) -> None:
        for field in FIELDS:
            self.query_one(f"#capture-{field}", Input).value = values.get(field, "")

    def show_problem(self, text: str) -> None:
        error = self.query_one("#capture-error", Static)
        error.update(text)
        error.display = True

    @on(Input.Changed, "#capture-name")
    def _name_changed(self, event: Input.Changed) -> None:
        try:
            same = self._namesakes(event.value)
        except Unchecked:
            same = []  # nobody to offer while the folder or the index cannot be read
        self.query_one(NamesakeChoice).offer(event.value, same, self._namesakes.unreadable)
        self.query_one("#capture-hint", Static).update(
            "enter: link the person chosen above · tab: choose · escape: back" if same else
            "enter: add and back to the notes · tab: next field · escape: back")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_namesake_choice_chosen(self, event: NamesakeChoice.Chosen) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if not self._value("name").strip():
            self.show_problem("A name is needed.")
            self.query_one("#capture-name", Input).focus()
            return
        self.finish(Capture(self._value("name"), self._value("company"),
                             self._value("title"), self._value("why"),
                             existing=self.query_one(NamesakeChoice).existing,
                             may_mention=self.query_one("#capture-mention", Checkbox).value))

    def action_cancel(self) -> None:
        self.keep_and_close()
