"""Start-up time of coffeechat on a large workspace, as a ratio to a bare Textual app.

Builds (once, then reuses) a workspace of 10,000 people and 2,000 interviews,
then times whole processes alternating A B A B: A is a bare Textual app (Header,
DataTable with five columns and no rows, Footer) and B is coffeechat on that
workspace; each exits after its first screen is shown. Goal: B/A <= 1.3.

    python benchmarks/bench_startup.py [--people N] [--interviews M] [--rounds R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        table = DataTable()
        table.add_columns("Name", "Company", "Title", "Tags", "How we met")
        yield table
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""

COFFEECHAT_APP = """
import sys
from pathlib import Path
from coffeechat.app import CoffeeChatApp

class Timed(CoffeeChatApp):
    CSS_PATH = str(Path(sys.modules["coffeechat.app"].__file__).with_name("app.tcss"))

    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(lambda: self.call_after_refresh(self.exit))

Timed(Path(sys.argv[1])).run(headless=True)
"""

COMPANIES = ["Aritzia", "Shopify", "Hydro-Québec", "Lululemon", "Ubisoft", "Desjardins",
             "Cohere", "Wealthsimple", "Telus", "CBC", "Bombardier", "Mila", "Mozilla",
             "Ville de Montréal", "Klue", "Hootsuite", "Clio", "Ecobee", "Dapper", "Benevity"]
TITLES = ["Product Manager", "Data Analyst", "UX Researcher", "Software Engineer",
          "Engineering Manager", "Recruiter", "Designer", "Policy Advisor", "Nurse",
          "Marketing Lead", "Founder", "Account Executive", "Teacher", "Economist"]
FIRST = ["Amira", "Ben", "Chloé", "Dmitri", "Élodie", "Farid", "Grace", "Hiroshi", "Inès",
         "Jonas", "Kemi", "Liam", "Maya", "Noor", "Olu", "Priya", "Quinn", "Rafael", "Sana",
         "Tomás", "Uma", "Victor", "Wen", "Yara", "Zoë"]
LAST = ["Ahmed", "Bouchard", "Chen", "Diallo", "Evans", "Fortin", "Gagnon", "Haddad", "Ito",
        "Kowalski", "Lam", "Martin", "Nguyen", "Okafor", "Patel", "Roy", "Singh", "Tremblay"]


def build_workspace(target: Path, people: int, interviews: int, seed: int = 1) -> None:
    """A large campaign built through the public API (or ``coffeechat.demo`` when
    it is available), so the files are exactly what the app writes."""
    try:
        from coffeechat.demo import generate
    except ImportError:
        generate = None
    if generate is not None:
        generate(target, people=people, interviews=interviews, seed=seed)
        return
    from coffeechat.models import Followup, Interview, Person, Referral
    from coffeechat.storage import Workspace

    rng = random.Random(seed)
    with Workspace.open(target) as ws:
        slugs: list[str] = []
        for number in range(people):
            person = Person(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
                company=rng.choice(COMPANIES), title=rng.choice(TITLES),
                how_we_met=rng.choice(["alumni event", "LinkedIn", "friend", "meetup", ""]),
                tags=rng.sample(["alumni", "design", "data", "policy", "health"], 2),
                notes="Met at a meetup. Works on onboarding.\n" * rng.randint(0, 3),
            )
            if slugs and rng.random() < 0.3:
                person.introduced_by = rng.choice(slugs)
            if slugs and rng.random() < 0.3:
                person.knows = rng.sample(slugs, min(3, len(slugs)))
            slugs.append(ws.people.add(person))
        start = dt.date(2026, 6, 1)
        statuses = ["idea", "asked", "scheduled", "done", "done", "declined"]
        for _ in range(interviews):
            who = rng.choice(slugs)
            day = start + dt.timedelta(days=rng.randint(0, 240))
            interview = Interview(person=who, status=rng.choice(statuses), created=day,
                                  intent="Learn how the team decides what to build.")
            if interview.status in ("scheduled", "done"):
                interview.scheduled = dt.datetime.combine(day, dt.time(10))
            if interview.status == "done":
                interview.referrals = [Referral(person=rng.choice(slugs), why="knows the field")]
                interview.followups = [Followup(kind="thank-you", to=who,
                                                due=day + dt.timedelta(days=1))]
                interview.debrief.learned = "Roadmaps are negotiated quarterly."
            ws.new_interview(interview, on=day)


def workspace_for(people: int, interviews: int) -> Path:
    target = Path(tempfile.gettempdir()) / f"coffeechat-bench-{people}-{interviews}"
    if not (target / "people").is_dir() or len(list((target / "people").iterdir())) < people:
        print(f"building {people} people / {interviews} interviews in {target} …", flush=True)
        build_workspace(target, people, interviews)
    return target


def script(name: str, code: str) -> Path:
    # A real file: Textual finds an app's CSS next to the file its class is in.
    path = Path(tempfile.gettempdir()) / f"coffeechat-bench-{name}.py"
    path.write_text(code)
    return path


def run(path: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(path), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--interviews", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = workspace_for(args.people, args.interviews)
    bare_app = script("bare", BARE_APP)
    our_app = script("coffeechat", COFFEECHAT_APP)
    run(our_app, str(data))  # warm the index cache and the OS file cache
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(args.rounds):
        bare.append(run(bare_app))
        ours.append(run(our_app, str(data)))
    a, b = statistics.median(bare), statistics.median(ours)
    print(f"bare Textual app:   median {a:.3f} s  {[round(x, 3) for x in bare]}")
    print(f"coffeechat ({args.people} people): median {b:.3f} s  {[round(x, 3) for x in ours]}")
    print(f"ratio {b / a:.2f}x (goal <= 1.30x)")


if __name__ == "__main__":
    main()
