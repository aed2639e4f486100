"""The "another name" form: a referral captured mid-conversation.

A name already in the network is offered as that person first (enter links
them), so the referral graph does not split into namesakes; a new person with
the same name is an explicit choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from coffeechat.core.models import Person
from coffeechat.core.people import Namesakes
from coffeechat.ui.widgets.namesakes import NamesakeChoice


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


class CaptureNameModal(ModalScreen[Capture | None]):
    """Name, company, title, why; enter in any field saves."""

    CSS_PATH = "interview_forms.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="capture.cancel",
                tooltip="Back to the notes without adding anyone"),
    ]

    def __init__(self, referred_by: str, people: Iterable[tuple[str, Person]] = (),
                 unreadable: Mapping[str, str] | None = None) -> None:
        super().__init__(classes="form-modal")
        self._referred_by = referred_by
        # Everyone by name, once (those whose files cannot be read too, by the
        # name their text gives): looking up on each keystroke stays instant.
        self._namesakes = Namesakes(people, unreadable)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form capture"):
            yield Static(f"Another name, from {self._referred_by}", classes="form-title",
                         markup=False)
            yield Input(placeholder="Name (required)", id="capture-name")
            yield NamesakeChoice(id="capture-namesakes")
            yield Input(placeholder="Company", id="capture-company")
            yield Input(placeholder="Title", id="capture-title")
            yield Input(placeholder="Why talk to them?", id="capture-why")
            yield Checkbox(Content(f"May I say {self._referred_by} suggested I get in touch?"),
                           id="capture-mention", compact=True)
            yield Static("", id="capture-error", classes="form-error")
            yield Static("enter: add and back to the notes · tab: next field · escape: cancel",
                         classes="form-hint", id="capture-hint")

    def on_mount(self) -> None:
        self.query_one("#capture-error").display = False

    def _value(self, field: str) -> str:
        return self.query_one(f"#capture-{field}", Input).value

    @on(Input.Changed, "#capture-name")
    def _name_changed(self, event: Input.Changed) -> None:
        same = self._namesakes(event.value)
        self.query_one(NamesakeChoice).offer(event.value, same, self._namesakes.unreadable)
        self.query_one("#capture-hint", Static).update(
            "enter: link the person chosen above · tab: choose · escape: cancel" if same else
            "enter: add and back to the notes · tab: next field · escape: cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_namesake_choice_chosen(self, event: NamesakeChoice.Chosen) -> None:
        event.stop()
        self._submit()

    def _submit(self) -> None:
        if not self._value("name").strip():
            error = self.query_one("#capture-error", Static)
            error.update("A name is needed.")
            error.display = True
            self.query_one("#capture-name", Input).focus()
            return
        self.dismiss(Capture(self._value("name"), self._value("company"),
                             self._value("title"), self._value("why"),
                             existing=self.query_one(NamesakeChoice).existing,
                             may_mention=self.query_one("#capture-mention", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
