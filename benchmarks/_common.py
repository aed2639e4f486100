"""Shared helpers for the benchmarks: demo workspaces and A/B timing."""

from __future__ import annotations

import argparse
import atexit
import compileall
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def ensure_demo(folder: Path, *, people: int = 10_000, interviews: int = 2_000) -> Path:
    """A demo workspace of the given size, generated once and reused."""
    data = folder / f"demo-{people}-{interviews}"
    if not (data / "people").is_dir():
        from coffeechat.demo import generate

        generate(data, people=people, interviews=interviews, seed=1)
    return data


def demo_workspace(description: str, *, rounds: int = 7) -> tuple[argparse.Namespace, Path, Path]:
    """The command line of a benchmark on a demo workspace (``--people``,
    ``--interviews``, ``--rounds``, ``--keep DIR``), and that workspace:
    (arguments, the folder it is in, the workspace). A folder not kept is
    removed when the script ends."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep
    if root is None:
        root = Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
    return args, root, ensure_demo(root, people=args.people, interviews=args.interviews)


def byte_compile() -> None:
    """Write the package's bytecode, as ``pip install .`` does: an editable
    install run with PYTHONDONTWRITEBYTECODE would otherwise compile every
    module on every start, which no installed copy does."""
    import coffeechat

    compileall.compile_dir(Path(coffeechat.__file__).parent, quiet=1)


def alternate(
    a: Callable[[], object], b: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """Median seconds of ``a`` and ``b``, run A B A B so drift hits both alike."""
    times_a: list[float] = []
    times_b: list[float] = []
    for _ in range(rounds):
        for func, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            func()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def report(label: str, value: float, baseline: float, unit: str = "s") -> None:
    scale = 1000 if unit == "ms" else 1
    print(f"{label:<52} {value * scale:9.3f} {unit}  vs {baseline * scale:9.3f} {unit}"
          f"  ratio {value / baseline:5.2f}x")
