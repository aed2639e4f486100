"""A realistic sample campaign, of any size, for a first look and for benchmarks.

Every file is encoded by the storage layer itself (``encode_record``), so it is
byte for byte what the app would write, and written through the store's bulk
path (``create_files``): each file is durable before it takes its name and
never replaces one, and each folder is synced once at the end rather than
per record. Slugs are worked out in memory, which is only right in folders
with no records yet, so ``generate`` refuses any other target: a demo never
overwrites anyone's data. A demo that fails halfway (a full disk) removes what
it wrote, so running it again starts afresh.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from coffeechat.core import clock
from coffeechat.demo.campaign import Campaign, DemoSummary
from coffeechat.storage.atomic import DIR_MODE, create_files, fsync_dir
from coffeechat.storage.collection import SUFFIXES
from coffeechat.storage.records import encode_record
from coffeechat.storage.workspace import FOLDERS

__all__ = ["DemoSummary", "generate"]

RECORD_FOLDERS = ("people", "companies", "interviews")


def generate(
    data_dir: Path,
    *,
    people: int = 60,
    interviews: int = 20,
    seed: int = 1,
    today: dt.date | None = None,
) -> DemoSummary:
    """Fill ``data_dir`` with a sample campaign; the same seed and day give the same bytes.

    Interviews need someone to meet, so with ``people=0`` only company files are
    written. Raises ValueError when the folders already hold records. The caller
    holds the workspace lock if an app might be running (``coffeechat demo``
    does); taking it here would lock that caller out.
    """
    if people < 0 or interviews < 0:
        raise ValueError("people and interviews cannot be negative")
    _prepare(data_dir)
    campaign = Campaign(random.Random(seed), today or clock.today())
    campaign.add_companies()
    campaign.add_people(people)
    campaign.add_interviews(interviews)
    campaign.finish_people()
    campaign.mark_targets()
    create_files((data_dir / folder / f"{slug}.yaml", encode_record(record))
                 for folder, slug, record in campaign.records())
    fsync_dir(data_dir)
    return campaign.summary()


def _prepare(data_dir: Path) -> None:
    """Refuse a directory with records in it, then create the private folders."""
    for folder in RECORD_FOLDERS:
        directory = data_dir / folder
        if directory.is_dir() and any(
            not entry.name.startswith(".") and entry.name.endswith(SUFFIXES)
            for entry in os.scandir(directory)
        ):
            raise ValueError(
                f"{directory} already holds records; demo data only goes into an empty "
                "data directory"
            )
    data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(data_dir, DIR_MODE)
    for folder in FOLDERS:
        (data_dir / folder).mkdir(mode=DIR_MODE, exist_ok=True)
