"""The Live screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class LiveScreen(Screen):
    """Placeholder until the screen is built."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Live")
        yield Footer()
