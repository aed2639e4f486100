"""What a user at a small terminal can see: helpers shared by the 80x24 tests."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widget import Widget

from coffeechat.ui.widgets.footer import KeyFooter

SMALL = (80, 24)


def on_screen(widget: Widget) -> bool:
    """Whether the whole widget is drawn: shown, not empty, and not cut off by
    the screen or by any container holding it (a scrolled-away field is not)."""
    region = widget.region
    if not widget.display or region.area == 0:
        return False
    node = widget.parent
    while isinstance(node, Widget):
        if node.region.area and not node.region.contains_region(region):
            return False
        node = node.parent
    return True


def footer_keys(app: App[Any]) -> list[str]:
    """The footer as shown: ``"^o Chat"``… (whole keys only, at this width)."""
    footer = app.screen.query_one(KeyFooter)
    return [f"{app.get_key_display(binding)} {binding.description}"
            for binding, _, _ in footer.shown_keys()]


def toasts(app: App[Any]) -> list[str]:
    """The notifications on screen, as shown (the app must run with
    ``notifications=True``). Textual exports no Toast class: its CSS type
    name finds them."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
