"""Import benchmarks: 10,000 LinkedIn rows and 10,000 vCards into an empty workspace,
and, with ``--large``, the time and peak memory of long LinkedIn imports.

Prints, as ratios against baselines measured in the same run (alternating A B A B):
- the whole ``coffeechat import`` (reading and checking the file, planning, encoding,
  writing, the log) against writing the same files' bytes with the bare atomic recipe
  (temporary file, write, fsync, rename, fsync of the folder after each file);
- the same import against the bare recipe with the folder fsynced once per batch of
  files, as the import does (same durability, so the ratio is the import's own cost).

With ``--large``, each import runs as a fresh process of the command, which writes its
own peak resident memory (``VmHWM``) as it ends: 100,000 rows written into
an empty workspace and into the 10,000-person demo campaign, and 1,000,000 short rows
(the 32 MB an import may be) as a dry run and, when asked, written. Memory is
compared with the same command importing 1,000 rows (its floor: the interpreter and
the code), time with the bare batched recipe writing the same files (10,000 of them,
counted ten times). Workspaces go under ``--root`` (default: a temporary folder) and
are deleted afterwards.

Usage: python benchmarks/bench_import.py [--rows N] [--rounds R]
       [--large [empty] [10k] [dry] [million]] [--root DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import alternate, ensure_demo, report
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


def write_short_linkedin(path: Path, rows: int) -> None:
    """Rows as short as a real export's can be (name, company, date: about 32 bytes),
    so a million fit under the import's size limit."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("First Name,Last Name,Company,Connected On\r\n")
        for n in range(rows):
            handle.write(f"A{n},L{n},C{n % 997},{n % 28 + 1:02d} Nov 24\r\n")


# The command as ``python -m coffeechat`` runs it, writing its own peak resident
# memory in KB to the file named by PEAK_FILE as it ends. Not ``wait4``'s
# ``ru_maxrss``: Linux carries that over an exec from the process that started
# the child (this benchmark, tens of MB once it has written its sources), so
# a small child would be reported at its parent's peak. With --no-fsync
# (NO_FSYNC set): the fsyncs left out, for memory alone on a disk too slow to
# write a million files durably in a sitting.
_CHILD = """
import atexit, os, resource, sys

def peak():
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(str(kb))

atexit.register(peak)
if os.environ.get("NO_FSYNC"):
    os.fsync = lambda fd: None
from coffeechat.cli import main
sys.exit(main(sys.argv[1:]))
"""
_environment = dict(os.environ)


def child(args: list[str]) -> tuple[float, float]:
    """Seconds and peak resident MB of one fresh process of the command."""
    with tempfile.NamedTemporaryFile(prefix="peak-") as peak:
        start = time.perf_counter()
        process = subprocess.run([sys.executable, "-c", _CHILD, *args],
                                 stdout=subprocess.DEVNULL, check=False,
                                 env={**_environment, "PEAK_FILE": peak.name})
        seconds = time.perf_counter() - start
        assert process.returncode == 0, (args, process.returncode)
        return seconds, int(Path(peak.name).read_text()) / 1024


def fresh(data: Path, demo: Path | None) -> None:
    shutil.rmtree(data, ignore_errors=True)
    if demo is not None:
        shutil.copytree(demo, data, symlinks=True)


def large(root: Path, demos: Path, rounds: int, parts: list[str]) -> None:
    """Time and peak memory of long LinkedIn imports, each in a fresh process
    (the demo campaign built once in ``demos``, its index complete, and copied)."""
    data = root / "data"
    small = root / "small.csv"
    write_linkedin(small, 1_000)
    floors = []
    for _ in range(rounds):
        fresh(data, None)
        floors.append(child(["--data-dir", str(data), "import", "linkedin", str(small)])[1])
    floor = min(floors)
    print(f"{'floor: import of 1,000 rows, peak':<52} {floor:9.1f} MB")
    hundred = root / "100k.csv"
    write_linkedin(hundred, 100_000)
    bases = [ensure_demo(demos, people=10_000, interviews=2_000) if part == "10k" else None
             for part in ("empty", "10k") if part in parts]
    for base in bases:
        if base is not None:
            child(["--data-dir", str(base), "people", "list"])  # its index complete
    for base in bases:
        label = "an empty workspace" if base is None else "10,000 people"
        times, peaks = [], []
        for _ in range(rounds):
            fresh(data, base)
            seconds, peak = child(["--data-dir", str(data), "import", "linkedin",
                                   str(hundred)])
            times.append(seconds)
            peaks.append(peak)
        # The bare recipe writes 10,000 of the same files (its cost is the same for
        # each file, and the disk is the slow part of both), counted ten times.
        names = sorted(path.name for path in (data / "people").iterdir()
                       if base is None or not (base / "people" / path.name).exists())
        written = {name: (data / "people" / name).read_bytes() for name in names[:10_000]}
        bare = root / "bare"
        start = time.perf_counter()
        bare_write(written, bare, every=BATCH)
        recipe = (time.perf_counter() - start) * 10
        shutil.rmtree(bare)
        print(f"{f'import linkedin 100,000 into {label}, time':<52} "
              f"{min(times):7.1f}-{max(times):.1f} s  vs bare batched {recipe:.1f} s  ratio "
              f"{min(times) / recipe:.2f}-{max(times) / recipe:.2f}x")
        print(f"{f'import linkedin 100,000 into {label}, peak':<52} "
              f"{min(peaks):7.1f}-{max(peaks):.1f} MB  vs floor {floor:.1f} MB  ratio "
              f"{min(peaks) / floor:.2f}-{max(peaks) / floor:.2f}x")
        shutil.rmtree(data, ignore_errors=True)
    source = root / "1m.csv"
    write_short_linkedin(source, 1_000_000)
    for label, extra in (("dry run", ["--dry-run"]), ("written", [])):
        if ("dry" if extra else "million") not in parts:
            continue
        times, peaks = [], []
        for _ in range(rounds):
            fresh(data, None)
            seconds, peak = child(["--data-dir", str(data), "import", "linkedin",
                                   str(source), *extra])
            times.append(seconds)
            peaks.append(peak)
            shutil.rmtree(data, ignore_errors=True)
        print(f"{f'import linkedin 1,000,000 ({label}), time':<52} "
              f"{min(times):7.1f}-{max(times):.1f} s")
        print(f"{f'import linkedin 1,000,000 ({label}), peak':<52} "
              f"{min(peaks):7.1f}-{max(peaks):.1f} MB  vs floor {floor:.1f} MB  ratio "
              f"{min(peaks) / floor:.2f}-{max(peaks) / floor:.2f}x")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large", nargs="*", metavar="PART",
                        choices=("empty", "10k", "dry", "million"),
                        help="only the long imports' time and peak memory: 100,000 rows "
                             "into an empty workspace and into 10,000 people, 1,000,000 as "
                             "a dry run (all three when none is named) and written "
                             "(million: about 4 GB of small files)")
    parser.add_argument("--root", type=Path, help="where to put the workspaces")
    parser.add_argument("--no-fsync", action="store_true",
                        help="with --large, leave out the fsyncs (peak memory only)")
    args = parser.parse_args()
    if args.no_fsync:
        _environment["NO_FSYNC"] = "1"
    if args.root is not None:
        args.root.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="coffeechat-bench-import-", dir=args.root))
    try:
        if args.large is not None:
            large(root, args.root or root, args.rounds, args.large or ["empty", "10k", "dry"])
            return
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
