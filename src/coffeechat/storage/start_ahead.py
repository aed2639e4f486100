"""What the app's start prepares on the other core while Textual loads.

Made by the command before it imports the app, and handed to the app's first
compare of the folders (``Workspace.refresh(..., ahead=)``), which it serves
once: the folders' seals, taken by a forked child (``seals_ahead``: that
compare then takes no pass of its own), and, on a first start (no index yet,
so every file is to be read), a reading helper started at once
(``reading_aside``), whose start-up is then over when the first folder is
read, and which is kept for every folder of that compare. Nothing here is
needed: without it the compare takes its own pass and starts its own helper.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from coffeechat.storage.folder_seal import Seal
from coffeechat.storage.paths import CACHE_DIR, INDEX_NAME, SYNC_ORDER
from coffeechat.storage.reading_aside import Helper
from coffeechat.storage.seals_ahead import SealsAhead


class StartAhead:
    """The seals of ``data_dir``'s record folders and, on a first start, a
    reading helper; a context manager that ends both."""

    def __init__(self, data_dir: Path) -> None:
        # The fork first: a helper's thread would keep it from being made.
        self._seals = SealsAhead([data_dir / kind for kind in SYNC_ORDER])
        first = not (data_dir / CACHE_DIR / INDEX_NAME).exists()
        self.helper = Helper.start() if first else None

    def seal(self, directory: Path) -> Seal | None:
        """The seal of a record folder as it was when the command started."""
        return self._seals.seal(directory)

    def close(self) -> None:
        """End the seals' child if it is still at work, and the helper."""
        self._seals.close()
        if self.helper is not None:
            self.helper.close()

    def __enter__(self) -> StartAhead:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
