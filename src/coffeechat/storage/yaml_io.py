"""Guarded YAML reading and diff-friendly YAML writing.

Reading never re-types what a person wrote: every scalar comes back as the exact
text in the file (``No`` stays ``"No"``, ``1:20`` stays ``"1:20"``) and the model
layer decides what a field means. Only a plain ``~``/``null``/empty value is
``None``. Aliases, custom tags, duplicate keys, very deep nesting, oversized
files and non-UTF-8 bytes are refused with a message that names line and column,
before anything walks the data, so an alias bomb costs microseconds.

Writing uses the C dumper when present, never emits anchors, puts multi-line
text in ``|`` blocks, and escapes the characters that YAML would otherwise fold.

The YAML library itself (``yaml_engine``) is imported at the first file read or
written: a start-up served by the index reads none before its first screen.
"""

from __future__ import annotations

from coffeechat.storage.yaml_document import MAX_FILE_BYTES, Document, YamlError

__all__ = ["MAX_FILE_BYTES", "Document", "YamlError", "decode_text", "dump", "parse"]


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is allowed) or raise a YamlError that names the position."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start]
        line = prefix.count(b"\n") + 1
        column = exc.start - (prefix.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            line,
            column,
        ) from None
    if "\x00" in text:
        raise YamlError("contains NUL bytes; this looks like a binary file")
    return text


def parse(raw: bytes, *, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Parse one YAML document from bytes, refusing anything unsafe or ambiguous."""
    if len(raw) > max_bytes:
        raise YamlError(
            f"file is {len(raw):,} bytes; the limit is {max_bytes:,} bytes"
        )
    text = decode_text(raw)
    from coffeechat.storage import yaml_engine

    return yaml_engine.parse_text(text)


def dump(data: object) -> bytes:
    """Serialise plain data (dicts, lists, str, bool, int, dates) as UTF-8 YAML."""
    from coffeechat.storage import yaml_engine

    return yaml_engine.dump(data)
