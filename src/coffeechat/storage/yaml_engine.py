"""PyYAML, configured for ``yaml_io``: a loader that keeps every scalar as its
text and refuses aliases, tags, merge keys, duplicate keys and deep nesting; a
dumper that never writes anchors and keeps multi-line and fragile text as typed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.representer import BaseRepresenter

try:  # The C implementations are 4-14x faster; fall back when LibYAML is missing.
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

from coffeechat.storage.yaml_document import MAX_DEPTH, Document, KeyPath, YamlError

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
# Plain scalars that are not text: nulls, and the merge (``<<``) and value
# (``=``) keys, which are refused.
_SPECIAL = _NULLS | {"<<", "="}
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "null", "bool", "int", "float", "timestamp", "map", "seq")
)
# Characters that YAML treats as line breaks or strips; outside double quotes
# they would not come back as typed.
_FRAGILE_CHARS = frozenset("\x85\u2028\u2029\ufeff\r")


def _scalar_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of a scalar written without one (``implicit``: whether it is plain)."""
    if not implicit[0]:
        return _STR_TAG
    if value in _NULLS:
        return _NULL_TAG
    if value == "<<":
        return _MERGE_TAG
    return _VALUE_TAG if value == "=" else _STR_TAG


class _Loader(_BaseLoader):
    """The safe loader, minus the work of typing plain scalars.

    Every scalar comes back as its text anyway, so of the implicit types only
    null (and the ``<<``/``=`` keys, refused later) matter; guessing ints,
    floats and timestamps by regular expression was a quarter of each parse.
    Explicit tags never reach ``resolve``, and are checked after parsing."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _scalar_tag(value, implicit)
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    # No path-based resolvers are registered; skipping the bookkeeping of the
    # path to every node saves two calls per node.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _LazyMarks(Mapping[KeyPath, tuple[int, int]]):
    """Positions worked out only when asked for: most files have no problem to
    point at, so the text is composed into nodes (the positions' source) only
    for a file that has one."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._marks: dict[KeyPath, tuple[int, int]] = {}

    def _built(self) -> dict[KeyPath, tuple[int, int]]:
        if self._text is not None:
            loader = _Loader(self._text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
            if root is not None:
                _collect_marks(root, (), self._marks)
            self._text = None
        return self._marks

    def __getitem__(self, key: KeyPath) -> tuple[int, int]:
        return self._built()[key]

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


def _collect_marks(node: yaml.Node, path: KeyPath, marks: dict[KeyPath, tuple[int, int]]) -> None:
    marks[path] = _mark(node)
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _collect_marks(child, (*path, index), marks)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, key_node.value)
            _collect_marks(value_node, key_path, marks)
            # A field's problems are reported where the field's name is written.
            marks[key_path] = _mark(key_node)


def _mark(node: yaml.Node | Event) -> tuple[int, int]:
    mark: Any = node.start_mark  # always set by the parser
    return mark.line + 1, mark.column + 1


def parse_text(text: str) -> Document:
    """Parse one YAML document, refusing anything unsafe or ambiguous."""
    loader = _Loader(text)
    try:
        data = _build(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise YamlError(f"invalid YAML: {reason}") from None
        raise YamlError(f"invalid YAML: {reason}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return Document(None, {}) if data is _EMPTY else Document(data, _LazyMarks(text))


# ``_build``'s answer for a stream with no document (an empty file), and a
# mapping's frame that waits for its next key.
_EMPTY = object()
_NO_KEY = object()


def _build(loader: _Loader) -> object:
    """The data of the single document in ``loader``'s stream, built from the
    parser's events as they come: no node is made, and nothing is walked twice
    (a third less work than composing nodes and then walking them).

    Refused as composing the whole document and then walking it would refuse:
    first a syntax error, an undefined alias, a duplicate anchor or a second
    document anywhere (``yaml.YAMLError``); else the first in document order
    of an alias (reported where its anchor is; no alias is ever expanded, so
    an alias bomb costs nothing), nesting deeper than ``MAX_DEPTH``, a tag not
    allowed, a key that is not plain text, a merge key, a duplicate key."""
    # Events are typed loosely by the library: each kind's fields are read as Any.
    get: Callable[[], Any] = loader.get_event
    get()  # the stream's start
    if type(get()) is StreamEndEvent:
        return _EMPTY
    anchors: dict[str, Any] = {}
    root: Any = None
    # The collection the next node goes in (None: it is the root) and, in a
    # mapping, the key it is the value of (``_NO_KEY``: it is a key); the
    # collections around it, each with its key.
    top: Any = None
    key: Any = _NO_KEY
    stack: list[tuple[Any, Any]] = []
    while True:
        event = get()
        kind = type(event)
        value: Any
        if kind is SequenceEndEvent or kind is MappingEndEvent:
            top, key = stack.pop()
            continue
        if kind is DocumentEndEvent:
            break
        is_key = key is _NO_KEY and type(top) is dict
        # Most nodes have no anchor and no tag, and a plain scalar is text
        # unless it is a null: those take the short way.
        if kind is not AliasEvent and event.anchor is None and event.tag is None \
                and len(stack) <= MAX_DEPTH:
            if kind is ScalarEvent:
                value = event.value
                if is_key:
                    if value not in top and not (value == "<<" and event.implicit[0]):
                        key = value
                        continue
                elif not event.implicit[0] or value not in _SPECIAL:
                    if top is None:
                        root = value
                    elif type(top) is list:
                        top.append(value)
                    else:
                        top[key] = value
                        key = _NO_KEY
                    continue
                elif value in _NULLS:
                    if type(top) is list:
                        top.append(None)
                    elif top is not None:
                        top[key] = None
                        key = _NO_KEY
                    continue
            elif not is_key:
                value = {} if kind is MappingStartEvent else []
                if top is None:
                    root = value
                elif type(top) is list:
                    top.append(value)
                else:
                    top[key] = value
                stack.append((top, _NO_KEY))
                top, key = value, _NO_KEY
                continue
        # The long way: anchors, aliases, tags, keys that are not text, a
        # merge or duplicate key, nesting too deep.
        refused = _anchored(event, kind, anchors, is_key)
        if refused is None and is_key:
            refused = _key_refused(event, kind, top)
            if refused is None:
                key = event.value
                continue
        if refused is None:
            if len(stack) > MAX_DEPTH:
                refused = YamlError(f"nested more than {MAX_DEPTH} levels deep", *_mark(event))
            elif (tag := _tag(event, kind)) not in _ALLOWED_TAGS:
                refused = YamlError(f"unsupported tag {tag!r}", *_mark(event))
        if refused is not None:
            _drain(get, anchors)
            raise refused
        if kind is ScalarEvent:
            value = None if tag == _NULL_TAG and not event.style else event.value
        else:
            value = {} if kind is MappingStartEvent else []
        if top is None:
            root = value
        elif type(top) is list:
            top.append(value)
        else:
            top[key] = value
            key = _NO_KEY
        if kind is not ScalarEvent:
            stack.append((top, key))
            top, key = value, _NO_KEY
    _single(get)
    return root


def _anchored(event: Any, kind: type[Event], anchors: dict[str, Any],
              is_key: bool) -> YamlError | None:
    """Note an anchor, raise the composer's errors for anchors and aliases,
    and refuse an alias (where its anchor is: the node it would repeat)."""
    anchor = event.anchor
    if kind is AliasEvent:
        if anchor not in anchors:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        message = ("aliases (*name) are not supported" if is_key
                   else "aliases (*name) are not supported; write the value out")
        return YamlError(message, *_mark(anchors[anchor]))
    if anchor is not None:
        if anchor in anchors:
            raise ComposerError("found duplicate anchor; first occurrence",
                                anchors[anchor].start_mark, "second occurrence",
                                event.start_mark)
        anchors[anchor] = event
    return None


def _key_refused(event: Any, kind: type[Event], mapping: dict[str, Any]) -> YamlError | None:
    if kind is not ScalarEvent:
        return YamlError("a key must be plain text, not a list or mapping", *_mark(event))
    if _tag(event, kind) == _MERGE_TAG:
        return YamlError("merge keys (<<) are not supported", *_mark(event))
    if event.value in mapping:
        return YamlError(f"duplicate key {event.value!r}", *_mark(event))
    return None


def _tag(event: Any, kind: type[Event]) -> str:
    """A node's tag: as written, or (none, or ``!``) as ``_Loader.resolve`` says."""
    tag: str | None = event.tag
    if tag is not None and tag != "!":
        return tag
    if kind is ScalarEvent:
        return _scalar_tag(event.value, event.implicit)
    return _SEQ_TAG if kind is SequenceStartEvent else _MAP_TAG


def _drain(get: Callable[[], Any], anchors: dict[str, Any]) -> None:
    """Read the rest of a refused document for the errors that come first."""
    while (kind := type(event := get())) is not DocumentEndEvent:
        if kind is not SequenceEndEvent and kind is not MappingEndEvent:
            _anchored(event, kind, anchors, False)
    _single(get)


def _single(get: Callable[[], Any]) -> None:
    """Raise the composer's error for a second document after the first."""
    event = get()
    if type(event) is not StreamEndEvent:
        raise ComposerError("expected a single document in the stream", None,
                            "but found another document", event.start_mark)


class _Dumper(_BaseDumper):
    """Safe dumper that never writes anchors (the reader would refuse them)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


class _PyDumper(yaml.SafeDumper):
    """Pure-Python twin of ``_Dumper``: LibYAML escapes characters beyond U+FFFF
    (emoji, many CJK names) as ``\\U...``; this one writes them as typed."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _represent_str(dumper: BaseRepresenter, value: str) -> yaml.ScalarNode:
    tag = "tag:yaml.org,2002:str"
    if not _FRAGILE_CHARS.isdisjoint(value):
        return dumper.represent_scalar(tag, value, style='"')
    if "\n" in value:
        return dumper.represent_scalar(tag, value, style="|")
    return dumper.represent_scalar(tag, value)


def _represent_datetime(dumper: BaseRepresenter, value: _dt.datetime) -> yaml.ScalarNode:
    # Minutes only: "2026-12-03 10:00" is what people type and it stays plain.
    text = value.isoformat(sep=" ", timespec="minutes")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_date(dumper: BaseRepresenter, value: _dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


for _dumper_class in (_Dumper, _PyDumper):
    _dumper_class.add_representer(str, _represent_str)
    _dumper_class.add_representer(_dt.datetime, _represent_datetime)
    _dumper_class.add_representer(_dt.date, _represent_date)


def dump(data: object) -> bytes:
    """Serialise plain data (dicts, lists, str, bool, int, dates) as UTF-8 YAML."""
    text = _dump_with(_Dumper, data)
    if "\\U" in text:
        text = _dump_with(_PyDumper, data)
    return text.encode("utf-8")


def _dump_with(dumper: type[BaseRepresenter], data: object) -> str:
    text: str = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=1_000_000, indent=2)
    return text


def top_level_scalars(text: str) -> dict[str, tuple[int, int]]:
    """Where the text of each top-level key's scalar value is, as character
    offsets (start, end) in ``text``: a long value can then be set aside
    before the file is re-emitted. Empty unless ``text`` is a mapping."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return {}
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: (value.start_mark.index, value.end_mark.index)
            for key, value in node.value
            if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)}
