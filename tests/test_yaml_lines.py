"""The quick YAML builder gives what PyYAML's constructor gives, lines included.

sendkg.yaml_lines builds values from libyaml's nodes itself and leaves what it does
not handle (merge keys, other tags, recursive aliases) to PyYAML's constructor. Each
document here is read both ways: the values, the types, every mapping's line and every
key's line must agree, and so must the error (message, file and line).
"""

from __future__ import annotations

import pytest

from sendkg.errors import LoaderError
from sendkg.yaml_lines import LineDict, _LineLoader, read_yaml

DOCUMENTS = {
    "plain": "document: {id: 'doc:a', file: a.txt, title: A, line: 1}\nentities:\n"
             "- {id: 'org:a', type: Organisation, label: A & B, line: 2, uncertain: true}\n"
             "- id: org:b\n  label: B\n  lines: [3, 4]\n  aliases: [010, 1:30, 0x1F, 2021-13-01]\n",
    "numbers": "a: 12\nb: -3\nc: 0.45\nd: 1.10\ne: 1e3\nf: 123456789012345678901\n"
               "g: -0\nh: .inf\ni: ~\nj:\nk: yes\nl: Off\nm: 'yes'\n",
    "keys": "1: one\ntrue: t\n~: nothing\n'2': two\n",
    "anchors": "base: &b {x: 1, y: [1, 2]}\nfirst: *b\nsecond: *b\n",
    "merge": "base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n",
    "tags": "a: !!str 12\nb: !!int '7'\nc: !!float '2.5'\nd: !!binary aGk=\n",
    "odd int tag": "a: !!int 0x1F\n",
    "set": "s: !!set {a, b}\n",
    "recursive": "a: &a [1, *a]\n",
    "value key": "a:\n  =: 1\n",
    "empty": "",
    "comment only": "# nothing\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "list key": "? [a, b]\n: 1\n",
    "bad syntax": "a: [1, 2\nb: 3\n",
    "unknown tag": "a: !thing 1\n",
}


def _constructor(path):
    loader = _LineLoader(path.read_text(encoding="utf-8"))
    loader.name = str(path)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _shape(value):
    """The value with each mapping's line and key lines, for an exact comparison."""
    if isinstance(value, LineDict):
        return ("map", value.line, [(k, value.line_of(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [_shape(item) for item in value if item is not value]
    if isinstance(value, set):
        return ("set", sorted(value))
    return type(value).__name__, value


def _outcome(read, path):
    try:
        return "value", _shape(read(path))
    except LoaderError as error:
        return "error", str(error)
    except Exception as error:  # PyYAML's own, which read_yaml turns into a LoaderError
        return "yaml", type(error).__name__


@pytest.mark.parametrize("name", DOCUMENTS)
def test_quick_builder_equals_pyyaml_constructor(tmp_path, name):
    path = tmp_path / "doc.yaml"
    path.write_text(DOCUMENTS[name])
    quick, slow = _outcome(read_yaml, path), _outcome(_constructor, path)
    if slow[0] == "yaml":  # the constructor's error: read_yaml names file and line
        assert quick[0] == "error" and str(path) in quick[1], quick
    else:
        assert quick == slow


def test_aliases_share_one_value_as_pyyaml_does(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text(DOCUMENTS["anchors"])
    value = read_yaml(path)
    assert value["first"] is value["base"] is value["second"]


def test_bundled_and_synthetic_files_read_alike(tmp_path):
    from sendkg.data.synthetic import write_synthetic
    from sendkg.graph import bundled_data_dir

    folder = write_synthetic(tmp_path / "s1", 1, 0)
    paths = [*bundled_data_dir().rglob("*.yaml"), *folder.rglob("*.yaml")]
    assert len(paths) > 5
    for path in paths:
        assert _shape(read_yaml(path)) == _shape(_constructor(path)), path


@pytest.mark.parametrize("typo, line", [
    ("  label Personalised support\n", 3),   # a key without its ':' (noticed a line later)
    ("  aliases: [SEND JCP, JCP\n", 3),      # an unclosed [ (noticed at the next key)
    ('  label: "Personalised support\n', 3),  # an unclosed quote (noticed at the end)
])
def test_a_syntax_error_names_the_line_of_the_mistake(tmp_path, typo, line):
    """An officer opens the line named and must see the typo there, not the line after."""
    path = tmp_path / "plan.yaml"
    path.write_text("entities:\n  - id: plan:p\n" + typo + "    type: Plan\n  - id: obj:o\n"
                    "    type: Objective\n", encoding="utf-8")
    with pytest.raises(LoaderError) as raised:
        read_yaml(path)
    assert raised.value.line == line, str(raised.value)
    assert f"plan.yaml:{line}:" in str(raised.value)
