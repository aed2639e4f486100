"""The Research screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ResearchScreen(Screen):
    """Placeholder until the screen is built."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Research")
        yield Footer()
