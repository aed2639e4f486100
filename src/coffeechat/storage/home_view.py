"""Home's lists, kept in the index so that the next start shows them at once.

The app keeps them whenever Home fills and when it quits; a command that
writes a chat keeps them too, from the index's rows, so the next start does
not have to compute them. Whoever shows kept lists fills them again from the
files afterwards: they are only ever a first view.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from coffeechat import __version__
from coffeechat.core import clock
from coffeechat.core.agenda import Agenda, agenda, agenda_data, agenda_from
from coffeechat.core.models import Interview
from coffeechat.storage.settings import SettingsFile
from coffeechat.storage.workspace import Workspace

# Home is a glance: the first items of each list, and a count of the rest.
LIMIT = 100
# The name the lists are kept under; bump the format when what they hold changes.
_NAME = "home"
_FORMAT = 1


def compute(ws: Workspace, interviews: list[tuple[str, Interview]], now: dt.datetime,
            nudge_days: int) -> Agenda:
    """Home's lists as of ``now``, from light copies of ``interviews``."""
    return agenda(interviews, ws.people.count(), ws.person_namer(), now,
                  limit=LIMIT, nudge_days=nudge_days)


def _key(ws: Workspace, now: dt.datetime, nudge_days: int) -> str:
    """What the lists computed ``now`` depend on: kept under it, they are shown
    at a start where it is the same."""
    return ws.view_key(_FORMAT, __version__, now.date().isoformat(), LIMIT, nudge_days)


def keep(ws: Workspace, lists: Agenda, now: dt.datetime, nudge_days: int) -> None:
    """Keep ``lists`` (computed for ``now``) to show first at the next start."""
    ws.keep_view(_NAME, _key(ws, now, nudge_days), json.dumps(agenda_data(lists)))


def kept(ws: Workspace, now: dt.datetime, nudge_days: int) -> Agenda | None:
    """The lists kept for what the index holds ``now``, if any. The people
    count is read afresh (a command may have added people since); names are
    as they were when the lists were kept."""
    saved = ws.saved_view(_NAME, _key(ws, now, nudge_days))
    if saved is None:
        return None
    try:
        lists = agenda_from(json.loads(saved))
    except ValueError:  # not what was kept: computed anew
        return None
    return replace(lists, numbers=replace(lists.numbers, people=ws.people.count()))


def keep_current(ws: Workspace, now: dt.datetime, nudge_days: int, *,
                 rows: bool = False) -> None:
    """Keep the lists as they are ``now``, unless those kept are current (a
    chat written since makes them out of date): from the interviews as read,
    or with ``rows`` from the index's rows (a command reads only what it needs)."""
    if ws.saved_view(_NAME, _key(ws, now, nudge_days)) is not None:
        return
    interviews = ws.indexed_light_interviews() if rows else ws.light_interviews()
    if interviews is not None:
        keep(ws, compute(ws, interviews, now, nudge_days), now, nudge_days)


def refresh_after_command(ws: Workspace) -> None:
    """After a command wrote to the workspace: if the app keeps Home's lists
    here and a chat written has made them out of date, keep them anew, so the
    next start still shows them at once."""
    if ws.has_view(_NAME):
        nudge_days = SettingsFile(ws.data_dir, readonly=True).settings.nudge_days
        keep_current(ws, clock.now(), nudge_days, rows=True)
