"""``coffeechat import`` and ``coffeechat export`` (filled in with the interop work)."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    del commands
