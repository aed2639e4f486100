"""The Search area and the palette: find any word, open the record at the match."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from tests.ui.pilot_steps import palette, until, workers_done
from tests.ui.screen_checks import toasts
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Input, OptionList, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Company, Debrief, Interview, Person
from coffeechat.core.models.interview import InterviewQuestion
from coffeechat.storage import Workspace
from coffeechat.storage.index import SearchStopped
from coffeechat.ui.modals.chat_record import ChatRecordModal
from coffeechat.ui.screens.banks import BanksScreen
from coffeechat.ui.screens.home import HomeScreen
from coffeechat.ui.screens.live import LiveScreen
from coffeechat.ui.screens.network import NetworkScreen
from coffeechat.ui.screens.plan import PlanScreen
from coffeechat.ui.screens.research import ResearchScreen
from coffeechat.ui.screens.search import SearchScreen
from coffeechat.ui.widgets.contact_table import ContactTable
from coffeechat.ui.widgets.status_bar import StatusBar

SIZE = (120, 40)


def seed(data_dir: Path) -> dict[str, str]:
    with Workspace.open(data_dir) as ws:
        ana = ws.people.add(Person(name="Ana Lima", company="Aritzia", title="Buyer",
                                   notes="# Ana\n\nTen years in merchandising.\n"
                                         "Owns the P&L for outerwear.\n"))
        bo = ws.people.add(Person(name="Bo Quist", company="Greenline", title="Pricing lead"))
        ws.companies.add(Company(name="Aritzia", notes="Budget season is in March."))
        chat = ws.new_interview(Interview(
            person=bo, status="done",
            notes="[10:00] intro\n[10:05] She said P&L ownership comes with seniority.\n",
            debrief=Debrief(learned="Pricing reviews happen weekly.")))
    return {"ana": ana, "bo": bo, "chat": chat}


async def search_for(app: CoffeeChatApp, pilot, text: str) -> SearchScreen:
    """Go to Search with ``text`` in its field and wait until what it finds is
    shown (searched at once, not after the pause that typing waits for)."""
    await pilot.press("f11")
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    field = screen.query_one("#search-query", Input)
    with field.prevent(Input.Changed):
        field.value = text
    screen.search(text)
    await workers_done(pilot)
    return screen


async def open_first_hit(app: CoffeeChatApp, pilot, text: str) -> None:
    """Search for ``text`` and press enter on the first hit."""
    await search_for(app, pilot, text)
    await pilot.press("down", "enter")
    await pilot.pause()


def shown(screen: SearchScreen) -> list[str]:
    results = screen.query_one("#search-results", OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_results_are_grouped_with_snippets(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "p&l own")
        lines = shown(screen)
        assert lines[0] == "People (1)"
        assert lines[1].startswith("Ana Lima  · notes\n")
        assert "Owns the P&L for outerwear." in lines[1]
        assert lines[2] == "Interviews (1)"
        assert lines[3].startswith("Bo Quist · ") and "P&L ownership comes" in lines[3]
        summary = str(screen.query_one("#search-summary", Static).render())
        assert summary.startswith("1 person, 1 interview — ")


async def test_two_people_of_one_name_are_told_apart_by_their_slugs(data_dir):
    with Workspace.open(data_dir) as ws:
        first = ws.people.add(Person(name="中村 大輔", company="Acme", notes="pricing"))
        second = ws.people.add(Person(name="中村 大輔", company="Birch", notes="pricing"))
        ws.people.add(Person(name="Ana Lima", notes="pricing"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "pricing")
        heads = sorted(line.split("\n")[0] for line in shown(screen)[1:])
        # A name no one else has needs nothing more.
        assert heads == ["Ana Lima  · notes", f"中村 大輔  {first} (Acme)  · notes",
                         f"中村 大輔  {second} (Birch)  · notes"]
        assert first != second


async def test_enter_opens_a_chat_that_is_over_in_its_record_at_the_match(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "seniority")
        assert isinstance(app.screen, ChatRecordModal)
        page = app.screen.query_one("#record-text", TextArea)
        assert page.selected_text == "seniority" and page.read_only
        assert page.document.get_line(page.cursor_location[0]).startswith(
            "  [10:05] She said P&L")


async def test_enter_opens_an_open_chat_at_the_match_in_its_notes(data_dir):
    with Workspace.open(data_dir) as ws:
        bo = ws.people.add(Person(name="Bo Quist"))
        chat = ws.new_interview(Interview(person=bo, status="scheduled",
                                          notes="[10:00] intro\n[10:05] seniority\n"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "seniority")
        assert isinstance(app.screen, LiveScreen) and app.current_interview == chat
        notes = app.screen.query_one("#live-notes", TextArea)
        assert notes.selected_text == "seniority"
        assert notes.cursor_location[0] == 1


async def test_enter_opens_a_persons_notes_or_profile(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "merchandising")
        assert isinstance(app.screen, ResearchScreen)
        notes = app.screen.query_one("#research-notes", TextArea)
        assert notes.selected_text == "merchandising" and notes.cursor_location[0] == 2

        await open_first_hit(app, pilot, "pricing lead")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one(ContactTable).cursor_slug == slugs["bo"]


async def test_a_debrief_match_lands_in_the_chats_record_at_the_match(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "weekly")
        assert isinstance(app.screen, ChatRecordModal)
        page = app.screen.query_one("#record-text", TextArea)
        assert page.selected_text == "weekly"
        line = page.cursor_location[0]
        assert page.document.get_line(line) == "  Pricing reviews happen weekly."
        assert page.document.get_line(line - 1) == "Debrief: What I learned"
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


async def test_an_answer_match_puts_the_cursor_on_its_question_and_shows_it(data_dir):
    with Workspace.open(data_dir) as ws:
        bo = ws.people.add(Person(name="Bo Quist"))
        chat = ws.new_interview(Interview(
            person=bo, intent="Learn how the quarterly cadence works",
            questions=[InterviewQuestion(text="How did you start?", answer="By accident."),
                       InterviewQuestion(text="What is hard?"),
                       InterviewQuestion(text="Who decides prices?",
                                         answer="A committee of five, every Tuesday.")]))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "committee")
        screen = app.screen
        assert isinstance(screen, PlanScreen) and app.current_interview == chat
        questions = screen.query_one("#plan-questions", OptionList)
        assert questions.highlighted == 2 and questions.has_focus
        probes = str(screen.query_one("#plan-probes", Static).render())
        assert "Answer noted:\nA committee of five, every Tuesday." in probes

        await open_first_hit(app, pilot, "cadence")
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one("#plan-intent", Input).has_focus


async def test_a_long_answer_is_shown_short_and_leaves_room_for_the_probes(data_dir):
    long_answer = "\n".join(f"Line {n} of what she said about hiring." for n in range(1, 11))
    with Workspace.open(data_dir) as ws:
        bo = ws.people.add(Person(name="Bo Quist"))
        ws.new_interview(Interview(person=bo, questions=[InterviewQuestion(
            text="How do you hire?", answer=long_answer + "\nLast: ask about quokkas.",
            bank="path-and-advice", id="path-overview")]))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_first_hit(app, pilot, "quokkas")
        probes = app.screen.query_one("#plan-probes", Static)
        shown = str(probes.render())
        answer_line = shown.split("\n")[1]
        assert answer_line.startswith("Line 1 of what she said about hiring. Line 2")
        assert answer_line.endswith("…") and len(answer_line) <= 160
        assert "Follow-up probes:" in shown
        assert probes.region.height >= shown.count("\n") + 1  # nothing cut off
        # The words matched are in the message Search gives.
        await until(pilot, lambda: any("ask about quokkas" in toast for toast in toasts(app)))


def highlighted_bank(screen: BanksScreen) -> str | None:
    """The id of the bank highlighted in the Banks list."""
    option = screen.query_one("#banks-list", OptionList).highlighted_option
    return option.id if option is not None else None


async def test_a_bank_match_selects_that_bank(data_dir):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_hit(app, pilot, "gracefully")
        screen = app.screen
        assert isinstance(screen, BanksScreen)
        assert highlighted_bank(screen) == "closing"
        detail = str(screen.query_one("#banks-questions", Static).render())
        assert "Wrap up, say thanks" in detail
        # Listing by goal first does not stop it: it lists banks again.
        await pilot.press("g", "f11")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not screen.by_goal and highlighted_bank(screen) == "closing"


async def bank_lines_in_view(app: CoffeeChatApp, pilot, word: str, bank: str) -> list[Strip]:
    """Open the first hit for ``word``, which must be in ``bank``: the lines of
    its questions then in view, which must be scrolled down to it."""
    await open_first_hit(app, pilot, word)
    screen = app.screen
    assert isinstance(screen, BanksScreen) and highlighted_bank(screen) == bank
    await pilot.pause()
    scroller = screen.query_one("#banks-detail")
    detail = screen.query_one("#banks-questions", Static)
    assert scroller.scroll_y > 0
    return detail.render_lines(Region(0, round(scroller.scroll_y), detail.size.width,
                                      scroller.size.height))


async def test_a_bank_match_deep_in_its_questions_is_scrolled_to_and_marked(data_dir):
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        shown = await bank_lines_in_view(app, pilot, "disappear", "explore-role")
        assert "likely to disappear" in "\n".join(strip.text for strip in shown)
        # The word matched is marked.
        marked = [strip for strip in shown for segment in strip
                  if segment.text.strip() == "disappear" and segment.style
                  and segment.style.reverse]
        assert marked


async def test_a_bank_match_below_lines_that_casefold_longer_is_still_scrolled_to(data_dir):
    """"ß" casefolds to "ss": the line counted to scroll to is the match's."""
    questions = "".join(
        f'  - id: q{n}\n    text: "Straße {n}: {"ß" * 60}"\n    stage: core\n'
        for n in range(40))
    after = "".join(f'  - id: a{n}\n    text: "Question {n} after it"\n    stage: core\n'
                    for n in range(60))
    (data_dir / "question_banks").mkdir(parents=True, exist_ok=True)
    (data_dir / "question_banks" / "strasse.yaml").write_text(
        "schema: 1\nid: strasse\ntitle: Straßen\ngoals: [explore-role]\nquestions:\n"
        + questions + '  - id: z\n    text: "Where do zeppelins land?"\n    stage: core\n'
        + after)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        shown = await bank_lines_in_view(app, pilot, "zeppelins", "strasse")
        assert "zeppelins" in "\n".join(strip.text for strip in shown)


async def test_bad_queries_get_words_not_errors(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "-budget")
        summary = str(screen.query_one("#search-summary", Static).render())
        assert summary.startswith("Cannot search for that: say what to look for")
        screen = await search_for(app, pilot, 'NEAR("x" "')
        assert "Nothing matches" in str(screen.query_one("#search-summary", Static).render())


async def test_slash_opens_search_where_it_is_not_typing(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("f2")
        assert isinstance(app.screen, NetworkScreen)
        await pilot.press("slash")  # the list is not a text field: "/" is Search there too
        assert isinstance(app.screen, SearchScreen)


async def test_coming_back_a_key_starts_a_new_search_and_ctrl_z_brings_the_last_back(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"budget")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        field = screen.query_one("#search-query", Input)
        await until(pilot, lambda: shown(screen)[:1] == ["Companies (1)"])
        await pilot.press("f1", "slash")
        assert field.has_focus and field.selected_text == "budget"
        await pilot.press("w")
        assert field.value == "w"
        await pilot.press("ctrl+z")
        assert field.value == "budget"
        # From the results "/" comes back to the query the same way; an arrow keeps it.
        await until(pilot, lambda: shown(screen)[:1] == ["Companies (1)"])
        await pilot.press("down")
        results = screen.query_one("#search-results", OptionList)
        assert results.has_focus
        await pilot.press("question_mark")  # the keys, over Search: the list keeps the focus
        await until(pilot, lambda: app.screen is not screen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert results.has_focus
        await pilot.press("slash")
        assert field.has_focus and field.selected_text == "budget"
        await pilot.press("end", "s")
        assert field.value == "budgets"
        # A dialog over Search (the keys, the palette) is not leaving it: typing goes on.
        for key in ("f12", "ctrl+p"):
            await pilot.press(key)
            await until(pilot, lambda: app.screen is not screen)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen and field.has_focus)
            await pilot.press("!")
        assert field.value == "budgets!!"


async def test_words_another_program_writes_are_found_after_the_watcher_looks(data_dir):
    slugs = seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "quokka")
        assert "Nothing matches" in str(screen.query_one("#search-summary", Static).render())
        path = data_dir / "people" / f"{slugs['bo']}.yaml"
        path.write_text(path.read_text() + "notes: Keeps a quokka at the office.\n")
        await app.check_disk()  # the watcher's periodic look
        await until(pilot, lambda: shown(screen)[:1] == ["People (1)"])
        assert "quokka" in shown(screen)[1]


async def test_palette_searches_every_word_and_finds_employers(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await palette(pilot, app, "search: weekly")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: shown(screen)[:1] == ["Interviews (1)"])

        # Greenline has no company file; the palette still knows it as an employer.
        await palette(pilot, app, "company: greenline")
        await workers_done(pilot)
        await pilot.pause()
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one("#network-filter", Input).value == "Greenline"
        # Its names are the index's: no folder was read whole for them.
        ws = app.workspace
        assert not (ws.people.loaded or ws.companies.loaded or ws.interviews.loaded)


async def test_progress_shows_while_the_workspace_is_read(data_dir, monkeypatch):
    seed(data_dir)
    release = threading.Event()

    def slow_refresh(self, progress=None, kinds=(), *, ahead=None) -> None:
        progress("Reading your workspace", 4120, 12000)
        release.wait(5)

    monkeypatch.setattr(Workspace, "refresh", slow_refresh)
    monkeypatch.setattr("coffeechat.ui.app.PROGRESS_SECONDS", 0)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        expected = "Reading your workspace… 4,120 / 12,000"
        await until(pilot, lambda: expected in str(app.screen.query_one(StatusBar).render()))
        release.set()
        await workers_done(pilot)
        await pilot.pause()
        assert expected not in str(app.screen.query_one(StatusBar).render())
        assert "F8 Problems" in str(app.screen.query_one(StatusBar).render())


async def test_escape_or_another_key_stops_a_search_still_running(data_dir):
    seed(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f11")
        workspace = app.workspace
        real_search, real_stop = workspace.search, workspace.stop_search
        running = threading.Event()
        stop = threading.Event()

        def slow(text: str, **kwargs):
            if not text.startswith("slow"):
                return real_search(text, **kwargs)
            running.set()
            assert stop.wait(10)  # a query that would run for long, until stopped
            raise SearchStopped

        def stopping() -> None:
            stop.set()
            real_stop()

        workspace.search = slow  # type: ignore[method-assign]
        workspace.stop_search = stopping  # type: ignore[method-assign]
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one("#search-query", Input).value = "slow"
        await until(pilot, running.is_set)
        await pilot.press("escape")
        summary = screen.query_one("#search-summary", Static)
        await until(pilot, lambda: "stopped" in str(summary.render()))
        assert str(summary.render()) == "Search for 'slow' stopped; enter searches again."

        running.clear()
        stop.clear()
        await pilot.press("enter")  # searches again
        await until(pilot, running.is_set)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"ana")
        assert stop.is_set()  # the first key stopped it
        await until(pilot, lambda: shown(screen)[:1] == ["People (1)"])


async def test_a_person_written_while_another_program_holds_the_index_is_found(data_dir,
                                                                              monkeypatch):
    seed(data_dir)
    # The other program holds the index to the end: each write need not wait long for it.
    monkeypatch.setattr("coffeechat.storage.index.connection.BUSY_SECONDS", 0.01)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "zeppelin")
        assert "Nothing matches" in str(screen.query_one("#search-summary", Static).render())
        other = sqlite3.connect(data_dir / ".cache" / "index.sqlite", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # writing the index, and holding it
        try:
            (data_dir / "people" / "zed-quux.yaml").write_text(
                "name: Zed Quux\nnotes: Flies zeppelins.\n")
            await app.check_disk()  # the watcher's periodic look
            await until(pilot, lambda: shown(screen)[:1] == ["People (1)"])
            assert "zeppelins" in shown(screen)[1]
        finally:
            other.close()


async def test_what_could_not_be_read_is_said_not_searched(data_dir):
    seed(data_dir)
    (data_dir / "people" / "zed-quux.yaml").write_text("name: [Zed\nnotes: zeppelins\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await search_for(app, pilot, "zeppelin")
        assert str(screen.query_one("#search-summary", Static).render()) == (
            "Nothing matches 'zeppelin'; 1 file or folder could not be read, so not "
            "searched: see F8 Problems.")
        screen = await search_for(app, pilot, "budget")
        assert str(screen.query_one("#search-summary", Static).render()).endswith(
            "to search again; 1 file or folder could not be read, so not searched: see F8 "
            "Problems")


async def test_letters_that_do_not_decompose_are_found(data_dir):
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Aisha Sørensen", company="Maersk"))
        ws.people.add(Person(name="Mats K. Løvås", company="Equinor"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        for query, name in (("sorensen", "Aisha Sørensen"), ("lovas", "Mats K. Løvås")):
            screen = await search_for(app, pilot, query)
            prompts = [prompt for prompt in shown(screen) if "Maersk" in prompt
                       or "Equinor" in prompt or name in prompt]
            assert len(prompts) == 1 and name in prompts[0], shown(screen)


async def test_a_search_answers_from_the_rows_and_reads_no_folder_whole(data_dir):
    seed(data_dir)
    (data_dir / "people" / "zed-quux.yaml").write_text("name: [Zed\nnotes: zeppelins\n")
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.have_read_everything)
        screen = await search_for(app, pilot, "p&l")
        assert shown(screen)[0] == "People (1)"
        summary = str(screen.query_one("#search-summary", Static).render())
        assert summary.endswith("1 file or folder could not be read, so not searched: see F8 "
                                "Problems")
        ws = app.workspace
        assert not (ws.people.loaded or ws.companies.loaded or ws.interviews.loaded)
