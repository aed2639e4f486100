"""Message drafts from templates: the shipped ones, the user's own, and their rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coffeechat.cli import main
from coffeechat.core import drafts, nudges
from coffeechat.core.models import Debrief, Interview, Promise, Referral
from coffeechat.storage.templates import load_templates, shipped_templates_dir

TODAY = dt.date(2026, 11, 25)
NAMES = {"ana-lima": "Ana Lima", "kai-mori": "Kai Mori", "sam-ortiz": "Sam Ortiz"}
SHIPPED = load_templates(shipped_templates_dir(), None)


def name_of(slug: str) -> str:
    return NAMES.get(slug, slug)


def draft(nudge: nudges.Nudge, interview: Interview, sender: str = "") -> str:
    return drafts.draft(nudge, interview, name_of, SHIPPED.texts, sender)


def test_every_shipped_template_is_clean_short_and_used() -> None:
    assert SHIPPED.problems == []
    assert set(SHIPPED.texts) == set(drafts.PURPOSES)
    for text in SHIPPED.texts.values():
        assert drafts.words(text) < drafts.MAX_WORDS
        assert drafts.JOB_ASKS.search(text) is None


def test_thank_you_names_people_a_takeaway_and_quotes_the_promise() -> None:
    interview = Interview(person="ana-lima", referrals=[Referral(person="sam-ortiz")],
                          debrief=Debrief(learned="\n- Ship small, ask often\nmore"),
                          promises=[Promise(who="ana-lima", what="Send the onboarding deck")])
    text = draft(nudges.Nudge("a", "followup", 0, "thank-you", "ana-lima", TODAY), interview)
    assert text.startswith("Hi Ana,\n\nThank you for taking the time to talk with me.\n")
    assert "What I'm taking away: Ship small, ask often\n" in text
    assert "suggesting I talk to Sam Ortiz." in text
    assert 'thank you for offering this: "Send the onboarding deck"' in text
    assert len(text.split()) < drafts.MAX_WORDS


@pytest.mark.parametrize("kind, to", [("thank-you", "ana-lima"), ("thank-you", "kai-mori"),
                                      ("update", "kai-mori")])
def test_the_words_before_a_takeaway_do_not_echo_its_first_words(kind: str, to: str) -> None:
    # A takeaway often begins "One ...": the line that introduces it must not too.
    learned = "One concrete project I can talk about beats any certificate."
    interview = Interview(person="ana-lima", debrief=Debrief(learned=learned))
    text = draft(nudges.Nudge("a", "followup", 0, kind, to, TODAY), interview)
    line = next(line for line in text.splitlines() if line.endswith(learned))
    lead = line.removesuffix(learned).split()
    assert lead and lead[0].lower() != "one", line


def test_lines_with_nothing_to_say_are_left_out() -> None:
    text = draft(nudges.Nudge("a", "followup", 0, "thank-you", "ana-lima", TODAY),
                 Interview(person="ana-lima"))
    assert text == "Hi Ana,\n\nThank you for taking the time to talk with me.\n\nBest,\n"


def test_introducer_thank_you_update_and_signature() -> None:
    interview = Interview(person="ana-lima")
    thanks = nudges.Nudge("a", "followup", 0, "thank-you", "kai-mori", TODAY)
    update = nudges.Nudge("a", "followup", 1, "update", "kai-mori", TODAY)
    assert "introducing me to Ana Lima" in draft(thanks, interview)
    assert "I met Ana Lima" in draft(update, interview)
    assert draft(thanks, interview, "Jo Park ").endswith("\n\nBest,\nJo Park\n")


def test_a_promise_is_quoted_when_chased() -> None:
    nudge = nudges.Nudge("a", "promise", 0, "promise", "ana-lima", TODAY, "Intro to Sam")
    assert 'You kindly offered this: "Intro to Sam"' in draft(nudge, Interview(person="ana-lima"))


@pytest.mark.parametrize(("may_mention", "named"), [(True, True), (False, False)])
def test_the_introducer_is_named_only_when_they_said_yes(may_mention: bool,
                                                         named: bool) -> None:
    interview = Interview(person="ana-lima", referrals=[
        Referral(person="sam-ortiz", may_mention=may_mention)])
    nudge = nudges.Nudge("a", "followup", 0, "reach-out", "sam-ortiz", TODAY)
    text = draft(nudge, interview)
    assert text.startswith("Hi Sam,")
    assert ("Ana Lima suggested I get in touch." in text) is named
    assert "Ana" not in text or named


def test_the_next_contact_at_a_target_is_asked_to_talk_not_for_a_job() -> None:
    nudge = nudges.Nudge("a", "next", 0, "next", "kai-mori", TODAY, "Acme")
    text = draft(nudge, Interview(person="ana-lima", company="Acme"))
    assert "learning about Acme" in text and text.startswith("Hi Kai,")
    nobody = nudges.Nudge("a", "next", 0, "next", "", TODAY, "Acme")
    assert draft(nobody, Interview(person="ana-lima")).startswith("Hi there,")


def _own(data_dir: Path, name: str, text: str) -> None:
    folder = data_dir / "message_templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


def test_a_template_of_ones_own_replaces_the_shipped_one(data_dir: Path) -> None:
    _own(data_dir, "chase-ask.yaml",
         "schema: 1\nid: chase-ask\ntext: |\n  Hello {first_name}! Any news?\n")
    library = load_templates(shipped_templates_dir(), data_dir / "message_templates")
    assert library.problems == []
    nudge = nudges.Nudge("a", "ask", 0, "ask", "ana-lima", TODAY)
    assert drafts.draft(nudge, Interview(person="ana-lima"), name_of,
                        library.texts) == "Hello Ana! Any news?\n"


def test_check_lints_templates(capsys, data_dir: Path) -> None:
    long = " ".join(["word"] * 120)
    _own(data_dir, "chase-ask.yaml",
         "schema: 1\nid: chase-ask\ntext: |\n  Hi {frist_name}, any job openings?\n")
    _own(data_dir, "update.yaml", f"schema: 1\nid: update\ntext: {long}\n")
    _own(data_dir, "thanks.yaml", "schema: 1\nid: thanks\ntext: Hi {first_name\n")
    # Private, as coffeechat makes them: only the templates' problems are reported.
    data_dir.chmod(0o700)
    for path in (data_dir / "message_templates").iterdir():
        path.chmod(0o600)
    assert main(["--data-dir", str(data_dir), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    folder = data_dir / "message_templates"
    assert out == [
        f"{folder / 'chase-ask.yaml'}:3:1: text: unknown placeholder {{frist_name}}; known: "
        f"{', '.join(drafts.PLACEHOLDERS)} (did you mean 'first_name'?)",
        f"{folder / 'chase-ask.yaml'}:3:1: warning: text: 'job': a draft never asks for a "
        "job; it asks to learn",
        f"{folder / 'thanks.yaml'}:2:1: warning: id: no draft uses the id 'thanks'; one of: "
        f"{', '.join(drafts.PURPOSES)} (did you mean 'thank-you'?)",
        f"{folder / 'thanks.yaml'}:3:1: text: expected '}}' before end of string; write a "
        "brace as {{ or }}",
        f"{folder / 'update.yaml'}:3:1: warning: text: 120 words: a draft stays under 100, "
        "short enough to be read on a phone",
    ]
