"""Copies of unsaved edits, written somewhere else when the data directory refuses
them (a full disk, a read-only mount) and the user still wants to quit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from coffeechat.core import clock
from coffeechat.core.models.schema import Record
from coffeechat.storage.atomic import DIR_MODE, write_atomic
from coffeechat.storage.records import encode_record
from coffeechat.storage.slugs import is_safe_slug


def write_copies(folder: Path, records: Iterable[tuple[str, str, Record]]) -> list[Path]:
    """Write each ``(kind, slug, record)`` as ``<folder>/<kind>-<slug>-<time>.yaml``
    (the same YAML as in the data directory); returns the files written."""
    folder = folder.expanduser()
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    written = []
    for kind, slug, record in records:
        safe = slug if is_safe_slug(slug) else "record"
        path = folder / f"{kind}-{safe}-{stamp}.yaml"
        write_atomic(path, encode_record(record))
        written.append(path)
    return written
