"""Loading question banks from files: the shipped ones plus the user's own.

A user bank with the same ``id`` as a shipped bank replaces it. Every problem
in every bank is reported with ``file:line:col``; a broken bank is left out and
the others keep working.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from coffeechat.core.banks import BankLibrary, check_bank
from coffeechat.core.models.bank import QuestionBank
from coffeechat.core.models.problems import Problem
from coffeechat.storage.records import Stamp, read_checked

BANK_SUFFIXES = (".yaml", ".yml")


def read_bank(path: Path) -> tuple[QuestionBank | None, list[Problem]]:
    """Read and check one bank file; the bank is None when it has errors."""
    bank, problems = read_checked(QuestionBank, path,
                                  lambda bank, decoder: check_bank(bank, path.stem, decoder))
    if bank is not None:
        bank.path = path
    return bank, problems


def bank_files(folder: Path) -> list[Path]:
    """The bank files directly inside ``folder``, sorted for stable output."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names
            if name.endswith(BANK_SUFFIXES) and not name.startswith(".")]


def bank_stamps(*folders: Path) -> str | None:
    """What the bank files of ``folders`` look like now, as one text: each
    folder (or why it cannot be listed), and the name and stamp of each bank
    file in it. The same text means the same banks, unless a file changed
    within the file system's timestamp granularity: None when a stamp is that
    recent (see ``Stamp.settled``) or a file cannot be stamped."""
    checked_ns = time.time_ns()
    lines = []
    for folder in folders:
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            lines.append(f"{folder}\0{exc.errno}")
            continue
        lines.append(str(folder))
        for name in names:
            if not name.endswith(BANK_SUFFIXES) or name.startswith("."):
                continue
            try:
                stamp = Stamp.of(os.stat(folder / name))  # follows a link, as a read does
            except OSError:
                return None
            if not stamp.settled(checked_ns):
                return None
            lines.append("\0".join(map(str, (name, *stamp))))
    return "\n".join(lines)


def load_library(shipped_dir: Path, user_dir: Path | None) -> BankLibrary:
    """Shipped banks, then the user's banks replacing any with the same id."""
    library = BankLibrary()
    if user_dir is not None:
        try:
            os.listdir(user_dir)
        except FileNotFoundError:
            pass
        except OSError as exc:
            # An unreadable folder must not look like one with no banks in it.
            library.problems.append(Problem(
                user_dir, f"cannot read this folder ({exc.strerror}), so your own "
                "banks are left out"))
    shipped = _load_folder(shipped_dir, library.problems, shipped=True)
    own = _load_folder(user_dir, library.problems, shipped=False) if user_dir else {}
    library.banks.update(shipped)
    for bank_id, bank in own.items():
        if bank_id in shipped:
            library.overridden[bank_id] = shipped[bank_id]
        library.banks[bank_id] = bank
    return library


def _load_folder(
    folder: Path, problems: list[Problem], *, shipped: bool
) -> dict[str, QuestionBank]:
    banks = _read_source(bank_files(folder), problems)
    for bank in banks.values():
        bank.shipped = shipped
    return banks


def _read_source(files: Iterable[Path], problems: list[Problem]) -> dict[str, QuestionBank]:
    """The banks of one source (the shipped folder, the user's folder) by id. Two
    files of one source with one id are a mistake; a bank in a later source with
    an id of an earlier one replaces it (that is how a shipped bank is overridden)."""
    banks: dict[str, QuestionBank] = {}
    for path in files:
        bank, found = read_bank(path)
        problems.extend(found)
        if bank is None:
            continue
        if bank.id in banks:
            first = banks[bank.id].path
            where = (first.name if first and first.parent == path.parent
                     else str(first or "another file"))
            problems.append(Problem(path, f"duplicate bank id {bank.id!r} (also in {where}); "
                                    "this one was left out", 1, 1, "id"))
            continue
        banks[bank.id] = bank
    return banks


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """The linter: every problem in the given bank files and folders, by the rules
    the app loads banks with (``load_library``): each folder is a source of its
    own, the files named one by one are one source together."""
    problems: list[Problem] = []
    loose: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = bank_files(path)
            if not files:
                problems.append(Problem(path, "no .yaml bank files in this folder"))
            _read_source(files, problems)
        elif not path.exists():
            problems.append(Problem(path, "no such file or folder"))
        else:
            loose.append(path)
    _read_source(loose, problems)
    return problems
