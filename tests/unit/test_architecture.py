"""The core never imports Textual: it must stay usable from scripts and the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "coffeechat"


def core_modules() -> list[str]:
    names = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == "ui" or parts in {("app",), ("__main__",)}:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("coffeechat", *parts)))
    return sorted(names)


def test_core_modules_never_import_textual() -> None:
    modules = core_modules()
    assert "coffeechat.storage.workspace" in modules and "coffeechat.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


def test_ui_code_never_opens_files_itself() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        if True:
            text = path.read_text()
            for forbidden in (r"(?<![\w.])open\(", r"\.write_text\(", r"\.write_bytes\(",
                              r"\bwrite_atomic\b"):
                if re.search(forbidden, text):
                    offenders.append(f"{path.name}: {forbidden}")
    assert offenders == []
