"""Building thousands of small objects at once, as reading a folder or the index does."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector for a bulk build: it would only rescan the
    same young objects over and over. Only the pauser that found it running
    starts it again, so nested or concurrent pauses never leave it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
