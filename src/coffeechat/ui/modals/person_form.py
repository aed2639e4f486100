"""Add or edit a contact, checked as you type.

Names are just text — ``No``, ``null``, ``1:20``, emoji or ``../../etc`` are all
fine; the store turns them into safe file names. Links to other people accept a
slug or a person's name, and must name exactly one person who exists. A new
contact whose name is already in the network is offered as the existing person
first: a second person with that name is an explicit choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from coffeechat.core.models import Person
from coffeechat.core.people import AmbiguousPerson, NoSuchPerson, namesakes, resolve_person
from coffeechat.ui.widgets.namesakes import NamesakeChoice

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


@dataclass
class FormCheck:
    """The outcome of checking the form: errors block saving, warnings do not;
    ``namesakes`` are the people already called by the new contact's name."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    introduced_by: str = ""
    knows: list[str] = field(default_factory=list)
    namesakes: list[tuple[str, Person]] = field(default_factory=list)


@dataclass(frozen=True)
class Existing:
    """The form's answer when the user chose a person already in the network."""

    slug: str


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _link(label: str, text: str, people: Mapping[str, Person], problems: list[str]) -> str | None:
    """The slug ``text`` names, or None with the reason added to ``problems``."""
    try:
        return resolve_person(text, people)
    except NoSuchPerson as missing:
        hint = f" — did you mean {missing.hint!r}?" if missing.hint else "."
        problems.append(f"{label}: nobody called {missing.reference!r}{hint}")
    except AmbiguousPerson as ambiguous:
        problems.append(f"{label}: {ambiguous.reference!r} could be any of "
                        f"{ambiguous.choices}; type the slug of the one you mean.")
    return None


def check_person(
    values: Mapping[str, str], people: Mapping[str, Person], own_slug: str | None,
    unreadable: Mapping[str, str] | None = None,
) -> FormCheck:
    """Validate the form's text; pure so it can be tested without a screen.
    ``unreadable``: the people whose files cannot be read, by the names their
    text gives (they count as namesakes all the same)."""
    result = FormCheck()
    name = values.get("name", "")
    same_name = namesakes(name, people.items(), own_slug=own_slug, unreadable=unreadable)
    if not name.strip():
        result.errors.append("Name: a name is required.")
    elif same_name and own_slug is None:
        result.namesakes = same_name
    elif same_name:
        slugs = ", ".join(slug for slug, _ in same_name)
        result.warnings.append(
            f"Name: {same_name[0][1].name!r} is also the name of {slugs}."
        )
    introducer = values.get("introduced_by", "").strip()
    if introducer:
        slug = _link("Introduced by", introducer, people, result.errors)
        if slug is not None and slug == own_slug:
            result.errors.append("Introduced by: a person cannot introduce themselves.")
        elif slug is not None:
            result.introduced_by = slug
    for item in _split(values.get("knows", "")):
        slug = _link("Knows", item, people, result.errors)
        if slug is not None and slug != own_slug and slug not in result.knows:
            result.knows.append(slug)
    return result


class PersonFormModal(ModalScreen[Person | Existing | None]):
    """Dismisses with the edited person (a copy), an existing person chosen
    instead of adding a namesake, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="person_form.save", tooltip="Save this person"),
        Binding("escape", "cancel", "Cancel", id="person_form.cancel",
                tooltip="Close without saving (asks first if you typed something)"),
    ]

    def __init__(
        self, people: Mapping[str, Person], person: Person | None = None,
        slug: str | None = None, *, unreadable: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.people = people
        self.unreadable = dict(unreadable or {})
        self.original = person.copy() if person is not None else Person()
        self.slug = slug
        self.initial = self._values_of(self.original)
        self._discard_armed = False

    def _values_of(self, person: Person) -> dict[str, str]:
        values = {
            "name": person.name, "company": person.company, "title": person.title,
            "how_we_met": person.how_we_met,
            "introduced_by": person.introduced_by,
            "knows": ", ".join(person.knows), "tags": ", ".join(person.tags),
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
                        yield Input(self.initial[key], placeholder=placeholder,
                                    id=f"field-{key}", compact=True)
                    if key == "name":
                        yield NamesakeChoice(id="form-namesakes")
            yield Static("", id="form-messages")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="form-save", compact=True)
                yield Button("Cancel (esc)", id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()
        self._validate()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#field-{key}", Input).value for key, _, _ in TEXT_FIELDS}

    @on(Input.Changed)
    def _on_changed(self) -> None:
        self._discard_armed = False
        self._validate()

    def _validate(self) -> FormCheck:
        check = check_person(self.values(), self.people, self.slug, self.unreadable)
        choice = self.query_one("#form-namesakes", NamesakeChoice)
        choice.offer(self.values()["name"], check.namesakes, self.unreadable)
        lines = [f"✗ {message}" for message in check.errors]
        lines += [f"! {message}" for message in check.warnings]
        if check.namesakes and not lines:
            lines.append("Already in your network: enter opens the one chosen above.")
        messages = self.query_one("#form-messages", Static)
        # Plain Content: names are shown as typed, never read as markup.
        messages.update(Content("\n".join(lines) or "Ready to save (ctrl+s)."))
        messages.set_class(bool(check.errors), "-errors")
        self.query_one("#form-save", Button).disabled = bool(check.errors)
        return check

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    @on(NamesakeChoice.Chosen)
    def action_save(self) -> None:
        check = self._validate()
        if check.errors:
            self.notify("Fix the marked fields first.", severity="warning")
            return
        existing = self.query_one("#form-namesakes", NamesakeChoice).existing
        if check.namesakes and existing is not None:
            self.dismiss(Existing(existing))
            return
        self.dismiss(self._build(check))

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
            person.tags = _split(values["tags"])
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
        if self.values() != self.initial and not self._discard_armed:
            self._discard_armed = True
            self.notify("You typed something: press Esc again to discard it.",
                        severity="warning")
            return
        self.dismiss(None)

