"""Editing question banks by hand: own copies and the editor command.

A shipped bank is never edited in place: it is copied to the user's
``question_banks/`` folder first, where it overrides the shipped one.
"""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from coffeechat.core.banks import BankLibrary
from coffeechat.storage.atomic import write_atomic

OWN_BANKS_DIR = "question_banks"
FALLBACK_EDITORS = ("vi",)


class BankEditError(Exception):
    """Why a bank cannot be opened for editing, in the user's words."""


def own_bank_path(data_dir: Path, bank_id: str) -> Path:
    return data_dir / OWN_BANKS_DIR / f"{bank_id}.yaml"


def editable_path(library: BankLibrary, bank_id: str, data_dir: Path) -> Path:
    """The file the user should edit for ``bank_id``, copying a shipped bank
    into their own folder (where it overrides the shipped one) when needed."""
    bank = library.banks.get(bank_id)
    if bank is None or bank.path is None:
        raise BankEditError(f"there is no bank {bank_id!r}")
    if not bank.shipped:
        return bank.path
    target = own_bank_path(data_dir, bank_id)
    if target.exists():
        return target
    try:
        raw = bank.path.read_bytes()
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(target, raw)
    except OSError as exc:
        raise BankEditError(f"could not copy the bank to {target}: {exc.strerror or exc}") from exc
    return target


def editor_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """``$VISUAL`` or ``$EDITOR`` split like a shell would, else ``vi`` if
    installed, else None."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                return [value]
    for editor in FALLBACK_EDITORS:
        found = shutil.which(editor)
        if found:
            return [found]
    return None

