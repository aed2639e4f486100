"""Loading and checking question banks: the shipped ones plus the user's own.

A user bank with the same ``id`` as a shipped bank replaces it. Every problem
in every bank is reported with ``file:line:col``; a broken bank is left out and
the others keep working.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core.models.bank import GOAL_TITLES, QuestionBank
from coffeechat.core.models.decoder import Decoder
from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.storage import yaml_io
from coffeechat.storage.records import decode_record
from coffeechat.storage.regular import Refused, read_regular

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class BankLibrary:
    """Every usable bank by id, what the user's banks override, and all problems."""

    banks: dict[str, QuestionBank] = field(default_factory=dict)
    overridden: dict[str, QuestionBank] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def goals(self) -> list[str]:
        """Every goal id any bank serves: the shipped goals in their usual order
        (closing last), then the user's own in first-seen order."""
        seen: dict[str, None] = {}
        for bank in self.banks.values():
            for goal in bank.goals:
                seen.setdefault(goal, None)
        known = [goal for goal in GOAL_TITLES if goal in seen]
        return known + [goal for goal in seen if goal not in GOAL_TITLES]

    def for_goal(self, goal: str) -> list[QuestionBank]:
        return [bank for bank in self.banks.values() if goal in bank.goals]


def read_bank(path: Path) -> tuple[QuestionBank | None, list[Problem]]:
    """Read and check one bank file; the bank is None when it has errors."""
    try:
        raw, _ = read_regular(path, yaml_io.MAX_FILE_BYTES)
    except Refused as exc:
        return None, [Problem(path, str(exc))]
    except OSError as exc:
        return None, [Problem(path, f"cannot read: {exc.strerror or exc}")]
    bank, problems = decode_record(QuestionBank, raw, path,
                                   lambda bank, decoder: _check_bank(bank, path, decoder))
    if bank is not None:
        bank.path = path
    if has_errors(problems):
        return None, problems
    return bank, problems


def _check_bank(bank: QuestionBank, path: Path, decoder: Decoder) -> None:
    """Rules beyond field types: ids, duplicates, an empty bank."""
    if bank.id and not _ID.match(bank.id):
        decoder.report(("id",), f"{bank.id!r} should be lower-case letters, digits and dashes")
    if bank.id and bank.id != path.stem:
        decoder.report(
            ("id",),
            f"the id {bank.id!r} differs from the file name {path.stem!r}",
            severity=Severity.WARNING,
        )
    if not bank.questions:
        decoder.report(("questions",), "the bank has no questions")
    if not bank.goals:
        decoder.report(("goals",), "no goals listed, so no plan will propose these questions",
                       severity=Severity.WARNING)
    seen: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        where = ("questions", index, "id")
        if not question.id:
            continue
        if question.id in seen:
            decoder.report(where, f"duplicate question id {question.id!r} "
                           f"(first used by question {seen[question.id] + 1})")
        else:
            seen[question.id] = index


def bank_files(folder: Path) -> list[Path]:
    """The bank files directly inside ``folder``, sorted for stable output."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / name for name in names
            if name.endswith(BANK_SUFFIXES) and not name.startswith(".")]


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
    banks: dict[str, QuestionBank] = {}
    for path in bank_files(folder):
        bank, found = read_bank(path)
        problems.extend(found)
        if bank is None:
            continue
        bank.shipped = shipped
        if bank.id in banks:
            first = banks[bank.id].path
            problems.append(Problem(path, f"duplicate bank id {bank.id!r} (also in "
                                    f"{first.name if first else 'another file'}); "
                                    "this one was left out", 1, 1, "id"))
            continue
        banks[bank.id] = bank
    return banks


def check_paths(paths: Iterable[Path]) -> list[Problem]:
    """The linter: every problem in the given bank files and folders."""
    problems: list[Problem] = []
    ids: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            files = bank_files(path)
            if not files:
                problems.append(Problem(path, "no .yaml bank files in this folder"))
        elif not path.exists():
            problems.append(Problem(path, "no such file or folder"))
            continue
        else:
            files = [path]
        for file in files:
            bank, found = read_bank(file)
            problems.extend(found)
            if bank is None:
                continue
            if bank.id in ids and ids[bank.id] != file:
                problems.append(Problem(file, f"duplicate bank id {bank.id!r} (also in "
                                        f"{ids[bank.id]})", 1, 1, "id"))
            ids.setdefault(bank.id, file)
    return problems
