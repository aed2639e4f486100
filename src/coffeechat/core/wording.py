"""Counts in words: "1 contact", "3 days", never "day(s)"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, with ``many`` (or ``word`` + "s") unless it is one."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
