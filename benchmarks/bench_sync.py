"""Sync benchmark on a 10,000-people / 2,000-interview demo workspace.

Prints, as a ratio against ``git status --porcelain`` on the same repository
measured in the same run, alternating: ``coffeechat sync`` (the whole command:
start-up, commit, fetch, merge, push) with one person changed on this machine
and one interview changed on another, so that every run commits, receives,
merges and sends. The remote is a bare repository in a temporary folder (no
network); the median of the rounds is reported.

Usage: python benchmarks/bench_sync.py [--people N] [--interviews M] [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, byte_compile, ensure_demo, report


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=where, check=True, capture_output=True)


def coffeechat(data: Path, *args: str) -> int:
    done = subprocess.run([sys.executable, "-m", "coffeechat", *args, "--data-dir", str(data)],
                          capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return done.returncode


def edit(path: Path, text: str) -> None:
    """Change a record in a field of the user's own (kept as it is)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith("x-bench:")]
    path.write_text("\n".join([*lines, f"x-bench: {text}"]) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="reuse the demo workspace in this folder")
    args = parser.parse_args()
    if shutil.which("git") is None:
        raise SystemExit("git is not installed: this benchmark runs it")
    byte_compile()
    folder = Path(args.keep or tempfile.mkdtemp())
    demo = ensure_demo(folder, people=args.people, interviews=args.interviews)
    work = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(work)  # no git config of the machine's user
    remote, here, there = work / "remote.git", work / "here", work / "there"
    git(work, "init", "--quiet", "--bare", str(remote))
    shutil.copytree(demo, here, ignore=shutil.ignore_patterns(".cache", ".lock"))
    coffeechat(here, "sync", "init", "--remote", str(remote))
    coffeechat(here, "sync")
    coffeechat(there, "sync", "init", "--remote", str(remote))
    person = sorted((here / "people").iterdir())[0]
    interview = sorted((there / "interviews").iterdir())[0]
    times_sync: list[float] = []
    times_status: list[float] = []
    for number in range(args.rounds):
        # Untimed: the other machine sends one change, this one makes one.
        edit(interview, f"there {number}")
        coffeechat(there, "sync")
        edit(person, f"here {number}")
        # Timed, in turn: git status with that change, then the sync of it.
        status, sync = alternate(
            lambda: subprocess.run(["git", "status", "--porcelain"], cwd=here, check=True,
                                   capture_output=True),
            lambda: coffeechat(here, "sync"), 1)
        times_status.append(status)
        times_sync.append(sync)
    middle = len(times_sync) // 2
    report(f"sync, one change each way ({args.people:,} people)", sorted(times_sync)[middle],
           sorted(times_status)[middle], "ms")
    tracked = subprocess.run(["git", "ls-files"], cwd=here, capture_output=True, text=True,
                             check=True).stdout.count("\n")
    print(f"files tracked: {tracked:,}")
    shutil.rmtree(work, ignore_errors=True)
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
