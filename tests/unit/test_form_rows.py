"""The person form's checks and Network's ctrl+n name check, answered from the
index's rows, are those of the rules over every record, on a varied
workspace (hostile names, namesakes, a file that cannot be read)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.unit.test_screen_rows import HOSTILE, varied

from coffeechat.core.contacts import filter_words
from coffeechat.core.people import FormCheck, Namesakes, check_person
from coffeechat.storage import Workspace


@pytest.fixture
def campaign(data_dir: Path, fixed_clock: dt.datetime) -> str:
    return varied(data_dir, fixed_clock.date())


def seen(check: FormCheck) -> tuple[object, ...]:
    """What the form shows of a check (the namesakes by slug, as offered)."""
    return (check.errors, check.warnings, check.introduced_by, check.knows,
            sorted(slug for slug, _ in check.namesakes), check.unreadable)


def test_the_form_checks_from_the_rows_are_those_of_every_person(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        slugs = sorted(slug for slug, _ in ws.people.items())
        names = sorted({person.name for _, person in ws.people.items()})
        everyone = Namesakes(ws.people.items(),
                             {item.slug: item.name for item in ws.people.unreadable()})
        ws.people.store_pending()
    # Names (hostile, shared, of an unreadable file, nobody's), slugs and slugs
    # mistyped, links to one, to several and to nobody.
    texts = [*HOSTILE, "Sam Lee", " sam   LEE ", "broken", "", "Zed Nobody",
             *names[:40:3], *slugs[:40:3], *(slug[:-1] for slug in slugs[:60:4]),
             *(slug[1:] for slug in slugs[:20:4]), "z", "李"]
    with Workspace.open(data_dir, readonly=True) as ws:
        from_rows = ws.namesakes()
        for text in texts:
            for own in (None, slugs[0], "sam-lee"):
                values = {"name": text, "introduced_by": text,
                          "knows": f"{text}, {slugs[5]}, sam lee"}
                assert seen(check_person(values, from_rows, own)) == \
                    seen(check_person(values, everyone, own)), (text, own)
        # Every answer was the rows': none read from a file.
        assert not ws.people.loaded and ws.people.not_indexed() == ([], set())


def test_ctrl_n_s_name_check_among_the_shown_is_that_of_every_row(
        data_dir: Path, campaign: str) -> None:
    with Workspace.open(data_dir) as ws:
        ws.refresh()
        index = ws.index
        answers = set()
        for text in ("sam", "sam lee", "Sam Lee elsewhere", "lee", "a", "zzz", "øster",
                     "李", "robert'); drop", "Elsewhere", "nowhere o'brien"):
            words = filter_words(text)
            found = index.filter_contacts(words, 0, False)
            assert found is not None
            name = " ".join(words)
            answer = index.contact_named(words, name)
            assert index.contact_named(words, name, found.ids) == answer, text
            answers.add(answer)
        assert answers == {True, False}
        assert not index.contact_named(["sam", "lee"], "sam lee", [])  # nobody shown
