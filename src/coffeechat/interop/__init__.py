"""Bringing contacts in and taking plans out: LinkedIn, vCard, iCalendar, Markdown, archives.

Pure code (no Textual): the command line and the app's modals share it. Imports
run in three steps so nothing is half-written on failure: parse a file into
candidate people, plan them against the workspace, then apply the plan.
"""

from __future__ import annotations

from coffeechat.interop.source import InteropError

__all__ = ["InteropError"]
