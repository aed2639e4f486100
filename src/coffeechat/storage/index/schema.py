"""The index's schema: where it lives, its format number and its tables."""

from __future__ import annotations

from coffeechat.core.contacts import COLUMNS as CONTACT_COLUMNS
from coffeechat.core.search import COLUMNS
from coffeechat.storage.paths import CACHE_DIR as CACHE_DIR
from coffeechat.storage.paths import INDEX_NAME as INDEX_NAME

# Marks the file as ours ("ccix"); anything else in its place is discarded.
APPLICATION_ID = 0x63636978
# Bump whenever the schema or what a file decodes to changes: older indexes
# are then rebuilt rather than trusted.
FORMAT = 16

_RECORDS_SQL = """CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    checked_ns INTEGER NOT NULL,
    digest TEXT,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    title TEXT NOT NULL,
    person TEXT NOT NULL,
    status TEXT NOT NULL,
    scheduled TEXT,
    problems TEXT NOT NULL,
    readable INTEGER NOT NULL,
    name_key BLOB NOT NULL,
    UNIQUE (kind, slug)
)"""
# The rows that a full compare of a folder's files always looks at again
# (``Index.troubled``): those of files with problems.
_TROUBLED = "problems != '[]' OR NOT readable"
_TROUBLED_SQL = f"CREATE INDEX records_troubled ON records (kind) WHERE {_TROUBLED}"
# Of a folder whose every row was last found standing for its file (settled,
# see ``freshness``): how many record files it had and the digest of their
# stamps, so that a folder whose files give the same two is known unchanged
# without comparing row by row. Any write of a row of the folder drops it, in
# the same transaction and whichever process writes (the triggers below).
_FOLDERS_SQL = """CREATE TABLE folders (
    kind TEXT PRIMARY KEY,
    files INTEGER NOT NULL,
    digest INTEGER NOT NULL
)"""
_FOLDER_TRIGGERS = {
    f"records_{event.lower()}": f"CREATE TRIGGER records_{event.lower()} AFTER {event} "
    f"ON records BEGIN DELETE FROM folders WHERE kind IN ({kinds}); END"
    for event, kinds in (("INSERT", "NEW.kind"), ("UPDATE", "OLD.kind, NEW.kind"),
                         ("DELETE", "OLD.kind"))}
# Lists in name order (``name_key``: ``core.text.sort_key`` of the name as
# bytes, then the name, then the slug) read the rows through this, a window at
# a time, with no sort of the whole folder before the first row.
# It also holds what a listing's kept line is sealed with (see ``listings._SEALED``),
# so a listing reads every row's part of it from here, not from the row itself.
_NAME_ORDER_SQL = ("CREATE INDEX records_by_name ON records (kind, name_key, name, slug, "
                   "readable, size, mtime_ns, inode, ctime_ns, status)")
# The decoded records live apart, so that scanning the rows above (every start
# does) reads a few hundred kilobytes rather than every note.
_BODIES_SQL = """CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    data TEXT NOT NULL
)"""
# Of an interview, its employer's name key (the rhythm at a target employer
# reads every chat there) and when a meeting still running began; what it adds
# to the campaign's numbers; whether it has an open item
# (``core.nudges.has_open_items``: Follow-ups reads those); and its light copy
# (``core.agenda.light``, all Home reads of it, a tenth of the whole).
_HOME_SQL = """CREATE TABLE home (
    id INTEGER PRIMARY KEY,
    employer TEXT NOT NULL,
    began TEXT,
    asked INTEGER NOT NULL,
    held INTEGER NOT NULL,
    names INTEGER NOT NULL,
    learned INTEGER NOT NULL,
    open INTEGER NOT NULL,
    data TEXT NOT NULL
)"""
# Of an interview, each line it can give Home (``core.agenda.lines``): its list,
# what the list is ordered and chosen by (``at``; ``made`` for a promise, due
# a setting's days later), the order between lines of the same ``at`` (``tie``)
# and the line's content, so that each list is a query of its first lines.
_HOME_LINES_SQL = """CREATE TABLE home_lines (
    id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    at TEXT,
    made TEXT,
    tie TEXT NOT NULL,
    item TEXT NOT NULL
)"""
_HOME_LINES_ORDER = "CREATE INDEX home_lines_id ON home_lines (id)"

# Of a person, who introduced them and whom they know (slugs, one a line): with
# the name, company and title of the row, the network's links, read without
# rebuilding 10,000 people; and their company and title folded
# (``core.text.fold``), where the warm paths look for the people at an employer.
_LINKS_SQL = """CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    introduced_by TEXT NOT NULL,
    knows TEXT NOT NULL,
    folded_company TEXT NOT NULL,
    folded_title TEXT NOT NULL
)"""
# The same links of a person as ``core.network`` reads them, one a line:
# ``source`` can introduce you to ``target`` (a person knows those they know,
# and their introducer, who knows them). The warm paths to an employer walk
# them backwards from the people there (``reaches_target``), reading only the
# people they reach, so the rhythm at the targets reads no folder.
_REACHES_SQL = """CREATE TABLE reaches (
    id INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL
)"""
_REACHES_ORDERS = ("CREATE INDEX reaches_id ON reaches (id)",
                   "CREATE INDEX reaches_target ON reaches (target)")
# Of a person, the name they count as a namesake by (``core.people.called``;
# of one whose file cannot be read too), so the namesakes of a name are a query.
_NAMES_SQL = """CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL
)"""
_NAMES_ORDER_SQL = "CREATE INDEX names_key ON names (key)"
# A record as ``--json`` lists it (``encode_json`` of the listing's key and
# ``as_json``, in UTF-8), so that listing thousands writes these bytes rather than
# decoding and encoding each again; under a seal of the line, the key and
# everything a listing takes from the row (see ``listings._seal``). Kept by the
# listing that made it (``keep_lines``), and dropped whenever its row is rewritten.
_LISTINGS_SQL = """CREATE TABLE listings (
    id INTEGER PRIMARY KEY,
    seal INTEGER NOT NULL,
    text BLOB NOT NULL
)"""
# What the bank files looked like (``storage.banks.bank_stamps``) when the banks'
# rows were last written from them, so that a search can trust those rows
# without reading every bank. Dropped whenever the banks' rows change.
_BANK_STAMPS_SQL = """CREATE TABLE bank_stamps (
    stamps TEXT NOT NULL
)"""
# Network's list, one row per person file (``core.contacts``): the cells shown,
# the folded text its filter looks in, and a key per column to sort by, each
# with an index in the list's order, so that a window of it is read without
# sorting every row.
_CONTACTS_SQL = """CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    unreadable INTEGER NOT NULL,
    name TEXT NOT NULL,
    company TEXT NOT NULL,
    title TEXT NOT NULL,
    tags TEXT NOT NULL,
    met TEXT NOT NULL,
    haystack TEXT NOT NULL,
    folded_name TEXT NOT NULL,
    k0 BLOB NOT NULL,
    k1 BLOB NOT NULL,
    k2 BLOB NOT NULL,
    k3 BLOB NOT NULL,
    k4 BLOB NOT NULL
)"""
# The list's orders, one per column, and its totals (who cannot be read, each
# column's longest text), read from these rather than from a pass over every
# row: the list's first paint asks. By name; made once the people's rows are
# written (``IndexConnection.complete_orders``).
_CONTACT_CELLS = ("name", "company", "title", "tags", "met")
_CONTACT_INDEXES = {
    **{f"contacts_k{column}": f"contacts (k{column}{', k0' if column else ''}, slug)"
       for column in range(len(CONTACT_COLUMNS))},
    "contacts_unreadable": "contacts (unreadable) WHERE unreadable",
    **{f"contacts_w{column}": f"contacts (length({cell}))"
       for column, cell in enumerate(_CONTACT_CELLS)},
}
# The full-text index reads texts with ``fold_letters`` applied (its tokenizer
# removes accents and case, not ø or ß), while snippets are cut from the texts as
# written, kept in ``search_text``: folding keeps every word one word, so the
# index's word positions fit both.
_SEARCH_TEXT_SQL = (
    f"CREATE TABLE search_text (id INTEGER PRIMARY KEY, "
    f"{', '.join(f'{column} TEXT NOT NULL' for column in COLUMNS)})"
)
_SEARCH_SQL = (
    f"CREATE VIRTUAL TABLE search USING fts5({', '.join(COLUMNS)}, "
    "content = 'search_text', content_rowid = 'id', "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

_TEXT_MARKS = ", ".join("?" for _ in COLUMNS)

# The files of a folder as ``Index.unmatched`` compares them with their rows.
_SEEN_SQL = """CREATE TEMP TABLE IF NOT EXISTS seen (
    slug TEXT NOT NULL,
    file TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    inode INTEGER,
    ctime_ns INTEGER,
    odd INTEGER NOT NULL
)"""

_SUMMARY_COLUMNS = ("name", "company", "title", "person", "status", "scheduled")
_ROW_COLUMNS = ("id", "kind", "slug", "file", "size", "mtime_ns", "inode", "ctime_ns",
                "checked_ns", "digest", *_SUMMARY_COLUMNS, "problems", "readable", "name_key")
# A row rewritten keeps its id (what hangs off it is dropped first).
_INSERT = (f"INSERT OR REPLACE INTO records ({', '.join(_ROW_COLUMNS)}) "
           f"VALUES ({', '.join('?' for _ in _ROW_COLUMNS)})")
