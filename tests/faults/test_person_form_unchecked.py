"""New contact says what it could not check: whether a name is already in the
network when the people's folder or the index cannot be read, and the people
it links to; the next key asks again."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import NoReturn

import pytest
from tests.ui.person_form_steps import open_form, typed
from tests.ui.screen_checks import SMALL

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Person
from coffeechat.storage import Workspace
from coffeechat.storage.index import Index, Unavailable

FOLDER = "people/: cannot read this folder (Permission denied), so none of its people are shown"


def campaign(data_dir: Path) -> None:
    with Workspace.open(data_dir) as ws:
        ws.people.add(Person(name="Ana Lima", company="Aritzia"))
        ws.people.add(Person(name="Kim Park"))


async def test_the_form_says_it_could_not_check_an_unreadable_folder(data_dir, inject,
                                                                     fixed_clock):
    campaign(data_dir)
    with inject(data_dir / "people", errno.EACCES, reads=True):
        app = CoffeeChatApp(data_dir)
        async with app.run_test(size=SMALL) as pilot:
            form = await open_form(app, pilot, "ctrl+n")
            name_unchecked = ("! Name: whether 'Ana Lima' is already in your network cannot "
                              f"be checked: {FOLDER}.")
            assert await typed(pilot, form, "name", "Ana Lima") == name_unchecked
            assert await typed(pilot, form, "introduced_by", "Kim Park") == (
                f"✗ Introduced by: 'Kim Park' cannot be looked up now: {FOLDER}.\n"
                f"{name_unchecked}")
            assert form.query_one("#form-save").disabled


async def test_the_form_says_it_could_not_ask_the_index(data_dir, fixed_clock,
                                                        monkeypatch: pytest.MonkeyPatch):
    campaign(data_dir)
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SMALL) as pilot:
        form = await open_form(app, pilot, "ctrl+n")

        def refused(*_: object) -> NoReturn:
            raise Unavailable

        with monkeypatch.context() as patch:
            for query in ("called_rows", "readable_person", "people_starting"):
                patch.setattr(Index, query, refused)
            assert await typed(pilot, form, "name", "Ana Lima") == (
                "! Name: whether 'Ana Lima' is already in your network cannot be checked: "
                "the index could not be read just now.")
            assert await typed(pilot, form, "knows", "Kim Park") == (
                "✗ Knows: 'Kim Park' cannot be looked up now: "
                "the index could not be read just now.\n"
                "! Name: whether 'Ana Lima' is already in your network cannot be checked: "
                "the index could not be read just now.")
        # The index answers again: the next key checks all of it.
        assert await typed(pilot, form, "knows", "kim park") == (
            "Already in your network: enter opens the one chosen above.")
