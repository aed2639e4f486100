"""Full-text search at 10,000 people and 2,000 interviews.

Times ``Workspace.search`` (the query the Search area and ``coffeechat search``
run: every kind, up to 50 hits each, with snippets) for queries of every shape,
against a baseline measured in the same run, alternating: a plain
case-insensitive substring scan of the same texts in Python, which is what
finding a word would cost without the index. Goal: every query <= 50 ms.

    python benchmarks/bench_search.py [--people N] [--interviews M] [--rounds R] [--keep DIR]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import demo_workspace
from coffeechat.core.search import company_texts, interview_texts, person_texts
from coffeechat.storage import Workspace

# One word, a rare word, prefixes as typed, a phrase, alternatives, an
# exclusion, accents, and a word in nothing.
QUERIES = ["budget", "portfolio", "p", "pr", "pro", '"budget season"', "pricing OR hiring",
           "team -remote", "zurich", "nonexistentword"]


def texts(workspace: Workspace) -> list[str]:
    """Everything the index holds, as one lower-case text per record."""
    found = [person_texts(person) for _, person in workspace.people.items()]
    found += [company_texts(company) for _, company in workspace.companies.items()]
    found += [interview_texts(interview) for _, interview in workspace.interviews.items()]
    return ["\n".join(parts).casefold() for parts in found]


def scan(haystacks: list[str], query: str) -> int:
    words = [word.strip('"-').casefold() for word in query.split() if word != "OR"]
    return sum(1 for text in haystacks if all(word in text for word in words))


def main() -> None:
    args, _, data = demo_workspace(__doc__, rounds=15)
    with Workspace.open(data) as workspace:
        workspace.sync()
        haystacks = texts(workspace)
        print(f"workspace: {args.people} people, {args.interviews} interviews; median of "
              f"{args.rounds} alternating rounds per query")
        print(f"{'query':<22} {'hits':>5} {'search':>10} {'scan':>10}  ratio")
        worst = 0.0
        for query in QUERIES:
            searched: list[float] = []
            scanned: list[float] = []
            hits = 0
            for _ in range(args.rounds):
                started = time.perf_counter()
                hits = len(workspace.search(query))
                searched.append(time.perf_counter() - started)
                started = time.perf_counter()
                scan(haystacks, query)
                scanned.append(time.perf_counter() - started)
            ours, base = statistics.median(searched), statistics.median(scanned)
            worst = max(worst, max(searched))
            print(f"{query:<22} {hits:>5} {ours * 1000:8.1f} ms {base * 1000:7.1f} ms"
                  f"  {ours / base:5.2f}x")
        print(f"slowest single query: {worst * 1000:.1f} ms (goal <= 50 ms)")


if __name__ == "__main__":
    main()
