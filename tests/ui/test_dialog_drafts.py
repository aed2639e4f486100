"""Every dialog keeps what is typed in it: Escape keeps it (opening the dialog
again shows it), ctrl+q asks and leaves it on disk, and a full disk keeps the
dialog open with its text until the write goes through."""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.faults.conftest import Injector
from tests.typed import mapping, present
from tests.ui.pilot_steps import until
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from coffeechat.app import CoffeeChatApp
from coffeechat.core.models import Followup
from coffeechat.storage import Workspace, yaml_io
from coffeechat.ui.modals.followup_message import MessageModal
from coffeechat.ui.modals.interview_debrief import DebriefModal
from coffeechat.ui.modals.interview_outreach import OutreachModal
from coffeechat.ui.modals.interview_prompt import TextPromptModal
from coffeechat.ui.modals.live_capture import CaptureNameModal
from coffeechat.ui.modals.person_form import PersonFormModal
from coffeechat.ui.modals.transfer_export import ExportDialog
from coffeechat.ui.modals.transfer_import import ImportDialog
from coffeechat.ui.modals.unsaved import UnsavedModal
from coffeechat.ui.modals.warm_paths import WarmPathsModal

SIZE = (120, 40)
TYPED = "kept words"
MORE = "and more"


@dataclass(frozen=True)
class Dialog:
    """How a user reaches one dialog: the area shown first, the keys that open it,
    and the field typed into."""

    name: str
    show: Callable[[CoffeeChatApp, str], object]
    keys: tuple[str, ...]
    modal: type[Screen[Any]]
    field: str


def _live(app: CoffeeChatApp, slug: str) -> None:
    app.open_interview(slug, "live")


def _plan(app: CoffeeChatApp, slug: str) -> None:
    app.open_interview(slug, "plan")


DIALOGS = [
    Dialog("debrief", _live, ("shift+f5",), DebriefModal, "#debrief-learned"),
    Dialog("another-name", _live, ("ctrl+n",), CaptureNameModal, "#capture-name"),
    Dialog("live-question", _live, ("alt+a",), TextPromptModal, "#prompt-text"),
    Dialog("new-contact", lambda app, slug: app.switch_mode("network"), ("ctrl+n",),
           PersonFormModal, "#field-name"),
    Dialog("edit-contact", lambda app, slug: app.open_person("ana-lima"), ("ctrl+e",),
           PersonFormModal, "#field-how_we_met"),
    Dialog("outreach", _plan, ("alt+l",), OutreachModal, "#outreach-text"),
    Dialog("promise", _plan, ("alt+p",), TextPromptModal, "#prompt-text"),
    Dialog("your-name", lambda app, slug: app.switch_mode("followups"), ("down", "m"),
           TextPromptModal, "#prompt-text"),
    Dialog("message", lambda app, slug: app.switch_mode("followups"), ("down", "m"),
           MessageModal, "#message-text"),
    Dialog("warm-paths", lambda app, slug: app.switch_mode("network"), ("ctrl+w",),
           WarmPathsModal, "#warm-query"),
    Dialog("export", lambda app, slug: app.push_screen(ExportDialog("people-csv")), (),
           ExportDialog, "#transfer-path"),
    Dialog("import", lambda app, slug: app.push_screen(ImportDialog("vcard")), (),
           ImportDialog, "#transfer-path"),
]
BY_NAME = {dialog.name: dialog for dialog in DIALOGS}


@pytest.fixture
def chat(make_workspace: Callable[..., str], data_dir: Path,
         request: pytest.FixtureRequest) -> str:
    """Ana's planned chat, with a thank-you due for the follow-up dialogs (and a
    name to sign with for the message)."""
    slug = make_workspace(data_dir)
    with Workspace.open(data_dir) as ws:
        interview = present(ws.interviews.get(slug))
        interview.followups.append(Followup(kind="thank-you", to="ana-lima",
                                            due=dt.date(2026, 11, 24)))
        ws.interviews.save(slug, interview)
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None and callspec.params.get("dialog") == "message":
        (data_dir / "settings.yaml").write_text("your_name: Jo Park\n")
    return slug


def _text(screen: Screen[object], selector: str) -> str:
    widget = screen.query_one(selector)
    return widget.text if isinstance(widget, TextArea) else screen.query_one(
        selector, Input).value


async def _open(app: CoffeeChatApp, pilot, dialog: Dialog, slug: str) -> Screen[object]:
    dialog.show(app, slug)
    await pilot.pause()
    if dialog.keys:
        await pilot.press(*dialog.keys)
    await pilot.pause()
    assert isinstance(app.screen, dialog.modal), app.screen
    return app.screen


async def _type(app: CoffeeChatApp, pilot, selector: str, text: str = TYPED) -> None:
    app.screen.query_one(selector).focus()
    await pilot.press(*text)


def _drafts(data_dir: Path) -> str:
    folder = data_dir / "drafts"
    return "".join(path.read_text() for path in folder.iterdir()) if folder.is_dir() else ""


@pytest.mark.parametrize("dialog", list(BY_NAME))
async def test_escape_and_quit_keep_the_text_and_opening_again_shows_it(
        chat, data_dir, tmp_path, fixed_clock, dialog):
    spec = BY_NAME[dialog]
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, spec, chat)
        await _type(app, pilot, spec.field)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, spec.modal)
        assert TYPED in _drafts(data_dir)
        if dialog != "your-name":  # asked once a session: Escape goes on to the message
            again = await _open(app, pilot, spec, chat)
            assert TYPED in _text(again, spec.field)
    # The next session shows it too; words added there and then ctrl+q: the
    # app asks, and the whole text is in the draft and in the copy asked for.
    rescue = tmp_path / "copies"
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        again = await _open(app, pilot, spec, chat)
        assert TYPED in _text(again, spec.field)
        await _type(app, pilot, spec.field, MORE)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedModal)
        listed = str(app.screen.query_one("#unsaved-list", Static).render())
        assert "drafts/" in listed
        app.screen.query_one("#unsaved-folder", Input).value = str(rescue)
        await pilot.press("enter")
        await pilot.pause()
    assert TYPED in _drafts(data_dir) and MORE in _drafts(data_dir)
    assert any(MORE in copy.read_text() for copy in rescue.iterdir())


def _person(data_dir: Path, slug: str) -> dict[str, Any] | None:
    path = data_dir / "people" / f"{slug}.yaml"
    return mapping(yaml_io.parse(path.read_bytes()).data) if path.exists() else None


def _interview(data_dir: Path, slug: str) -> dict[str, Any]:
    return mapping(yaml_io.parse((data_dir / "interviews" / f"{slug}.yaml").read_bytes()).data)


def _plain(message: str) -> None:
    assert "No space left on device" in message and "Errno" not in message, message


@pytest.mark.parametrize("dialog,fill,save,written", [
    ("new-contact", "Zoe Quinn", "ctrl+s",
     lambda data_dir, slug: _person(data_dir, "zoe-quinn") is not None),
    ("edit-contact", TYPED, "ctrl+s",
     lambda data_dir, slug: (_person(data_dir, "ana-lima") or {}).get("how_we_met") == TYPED),
    ("another-name", "Zoe Quinn", "enter",
     lambda data_dir, slug: _person(data_dir, "zoe-quinn") is not None
     and any(r["person"] == "zoe-quinn" for r in _interview(data_dir, slug).get("referrals", []))),
    ("debrief", TYPED, "ctrl+s",
     lambda data_dir, slug: _interview(data_dir, slug)["status"] == "done"
     and _interview(data_dir, slug)["debrief"]["learned"] == TYPED),
])
async def test_a_full_disk_keeps_the_dialog_open_and_the_retry_writes_it(
        chat, data_dir, fixed_clock, monkeypatch, dialog, fill, save, written):
    spec = BY_NAME[dialog]
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr("coffeechat.ui.autosave.RETRY_DELAY", 0.2)
        modal = await _open(app, pilot, spec, chat)
        await _type(app, pilot, spec.field, fill)
        with monkeypatch.context() as patch:
            Injector(patch, data_dir, errno.ENOSPC)
            await pilot.press(save)

            def shown() -> str:
                return " ".join(str(widget.render()) for widget in modal.query(Static)
                                if widget.display and "No space" in str(widget.render()))

            await until(pilot, shown)
            assert app.screen is modal
            assert _text(modal, spec.field) == fill
            _plain(shown())
            assert not written(data_dir, chat)
        # Space is back: the retry the dialog promised writes it and closes it.
        await until(pilot, lambda: written(data_dir, chat))
        await until(pilot, lambda: app.screen is not modal)
        assert TYPED not in _drafts(data_dir) and "Zoe" not in _drafts(data_dir)


async def test_a_kept_draft_never_undoes_a_change_made_elsewhere(chat, data_dir, fixed_clock):
    spec = BY_NAME["edit-contact"]
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, spec, chat)
        await _type(app, pilot, spec.field)
        await pilot.press("escape")
    path = data_dir / "people" / "ana-lima.yaml"
    path.write_text(path.read_text().replace("Product manager", "Head of product"))
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        form = await _open(app, pilot, spec, chat)
        assert _text(form, "#field-title") == "Head of product"
        assert _text(form, spec.field) == TYPED
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = _person(data_dir, "ana-lima")
    assert saved is not None
    assert (saved["title"], saved["how_we_met"]) == ("Head of product", TYPED)
    assert _drafts(data_dir) == ""


async def test_escape_on_a_full_disk_keeps_the_dialog_open_until_the_draft_is_written(
        chat, data_dir, fixed_clock, monkeypatch):
    spec = BY_NAME["promise"]
    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr("coffeechat.ui.autosave.RETRY_DELAY", 0.2)
        modal = await _open(app, pilot, spec, chat)
        with monkeypatch.context() as patch:
            Injector(patch, data_dir, errno.ENOSPC)
            await _type(app, pilot, spec.field)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is modal and _text(modal, spec.field) == TYPED
        await until(pilot, lambda: TYPED in _drafts(data_dir))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not modal
