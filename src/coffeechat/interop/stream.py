"""An import written while it is read, in batches, with a log of only what was written.

The command line imports files of any length this way: entries are planned one at
a time (a ``Planner`` that keeps counts, not the plan), creations are queued and
written in batches (``Collection.bulk_add``: each file atomic and fsynced, the
folder fsynced once a batch), and each line of the log is handed over as soon as
its file is in place, before the next is written. Ctrl-C, a write error or a kill
therefore leaves a log that says exactly what was written, and nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from coffeechat.core.models import Person
from coffeechat.interop.keyindex import TextLog
from coffeechat.interop.merge import (
    BATCH,
    CREATE,
    SKIP,
    UNCHANGED,
    UPDATE,
    Action,
    Linker,
    Planner,
    merge_values,
)
from coffeechat.storage import Workspace
from coffeechat.storage.errors import ReadOnlyError, StoreError


class StreamWriter:
    """Writes the actions a ``Planner`` hands out, in order, and reports each when done."""

    def __init__(self, workspace: Workspace, planner: Planner,
                 report: Callable[[Action], None]) -> None:
        self._workspace = workspace
        self._planner = planner
        self._report = report
        self._queue: list[Action] = []
        self._queued_creations = 0
        # The slug of every creation by its number ("" when it could not be written),
        # for a later duplicate to be merged into it: packed, as a long file has many.
        self._slugs = TextLog()
        self.created = 0
        # Creations whose relations ``link`` sets (not counted again as updated).
        self._created_linked: set[str] = set()
        self.updated: dict[str, None] = {}
        self.failed: list[tuple[Action, str]] = []
        self._failed: set[int] = set()
        self.tally: Counter[str] = Counter()
        self._linker = Linker(planner.uids)
        self._unchanged: set[str] = set()

    def add(self, action: Action) -> None:
        """Queue (or, for an update, write at once) the next action of the plan."""
        if action.kind == UPDATE:
            self.flush()
            self._save(action, action.slug, action.record, base=action.base)
            self._done(action)
            return
        if action.kind == SKIP:
            self._merge(action)
        self._queue.append(action)
        if action.kind == CREATE:
            self._queued_creations += 1
            if self._queued_creations >= BATCH:
                self.flush()

    def flush(self) -> None:
        """Write the queued creations, reporting each as it is done (so a write
        error or an interrupt that stops the batch leaves the done ones told)."""
        queue, self._queue, self._queued_creations = self._queue, [], 0
        if not queue:
            return
        with self._workspace.people.bulk_add() as add:
            for action in queue:
                if action.kind == CREATE:
                    self._create(action, add)
                elif action.kind == UPDATE:
                    # Seen unchanged, then a later duplicate filled something in.
                    self._save(action, action.slug, action.record, base=action.base)
                # Told at once, not when the batch ends: a process killed
                # meanwhile leaves a log naming every file it made.
                self._done(action)

    def link(self) -> Iterator[tuple[str, str, list[str]]]:
        """Once everything is written: the relations a coffeechat export gives by UID,
        yielding ``(name, slug, fields added)`` for each person written again."""
        for slug, person, added in self._linker.changes(self._workspace):
            try:
                self._workspace.people.save(slug, person)
            except ReadOnlyError:
                raise
            except StoreError as exc:
                self._fail(Action(UPDATE, "", person.name, slug=slug), exc)
                continue
            if slug not in self._created_linked and slug not in self.updated:
                if slug in self._unchanged:
                    self.tally[UNCHANGED] -= 1
                self.updated[slug] = None
            yield person.name, slug, added

    def summary(self) -> str:
        text = (f"{self.created} created, {len(self.updated)} updated, "
                f"{self.tally[UNCHANGED]} unchanged, {self.tally[SKIP]} skipped")
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text

    def _create(self, action: Action, add: Callable[[Person], str]) -> None:
        assert action.record is not None
        try:
            action.slug = add(action.record)
        except ReadOnlyError:
            raise
        except StoreError as exc:
            self._fail(action, exc)
        else:
            self.created += 1
            if action.introduced_by or action.knows:
                self._created_linked.add(action.slug)
        self._slugs.append(action.slug)

    def _merge(self, action: Action) -> None:
        """A duplicate folded into an entry that is already written: write that again."""
        target = action.merged_into
        if target is not None:
            if target.done and target.kind in (CREATE, UPDATE) and action.changes and target.slug:
                self.flush()
                if target.kind == UPDATE and target.slug not in self.updated:
                    self.tally[UNCHANGED] -= 1  # it was counted unchanged when it went by
                self._save(target, target.slug, target.record, count=target.kind == UPDATE,
                           base=target.base)
                # Written: the next duplicate merges into the file.
                self._planner.release(target, written=True)
            return
        number = action.merged_into_new
        slug = self._slugs[number] if number is not None and number < len(self._slugs) else ""
        base = self._workspace.people.lookup(slug) if slug else None
        if base is None or action.person is None:
            return
        merged, changes = merge_values(base, action.person, action.source or action.origin)
        action.changes = changes
        if changes:
            self.flush()
            self._save(action, slug, merged, count=False, base=base)

    def _save(self, action: Action, slug: str, record: Person | None, *,
              count: bool = True, base: Person | None = None) -> None:
        """Write ``record``, merged from ``base``: on top of the file as it is now
        (the folder is not kept in memory, so the file is read again to write it)."""
        assert record is not None
        try:
            self._workspace.people.save(slug, record, base=base)
        except ReadOnlyError:
            raise
        except StoreError as exc:
            self._fail(action, exc)
            return
        if count:
            self.updated[slug] = None

    def _done(self, action: Action) -> None:
        action.done = True
        self._linker.note(action)
        if action.kind == UNCHANGED:
            self._unchanged.add(action.slug)
        if action.kind in (UNCHANGED, SKIP):
            self.tally[action.kind] += 1
        if id(action) not in self._failed:
            self._report(action)
        self._planner.release(action, written=True)

    def _fail(self, action: Action, exc: StoreError) -> None:
        self.failed.append((action, str(exc)))
        self._failed.add(id(action))
