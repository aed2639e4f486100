"""One folder of records (people, companies or interviews) and its safety rules.

A collection loads leniently — a bad file becomes problems and the rest load —
and writes strictly (``folder_writes``). It is built in layers, each a module
of one job: its state and the index rows it owes (``folder_rows``), reading
the folder (``folder_reading``), answering about its records
(``folder_queries``) and writing them (``folder_writes``); a record file and
its entry are ``record_files``.
"""

from __future__ import annotations

from coffeechat.storage.folder_seal import SUFFIXES, SYNCTHING_MARK
from coffeechat.storage.folder_writes import FolderWrites
from coffeechat.storage.record_files import (
    CONFLICTS_DIR,
    Entry,
    R,
    Seen,
    Unreadable,
    aside_path,
    from_index,
    look,
)

# What other modules take from here, beside the class.
__all__ = [
    "CONFLICTS_DIR",
    "SUFFIXES",
    "SYNCTHING_MARK",
    "Collection",
    "Entry",
    "Seen",
    "Unreadable",
    "aside_path",
    "from_index",
    "look",
]


class Collection(FolderWrites[R]):
    """The records of one kind in ``<data>/<folder>/``, read on first use."""
