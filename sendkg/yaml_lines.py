"""Safe YAML loading that remembers the line of every mapping, for error messages."""

from __future__ import annotations

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


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
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
