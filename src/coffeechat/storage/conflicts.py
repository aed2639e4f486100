"""Versions of one record file merged, and the versions a merge had to keep aside.

git's merge driver (``coffeechat merge-file``) and Syncthing's conflict copies
both come here, to the store's own three-way merge (``schema.three_way``):
the file ends up valid YAML holding ours where both sides changed the same
field, and the other version is kept in ``conflicts/`` the way a clash in the
app keeps one, named ``conflicts/<folder>/<slug>.<time>.yaml``. Never a
conflict marker inside a record. ``find_conflicts`` lists what was kept aside,
with Syncthing's ``*.sync-conflict-*`` copies beside the records, for
``coffeechat check`` and the problems list (F8), which can take the other
version or merge both.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from coffeechat.core.models import Company, Interview, Person
from coffeechat.core.models.problems import Problem, Severity, has_errors
from coffeechat.core.models.schema import Record, stored_fields, three_way, two_way
from coffeechat.storage import yaml_io
from coffeechat.storage.atomic import write_atomic
from coffeechat.storage.collection import CONFLICTS_DIR, SUFFIXES, SYNCTHING_MARK, aside_path
from coffeechat.storage.records import decode_record, encode_record
from coffeechat.storage.regular import read_regular
from coffeechat.storage.settings import SETTINGS_FILE, Settings

KINDS: dict[str, type[Record]] = {"people": Person, "companies": Company,
                                  "interviews": Interview}


def kind_of(path: str) -> type[Record] | None:
    """The kind of record a file holds, from its path inside the data directory."""
    parts = PurePosixPath(path.replace(os.sep, "/")).parts
    if parts == (SETTINGS_FILE,):
        return Settings
    if len(parts) == 2 and parts[1].endswith(SUFFIXES):
        return KINDS.get(parts[0])
    return None


def _read(kind: type[Record], raw: bytes) -> Record | None:
    record, problems = decode_record(kind, raw, None)
    return None if record is None or has_errors(problems) else record


def _guess(raw: bytes) -> type[Record] | None:
    """The kind whose reading of ``raw`` has the fewest problems (a merge
    driver given no path); unknown fields are kept whatever the guess."""
    best: tuple[int, type[Record]] | None = None
    for kind in (Interview, Person, Company, Settings):
        record, problems = decode_record(kind, raw, None)
        if record is not None and not has_errors(problems) and (
                best is None or len(problems) < best[0]):
            best = (len(problems), kind)
    return best[1] if best else None


@dataclass(frozen=True)
class FileMerge:
    """What a merge of two versions of a file made."""

    merged: bytes  # the file's new content: ours where both changed a field
    clashes: tuple[str, ...] = ()  # the fields both sides changed differently
    # The other version (theirs where both changed a field), for conflicts/.
    aside: bytes | None = None
    # Both sides added a file under this name (different records, same slug).
    both_added: bool = False

    @property
    def clean(self) -> bool:
        return self.aside is None


def merge_versions(base: bytes, ours: bytes, theirs: bytes,
                   kind: type[Record] | None) -> FileMerge:
    """Three ways, field by field (two when ``base`` does not read as a record);
    ours or theirs not reading as one cannot be merged, so the file keeps ours
    and theirs goes aside whole."""
    if ours == theirs or base == theirs:
        return FileMerge(ours)
    if base == ours:
        return FileMerge(theirs)
    if not base.strip():
        # git's base of a file added on both sides: two records that share a name.
        return FileMerge(ours, ("the whole file",), theirs, both_added=True)
    kind = kind or _guess(ours) or _guess(theirs)
    mine = _read(kind, ours) if kind else None
    other = _read(kind, theirs) if kind else None
    if mine is None or other is None:
        return FileMerge(ours, ("the whole file",), theirs)
    old = _read(mine.__class__, base)
    if old is None:
        merged, clashes = two_way(mine, other)
        theirs_first = two_way(other, mine)[0] if clashes else None
    else:
        merged, clashes = three_way(old, mine, other)
        theirs_first = three_way(old, other, mine)[0] if clashes else None
    if theirs_first is None:
        return FileMerge(encode_record(merged))
    # The copy differs from the file in the clashing fields alone: side by
    # side, only what needs a choice shows.
    kept = merged.copy()
    fields = {spec.name for spec in stored_fields(type(kept))}
    for name in clashes:
        if name in fields:
            setattr(kept, name, getattr(theirs_first, name))
        elif name in theirs_first.extra:
            kept.extra[name] = theirs_first.extra[name]
        else:
            kept.extra.pop(name, None)
    return FileMerge(encode_record(merged), tuple(clashes), encode_record(kept))


def keep_aside(data_dir: Path, path: str, raw: bytes) -> Path:
    """Write ``raw``, a version of the file at ``path`` (inside ``data_dir``), to
    ``conflicts/``, where ``find_conflicts`` lists it; returns where."""
    where = PurePosixPath(path.replace(os.sep, "/"))
    folder = data_dir / CONFLICTS_DIR / where.parent
    slug = where.name.split(".", 1)[0]
    kept = aside_path(folder, slug, where.suffix or ".yaml")
    write_atomic(kept, raw)
    return kept


@dataclass(frozen=True)
class Conflict:
    """A record and another version of it kept aside: in ``conflicts/`` by a
    merge (or a clash in the app), or beside it by Syncthing."""

    record: Path
    copy: Path
    # The path inside the data directory ("people/ada.yaml").
    name: str

    @property
    def syncthing(self) -> bool:
        return SYNCTHING_MARK in self.copy.name

    @property
    def kind(self) -> type[Record] | None:
        return kind_of(self.name)


def syncthing_slug(name: str) -> str | None:
    """The slug of the record a Syncthing conflict copy is a version of."""
    if SYNCTHING_MARK not in name or not name.endswith(SUFFIXES):
        return None
    return name.split(SYNCTHING_MARK, 1)[0] or None


def find_conflicts(data_dir: Path,
                   copies: Mapping[str, Sequence[Path]] | None = None) -> list[Conflict]:
    """Every version kept aside: ``conflicts/`` is looked through; Syncthing's
    copies are ``copies`` by folder (what the store found reading them), else
    found by one ``os.scandir`` of each folder. No record is read."""
    found: list[Conflict] = []
    for name, copy in _copies(data_dir / CONFLICTS_DIR):
        if name == "settings":
            found.append(Conflict(data_dir / SETTINGS_FILE, copy, SETTINGS_FILE))
    for folder in KINDS:
        for slug, copy in _copies(data_dir / CONFLICTS_DIR / folder):
            found.append(Conflict(data_dir / folder / f"{slug}.yaml", copy,
                                  f"{folder}/{slug}.yaml"))
        # Copies found at the last reading of the folder, still there (one
        # resolved since is gone).
        beside = ([copy for copy in copies.get(folder, ()) if copy.exists()]
                  if copies is not None
                  else [Path(entry.path) for entry in _scan(data_dir / folder)])
        for copy in beside:
            record = syncthing_slug(copy.name)
            if record is not None:
                found.append(Conflict(data_dir / folder / f"{record}.yaml", copy,
                                      f"{folder}/{record}.yaml"))
    return sorted(found, key=lambda conflict: (conflict.name, conflict.copy.name))


def _scan(folder: Path) -> Iterator[os.DirEntry[str]]:
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        yield from (entry for entry in entries if entry.is_file())


def _copies(folder: Path) -> Iterator[tuple[str, Path]]:
    for entry in _scan(folder):
        if entry.name.endswith(SUFFIXES) and not entry.name.startswith("."):
            yield entry.name.split(".", 1)[0], Path(entry.path)


def _text(path: Path) -> bytes | None:
    try:
        return read_regular(path, yaml_io.MAX_FILE_BYTES)[0]
    except OSError:
        return None


def _show(value: object) -> str:
    if isinstance(value, str):
        return value
    return yaml_io.dump(value).decode().strip() if value is not None else "(none)"


def differences(conflict: Conflict) -> list[tuple[str, str, str]]:
    """Per field that differs: its name, its value in the file and in the
    copy (empty when a side has none). A side that does not read as a record
    is shown whole."""
    mine_raw, other_raw = _text(conflict.record), _text(conflict.copy)
    kind = conflict.kind
    mine = _read(kind, mine_raw) if kind and mine_raw is not None else None
    other = _read(kind, other_raw) if kind and other_raw is not None else None
    if mine is None or other is None:
        def whole(raw: bytes | None) -> str:
            return "(no file)" if raw is None else raw.decode("utf-8", "replace")
        return [] if mine_raw == other_raw else [
            ("the whole file", whole(mine_raw), whole(other_raw))]
    a, b = mine.encode(), other.encode()
    return [(key, _show(a.get(key, "")), _show(b.get(key, "")))
            for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]


def conflict_problems(data_dir: Path, conflicts: list[Conflict]) -> list[Problem]:
    """One warning per version kept aside, naming the fields and both values,
    for ``coffeechat check``."""
    found = []
    for conflict in conflicts:
        where = conflict.copy.relative_to(data_dir)
        fields = differences(conflict)
        if not fields:
            detail = "the same as the file (nothing left to take)"
        else:
            detail = "; ".join(f"{name}: {_one_line(here)!r} here, {_one_line(there)!r} there"
                               for name, here, there in fields)
        found.append(Problem(conflict.record, f"another version is kept in {where}: {detail}",
                             severity=Severity.WARNING))
    return found


def _one_line(text: str, limit: int = 60) -> str:
    line = " ⏎ ".join(text.splitlines())
    return line if len(line) <= limit else f"{line[:limit]}…"


def merged_with_copy(conflict: Conflict, *, take: bool) -> tuple[Record, list[str]]:
    """The record to write to resolve ``conflict``: the copy's version when
    ``take``, else both merged field by field (two-way: no base is known),
    the file's value winning where both differ; and those fields (whose other
    value only the copy still holds). Raises ValueError when a side does not
    read as a record."""
    kind = conflict.kind
    mine_raw, other_raw = _text(conflict.record), _text(conflict.copy)
    other = _read(kind, other_raw) if kind and other_raw is not None else None
    if other is None:
        raise ValueError(f"{conflict.copy.name} does not read as a record")
    if take or mine_raw is None:
        return other, []
    mine = _read(other.__class__, mine_raw)
    if mine is None:
        raise ValueError(f"{conflict.record.name} has errors; fix it first")
    return two_way(mine, other)
