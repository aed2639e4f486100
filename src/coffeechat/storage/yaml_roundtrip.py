"""Writing a changed record over a file someone wrote by hand, changing only what
changed: comments, the order of keys, the quoting and block style of the fields
left alone all stay as they were.

ruamel.yaml re-emits the file; this module is imported only for such files, so
start-up and the saves of files coffeechat wrote itself never load it. It is
never the reader: the bytes it is given passed the guarded reader
(``yaml_engine``), and what it writes is read back by that reader before it is
used (see ``records.encode_over``).

Every scalar is loaded as its text (as the guarded reader does), so a value
left alone is written back as it was typed. A value changed or added is written
in the style the canonical writer would give it: quoted where plain text would
read as something else (``No``, ``1:20``, ``~``), a ``|`` block for lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import uuid
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from coffeechat.storage import yaml_engine

_STR = Tag(suffix="tag:yaml.org,2002:str")
_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
_MAP = Tag(suffix="tag:yaml.org,2002:map")
# Text values at least this long are set aside while the library re-emits the file.
_LONG = 1_000
_STYLES: dict[str, type[str]] = {
    "'": SingleQuotedScalarString,
    '"': DoubleQuotedScalarString,
    "|": LiteralScalarString,
}


class _TextResolver(VersionedResolver):
    """Every scalar is text, as in the guarded reader: ``~`` or ``01234`` left
    alone comes back as typed, never as a null or a number written anew."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Emitter(Emitter):
    """The library writes the indentation of a block that starts with a space
    or a line break ("|2-") as 2 whatever the file's indent, so in a file
    indented by four such a value read back with spaces added. Here the
    number is where the block's lines are written, counted from the key or
    dash it belongs to, as YAML reads it."""

    owner = 0  # column of the last key or dash written

    def write_indicator(self, indicator: Any, need_whitespace: Any, whitespace: bool = False,
                        indention: bool = False) -> None:
        super().write_indicator(indicator, need_whitespace, whitespace=whitespace,
                                indention=indention)
        if indention and indicator.endswith("-"):
            self.owner = self.column - 1

    def process_scalar(self) -> None:
        if self.simple_key_context:
            self.owner = self.column
        super().process_scalar()

    def determine_block_hints(self, text: Any) -> Any:
        hints, indent, indicator = super().determine_block_hints(text)
        if indent and not self.root_context:
            hints = f"{(self.indent or 0) - self.owner}{indicator}"
        return hints, indent, indicator


def rewrite(raw: bytes, old: dict[str, object], new: dict[str, object]) -> bytes | None:
    """``raw`` with the values that differ from ``old`` to ``new`` (plain data,
    as ``Record.encode`` gives it) changed in place; None when the library
    cannot re-emit the file (the caller then writes the canonical layout)."""
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    head, body, tail = _margins(text[len(bom):].replace("\r\n", "\n"))
    body, aside = _set_aside(body, old, new)
    same = {key: new[key] for key, _ in aside.values()}
    yaml = _yaml()
    try:
        root = yaml.load(body)
        if not isinstance(root, CommentedMap):
            return None
        _set_indent(yaml, root)
        before = _dumped(yaml, root)
        _update_map(root, {**old, **same}, {**new, **same})
        after = _dumped(yaml, root)
    except Exception:  # whatever the library trips on, the canonical layout is right
        return None
    kept = head + _patched(body, before, after) + tail
    for placeholder, (_, value) in aside.items():
        if kept.count(placeholder) != 1:
            return None
        kept = kept.replace(placeholder, value)
    return (bom + kept.replace("\n", newline)).encode("utf-8")


def _set_aside(body: str, old: dict[str, object], new: dict[str, object]
               ) -> tuple[str, dict[str, tuple[str, str]]]:
    """``body`` with each long text value of a top-level field (the notes of a
    long meeting) replaced by a placeholder, and for each placeholder its field
    and what it stands for: the text as written when it is left alone, else
    the new value as the canonical writer lays it out. The library's
    pure-Python scanner and emitter would spend most of a save on such text (a
    third of a second for 100 KB)."""
    marker = uuid.uuid4().hex
    aside: dict[str, tuple[str, str]] = {}
    pieces: list[str] = []
    last = 0
    spans = yaml_engine.top_level_scalars(body)
    for key, (start, end) in sorted(spans.items(), key=lambda item: item[1]):
        before, after = old.get(key), new.get(key)
        if not (isinstance(before, str) and len(before) >= _LONG and isinstance(after, str)):
            continue
        span = body[start:end]
        placeholder = f"coffeechat-{marker}-{len(aside)}"
        if after == before:
            kept = span.rstrip("\n")
            pieces += [body[last:start], placeholder]
            last = start + len(kept)
        else:
            # A "|" block ends with its line break (and any blank lines after
            # it, which the new text's own block replaces).
            changed = _canonical_value(key, after)
            if changed is None or not span.endswith("\n"):
                continue
            kept = changed
            pieces += [body[last:start], placeholder, "\n"]
            last = end
        aside[placeholder] = (key, kept)
    return "".join([*pieces, body[last:]]), aside


def _canonical_value(key: str, value: str) -> str | None:
    """How the canonical writer lays out ``value`` under the top-level ``key``,
    without its last line break; None unless that is a ``|`` block (which
    needs nothing of the lines around it)."""
    # A field after it, so that a block kept to its last blank line ("|+")
    # is not followed by an end-of-document marker.
    end = "\nz: z\n"
    dumped = yaml_engine.dump({key: value, "z": "z"}).decode("utf-8")
    if not dumped.startswith(f"{key}: |") or not dumped.endswith(end):
        return None
    return dumped[len(key) + 2:-len(end)]


def _margins(text: str) -> tuple[str, str, str]:
    """The comment lines (blank ones and document markers too) above the first
    key and below the last value, and the text between. The library ties them
    to the first and last key, or drops the markers; set apart, they stay on
    top and at the end when keys come and go."""
    lines = text.splitlines(keepends=True)
    start, end = 0, len(lines)
    while start < end and (_is_comment(lines[start]) or lines[start].rstrip() == "---"):
        start += 1
    while end > start and (_is_comment(lines[end - 1]) or lines[end - 1].rstrip() == "..."):
        end -= 1
    return "".join(lines[:start]), "".join(lines[start:end]), "".join(lines[end:])


def _is_comment(line: str) -> bool:
    # At the margin only: an indented "#" line may be text in a "|" block.
    return line.startswith("#") or not line.strip()


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = _TextResolver
    yaml.Emitter = _Emitter
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line the user kept on one
    yaml.allow_unicode = True
    return yaml


def _dumped(yaml: YAML, root: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def _set_indent(yaml: YAML, root: CommentedMap) -> None:
    """Indent as the file does: the library applies one setting to the whole
    file, taken from its first nested mapping and its first list."""
    mapping = sequence = offset = None
    todo: list[CommentedMap] = [root]
    while todo and (mapping is None or sequence is None):
        parent = todo.pop(0)
        for value in parent.values():
            if isinstance(value, CommentedMap) and not value.fa.flow_style() and value:
                if mapping is None and value.lc.col > parent.lc.col:
                    mapping = value.lc.col - parent.lc.col
                todo.append(value)
            elif isinstance(value, CommentedSeq) and not value.fa.flow_style() and value:
                if sequence is None:
                    offset = value.lc.col - parent.lc.col
                    sequence = value.lc.data[0][1] - parent.lc.col
                todo.extend(item for item in value if isinstance(item, CommentedMap))
    yaml.indent(mapping=mapping or 2, sequence=sequence or 2, offset=offset or 0)


def _patched(text: str, before: str, after: str) -> str:
    """``after``'s changes from ``before`` applied to ``text``. The library may
    lay out an untouched line its own way (spacing inside a line, line ends);
    when it kept the number of lines, those lines are taken from the file."""
    lines = text.splitlines(keepends=True)
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    if before == text or len(old) != len(lines):
        return after
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(lines[i1:i2])
        else:
            out.extend(new[j1:j2])
    return "".join(out)


def _update_map(node: CommentedMap, old: dict[str, object], new: dict[str, object]) -> None:
    """Make ``node`` (which reads as ``old``) read as ``new``: keys of ``old``
    gone from ``new`` are removed, changed values replaced, and new keys put
    after the key that precedes them in ``new``'s order."""
    for key in [key for key in node if key in old and key not in new]:
        del node[key]
    order = list(new)
    for position, (key, value) in enumerate(new.items()):
        if key in node:
            if key not in old or old[key] != value:
                node[key] = _updated(node[key], old.get(key), value)
                _after_block(node, key)
            continue
        node.insert(_place(node, order[:position], order[position + 1:]), key, _fresh(value))


def _after_block(node: CommentedMap | CommentedSeq, key: Any) -> None:
    """The library keeps the lines after a one-line value (comment lines,
    blank ones) with the line break that ended it; a ``|`` block ends with its
    own, so that one goes, else it adds a blank line, which a block kept to its
    last line break ("|+") would read as its own, as it would any blank line
    after it."""
    value = node[key]
    comments = node.ca.items.get(key)
    at = 2 if isinstance(node, CommentedMap) else 0
    token = comments[at] if comments else None
    if not isinstance(value, LiteralScalarString) or token is None:
        return
    text = token.value
    if not text.startswith("\n"):
        return
    text = text[1:]
    if value.endswith("\n") and text.strip():
        text = text.lstrip("\n")
    # At column 0: the text keeps the indentation its lines were written with
    # (the library would add the comment's column to it).
    comments[at] = CommentToken(text, start_mark=CommentMark(0))


def _place(node: CommentedMap, before: list[str], after: list[str]) -> int:
    keys = list(node)
    for key in reversed(before):
        if key in node:
            return keys.index(key) + 1
    for key in after:
        if key in node:
            return keys.index(key)
    return len(keys)


def _updated(current: object, old: object, new: object) -> object:
    """What replaces ``current`` (which reads as ``old``) to read as ``new``:
    itself, edited, when it holds the same kind of data, so comments inside it stay."""
    if isinstance(current, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _update_map(current, old, new)
        return current
    if (isinstance(current, CommentedSeq) and isinstance(old, list) and isinstance(new, list)
            and len(current) == len(old)):
        _update_seq(current, old, new)
        return current
    return _fresh(new)


def _update_seq(node: CommentedSeq, old: list[object], new: list[object]) -> None:
    """Edit a list item by item: the items kept keep their comments."""
    keys = [json.dumps(item, sort_keys=True, default=str) for item in old]
    wanted = [json.dumps(item, sort_keys=True, default=str) for item in new]
    matcher = difflib.SequenceMatcher(a=keys, b=wanted, autojunk=False)
    placed: list[object] = []
    for op, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                node[i1 + offset] = _updated(node[i1 + offset], old[i1 + offset],
                                             new[j1 + offset])
                placed.append(node[i1 + offset])
            continue
        for index in reversed(range(i1, i2)):
            del node[index]
        for offset, item in enumerate(new[j1:j2]):
            placed.append(_fresh(item))
            node.insert(i1 + offset, placed[-1])
    for index, item in enumerate(node):
        if any(item is value for value in placed):
            _after_block(node, index)


def _fresh(value: object) -> object:
    """``value`` for the library, laid out as the canonical writer would."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _fresh(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        value = value.isoformat(sep=" ", timespec="minutes")
    elif isinstance(value, (dt.date, int)):
        return str(value.isoformat() if isinstance(value, dt.date) else value)
    text = str(value)
    style = _STYLES.get(chr(yaml_engine.dump(text)[0]))
    return style(text) if style is not None else text
