"""YAML read safely: plain data only, every value with its line number.

Front matter is written by people, not programmers, so the YAML 1.1
surprises are switched off: `NO`, `on`, `0123`, `1:20` and `2022-02-30` all
stay text (the schema decides what they must be). Anchors, aliases, explicit
tags and duplicate keys are refused, and size and depth are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_DEPTH = 16
MAX_NODES = 20_000

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}

FieldPath = tuple[str | int, ...]


class YamlProblem(Exception):
    """YAML that cannot be accepted; `line` is 1-based within the YAML text."""

    def __init__(self, line: int, key: str, **params: object):
        super().__init__(key)
        self.line = line
        self.key = key
        self.params: dict[str, Any] = params  # each shown as str(value), whatever its type


@dataclass
class Located:
    """Parsed YAML data and the line of every field, by field path."""

    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath, default: int = 1) -> int:
        """The line of the nearest enclosing field that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser  # type: ignore[attr-defined]  # the stubs do not re-export it

    class _Base(yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml's scanner and parser (C, faster than Python's) under Python's composer, which sees every event."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:
    _Base = yaml.SafeLoader  # type: ignore[misc,assignment]


class _Composer(_Base):
    """A loader whose composer refuses aliases and anchors outright and bounds depth and size.

    The limits are checked while composing, before any deeper node is built,
    so a deeply nested or huge document fails fast instead of exhausting the
    stack or memory.
    """

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """The next node; `index` is its position in a list or its key in a mapping."""
        event = self.peek_event()
        assert event is not None and event.start_mark is not None  # called only where a node starts
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            raise YamlProblem(line, "yaml-alias")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(line, "yaml-anchor")
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YamlProblem(line, "yaml-too-many-nodes", limit=MAX_NODES)
        if not isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlProblem(line, "yaml-too-deep", limit=MAX_DEPTH)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def load(text: str, *, first_line: int = 1) -> Located:
    """Parse one YAML document into plain data with line numbers.

    `first_line` is the file line where the YAML text starts, so that lines
    point into the file and not into the front matter block.
    """
    try:
        # the stubs accept only PyYAML's own loaders as Loader
        node = yaml.compose(text, Loader=_Composer)  # type: ignore[arg-type]
    except YamlProblem as err:
        err.line += first_line - 1
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1 if mark else 1) + first_line - 1
        if "nesting depth" in (err.problem or ""):  # libyaml stops at 1,000 levels before our composer sees them
            raise YamlProblem(line, "yaml-too-deep", limit=MAX_DEPTH) from None
        raise YamlProblem(line, "yaml-syntax", detail=err.problem or str(err)) from None
    except yaml.YAMLError as err:
        raise YamlProblem(first_line, "yaml-syntax", detail=str(err)) from None
    located = Located(None)
    if node is None:
        return located
    located.data = _construct(node, (), located.lines, first_line)
    return located


def _construct(node: Node, path: FieldPath, lines: dict[FieldPath, int], first: int) -> Any:
    line = node.start_mark.line + first
    if not node.tag.startswith("tag:yaml.org,2002:") or _explicit_tag(node):
        raise YamlProblem(line, "yaml-tag", tag=node.tag)
    lines.setdefault(path, line)
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [
            _construct(item, path + (i,), lines, first)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + first
        if not isinstance(key_node, ScalarNode):
            raise YamlProblem(key_line, "yaml-complex-key")
        key = str(_scalar(key_node))
        if key == "<<":
            raise YamlProblem(key_line, "yaml-merge-key")
        if key in result:
            raise YamlProblem(key_line, "yaml-duplicate-key", name=key)
        lines[path + (key,)] = key_line
        result[key] = _construct(value_node, path + (key,), lines, first)
        lines[path + (key,)] = key_line
    return result


_RESOLVER = yaml.resolver.Resolver()
"""YAML's implicit tags, as the composer resolves them."""


def _explicit_tag(node: Node) -> bool:
    """True when the writer typed a tag (`!!str`, `!!python/object`, `!foo`)."""
    if isinstance(node, ScalarNode):
        return node.tag != "tag:yaml.org,2002:str" and node.tag != _RESOLVER.resolve(
            ScalarNode, node.value, (True, False))
    default = "tag:yaml.org,2002:seq" if isinstance(node, SequenceNode) else "tag:yaml.org,2002:map"
    return node.tag != default


def _scalar(node: ScalarNode) -> Any:
    """YAML 1.2 core-schema reading of a plain scalar; quoted scalars are text."""
    value = node.value
    if node.style:  # quoted or block; a plain scalar has no style (None from Python's parser, "" from libyaml)
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
