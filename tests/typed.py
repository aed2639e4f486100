"""Small typed helpers for tests: the type checker follows what a test asserts."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def present(value: T | None) -> T:
    """``value``, asserted to be there (a record read back, a file in an archive)."""
    assert value is not None
    return value


def mapping(data: object) -> dict[str, Any]:
    """A YAML document's data, asserted to be a mapping (as every record is)."""
    assert isinstance(data, dict)
    return data
