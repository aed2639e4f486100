"""File names from people's names: readable, unique, and never a path."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from coffeechat.core.text import fold

MAX_SLUG_LENGTH = 60
_SEPARATORS = re.compile(r"[^\w]+|_+")
# Names Windows refuses as files, whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def slugify(name: str, *, fallback: str = "untitled") -> str:
    """``"José Núñez"`` → ``jose-nunez``, ``"Zoë Ørsted"`` → ``zoe-orsted``;
    ``"../../etc"`` → ``etc``; letters in any script are kept, so ``"山田 太郎"`` →
    ``山田-太郎``. Files named before a letter folded keep their names."""
    slug = _SEPARATORS.sub("-", fold(name)).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    if not slug:
        return fallback
    if slug in _RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def interview_slug(day: dt.date, person_slug: str) -> str:
    """The base name of an interview file: ``<YYYY-MM-DD>-<person slug>``."""
    return f"{day.isoformat()}-{slugify(person_slug, fallback='interview')}"[:80]


def unique_slug(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, else ``base-2``, ``base-3``…: the first that ``taken`` refuses."""
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def is_safe_slug(slug: str) -> bool:
    """Whether ``slug`` can name a file inside a data folder and nothing else."""
    return (
        bool(slug)
        and slug not in (".", "..")
        and not slug.startswith(".")
        and "/" not in slug
        and "\\" not in slug
        and "\x00" not in slug
        and len(slug) <= 200
    )
