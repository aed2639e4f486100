"""The import and export dialogs, driven with Pilot, and their command-palette entries."""

from __future__ import annotations

import inspect
from pathlib import Path

from icalendar import Calendar
from tests.typed import mapping
from tests.ui.pilot_steps import everything_read, modal_shown, palette, until, workers_done
from textual.widgets import Button, Input, Select, Static, TextArea

from coffeechat.interop import archive
from coffeechat.storage.regular import read_regular
from coffeechat.storage.yaml_io import parse
from coffeechat.ui.modals.transfer_export import ExportDialog
from coffeechat.ui.modals.transfer_import import ImportDialog
from coffeechat.ui.palette.transfer import COMMANDS
from coffeechat.ui.widgets.tick_box import TickBox


def message(app) -> str:
    return str(app.screen.query_one("#transfer-message", Static).render())


async def press(pilot, selector: str) -> None:
    """Press a button as a click would (clicks within 0.2 s of each other are merged)
    and wait for the work it started."""
    pilot.app.screen.query_one(selector, Button).press()
    await pilot.pause()
    await workers_done(pilot)
    await pilot.pause()


async def preview(pilot, path: str) -> None:
    pilot.app.screen.query_one("#transfer-path", Input).value = path
    await pilot.click("#transfer-preview-button")
    # Move the pointer off the button: its hover colour fades in over a few
    # frames, and a snapshot must not depend on which frame it catches.
    await pilot.hover(offset=(0, 0))
    await workers_done(pilot)
    # However fast the preview, the button's pressed look has worn off.
    button = pilot.app.screen.query_one("#transfer-preview-button", Button)
    await until(pilot, lambda: not button.has_class("-active"))
    await pilot.pause()


async def test_import_dialog_previews_then_imports(host, data_dir: Path, sample) -> None:
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ImportDialog("linkedin"))
        await pilot.pause()
        await preview(pilot, str(sample("Connections.csv")))
        assert message(app) == ("Preview: 6 created, 0 updated, 0 unchanged, 1 skipped"
                                " — ctrl+s imports them")
        lines = app.screen.query_one("#transfer-preview", TextArea).text.splitlines()
        assert lines[0] == "create     Ada Lovelace (line 5)"
        assert not list((data_dir / "people").iterdir())
        confirm = app.screen.query_one("#transfer-confirm", Button)
        assert not confirm.disabled and app.screen.focused is confirm
        await pilot.press("enter")
        await workers_done(pilot)
        await pilot.pause()
        assert message(app) == "Imported: 6 created, 0 updated, 0 unchanged, 1 skipped"
        assert confirm.disabled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    data = mapping(parse((data_dir / "people" / "zoe-ng.yaml").read_bytes()).data)
    assert data["name"] == "Zoë 🌱 Ng"


async def test_import_dialog_ctrl_s_imports_a_preview_and_long_lines_wrap(
        host, data_dir: Path, tmp_path: Path) -> None:
    long_name = "Whose-Name-Goes-On-And-On Well Past The Edge " * 2
    rows = [f"Person{i},{long_name}{i},,,Ledgerline,Engineer,01 Dec 2026" for i in range(3)]
    source = tmp_path / "Connections.csv"
    source.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                      + "\n".join(rows) + "\n", encoding="utf-8")
    app = host(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ImportDialog("linkedin"))
        await pilot.pause()
        shown = app.screen.query_one("#transfer-path", Input)
        shown.value = str(source)
        await pilot.press("ctrl+s")  # nothing to import before a preview
        await pilot.pause()
        assert message(app) == "Preview first (enter), then ctrl+s imports."
        shown.focus()
        await pilot.press("enter")
        await workers_done(pilot)
        await pilot.pause()
        assert message(app).endswith("ctrl+s imports them")
        assert str(app.screen.query_one("#transfer-confirm", Button).label) == "Import (ctrl+s)"
        preview_box = app.screen.query_one("#transfer-preview", TextArea)

        def seen() -> str:
            return " ".join(preview_box.render_line(y).text.strip()
                            for y in range(preview_box.content_size.height))

        # Every word of a long line is on screen, on the lines it wraps to
        # (once the preview is laid out at its new length).
        await until(pilot, lambda: seen().count("Past The Edge") >= 6)
        assert "Edge Whose-Name" in seen()
        shown.focus()
        await pilot.press("ctrl+s")
        await workers_done(pilot)
        await pilot.pause()
        assert message(app).startswith("Imported: 3 created")
    assert len(list((data_dir / "people").iterdir())) == 3


async def test_a_focused_button_is_marked_by_more_than_its_text(host, data_dir: Path) -> None:
    app = host(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ImportDialog("linkedin"))
        await pilot.pause()
        close = app.screen.query_one("#transfer-close", Button)
        before = close.styles.border_top
        close.focus()
        await pilot.pause()
        assert close.styles.border_top != before


async def test_import_dialog_explains_a_bad_path_and_a_bad_file(
    host, data_dir: Path, sample
) -> None:
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ImportDialog("vcard"))
        await pilot.pause()
        app.screen.query_one("#transfer-path", Input).value = "../../etc/nope.vcf"
        await pilot.pause()
        assert message(app).startswith("no file at ../../etc/nope.vcf")
        await preview(pilot, str(sample("Connections.csv")))
        assert message(app).endswith("is not a vCard file: no BEGIN:VCARD line")
        assert app.screen.query_one("#transfer-confirm", Button).disabled


async def test_import_dialog_on_a_read_only_workspace_only_previews(host, data_dir: Path,
                                                                    sample) -> None:
    from coffeechat.storage import Workspace

    with Workspace.open(data_dir):
        app = host(data_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            app.push_screen(ImportDialog("vcard"))
            await pilot.pause()
            assert "read-only" in message(app)
            await preview(pilot, str(sample("contacts-3.0.vcf")))
            assert app.screen.query_one("#transfer-confirm", Button).disabled


async def test_export_dialog_writes_a_calendar_and_never_overwrites_unasked(host,
    data_dir: Path, campaign, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportDialog("calendar"))
        await pilot.pause()
        assert app.screen.query_one("#transfer-path", Input).value == "coffeechat.ics"
        await press(pilot, "#transfer-confirm")
        assert message(app) == "Wrote coffeechat.ics: 2 events and 3 to-dos"
        first = (tmp_path / "coffeechat.ics").read_bytes()
        await press(pilot, "#transfer-confirm")
        assert "already exists" in message(app)
        box = app.screen.query_one("#transfer-force", TickBox)
        assert box.render().plain.startswith("▐ ▌")  # not ticked, and it shows
        box.focus()
        await pilot.press("space")
        assert box.value and box.render().plain.startswith("▐X▌")
        await press(pilot, "#transfer-confirm")
        assert message(app).startswith("Wrote coffeechat.ics")
    assert len(Calendar.from_ical(first).walk("VEVENT")) == 2


async def test_export_dialog_markdown_needs_an_interview(host, data_dir: Path, campaign,
                                                         tmp_path: Path) -> None:
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportDialog("markdown"))
        await pilot.pause()
        assert not app.workspace.interviews.loaded  # the chats listed from their rows
        app.screen.query_one("#transfer-path", Input).value = str(tmp_path / "x.md")
        await press(pilot, "#transfer-confirm")
        assert message(app) == "choose an interview first"
        app.screen.query_one("#transfer-interview", Select).value = campaign["rich"]
        await pilot.pause()
        path = app.screen.query_one("#transfer-path", Input).value
        assert path == f"{campaign['rich']}.md"
        app.screen.query_one("#transfer-path", Input).value = str(tmp_path / "ada.md")
        await press(pilot, "#transfer-confirm")
    assert (tmp_path / "ada.md").read_text().startswith("# Coffee chat with Ada Lovelace")


async def test_palette_lists_every_transfer_command_and_opens_its_dialog(
    host, data_dir: Path
) -> None:
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(pilot, app, "export: arch")
        assert isinstance(app.screen, ExportDialog) and app.screen.kind == "archive"
    assert [title.split(":")[0] for title, _, _ in COMMANDS] == [
        "import", "import", "import", "export", "export", "export", "export", "export", "export"]


def test_import_dialog_snapshot(host, snap_compare, data_dir: Path, sample, monkeypatch,
                               fixed_clock) -> None:
    monkeypatch.chdir(sample("Connections.csv").parent)

    async def run_before(pilot) -> None:
        await modal_shown(pilot, ImportDialog("linkedin"))
        await preview(pilot, "Connections.csv")

    assert snap_compare(host(data_dir), terminal_size=(120, 40), run_before=run_before)


def test_export_dialog_snapshot(host, snap_compare, data_dir: Path, campaign, fixed_clock) -> None:
    async def run_before(pilot) -> None:
        await modal_shown(pilot, ExportDialog("markdown", interview=campaign["rich"]))

    assert snap_compare(host(data_dir), terminal_size=(100, 30), run_before=run_before)


async def test_the_real_app_opens_the_import_dialog_from_its_palette(data_dir: Path) -> None:
    from coffeechat.app import CoffeeChatApp
    from coffeechat.ui.palette.transfer import InteropCommands

    class AppWithTransfers(CoffeeChatApp):
        # A relative CSS path is read beside the subclass's module, so point it home.
        CSS_PATH = str(Path(inspect.getfile(CoffeeChatApp)).with_name("app.tcss"))
        COMMANDS = CoffeeChatApp.COMMANDS | {InteropCommands}

    app = AppWithTransfers(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await palette(pilot, app, "import: vcard")
        assert isinstance(app.screen, ImportDialog) and app.screen.kind == "vcard"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)


async def test_export_dialog_writes_an_archive_in_the_background(
    host, data_dir: Path, campaign, tmp_path: Path, fixed_clock
) -> None:
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ExportDialog("archive"))
        await pilot.pause()
        path_input = app.screen.query_one("#transfer-path", Input)
        assert path_input.value == "coffeechat-20261125-100000.tar.gz"
        path_input.value = str(tmp_path / "backup.tar.gz")
        await press(pilot, "#transfer-confirm")
        assert message(app).startswith(f"Wrote {tmp_path / 'backup.tar.gz'}: ")
    assert (tmp_path / "backup.tar.gz").stat().st_mode & 0o777 == 0o600


async def test_the_app_hears_about_imported_people(host, data_dir: Path, sample) -> None:
    heard: list[frozenset[str]] = []

    def hook(message) -> None:
        if isinstance(message, ImportDialog.Imported):
            heard.append(message.slugs)

    app = host(data_dir)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        app.push_screen(ImportDialog("vcard"))
        await pilot.pause()
        await preview(pilot, str(sample("contacts-4.0.vcf")))
        await press(pilot, "#transfer-confirm")
    assert heard == [frozenset({"ada-lovelace", "سارا-احمدی"})]


async def test_export_dialog_names_what_it_could_not_read_and_writes_only_when_asked(
    host, data_dir: Path, campaign, tmp_path: Path, monkeypatch
) -> None:
    (data_dir / "people" / "sam-ortiz.yaml").write_text("name: [Sam\n")
    unreadable = data_dir / "people" / "ada-lovelace.yaml"
    real_read = read_regular

    def refuse(path: Path, *args, **kwargs):
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(archive, "read_regular", refuse)
    app = host(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        for kind, name, missing in (
                ("people-csv", "people.csv",
                 "people/sam-ortiz.yaml:2:1: invalid YAML: did not find expected ',' or ']'"),
                ("archive", "backup.tar.gz", "people/ada-lovelace.yaml: Permission denied")):
            app.push_screen(ExportDialog(kind))
            await pilot.pause()
            target = tmp_path / name
            app.screen.query_one("#transfer-path", Input).value = str(target)
            await press(pilot, "#transfer-confirm")
            assert message(app) == (f"Nothing written: could not read {missing}. Press Export "
                                    "again to write the rest without it.")
            assert not target.exists()
            await press(pilot, "#transfer-confirm")
            assert message(app).startswith(f"Wrote {target}: ")
            assert message(app).endswith(f"; left out, could not be read: {missing}")
            assert target.exists()
            app.screen.dismiss()
            await pilot.pause()


async def test_export_dialog_writes_people_as_vcard_3_when_ticked(
    host, data_dir: Path, campaign, tmp_path: Path, monkeypatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = host(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportDialog("vcard"))
        await pilot.pause()
        assert app.screen.query_one("#transfer-path", Input).value == "coffeechat-people.vcf"
        app.screen.query_one("#transfer-v3", TickBox).focus()
        await pilot.press("space")
        await press(pilot, "#transfer-confirm")
        assert message(app) == "Wrote coffeechat-people.vcf: 3 cards (vCard 3.0)"
    text = (tmp_path / "coffeechat-people.vcf").read_text(encoding="utf-8")
    assert text.count("VERSION:3.0") == 3 and "FN:Ada Lovelace" in text


async def test_import_dialog_reads_a_people_csv_back(
    host, data_dir: Path, campaign, tmp_path: Path,
) -> None:
    from coffeechat.cli import main

    out = tmp_path / "people.csv"
    assert main(["--data-dir", str(data_dir), "export", "csv", "people",
                 "--out", str(out)]) == 0
    app = host(tmp_path / "other")
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(ImportDialog("csv"))
        await pilot.pause()
        await preview(pilot, str(out))
        assert message(app) == ("Preview: 3 created, 0 updated, 0 unchanged, 0 skipped"
                                " — ctrl+s imports them")
        await press(pilot, "#transfer-confirm")
        assert message(app) == "Imported: 3 created, 0 updated, 0 unchanged, 0 skipped"


async def test_exports_of_everyone_from_the_app_leave_every_folder_unread(
        data_dir: Path, campaign, tmp_path: Path) -> None:
    """The app's rows stand for the files: an export of every chat or person
    copies them from the rows, and no folder is held after it."""
    from coffeechat.app import CoffeeChatApp

    app = CoffeeChatApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await everything_read(pilot)
        for kind, name, said in (("calendar", "c.ics", "2 events and 3 to-dos"),
                                 ("people-csv", "p.csv", "3 people"),
                                 ("interviews-csv", "i.csv", "3 interviews"),
                                 ("vcard", "p.vcf", "3 cards")):
            app.push_screen(ExportDialog(kind))
            await pilot.pause()
            app.screen.query_one("#transfer-path", Input).value = str(tmp_path / name)
            await press(pilot, "#transfer-confirm")
            assert message(app).startswith(f"Wrote {tmp_path / name}: {said}")
            app.screen.dismiss()
            await pilot.pause()
        ws = app.workspace
        assert not (ws.people.loaded or ws.interviews.loaded or ws.companies.loaded)
    assert len(Calendar.from_ical((tmp_path / "c.ics").read_bytes()).walk("VEVENT")) == 2
