"""The footer, fitted to the width of the terminal.

Textual's footer lists keys in the order it finds them and cuts the last one
off at the edge, so at 80 columns the keys that matter most may be the ones
missing. This one puts a screen's most important keys first (its
``FOOTER_KEYS``, binding ids in order), leaves out whole keys that do not fit,
and always ends with the help key: ``?``, or F12 while typing in a text field
(where ``?`` is text).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

# Not exported by Textual, which is pinned for it (tests/unit/test_textual_private.py).
from textual.widgets._footer import FooterKey

HELP_ID = "app.help"
HELP_ANYWHERE_ID = "app.help_anywhere"
# The command palette key on the right: "▕ ^p palette ".
PALETTE_WIDTH = 13


def _takes_text(widget: Widget | None) -> bool:
    """Whether ``widget`` takes ``?`` as text (an Input, a TextArea one can type
    in), asked as Textual asks it when it decides which bindings a key runs."""
    return widget is not None and widget.check_consume_key("question_mark", "?")


def key_width(key_display: str, description: str) -> int:
    """Cells a key takes in the footer: " key description "."""
    return len(key_display) + len(description) + 3


class KeyFooter(Footer):
    """A footer that keeps the important keys and never cuts one in half."""

    def __init__(self) -> None:
        super().__init__(id="footer")
        self._width = 0
        # What the last compose showed: bindings are refreshed on every focus
        # change and many saves, and rebuilding the same keys is a layout pass.
        self._composed: tuple[object, ...] | None = None

    def shown_keys(self) -> list[tuple[Binding, bool, str]]:
        """The keys to show at the current width, in order: (binding, enabled, tooltip)."""
        screen = self.screen
        order: tuple[str, ...] = getattr(screen, "FOOTER_KEYS", ())
        candidates: list[tuple[Binding, bool, str]] = []
        actions: set[str] = set()
        help_key: tuple[Binding, bool, str] | None = None
        typing = _takes_text(screen.focused)
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.id == (HELP_ANYWHERE_ID if typing else HELP_ID):
                help_key = (binding, enabled, tooltip)
            elif binding.id in (HELP_ID, HELP_ANYWHERE_ID):
                continue  # one help key, the one that works here
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                candidates.append((binding, enabled, tooltip))

        def rank(item: tuple[int, tuple[Binding, bool, str]]) -> tuple[bool, int, int]:
            position, (binding, enabled, _) = item
            first = order.index(binding.id) if binding.id in order else len(order)
            return not enabled, first, position

        ranked = [item for _, item in sorted(enumerate(candidates), key=rank)]
        room = (self._width or self.app.size.width) - PALETTE_WIDTH
        if help_key is not None:
            room -= self._width_of(help_key[0])
        chosen = []
        for item in ranked:
            needed = self._width_of(item[0])
            if needed <= room:
                chosen.append(item)
                room -= needed
        if help_key is not None:
            chosen.append(help_key)
        return chosen

    def _width_of(self, binding: Binding) -> int:
        return key_width(self.app.get_key_display(binding), binding.description)

    def _keys(self) -> list[tuple[Binding, bool, str, bool]]:
        """Each key to show: (binding, enabled, tooltip, whether it is the palette's)."""
        keys = [(binding, enabled, tooltip or binding.tooltip, False)
                for binding, enabled, tooltip in self.shown_keys()]
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                keys.append((binding, enabled, binding.tooltip or binding.description, True))
        return keys

    @staticmethod
    def _signature(keys: list[tuple[Binding, bool, str, bool]]) -> tuple[object, ...]:
        return tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                     for binding, enabled, tooltip, _ in keys)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys = self._keys()
        self._composed = self._signature(keys)
        for binding, enabled, tooltip, palette in keys:
            key = FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            classes="-command-palette" if palette else "",
                            disabled=not enabled, tooltip=tooltip)
            # The palette key keeps its own (compact) look, as in Textual's footer.
            yield key if palette else key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # As Textual's footer does, but through _show_keys.
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._show_keys)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            if self._bindings_ready:
                self.call_after_refresh(self._show_keys)

    async def _show_keys(self) -> None:
        """Compose the keys anew unless they are the ones shown: the bindings are
        refreshed on every focus change and many saves, and a start both sizes
        the footer and readies its bindings; the same keys again would only be
        another layout pass."""
        if self.is_attached and self._signature(self._keys()) != self._composed:
            await self.recompose()
