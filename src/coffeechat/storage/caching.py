"""The store's one switch for what it keeps to save work, and what it keeps.

With caching on (the default), the store trusts an index row in place of its
file while the file's stamp is unchanged (a start reads only the files that
changed) and a folder's rows without comparing them one by one while its files'
stamps give the digest kept when they last all stood (see ``freshness``),
remembers whether a file holds exactly what coffeechat writes (so a save skips
the slower path that keeps a hand-written file's layout), and lets a listing
keep each record's ``--json`` line on its row; Follow-ups keeps the rhythm at
the targets it worked out while it changes only chats. ``COFFEECHAT_CACHE=off`` turns
all of it off: every file is read at every start (and its row rewritten), no
digest is kept or trusted, every save looks at the file's layout, every line
is encoded anew. The results are the same either way; only the time differs, which is
what the switch is for (a suspected stale cache, and the tests that run the
behaviour both ways). The index itself stays: Home and search are queries of it.
"""

from __future__ import annotations

import os

VARIABLE = "COFFEECHAT_CACHE"


def enabled() -> bool:
    """Whether the store may keep what it keeps (read at every use: a test or
    a user may change the variable between two opens)."""
    return os.environ.get(VARIABLE, "").strip().lower() not in ("off", "0", "no", "false")
