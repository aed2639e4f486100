"""Letters that fold: one rule for every place that compares or orders text.

Search, the Network filter, namesakes, near-miss suggestions, sorting and file
names all read "Sørensen" as "sorensen": accents come off by decomposition, and
the letters that do not decompose (ø, æ, œ, ł, đ, ð, þ, ß, ı) are spelled the way
people type them on a keyboard without them.
"""

from __future__ import annotations

import difflib
import importlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

# Letters with no decomposition, spelled in plain letters. Each maps a letter to
# letters only, so a word stays one word (the index relies on it).
_LETTERS = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ß": "ss", "ẞ": "SS",
    "ı": "i",
})


# Finds a letter of ``_LETTERS``: most texts have none, and a search costs
# less than a translation that looks up every character.
_LETTER = re.compile(f"[{''.join(map(chr, _LETTERS))}]")


class _Marks(dict[int, int | None]):
    """A translation that drops combining marks (``unicodedata.combining``),
    deciding once per character seen: ``str.translate`` then strips them at C
    speed, where a test of each character in Python cost most of a first
    start's indexing of notes."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold_letters(text: str) -> str:
    """``text`` with only the letters that do not decompose spelled plainly: what
    the full-text index stores (its tokenizer removes accents and case itself)."""
    if text.isascii() or _LETTER.search(text) is None:
        return text
    return text.translate(_LETTERS)


def fold(text: str) -> str:
    """``"Mats K. Løvås"`` → ``"mats k. lovas"``: no accents, no case, no letters a
    keyboard may lack. Scripts without such letters (CJK, Hangul) are kept."""
    if text.isascii():
        return text.casefold()
    stripped = unicodedata.normalize("NFKD", text).translate(_MARKS)
    return unicodedata.normalize("NFC", stripped).translate(_LETTERS).casefold()


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds Chinese, Japanese or Korean letters: names in these
    scripts are written family name first."""
    return any(unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))
               for char in text)


def _collator() -> Callable[[str], Any] | None:
    """PyICU's collation key for the user's locale, when PyICU is installed (it is
    optional: it needs ICU itself, which not every machine has)."""
    try:
        icu: Any = importlib.import_module("icu")
        collator = icu.Collator.createInstance(icu.Locale.getDefault())
    except Exception:  # not installed, or ICU without data for the locale
        return None
    key: Callable[[str], Any] = collator.getSortKey
    return key


_COLLATE = _collator()


def sort_key(text: str) -> tuple[Any, str]:
    """How names are ordered: "Jérôme" before "Jun Li", "Hạnh" before "Hyun-woo",
    by the locale's collation where PyICU is there, else by the folded text."""
    return (_COLLATE(text) if _COLLATE is not None else fold(text), text)


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid spelling of ``word``, if one is close enough; compared
    folded, so "Sorensen" comes close to "Sørensen"."""
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(fold(choice), choice)
    matches = difflib.get_close_matches(fold(word), list(folded), n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None
