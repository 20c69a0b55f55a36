"""Safe YAML loading that remembers the line of every mapping, for error messages.

Values are typed less eagerly than YAML 1.1 would: a date (`2021-13-01`), an octal or
sexagesimal number (`010`, `1:30`), a hexadecimal or a number of hundreds of digits
stay the text written; only plain whole numbers of up to 18 digits (`12`, `-3`), plain
decimals (`0.45`), true/false and empty values are typed. A key that is a list or a
mapping is a file:line error, not a crash further on.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sendkg.errors import LoaderError


class LineDict(dict):
    """A mapping from YAML that knows the 1-based line where it starts."""

    line: int = 0

    def line_of(self, key) -> int:
        """The line of `key` itself (the mapping's first line if unknown)."""
        return getattr(self, "key_lines", {}).get(key, self.line)


# libyaml's parser when present (much faster on large datasets); same safe semantics.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):
    pass


_TYPED_LATER = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:float"}
# YAML 1.1's implicit resolvers, first character -> [(tag, pattern)], without dates and
# with whole numbers and decimals narrowed to their plain forms (see the module's doc).
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _TYPED_LATER]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_PLAIN = {"tag:yaml.org,2002:int": re.compile(r"^-?(?:0|[1-9][0-9]{0,17})$"),
          "tag:yaml.org,2002:float": re.compile(r"^-?[0-9]{1,18}\.[0-9]{1,18}$")}
for _tag, _pattern in _PLAIN.items():
    _LineLoader.add_implicit_resolver(_tag, _pattern, list("-0123456789"))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise LoaderError(loader.name, key_node.start_mark.line + 1,
                              "a key must be a plain name, not a list or a mapping")
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise LoaderError(loader.name, key_node.start_mark.line + 1,
                              f"key {key!r} appears twice in one mapping")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


_STR, _INT, _FLOAT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}"
                                    for name in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, \
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_RESOLVERS = _LineLoader.yaml_implicit_resolvers


def _resolve(self, kind, value, implicit):
    """BaseResolver.resolve for a loader without path resolvers or wildcard implicit
    resolvers (checked below), without its list building: libyaml's composer calls it
    for every one of a large dataset's million scalars."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _RESOLVERS.get(value[:1], ()):
                if regexp.match(value):
                    return tag
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


if not _LineLoader.yaml_path_resolvers and None not in _RESOLVERS:
    _LineLoader.resolve = _resolve


class _Unusual(Exception):
    """A node the quick builder leaves to PyYAML's constructor (a merge key, an
    explicit tag other than str/int/float/bool/null/map/seq, a recursive alias)."""


class _Builder:
    """Python values from libyaml's composed nodes, as _LineLoader's constructor makes
    them, in one quick pass: the constructor's generic machinery (state, generators,
    a dispatch per node) costs as much as libyaml's parsing on a large dataset."""

    def __init__(self, name: str):
        self.name = name
        self.made: dict[int, object] = {}  # collections by node, as aliases share them
        self.making: set[int] = set()

    def value(self, node):
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            return node.value
        if type(node) is yaml.ScalarNode:
            return self.scalar(tag, node.value)
        key = id(node)
        if key in self.made:
            return self.made[key]
        if key in self.making:
            raise _Unusual
        self.making.add(key)
        if tag == _MAP and type(node) is yaml.MappingNode:
            made = self.mapping(node)
        elif tag == _SEQ and type(node) is yaml.SequenceNode:
            made = [self.value(item) for item in node.value]
        else:
            raise _Unusual
        self.making.discard(key)
        self.made[key] = made
        return made

    @staticmethod
    def scalar(tag: str, text: str):
        if tag == _NULL:
            return None
        if tag == _BOOL and text.lower() in _BOOLEANS:
            return _BOOLEANS[text.lower()]
        if tag in _PLAIN and _PLAIN[tag].match(text):  # an explicit !!int may be any form
            return int(text) if tag == _INT else float(text)
        raise _Unusual

    def mapping(self, node) -> LineDict:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoaderError(self.name, key_node.start_mark.line + 1,
                                  "a key must be a plain name, not a list or a mapping")
            key = key_node.value if key_node.tag == _STR else self.scalar(key_node.tag,
                                                                          key_node.value)
            if key in mapping:
                raise LoaderError(self.name, key_node.start_mark.line + 1,
                                  f"key {key!r} appears twice in one mapping")
            mapping[key] = self.value(value_node)
            key_lines[key] = key_node.start_mark.line + 1
        return mapping


_BOOLEANS = yaml.constructor.SafeConstructor.bool_values


# Errors that libyaml notices only on a later line, while its context mark is where the
# mistake is: a key missing its ':' (noticed at the next line), an unclosed [ or { or
# quote (noticed where the file goes on without it).
_MISTAKE_AT_CONTEXT = ("while scanning a simple key", "while parsing a flow",
                       "while scanning a quoted scalar")


def _yaml_error_line(error: yaml.YAMLError) -> int | None:
    r"""The 1-based line to show for a YAML error: the line of the mistake where libyaml
    notices it later, else the line where it noticed it.

    >>> try:
    ...     yaml.safe_load("a: 1\nlabel Personalised support\nb: 2\n")
    ... except yaml.YAMLError as error:
    ...     print(_yaml_error_line(error), error.problem_mark.line + 1)
    2 3
    """
    context = getattr(error, "context", None) or ""
    context_mark = getattr(error, "context_mark", None)
    if context.startswith(_MISTAKE_AT_CONTEXT) and context_mark is not None:
        return context_mark.line + 1
    mark = getattr(error, "problem_mark", None) or context_mark
    return mark.line + 1 if mark else None


def read_yaml(path: Path):
    """Parse one YAML file; any problem becomes a LoaderError naming file and line.
    libyaml composes the nodes (with their lines) and a quick builder makes the values;
    what it does not handle goes to PyYAML's constructor, with the same result."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoaderError(path, None, f"cannot read file: {error}") from error
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _Builder(loader.name).value(node)
        except _Unusual:
            return loader.construct_document(node)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise LoaderError(path, _yaml_error_line(error), f"YAML syntax error: {problem}") from error
    finally:
        loader.dispose()
