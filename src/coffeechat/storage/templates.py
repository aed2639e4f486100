"""Message templates from files: the shipped ones, and the user's own in
``<data>/message_templates/`` replacing any with the same ``id`` (as banks do).

Every problem is reported with ``file:line:col`` (``coffeechat check``, F8); a
template with errors is left out and the shipped one of its id is used.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from coffeechat.core.drafts import MessageTemplate, check_template
from coffeechat.core.models.problems import Problem
from coffeechat.storage.banks import bank_files
from coffeechat.storage.records import read_checked

OWN_TEMPLATES_DIR = "message_templates"


@dataclass
class TemplateLibrary:
    """The text of every template in use, by id, and every problem found."""

    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def shipped_templates_dir() -> Path:
    """The templates installed with the package (inside it in a wheel; at the top
    of the source tree in an editable install)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / OWN_TEMPLATES_DIR
    if installed.is_dir():
        return installed
    return package.parent.parent / OWN_TEMPLATES_DIR


def read_template(path: Path) -> tuple[MessageTemplate | None, list[Problem]]:
    """Read and check one template file; None when it has errors."""
    return read_checked(MessageTemplate, path,
                        lambda template, decoder: check_template(template, path.stem, decoder))


def load_templates(shipped_dir: Path, user_dir: Path | None) -> TemplateLibrary:
    """The shipped templates, then the user's replacing those with the same id.
    The shipped ones never change while the program runs: read once."""
    texts, problems = _shipped(shipped_dir)
    library = TemplateLibrary(dict(texts), list(problems))
    if user_dir is None:
        return library
    try:
        os.listdir(user_dir)
    except FileNotFoundError:
        return library
    except OSError as exc:
        library.problems.append(Problem(user_dir, f"cannot read this folder ({exc.strerror}), "
                                        "so your own templates are left out"))
        return library
    own, found = _read_folder(user_dir)
    library.texts.update(own)
    library.problems.extend(found)
    return library


@functools.cache
def _shipped(folder: Path) -> tuple[dict[str, str], tuple[Problem, ...]]:
    texts, problems = _read_folder(folder)
    return texts, tuple(problems)


def _read_folder(folder: Path) -> tuple[dict[str, str], list[Problem]]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for path in bank_files(folder):
        template, found = read_template(path)
        problems.extend(found)
        if template is None:
            continue
        if template.id in texts:
            problems.append(Problem(path, f"a second template {template.id!r} in this "
                                    "folder; this one was left out", 1, 1, "id"))
            continue
        texts[template.id] = template.text
    return texts, problems
