"""Files on disk: guarded YAML, atomic writes, the lock, and the workspace."""

from coffeechat.storage.collection import Collection, Entry
from coffeechat.storage.errors import BrokenFileError, ConflictError, ReadOnlyError, StoreError
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
