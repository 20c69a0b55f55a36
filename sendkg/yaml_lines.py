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
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:int",
                                  re.compile(r"^-?(?:0|[1-9][0-9]{0,17})$"),
                                  list("-0123456789"))
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:float",
                                  re.compile(r"^-?[0-9]{1,18}\.[0-9]{1,18}$"),
                                  list("-0123456789"))


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


def _yaml_error_line(error: yaml.YAMLError) -> int | None:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return mark.line + 1 if mark else None


def read_yaml(path: Path):
    """Parse one YAML file; any problem becomes a LoaderError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LoaderError(path, None, f"cannot read file: {error}") from error
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise LoaderError(path, _yaml_error_line(error), f"YAML syntax error: {problem}") from error
    finally:
        loader.dispose()
