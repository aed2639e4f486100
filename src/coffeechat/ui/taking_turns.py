"""A job a screen runs on a thread worker, one run at a time.

A thread cannot be stopped: a worker Textual marks cancelled runs on to its
end. So a screen that started a new run at each change would, in a burst of
changes (a first start writing rows, an outside program saving file after
file), have several runs querying the index at once, each waiting on the
others. Here a run asked for while one is going is made once that one is
done, however many were asked, with what is current then.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump


class TakingTurns:
    """``ask`` starts the job (``start``), or notes it is wanted again;
    the job calls ``done`` on the UI thread when it ends, however it ends."""

    def __init__(self, start: Callable[[], object]) -> None:
        self._start = start
        self._running = False
        self._again = False

    def ask(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self._start()

    def done(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.ask()


def too_late(node: MessagePump) -> bool:
    """Whether a run's answer comes too late for ``node`` to show it: the node
    was closed meanwhile, or the app is closing. (A closing app stops running
    before it removes its screens' widgets, and those count as attached until
    then: the answer would look for widgets already gone.)"""
    return not node.is_attached or not node.app.is_running
