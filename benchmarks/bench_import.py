"""Import benchmarks: 10,000 LinkedIn rows and 10,000 vCards into an empty workspace.

Prints, as ratios against baselines measured in the same run (alternating A B A B):
- the whole ``coffeechat import`` (reading and checking the file, planning, encoding,
  writing, the log) against writing the same files' bytes with the bare atomic recipe
  (temporary file, write, fsync, rename, fsync of the folder after each file);
- the same import against the bare recipe with the folder fsynced once per batch of
  files, as the import does (same durability, so the ratio is the import's own cost).

Usage: python benchmarks/bench_import.py [--rows N] [--rounds R]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, report
from coffeechat.cli import main
from coffeechat.interop.merge import BATCH


def write_linkedin(path: Path, rows: int) -> None:
    lines = ["Notes:", '"Some e-mail addresses may be missing."', "",
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"Ada{n},Lovelace{n},https://www.linkedin.com/in/ada-{n},ada{n}@example.com,"
              f"Analytical Engines {n % 300},\"Head of Research, Team {n % 40}\","
              f"{n % 28 + 1:02d} Nov 2024" for n in range(rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def write_vcards(path: Path, rows: int) -> None:
    cards = []
    for n in range(rows):
        cards.append("\r\n".join([
            "BEGIN:VCARD", "VERSION:3.0", f"FN:Grace Hopper {n}", f"N:Hopper {n};Grace;;;",
            f"ORG:Navy {n % 200};Research", "TITLE:Rear Admiral\\, Computing",
            f"EMAIL;TYPE=INTERNET,pref:grace{n}@navy.example", f"TEL;TYPE=CELL:+1 555 {n:07d}",
            f"NOTE:Met at the conference\\, year {n % 10}.\\nAsk about COBOL.", "END:VCARD"]))
    path.write_text("\r\n".join(cards) + "\r\n", encoding="utf-8")


def run_import(kind: str, source: Path, data: Path) -> None:
    shutil.rmtree(data, ignore_errors=True)
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--data-dir", str(data), "import", kind, str(source)])
    assert code == 0, code


def bare_write(files: dict[str, bytes], folder: Path, *, every: int) -> None:
    """The bare atomic recipe; the folder is fsynced after every ``every`` files."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for index, (name, raw) in enumerate(files.items(), start=1):
        fd, temp = tempfile.mkstemp(dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, folder / name)
        if index % every == 0 or index == len(files):
            directory = os.open(folder, os.O_RDONLY)
            os.fsync(directory)
            os.close(directory)


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="coffeechat-bench-import-"))
    try:
        for kind, writer, name in (("linkedin", write_linkedin, "Connections.csv"),
                                   ("vcard", write_vcards, "contacts.vcf")):
            source = root / name
            writer(source, args.rows)
            data = root / "data"
            run_import(kind, source, data)
            files = {path.name: path.read_bytes() for path in (data / "people").iterdir()}
            assert len(files) == args.rows, len(files)
            bare = root / "bare"
            for label, every in (("each file", 1), (f"each {BATCH} files", BATCH)):
                imported, baseline = alternate(
                    lambda kind=kind, source=source, data=data: run_import(kind, source, data),
                    lambda every=every, bare=bare, files=files: bare_write(files, bare,
                                                                           every=every),
                    args.rounds)
                report(f"import {kind} {args.rows:,} (vs bare, folder fsync {label})",
                       imported, baseline)
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main_bench()
