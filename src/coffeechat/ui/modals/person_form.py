"""Add or edit a contact, checked as you type.

Names are just text — ``No``, ``null``, ``1:20``, emoji or ``../../etc`` are all
fine; the store turns them into safe file names. Links to other people accept a
slug or a person's name, and must name exactly one person who exists. A new
contact whose name is already in the network is offered as the existing person
first: a second person with that name is an explicit choice. What is typed is
a draft until it is saved (see ``ui.modals.drafts``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from coffeechat.core.models import Person
from coffeechat.core.people import (
    FormCheck,
    Namesakes,
    Unchecked,
    check_person,
    shown_link,
    split_list,
    which_namesake,
)
from coffeechat.ui.modals.drafts import DraftDialog, Save
from coffeechat.ui.widgets.namesakes import NamesakeChoice
from coffeechat.ui.widgets.text_field import TextField

# (input id, label, placeholder)
TEXT_FIELDS = (
    ("name", "Name", "required"),
    ("company", "Company", "where they work"),
    ("title", "Title", "what they do"),
    ("how_we_met", "How we met", "e.g. alumni event, LinkedIn"),
    ("introduced_by", "Introduced by", "a person's name or slug"),
    ("knows", "Knows", "people they could introduce, comma-separated"),
    ("tags", "Tags", "comma-separated"),
    ("email", "E-mail", ""),
    ("phone", "Phone", ""),
    ("linkedin", "LinkedIn", ""),
)
CONTACT_KEYS = ("email", "phone", "linkedin")


@dataclass(frozen=True)
class Existing:
    """The form's answer when the user chose a person already in the network."""

    slug: str


class PersonFormModal(DraftDialog[Person | Existing]):
    """Dismisses with the edited person (a copy), once ``save`` has written it,
    an existing person chosen instead of adding a namesake, or None on Escape
    (the text typed is kept as a draft, offered when the form opens again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="person_form.save", tooltip="Save this person"),
        Binding("escape", "cancel", "Back", id="person_form.cancel",
                tooltip="Close; what you typed is kept and offered when the form opens again"),
    ]

    def __init__(
        self, known: Namesakes, person: Person | None = None,
        slug: str | None = None, *, save: Save[Person | Existing] | None = None,
        name_of: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(f"person.{slug}" if slug else "new-person",
                         f"Edit {person.name or slug}" if person is not None and slug
                         else "New contact", save=save)
        # Asked a name or a slug at a time (a query each), never every person.
        self.known = known
        # The names of the people linked, shown instead of their slugs where
        # typing the name back names the same person (``shown_link``).
        self.name_of = name_of
        # The link fields' text and what ``_namesakes_linked`` said of it.
        self._linked: tuple[tuple[str, str], list[str]] | None = None
        self.original = person.copy() if person is not None else Person()
        self.slug = slug
        self.initial = self._values_of(self.original)

    def _values_of(self, person: Person) -> dict[str, str]:
        values = {
            "name": person.name, "company": person.company, "title": person.title,
            "how_we_met": person.how_we_met,
            "introduced_by": self._link(person.introduced_by),
            "knows": ", ".join(map(self._link, person.knows)), "tags": ", ".join(person.tags),
        }
        for key in CONTACT_KEYS:
            values[key] = person.contact.get(key, "")
        return values

    def compose(self) -> ComposeResult:
        heading = "Edit contact" if self.slug else "New contact"
        # One line per field and the buttons docked below, so at 80x24 the
        # whole form and its Save button are on screen.
        with Vertical(id="person-form", classes="dialog"):
            yield Static(heading, id="person-form-title")
            with VerticalScroll(id="person-form-fields"):
                for key, label, placeholder in TEXT_FIELDS:
                    with Horizontal(classes="person-form-row"):
                        yield Label(label, classes="person-form-label")
                        yield TextField(self.initial[key], placeholder=placeholder,
                                        id=f"field-{key}", compact=True)
                    if key == "name":
                        yield NamesakeChoice(id="form-namesakes")
            yield Static("", id="form-messages")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="form-save", compact=True)
                yield Button("Back (esc)", id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()
        self._validate()

    def _link(self, slug: str) -> str:
        if not slug or self.name_of is None:
            return slug
        return shown_link(slug, self.name_of(slug), self.known)

    def _namesakes_linked(self) -> list[str]:
        """Which person each link given by its slug is, where others share that
        person's name (a slug alone does not say which 中村 大輔 it is). Asked
        of the index again only when the link fields' text changes: a key typed
        in another field asks nothing."""
        values = self.values()
        links = (values["introduced_by"], values["knows"])
        if self._linked is None or self._linked[0] != links:
            self._linked = (links, self._which_namesakes(*links))
        return self._linked[1]

    def _which_namesakes(self, introduced_by: str, knows: str) -> list[str]:
        if self.name_of is None:
            return []
        notes = []
        for text, label in ((introduced_by, "Introduced by"), (knows, "Knows")):
            for item in split_list(text):
                if not self.known.has(item):
                    continue
                name = self.name_of(item)
                try:
                    same_name = self.known(name)
                except Unchecked:
                    continue
                which = which_namesake(item, name, same_name, self.known.unreadable)
                if which is not None:
                    notes.append(f"· {label} {which}")
        return notes

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#field-{key}", Input).value for key, _, _ in TEXT_FIELDS}

    def draft_values(self) -> dict[str, str]:
        return self.values()

    def restore_draft(self, values: Mapping[str, str]) -> None:
        for key, _, _ in TEXT_FIELDS:
            self.query_one(f"#field-{key}", Input).value = values.get(key, "")

    def show_problem(self, text: str) -> None:
        messages = self.query_one("#form-messages", Static)
        messages.update(Content(f"✗ {text}"))
        messages.set_class(True, "-errors")

    @on(Input.Changed)
    def _on_changed(self) -> None:
        self._validate()

    def _validate(self) -> FormCheck:
        check = check_person(self.values(), self.known, self.slug)
        choice = self.query_one("#form-namesakes", NamesakeChoice)
        choice.offer(self.values()["name"], check.namesakes, check.unreadable)
        lines = [f"✗ {message}" for message in check.errors]
        lines += [f"! {message}" for message in check.warnings]
        if check.namesakes and not lines:
            lines.append("Already in your network: enter opens the one chosen above.")
        ready = [] if lines else ["Ready to save (ctrl+s)."]
        if not check.errors:
            lines += self._namesakes_linked()
        lines += ready
        messages = self.query_one("#form-messages", Static)
        # Plain Content: names are shown as typed, never read as markup.
        messages.update(Content("\n".join(lines)))
        messages.set_class(bool(check.errors), "-errors")
        self.query_one("#form-save", Button).disabled = bool(check.errors)
        return check

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    @on(NamesakeChoice.Chosen)
    def action_save(self) -> None:
        self.submit()

    def submit(self) -> None:
        check = self._validate()
        if check.errors:
            self.notify("Fix the marked fields first.", severity="warning")
            return
        existing = self.query_one("#form-namesakes", NamesakeChoice).existing
        if check.namesakes and existing is not None:
            self.finish(Existing(existing))
            return
        self.finish(self._build(check))

    def _build(self, check: FormCheck) -> Person:
        values = self.values()
        person = self.original.copy()
        person.name = values["name"]
        person.company = values["company"]
        person.title = values["title"]
        person.how_we_met = values["how_we_met"]
        person.introduced_by = check.introduced_by
        # Only rewrite list fields the user touched, so items holding commas survive.
        if values["knows"] != self.initial["knows"]:
            person.knows = check.knows
        if values["tags"] != self.initial["tags"]:
            person.tags = split_list(values["tags"])
        contact = dict(person.contact)
        for key in CONTACT_KEYS:
            if values[key]:
                contact[key] = values[key]
            else:
                contact.pop(key, None)
        person.contact = contact
        return person

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.keep_and_close()

