"""The command line's usage, as people and scripts rely on it: every command's
``--help``, the version, and the one-line answers to usage mistakes, with their
exit codes, exactly as ``tests/fixtures/cli_usage.json`` recorded them (made by
running each line as a process at 80 columns). A faster start-up must not
change a word of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coffeechat.cli import main

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "cli_usage.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[" ".join(case["args"]) for case in CASES])
def test_usage_is_as_recorded(capsys, monkeypatch, case: dict[str, Any]) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("COFFEECHAT_HOME", "/nonexistent/coffeechat-home")
    try:
        code = main(case["args"])
    except SystemExit as exc:  # --help and --version, as argparse ends them
        code = exc.code if isinstance(exc.code, int) else 0
    out, err = capsys.readouterr()
    assert (code, out, err) == (case["code"], case["out"], case["err"])
