"""Containers with nothing of their own to draw.

After each key typed, Textual draws again (from its cache) every widget whose
parent overlaps what changed: the screen, its direct children and the containers
around the text being edited. A container its children cover entirely can be
declared ``BLANK`` and is then filled with its background at once, a few
percent of each keystroke on the Live screen. Only for such containers: a blank
widget is drawn without line filters (the dimming under a dialog among them).
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class BlankVertical(Vertical):
    """A ``Vertical`` its children cover entirely, without a border."""

    BLANK = True


class BlankHorizontal(Horizontal):
    """A ``Horizontal`` its children cover entirely, without a border."""

    BLANK = True
