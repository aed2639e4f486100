"""The private Textual names the app still uses, and the pin that makes them safe.

Textual promises nothing about names that start with ``_``. The app uses them
only where Textual exports nothing that does the job, and pyproject.toml pins
Textual to the minor version they were checked against. To move the pin: for
each entry of ``PRIVATE``, read the new version's source and do what the entry
says, run the whole suite, then change the pin (and this list, if a name went
public or away).
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import inspect
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PRIVATE = {
    "textual.widgets._footer.FooterKey": (
        "KeyFooter (ui/widgets/footer.py) composes Textual's own key widgets, so the "
        "footer keeps Textual's look, tooltips and clicks: check that FooterKey still "
        "takes (key, key_display, description, action, disabled, tooltip, classes) and "
        "that Footer.compose still builds its keys with it."
    ),
    "textual._compositor.Compositor": (
        "ui/wide_cells.py replaces Compositor._render_chops so a wide character is not "
        "cut where one widget shows on both sides of a cut (Textualize/textual#6357): "
        "if that issue is fixed, delete wide_cells.py; else compare _render_chops and "
        "_get_renders with the new compositor's and run the CJK toast tests."
    ),
    "textual._compositor.ChopsUpdate": (
        "ui/wide_cells.py replaces ChopsUpdate.render_segments (a partial redraw cut "
        "only between characters): compare it with the new version's."
    ),
    "textual._wait.SLEEP_GRANULARITY": (
        "tests/conftest.py shortens the slices Pilot sleeps in while it waits for an "
        "idle app (pure wall time in every UI test): check that wait_for_idle still "
        "sleeps SLEEP_GRANULARITY at a time and calls the app idle below SLEEP_IDLE of "
        "CPU per slice, and that only Pilot and App._press_keys call it."
    ),
    "textual._wait.SLEEP_IDLE": (
        "tests/conftest.py scales it with SLEEP_GRANULARITY (see that entry)."
    ),
    "textual.widgets._footer.Footer._bindings_ready": (
        "KeyFooter.compose and KeyFooter.bindings_changed follow Footer's own: compare "
        "them with the new Footer.compose and Footer.bindings_changed."
    ),
}


def _private_textual_names(folder: Path) -> set[str]:
    """Private Textual names (or names in a private module) imported, or spelt
    out in a string, by the code under ``folder``."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        if path == Path(__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.update(re.findall(r"\btextual(?:\.\w+)+", node.value))
    return {name for name in found
            if name.startswith("textual.") and any(part.startswith("_")
                                                   for part in name.split("."))}


def test_the_private_names_used_are_the_listed_ones() -> None:
    used = set().union(*(_private_textual_names(REPO / folder)
                         for folder in ("src", "tests", "benchmarks")))
    listed = {name for name in PRIVATE if not name.rpartition(".")[2].startswith("_")}
    assert used == listed


def _resolve(name: str) -> object:
    """What ``name`` names: the longest prefix that imports, then attributes."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for attribute in parts[end:]:
            assert hasattr(target, attribute), f"{name} is gone: {PRIVATE[name]}"
            target = getattr(target, attribute)
        return target
    raise AssertionError(f"{name} is gone: {PRIVATE[name]}")


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_each_listed_name_is_still_there(name: str) -> None:
    target = _resolve(name)
    if name.endswith(".FooterKey"):
        assert isinstance(target, type)
        parameters = list(inspect.signature(target).parameters)
        assert parameters == ["key", "key_display", "description", "action", "disabled",
                              "tooltip", "classes"], PRIVATE[name]


def test_textual_is_pinned_to_the_minor_version_the_list_was_checked_against() -> None:
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "dependencies"]
    (pin,) = [line for line in dependencies if re.match(r"textual\b", line)]
    match = re.fullmatch(r"textual>=(\d+)\.(\d+)\.(\d+),<(\d+)\.(\d+)", pin)
    assert match, f"{pin!r}: Textual is pinned to one minor version (>=X.Y.Z,<X.Y+1)"
    low = tuple(int(part) for part in match.group(1, 2, 3))
    high = tuple(int(part) for part in match.group(4, 5))
    assert high == (low[0], low[1] + 1)
    installed = tuple(int(part) for part in
                      re.findall(r"\d+", importlib.metadata.version("textual"))[:3])
    assert low <= installed and installed[:2] < high
