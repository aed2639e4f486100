"""Files on disk: guarded YAML, atomic writes, the lock, and the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coffeechat.lazy_names import lazy_names

if TYPE_CHECKING:
    from coffeechat.storage.collection import Collection, Entry
    from coffeechat.storage.errors import (
        BrokenFileError,
        ConflictError,
        ReadOnlyError,
        StoreError,
    )
    from coffeechat.storage.workspace import Workspace

__all__ = [
    "BrokenFileError",
    "Collection",
    "ConflictError",
    "Entry",
    "ReadOnlyError",
    "StoreError",
    "Workspace",
]

# The module of each name, imported when the name is first asked for: a command
# that needs one module of the store (the data directory's path, the errors)
# does not load all of it.
_HOMES = {
    "BrokenFileError": "errors",
    "Collection": "collection",
    "ConflictError": "errors",
    "Entry": "collection",
    "ReadOnlyError": "errors",
    "StoreError": "errors",
    "Workspace": "workspace",
}


if not TYPE_CHECKING:  # type checkers read the imports above instead
    __getattr__ = lazy_names(__name__, _HOMES)
