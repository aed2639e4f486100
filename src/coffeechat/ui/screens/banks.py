"""The Question banks screen: browse, see problems, edit in $EDITOR, reload live."""

from __future__ import annotations

import subprocess
from typing import ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from coffeechat.core.models.bank import QuestionBank
from coffeechat.core.models.goals import goal_title
from coffeechat.core.wording import plural
from coffeechat.storage import bank_edit
from coffeechat.storage.watch import Changes
from coffeechat.ui.area import AreaScreen
from coffeechat.ui.navigation import OpenBank
from coffeechat.ui.widgets.footer import KeyFooter
from coffeechat.ui.widgets.status_bar import StatusBar
from coffeechat.ui.widgets.wrapped_options import WrappedOptions


class BanksScreen(AreaScreen):
    """Banks (or goals) on the left, their questions on the right, problems below."""

    AREA_TITLE = "Banks"
    SUB_TITLE = "Banks"

    CSS_PATH = "banks.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit in $EDITOR", id="banks.edit",
                tooltip="Open the bank in your editor (a shipped bank is copied to your "
                        "own folder first)"),
        Binding("g", "toggle_view", "By goal / by bank", id="banks.toggle_view",
                tooltip="List goals and their questions, or banks"),
        Binding("r", "reload", "Reload", id="banks.reload",
                tooltip="Read every bank file again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by_goal = False
        self.keys: list[str] = []
        # A bank and the words Search matched in it: marked while it is shown.
        self._marked: tuple[str, tuple[str, ...]] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with Horizontal(id="banks-body"):
            yield WrappedOptions(id="banks-list")
            with VerticalScroll(id="banks-detail"):
                yield Static(id="banks-questions")
        yield Static(id="banks-problems")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#banks-list", OptionList).focus()

    def show_target(self) -> None:
        """Select the bank asked for (``OpenBank``), listing banks if goals were."""
        request = self.take_request(OpenBank)
        if request is None:
            return
        bank_id = request.bank_id
        if self.by_goal:
            self.action_toggle_view()
        if bank_id in self.keys:
            listing = self.query_one("#banks-list", OptionList)
            listing.highlighted = self.keys.index(bank_id)
            listing.focus()
            if words := request.words:
                self._marked = (bank_id, words)
                self._show_detail()
                self.call_after_refresh(self._scroll_to_mark)

    def _scroll_to_mark(self) -> None:
        """Scroll the bank's questions to the first line holding a word marked."""
        key = self._selected()
        if self._marked is None or key != self._marked[0] or self.by_goal:
            return
        text = self._bank_detail(key)
        plain = text.plain.casefold()
        found = [at for word in self._marked[1]
                 if word and (at := plain.find(word.casefold())) >= 0]
        if not found:
            return
        detail = self.query_one("#banks-questions", Static)
        # The lines above the match's, as wrapped at the detail's width (counted
        # in the text itself: casefolding may change a line's length, never the
        # number of lines).
        above = plain[:min(found)].count("\n")
        line_start = sum(len(line) + 1 for line in text.plain.split("\n")[:above]) - 1
        lines = (Content.from_rich_text(text[:line_start]).get_height(
            cast(RulesMap, detail.styles), detail.content_region.width) if line_start > 0 else 0)
        self.query_one("#banks-detail", VerticalScroll).scroll_to(y=max(lines - 1, 0),
                                                                   animate=False)

    def on_screen_resume(self) -> None:
        self.refresh_view()
        self.show_target()

    def workspace_changed(self, changes: Changes) -> None:
        if changes.banks:
            self.refresh_view()
            self.notify("A bank file changed on disk; banks reloaded.", markup=False)

    def reload_banks(self, message: str) -> None:
        self.chat_app.watcher.banks_rewritten()
        self.chat_app.update_problems()
        self.refresh_view()
        count = len(self.chat_app.workspace.banks.problems)
        self.notify(message + (f" {plural(count, 'problem')} shown below." if count else ""),
                    severity="warning" if count else "information", markup=False)

    # -- showing -----------------------------------------------------------------

    def refresh_view(self) -> None:
        library = self.chat_app.workspace.banks
        listing = self.query_one("#banks-list", OptionList)
        previous = listing.highlighted
        kept = self._selected()
        if self.by_goal:
            self.keys = library.goals()
            options = [Option(Text(f"{goal_title(goal)}  "
                                   f"({plural(len(library.for_goal(goal)), 'bank')})"),
                              id=goal) for goal in self.keys]
        else:
            self.keys = sorted(library.banks, key=lambda bank_id: (
                library.banks[bank_id].shipped, bank_id))
            options = [Option(self._bank_label(library.banks[bank_id]), id=bank_id)
                       for bank_id in self.keys]
        listing.set_options(options)
        if self.keys:
            # An edited bank moves to the top (own banks first): stay on it.
            listing.highlighted = (self.keys.index(kept) if kept in self.keys
                                   else min(previous or 0, len(self.keys) - 1))
        self._show_detail()
        self._show_problems()
        self.refresh_bindings()

    def _bank_label(self, bank: QuestionBank) -> Text:
        library = self.chat_app.workspace.banks
        text = Text()
        if bank.shipped:
            text.append("shipped ", style="dim")
        elif bank.id in library.overridden:
            text.append("own ★   ", style="bold green")
        else:
            text.append("own     ", style="green")
        text.append(bank.display_title)
        text.append(f"  ({len(bank.questions)})", style="dim")
        return text

    def _selected(self) -> str | None:
        index = self.query_one("#banks-list", OptionList).highlighted
        return self.keys[index] if index is not None and index < len(self.keys) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        key = self._selected()
        if self._marked is not None and key != self._marked[0]:
            self._marked = None  # another bank: Search's match is left behind
        detail = self.query_one("#banks-questions", Static)
        if key is None:
            detail.update("No banks. Add a .yaml bank to your question_banks folder.")
            return
        detail.update(self._goal_detail(key) if self.by_goal else self._bank_detail(key))

    def _bank_detail(self, bank_id: str) -> Text:
        library = self.chat_app.workspace.banks
        bank = library.banks[bank_id]
        text = Text(f"{bank.display_title}\n", style="bold")
        if bank.shipped:
            source = "shipped with coffeechat (e copies it to your folder to edit)"
        else:
            source = self._relative(bank)
            if bank_id in library.overridden:
                source += " — overrides the shipped bank of the same id"
        text.append(f"id {bank.id} · {source}\n", style="dim")
        goals = ", ".join(goal_title(goal) for goal in bank.goals) or "no goals"
        text.append(f"Goals: {goals}\n")
        if bank.description:
            text.append(f"{bank.description}\n", style="italic")
        for question in bank.questions:
            text.append(f"\n[{question.stage}] ", style="cyan")
            text.append(question.text)
            for probe in question.follow_ups:
                text.append(f"\n    ↳ {probe}", style="dim")
        if self._marked is not None and self._marked[0] == bank_id:
            text.highlight_words(self._marked[1], style="reverse", case_sensitive=False)
        return text

    def _goal_detail(self, goal: str) -> Text:
        text = Text(f"{goal_title(goal)}\n", style="bold")
        for bank in self.chat_app.workspace.banks.for_goal(goal):
            text.append(f"\n{bank.display_title}\n", style="bold cyan")
            for question in bank.questions:
                text.append(f"  • {question.text}\n")
        return text

    def _relative(self, bank: QuestionBank) -> str:
        if bank.path is None:
            return "unknown file"
        try:
            return str(bank.path.relative_to(self.chat_app.workspace.data_dir))
        except ValueError:
            return str(bank.path)

    def _show_problems(self) -> None:
        library = self.chat_app.workspace.banks
        panel = self.query_one("#banks-problems", Static)
        panel.display = bool(library.problems)
        if library.problems:
            text = Text("Problems in bank files (the other banks keep working)\n",
                        style="bold red")
            for problem in library.problems:
                text.append(problem.format(self.chat_app.workspace.data_dir) + "\n")
            panel.update(text)

    # -- actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return not self.by_goal and self._selected() is not None
        return True

    def action_toggle_view(self) -> None:
        self.by_goal = not self.by_goal
        self.query_one("#banks-list", OptionList).highlighted = None
        self.refresh_view()

    def action_reload(self) -> None:
        self.reload_banks("Banks reloaded.")

    def action_edit(self) -> None:
        bank_id = self._selected()
        workspace = self.chat_app.workspace
        if bank_id is None:
            return
        if workspace.readonly:
            self.notify("Read-only: another coffeechat has this folder open.",
                        severity="error", markup=False)
            return
        command = bank_edit.editor_command()
        if command is None:
            self.notify("No editor found: set $EDITOR (for example EDITOR=nano) and try "
                        "again.", severity="error", timeout=10, markup=False)
            return
        try:
            path = bank_edit.editable_path(workspace.banks, bank_id, workspace.data_dir)
        except bank_edit.BankEditError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        try:
            try:
                with self.app.suspend():
                    subprocess.run([*command, str(path)], check=False)
            except SuspendNotSupported:
                subprocess.run([*command, str(path)], check=False,
                               stdin=subprocess.DEVNULL, capture_output=True)
        except OSError as exc:
            self.notify(f"Could not run {command[0]}: {exc.strerror or exc}",
                        severity="error", markup=False)
        self.reload_banks(f"Edited {path.name}; banks reloaded.")
