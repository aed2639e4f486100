"""One line of progress on the error output, redrawn in place while a command works.

Only for a terminal: the caller asks ``isatty`` first, so nothing changes when the
output goes to a file or a pipe. Redrawn at most ten times a second (drawing each of
ten thousand rows would cost more than importing them) and cut to the terminal's
width, so it never wraps onto a second line it could not erase.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from typing import TextIO

_INTERVAL = 0.1
_CLEAR = "\r\x1b[K"


class StatusLine:
    """The line; ``show`` replaces it, ``clear`` takes it away before other output."""

    def __init__(self, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._last = -_INTERVAL
        self._shown = False

    def show(self, text: str, *, now: bool = False) -> None:
        moment = self._clock()
        if not now and moment - self._last < _INTERVAL:
            return
        self._last = moment
        width = shutil.get_terminal_size().columns - 1
        if len(text) > width:
            text = text[:max(width - 1, 0)] + "…"
        self._stream.write(_CLEAR + text)
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._shown = False
