"""``coffeechat search QUERY``: any word in notes, debriefs, answers, research and banks."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any

from coffeechat.cli.common import CommandError, people_sealed_ahead, print_json, workspace
from coffeechat.core.search import (
    KINDS,
    MARK_END,
    MARK_START,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    matched_words,
)
from coffeechat.storage.seals_ahead import SealsAhead

# Imported once the seal is on its way (see ``run_search``).
if TYPE_CHECKING:
    from coffeechat.storage import Workspace
    from coffeechat.storage.freshness import Fresh
    from coffeechat.storage.index import Hit

# Hits per kind: the best ones; narrow the query or pick a kind for more.
LIMIT = 50


def register(commands: Any) -> None:
    # No -h: "-hiring" is a word to leave out (--help still helps).
    search = commands.add_parser(
        "search", help="find any word in people, companies, interviews and banks",
        add_help=False,
        description='Words match as the start of a word ("own" finds "ownership"), '
                    'case and accents aside; "quoted words" must appear together; '
                    "OR accepts either of two words; -word leaves out what contains it. "
                    f"At most {MAX_QUERY_WORDS} words and {MAX_QUERY_CHARS} characters. "
                    "Exit status 0 with hits, 1 without, 130 when stopped with Ctrl-C.")
    search.dash_words = True
    search.add_argument("--help", action="help", help="show this help message and exit")
    search.add_argument("query", nargs="+", help="what to look for (-word leaves it out)")
    search.add_argument("--kind", choices=KINDS, action="append",
                        help="only this kind of record (repeatable)")
    search.add_argument("--limit", type=int, default=LIMIT, metavar="N",
                        help=f"at most N hits per kind (default {LIMIT})")
    search.add_argument("--json", action="store_true", help="print a JSON array")
    search.set_defaults(handler=run_search)


def _plain(snippet: str) -> str:
    return " ".join(snippet.replace(MARK_START, "").replace(MARK_END, "").split())


def _shown(snippet: str, emphasis: bool) -> str:
    text = " ".join(snippet.split())
    if not emphasis:
        return text.replace(MARK_START, "").replace(MARK_END, "")
    return text.replace(MARK_START, "\033[1m").replace(MARK_END, "\033[0m")


def _search(ws: Workspace, text: str, args: argparse.Namespace,
            folders: Iterable[Fresh[Any]]) -> list[Hit]:
    """The hits, from the index (its rows of ``folders`` refreshed); Ctrl-C stops
    the query where it is (SQLite runs it in C, where Python's own
    KeyboardInterrupt would not reach it until it had finished)."""
    from coffeechat.storage.index import SearchError, SearchStopped

    def stop(signum: int, frame: FrameType | None) -> None:
        ws.stop_search()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, stop)
    try:
        return ws.search_behind(text, args.kind or KINDS, args.limit, {
            fresh.kind: (fresh.behind.items(), fresh.stale) for fresh in folders})
    except SearchStopped:
        raise
    except SearchError as exc:
        raise CommandError(str(exc)) from None
    finally:
        signal.signal(signal.SIGINT, previous)


def hit_json(hit: Hit) -> dict[str, Any]:
    return {"kind": hit.kind, "id": hit.slug, "title": hit.title, "where": hit.where,
            "snippet": _plain(hit.snippet),
            "matches": matched_words(hit.snippet, MARK_START, MARK_END),
            "rank": round(hit.rank, 3)}


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    text = " ".join(args.query)
    kinds = args.kind or KINDS
    folders = [kind for kind in kinds if kind != "banks"]
    with people_sealed_ahead(args, "people" in folders) as ahead:
        return _answer(args, text, kinds, folders, ahead)


def _answer(args: argparse.Namespace, text: str, kinds: Sequence[str], folders: list[str],
            ahead: SealsAhead) -> int:
    from coffeechat.storage.freshness import refresh
    from coffeechat.storage.index import SearchStopped

    try:
        with workspace(args, warn=False) as ws:
            # The index answers once its rows stand for the files (only those
            # changed since are read), the banks' rows for the bank files.
            def refreshed(kind: str) -> Fresh[Any]:
                folder = getattr(ws, kind)
                return refresh(ws.index, folder, ahead=ahead.seal(folder.directory))

            compared = {kind: refreshed(kind) for kind in folders if kind != "people"}
            if "banks" in kinds:
                ws.index_banks()
            # Asked while the people's seal is still being taken on another core:
            # the answer stands if their compare finds every row as it was.
            hits = _search(ws, text, args, compared.values())
            if "people" in folders:
                people = compared["people"] = refreshed("people")
                if people.changed or people.behind or people.stale:
                    hits = _search(ws, text, args, compared.values())
            fresh = [compared[kind] for kind in folders]
            # Named, so that "nothing matches" is never said of what was not searched.
            unsearched = [problem.format(ws.data_dir)
                          for found in fresh for problem in found.unread()]
    except (KeyboardInterrupt, SearchStopped):
        print("coffeechat: search stopped", file=sys.stderr)
        return 130
    if args.json:
        print_json([hit_json(hit) for hit in hits])
    else:
        emphasis = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits:
            print(f"{hit.kind:<10}  {hit.slug}  {hit.title} · {hit.where}: "
                  f"{_shown(hit.snippet, emphasis)}")
    for line in unsearched:
        print(f"coffeechat: could not read {line}", file=sys.stderr)
    if not hits:
        print(f"nothing matches {text!r}" + (" in what could be read" if unsearched else ""),
              file=sys.stderr)
        return 1
    return 0
