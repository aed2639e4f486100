"""Files on disk: guarded YAML, atomic writes, the lock, and the workspace."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
