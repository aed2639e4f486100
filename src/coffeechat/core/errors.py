"""The domain's errors that carry a message for the user: the command line
prints them as they are. Apart from the rules that raise them, so that catching
one loads nothing else."""

from __future__ import annotations


class PersonLookupError(LookupError):
    """A reference that names no single person; the text is for the user."""

    def __init__(self, reference: str, message: str) -> None:
        super().__init__(message)
        self.reference = reference
