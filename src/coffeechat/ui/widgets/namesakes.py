"""The people already called by a name being typed, offered before a second one
is created (the Add-contact form and "another name" in Live).

The existing people come first and the first is highlighted, so enter links to
someone already there; a new person with the same name is the last line, an
explicit choice. Hidden while nobody has the name.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from coffeechat.core.models import Person
from coffeechat.core.people import UNREADABLE, role_line
from coffeechat.ui.widgets.wrapped_options import WrappedOptions

NEW = "new"


class NamesakeChoice(WrappedOptions):
    """Existing people with this name, then "a new person"."""

    DEFAULT_CSS = """
    NamesakeChoice {
        height: auto;
        max-height: 6;
        display: none;
        border: round $warning;
        padding: 0 1;
    }
    """

    @dataclass
    class Chosen(Message):
        """Enter on a line; ``existing`` reads which."""

        choice: NamesakeChoice

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._offered: tuple[str, tuple[str, ...]] = ("", ())

    def offer(self, name: str, namesakes: list[tuple[str, Person]],
              unreadable: Container[str] = ()) -> None:
        """Show the choice for ``name`` (hidden when ``namesakes`` is empty);
        those in ``unreadable`` are people whose files cannot be read."""
        key = (name, tuple(slug for slug, _ in namesakes))
        if key == self._offered:
            return
        self._offered = key
        self.display = bool(namesakes)
        self.border_title = f"{name.strip()!r} is already in your network" if namesakes else ""
        options = []
        for slug, person in namesakes:
            role = UNREADABLE if slug in unreadable else role_line(person)
            label = Text(f"→ {person.name}")
            label.append(f" · {role}" if role else "", style="dim")
            label.append(f" ({slug})", style="dim")
            options.append(Option(label, id=slug))
        options.append(Option(Text(f"+ a new person named {name.strip()}"), id=NEW))
        self.set_options(options)
        self.highlighted = 0

    @property
    def existing(self) -> str | None:
        """The slug of the existing person chosen, or None for a new person."""
        if not self.display or self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.id == NEW else option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self))
