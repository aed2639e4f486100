"""Home's lists, kept in the index so that the next start shows them at once.

What is kept is their basis (``core.agenda.basis``): every line that could
show, with its dates, so the lists of any later day follow from it. The app
keeps it whenever Home fills, within seconds of a change to a chat and when it
quits; a command that writes a chat keeps it too, from the index's rows.
Whoever shows kept lists fills them again from the files afterwards: they are
only ever a first view.
"""

from __future__ import annotations

import datetime as dt
import json

from coffeechat import __version__
from coffeechat.core.agenda import (
    Agenda,
    Basis,
    basis,
    basis_data,
    basis_from,
    on_day,
    people_named,
)
from coffeechat.storage.settings import SettingsFile
from coffeechat.storage.workspace import Workspace

# Home is a glance: of each list, the first items (as many as a tall terminal
# shows; each costs its line's layout) and a count of the rest.
LIMIT = 25
# The name the basis is kept under; bump the format when what it holds changes.
_NAME = "home"
_FORMAT = 2


def lists(ws: Workspace, kept: Basis, now: dt.datetime, *, first: bool = False) -> Agenda:
    """Home's lists as of ``now``, with the people counted in their folder and
    named as their files say; or, ``first`` of all, counted and named as the
    index had them at the last write, in two queries (the folder holds
    thousands, and a first view is filled again from the files)."""
    if not first:
        return on_day(kept, ws.people.count(), ws.person_namer(), now, limit=LIMIT)
    names = ws.index.names_of("people", people_named(kept, now, limit=LIMIT))
    return on_day(kept, ws.index.counts().get("people", 0),
                  lambda slug: names.get(slug, slug), now, limit=LIMIT)


def _key(ws: Workspace, nudge_days: int) -> str:
    """What the basis depends on (the chats' light copies, by their fingerprint,
    the settings and the version): kept under it, it is used while it is the same."""
    return json.dumps([_FORMAT, __version__, nudge_days, ws.index.lights_state()])


def keep(ws: Workspace, kept: Basis, nudge_days: int) -> None:
    """Keep ``kept`` to show the lists from at the next start."""
    ws.index.keep_view(_NAME, _key(ws, nudge_days), json.dumps(basis_data(kept)))


def kept(ws: Workspace, nudge_days: int) -> Basis | None:
    """The basis kept for what the index holds now, if any (names are as they
    were when it was kept)."""
    saved = ws.index.view(_NAME, _key(ws, nudge_days))
    if saved is None:
        return None
    try:
        return basis_from(json.loads(saved))
    except ValueError:  # not what was kept: computed anew
        return None


def keep_current(ws: Workspace, nudge_days: int, *, rows: bool = False) -> None:
    """Keep the basis as it is now, unless the one kept is current (a chat
    written since makes it out of date): from the interviews as read, or with
    ``rows`` from the index's rows (a command reads only what it needs)."""
    if ws.index.view(_NAME, _key(ws, nudge_days)) is not None:
        return
    interviews = ws.indexed_light_interviews() if rows else ws.light_interviews()
    if interviews is not None:
        keep(ws, basis(interviews, nudge_days), nudge_days)


def refresh_after_command(ws: Workspace) -> None:
    """After a command wrote to the workspace: if the app keeps Home's lists
    here and a chat written has made them out of date, keep them anew, so the
    next start still shows them at once."""
    if ws.index.has_view(_NAME):
        keep_current(ws, SettingsFile(ws.data_dir, readonly=True).settings.nudge_days,
                     rows=True)
