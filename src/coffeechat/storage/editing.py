"""One record being edited: the one editing engine every screen and form uses.

An :class:`EditSession` remembers the stored version an editor started from (its
*base*) and writes the editor's version on top of whatever is on disk by then:
fields changed elsewhere are kept (*merged*), the same field changed on both
sides is a *conflict* (nothing written, the editor's version kept aside in
``conflicts/``), and a write the disk refused is *failed* with the error, so the
caller can keep the text in memory and try again. The session never raises for
any of these: callers branch on :class:`SaveResult`.

Saves may come from a worker thread while the UI thread flushes; a lock and a
generation number make sure an older snapshot never lands after a newer one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from coffeechat.core.models.schema import Record, three_way
from coffeechat.storage.errors import (
    BrokenFileError,
    ConflictError,
    OutOfRangeError,
    ReadOnlyError,
    StoreError,
)

R = TypeVar("R", bound=Record)


class RecordStore(Protocol[R]):
    """What the engine needs of a store: a folder of records
    (:class:`~coffeechat.storage.collection.Collection`) or ``settings.yaml``."""

    @property
    def folder(self) -> str: ...

    def editable(self, slug: str) -> bool:
        """Whether ``slug`` is there and loads without errors."""
        ...

    def get(self, slug: str) -> R | None: ...

    def reload(self, slug: str) -> object: ...

    def save(self, slug: str, record: R, *, base: R | None = None) -> R: ...

    def keep_copy(self, slug: str, record: R | None = None) -> Path: ...


class Outcome(Enum):
    """What one save did."""

    UNCHANGED = "unchanged"  # nothing to write: the editor holds the stored version
    SAVED = "saved"
    MERGED = "merged"  # written on top of changes made elsewhere to other fields
    CONFLICT = "conflict"  # the same field changed elsewhere: nothing written
    FAILED = "failed"  # the disk or the store refused: the text is still in memory


@dataclass(frozen=True)
class SaveResult(Generic[R]):
    """The outcome of one save, with what is now stored (``written``) or why not."""

    outcome: Outcome
    written: R | None = None
    error: StoreError | OSError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.UNCHANGED, Outcome.SAVED, Outcome.MERGED)

    @property
    def retryable(self) -> bool:
        """A failure that may pass by itself (a full disk, an I/O error), as
        opposed to a read-only workspace, a file with errors or a value no file
        can hold."""
        return self.outcome is Outcome.FAILED and not isinstance(
            self.error, (ReadOnlyError, BrokenFileError, OutOfRangeError))

    @property
    def reason(self) -> str:
        """The failure in the user's words."""
        return reason(self.error) if self.error is not None else ""


def reason(error: StoreError | OSError) -> str:
    """A refused write in the user's words: the store's message, or the
    system's ("No space left on device") without the errno clutter."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


class EditSession(Generic[R]):
    """Edits of the record ``slug`` in ``store``, based on the version read."""

    def __init__(self, store: RecordStore[R], slug: str, *, readonly: bool = False) -> None:
        self.store = store
        self.slug = slug
        self.readonly = readonly
        self._lock = threading.Lock()
        self._generation = 0
        self._written_generation = -1
        self.base: R | None = None
        # Set by a conflict: autosaves stop until the user picks a version.
        self.clash: ConflictError | None = None
        # The last refused write, cleared by the next good one.
        self.failure: SaveResult[R] | None = None
        self._kept_aside: R | None = None
        self.load()

    # -- state ---------------------------------------------------------------------

    def load(self) -> R | None:
        """Start again from the stored version (forgetting a clash); returns a
        working copy of it, or None when the record is gone or unreadable."""
        with self._lock:
            record = self.store.get(self.slug)
            self.base = record.copy() if record is not None else None
            self.clash = None
            self.failure = None
            self._kept_aside = None
            self._written_generation = self._generation
            return record.copy() if record is not None else None

    def reload(self) -> R | None:
        """Read the file again (another program changed it) and start from it."""
        self.store.reload(self.slug)
        return self.load()

    @property
    def writable(self) -> bool:
        """Whether saves can succeed at all: the workspace is writable and the
        file loaded without errors."""
        return not self.readonly and self.base is not None and self.store.editable(self.slug)

    def dirty(self, mine: R) -> bool:
        """Whether ``mine`` differs from the version last loaded or written."""
        return self.base is not None and mine != self.base

    def snapshot(self) -> int:
        """A generation number for a snapshot taken now: a save of an older one
        is skipped once a newer one was written."""
        with self._lock:
            self._generation += 1
            return self._generation

    # -- saving --------------------------------------------------------------------

    def save(self, mine: R, generation: int | None = None) -> SaveResult[R]:
        """Write ``mine`` unless that would lose someone's work; never raises."""
        with self._lock:
            if generation is None:
                self._generation += 1
                generation = self._generation
            if generation <= self._written_generation:
                return SaveResult(Outcome.UNCHANGED, self.base)
            if self.clash is not None:
                return self._set_aside(mine)
            base = self.base
            if base is None:
                return self._failed(StoreError(
                    f"{self.slug} can no longer be read; see the problems list"))
            if mine == base:
                self._written_generation = max(self._written_generation, generation)
                return SaveResult(Outcome.UNCHANGED, base)
            try:
                written = self.store.save(self.slug, mine.copy(), base=base)
            except ConflictError as exc:
                self.clash = exc
                self._kept_aside = mine.copy()
                return SaveResult(Outcome.CONFLICT, error=exc)
            except (StoreError, OSError) as exc:
                return self._failed(exc)
            self.base = written.copy()
            self.failure = None
            self._written_generation = max(self._written_generation, generation)
            outcome = Outcome.SAVED if written == mine else Outcome.MERGED
            return SaveResult(outcome, written.copy())

    def _failed(self, error: StoreError | OSError) -> SaveResult[R]:
        result: SaveResult[R] = SaveResult(Outcome.FAILED, error=error)
        self.failure = result
        return result

    def _set_aside(self, mine: R) -> SaveResult[R]:
        """While clashing, later edits go to ``conflicts/`` too, never to the file."""
        if self._kept_aside is None or mine != self._kept_aside:
            try:
                self.store.keep_copy(self.slug, mine)
            except (StoreError, OSError) as exc:
                return self._failed(exc)
            self._kept_aside = mine.copy()
        return SaveResult(Outcome.CONFLICT, error=self.clash)

    def keep_mine(self, mine: R) -> tuple[SaveResult[R], Path | None]:
        """Resolve a clash in favour of the editor: the other version goes to
        ``conflicts/`` and ``mine`` is written on top of it (winning where both
        changed). Returns the save and where the other version was kept."""
        with self._lock:
            base = self.base
            if self.clash is None or base is None:
                return SaveResult(Outcome.UNCHANGED, base), None
            try:
                theirs = self.store.keep_copy(self.slug)
            except (StoreError, OSError) as exc:
                return self._failed(exc), None
            self.store.reload(self.slug)
            fresh = self.store.get(self.slug)
            if fresh is None:
                return self._failed(StoreError(
                    f"{self.slug} can no longer be read; see the problems list")), theirs
            merged, _ = three_way(base, mine, fresh)
            self.base = fresh.copy()
            self.clash = None
            self._kept_aside = None
        return self.save(merged), theirs
