"""Command-palette entries for importing and exporting ("import: …", "export: …")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen


def _import_dialog(kind: str) -> Screen[str | None]:
    # Imported when used: the vCard and calendar libraries are not needed to start.
    from coffeechat.ui.modals.transfer_import import ImportDialog

    return ImportDialog(kind)


def _export_dialog(kind: str) -> Screen[str | None]:
    from coffeechat.ui.modals.transfer_export import ExportDialog

    return ExportDialog(kind)


# Title, help line, and the dialog the command opens.
COMMANDS: tuple[tuple[str, str, Callable[[], Screen[str | None]]], ...] = (
    ("import: LinkedIn connections…",
     "Create and fill in people from LinkedIn's Connections.csv, after a preview",
     partial(_import_dialog, "linkedin")),
    ("import: vCard file…",
     "Create and fill in people from a .vcf address-book file, after a preview",
     partial(_import_dialog, "vcard")),
    ("import: people from CSV…",
     "People from coffeechat's own CSV export (export: people as CSV), after a preview",
     partial(_import_dialog, "csv")),
    ("export: calendar…",
     "Scheduled interviews and follow-ups as an .ics file for any calendar app",
     partial(_export_dialog, "calendar")),
    ("export: interview as Markdown…",
     "One interview, questions to debrief, as a Markdown document",
     partial(_export_dialog, "markdown")),
    ("export: archive…",
     "A timestamped .tar.gz backup of the whole data directory",
     partial(_export_dialog, "archive")),
    ("export: people as CSV…",
     "One row per person, for a spreadsheet",
     partial(_export_dialog, "people-csv")),
    ("export: people as vCard…",
     "Everyone as a .vcf file for a phone or address book (vCard 4.0 or 3.0)",
     partial(_export_dialog, "vcard")),
    ("export: interviews as CSV…",
     "One row per interview, for a spreadsheet",
     partial(_export_dialog, "interviews-csv")),
)


class InteropCommands(Provider):
    """Opens the import and export dialogs."""

    def _open(self, factory: Callable[[], Screen[str | None]]) -> None:
        self.app.push_screen(factory(), self._finished)

    def _finished(self, summary: str | None) -> None:
        if summary:
            self.app.notify(summary, title="coffeechat")

    async def discover(self) -> Hits:
        for title, help_text, factory in COMMANDS:
            yield DiscoveryHit(title, partial(self._open, factory), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, factory in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._open, factory),
                          text=title, help=help_text)
