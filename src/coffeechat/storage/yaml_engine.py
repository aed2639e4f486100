"""PyYAML, configured for ``yaml_io``: a loader that keeps every scalar as its
text and refuses aliases, tags, merge keys, duplicate keys and deep nesting; a
dumper that never writes anchors and keeps multi-line and fragile text as typed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping

import yaml
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
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "null", "bool", "int", "float", "timestamp", "map", "seq")
)
# Characters that YAML treats as line breaks or strips; outside double quotes
# they would not come back as typed.
_FRAGILE_CHARS = frozenset("\x85\u2028\u2029\ufeff\r")


class _Loader(_BaseLoader):
    """The safe loader, minus the work of typing plain scalars.

    Every scalar comes back as its text anyway, so of the implicit types only
    null (and the ``<<``/``=`` keys, refused later) matter; guessing ints,
    floats and timestamps by regular expression was a quarter of each parse.
    Explicit tags never reach ``resolve``, and are checked after parsing."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR_TAG
            if value in _NULLS:
                return _NULL_TAG
            if value == "<<":
                return _MERGE_TAG
            return _VALUE_TAG if value == "=" else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    # No path-based resolvers are registered; skipping the bookkeeping of the
    # path to every node saves two calls per node.
    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _LazyMarks(Mapping[KeyPath, tuple[int, int]]):
    """Positions worked out only when asked for: most files have no problem to
    point at, and recording every key path cost a fifth of each parse."""

    def __init__(self, root: yaml.Node) -> None:
        self._root: yaml.Node | None = root
        self._marks: dict[KeyPath, tuple[int, int]] = {}

    def _built(self) -> dict[KeyPath, tuple[int, int]]:
        if self._root is not None:
            _collect_marks(self._root, (), self._marks)
            self._root = None
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


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_text(text: str) -> Document:
    """Parse one YAML document, refusing anything unsafe or ambiguous."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
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
    if node is None:
        return Document(None, {})
    seen: set[int] = set()
    return Document(_build(node, 0, seen), _LazyMarks(node))


def _build(node: yaml.Node, depth: int, seen: set[int]) -> object:
    # The composer hands back the same node object for every alias of an anchor,
    # so refusing a node seen twice stops alias bombs before they expand.
    if id(node) in seen:
        raise YamlError("aliases (*name) are not supported; write the value out", *_mark(node))
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", *_mark(node))
    if node.tag not in _ALLOWED_TAGS:
        raise YamlError(f"unsupported tag {node.tag!r}", *_mark(node))
    if isinstance(node, yaml.ScalarNode):
        # Plain style is None in the Python loader and "" in the C one.
        if node.tag == _NULL_TAG and not node.style:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, depth + 1, seen) for child in node.value]
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        if id(key_node) in seen:
            raise YamlError("aliases (*name) are not supported", *_mark(key_node))
        seen.add(id(key_node))
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("a key must be plain text, not a list or mapping", *_mark(key_node))
        if key_node.tag == _MERGE_TAG:
            raise YamlError("merge keys (<<) are not supported", *_mark(key_node))
        key = key_node.value
        if key in result:
            raise YamlError(f"duplicate key {key!r}", *_mark(key_node))
        result[key] = _build(value_node, depth + 1, seen)
    return result


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
