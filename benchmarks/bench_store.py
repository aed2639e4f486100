"""Store benchmarks on a 10,000-people / 2,000-interview demo workspace.

Prints, as ratios against baselines measured in the same run:
- loading the whole workspace (cold: no cache; warm: with the index cache)
  against CSafeLoader parsing the same bytes;
- one durable save of an interview against one bare fsync'd atomic write of
  the same bytes.

Usage: python benchmarks/bench_store.py [--people N] [--interviews M] [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, ensure_demo, report
from coffeechat.storage import Workspace
from coffeechat.storage.index import CACHE_DIR
from coffeechat.storage.records import encode_record


def parse_all_bytes(data: Path) -> None:
    """The baseline: read and parse every record file with the C loader."""
    for folder in ("people", "companies", "interviews"):
        for entry in os.scandir(data / folder):
            with open(entry.path, "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)


def load_workspace(data: Path, *, cold: bool) -> None:
    if cold:
        shutil.rmtree(data / CACHE_DIR, ignore_errors=True)
    # Writable, so that the index cache is written on close as in real use.
    workspace = Workspace.open(data)
    # Touch every record, as a screen listing them all would.
    for collection in (workspace.people, workspace.companies, workspace.interviews):
        for _ in collection.items():
            pass
    workspace.close()


def bare_atomic_write(path: Path, raw: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    os.fsync(directory)
    os.close(directory)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="reuse/keep the demo workspace in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="coffeechat-bench-"))
    data = ensure_demo(root, people=args.people, interviews=args.interviews)
    print(f"workspace: {args.people} people, {args.interviews} interviews")

    cold, base = alternate(lambda: load_workspace(data, cold=True),
                           lambda: parse_all_bytes(data), args.rounds)
    report("load, no cache (vs CSafeLoader on the same bytes)", cold, base)
    load_workspace(data, cold=False)  # make sure a fresh cache exists
    warm, base = alternate(lambda: load_workspace(data, cold=False),
                           lambda: parse_all_bytes(data), args.rounds)
    report("load, with cache (vs CSafeLoader on the same bytes)", warm, base)

    workspace = Workspace.open(data)
    slug, interview = next(iter(workspace.interviews.items()))
    raw = encode_record(interview)
    scratch = data / "bench-scratch.yaml"

    def save() -> None:
        interview.notes += "."
        workspace.interviews.save(slug, interview)

    saves, writes = alternate(save, lambda: bare_atomic_write(scratch, raw), args.rounds * 40)
    report(f"durable save of a {len(raw):,}-byte interview (vs bare atomic write)",
           saves, writes, unit="ms")
    scratch.unlink()
    workspace.close()
    if args.keep is None:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
