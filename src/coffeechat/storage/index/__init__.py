"""The derived index: ``.cache/index.sqlite``, rebuilt from the files, never the truth.

One row per record file holds what the store needs to skip reading the file
again (its stamp, digest, problems and decoded data), the summary columns that
lists are filled from (for an interview, what Home selects it by and the light
copy Home reads, see ``core.agenda``), and the file's text in a full-text
(FTS5) table. Home's lists are queries of the interviews' ``home_lines``:
of each list, its first lines of the day and a count of the rest. Rows
are written by the code path that writes or reads the file, so the index is
current after every save, by the app or the command line, and after every
outside change the watcher reads back. The record as ``--json`` lists it is
kept by the listing that made it, until its row is rewritten.

The YAML files stay the only truth. A row is trusted only while its file's
stamp (size, mtime, inode, ctime) matches, and only once that stamp had settled
when the file was read (``Stamp.settled``); otherwise the file is read again
and the row rewritten. A file that is not a coffeechat index of this format (corrupt,
foreign, older) is deleted and rebuilt; a row that does not decode is ignored
and rewritten; any other SQLite error while running drops the index and starts
an empty one. Nothing here stops the app: at worst the index lives in memory.

Threads: one connection, shared by every thread under a lock
(``check_same_thread=False``). Writes must be serialised anyway, queries take
milliseconds, and a single connection also serves the in-memory fallback,
which connections opened per thread could not share. Full-text searches are
the exception: one can take a second, so they run on a read-only connection
of their own, outside the lock (WAL lets a reader and the writer go on
together), and never hold up a save; ``stop_search`` stops one running.
Network's filter reads every row likewise, on a read-only connection of its
own; ``stop_filter`` stops it when a newer key asks.

Processes: in WAL mode a read-only instance reads while the writer writes. An
instance that does not hold the workspace lock may still write rows for files
it had to read, but only while the file keeps the stamp that was read (checked
inside the write transaction), so an older version never replaces a newer row.
"""

from coffeechat.storage.index.connection import IndexConnection, Unavailable
from coffeechat.storage.index.contacts import ContactQueries, ContactRow, Filtered
from coffeechat.storage.index.home import Contact, HomeLists, HomeQueries
from coffeechat.storage.index.jumps import JumpQueries, Name
from coffeechat.storage.index.listings import (
    LISTING_WINDOW,
    KeptLine,
    Listed,
    Listings,
    listed_of,
    name_order,
)
from coffeechat.storage.index.record_rows import RecordRows
from coffeechat.storage.index.references import ReferenceQueries
from coffeechat.storage.index.rows import Head, Row, problems_from
from coffeechat.storage.index.schema import APPLICATION_ID, CACHE_DIR, FORMAT, INDEX_NAME
from coffeechat.storage.index.screens import ScreenQueries
from coffeechat.storage.index.search import (
    Hit,
    SearchError,
    Searching,
    SearchStopped,
    record_hit,
)

__all__ = [
    "APPLICATION_ID",
    "CACHE_DIR",
    "FORMAT",
    "INDEX_NAME",
    "LISTING_WINDOW",
    "Contact",
    "ContactRow",
    "Filtered",
    "Head",
    "Hit",
    "HomeLists",
    "Index",
    "IndexConnection",
    "KeptLine",
    "Listed",
    "Name",
    "Row",
    "SearchError",
    "SearchStopped",
    "Unavailable",
    "listed_of",
    "name_order",
    "problems_from",
    "record_hit",
]


class Index(RecordRows, Listings, HomeQueries, ContactQueries, ScreenQueries, JumpQueries,
            ReferenceQueries, Searching):
    """The derived index of one data directory (a file, or memory as a fallback):
    its connection (``IndexConnection``) and a mixin of queries per job."""
