"""Read a sendkg dataset folder (the bundled YAML format) into typed records.

See data/FORMAT.md. This module checks each record against the ontology's vocabulary
(types, relations, properties) and reports every problem with file and line; joining
records into one graph is the graph package's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from sendkg.dates import PERIOD_FORMS, iso_date, read_period
from sendkg.errors import LoaderError
from sendkg.loaders.successions import read_succession
from sendkg.ontology import NODE_PROPERTIES, NODE_TYPES, RELATIONS
from sendkg.records import Abbreviation, Edge, Node, Source, Succession
from sendkg.yaml_lines import LineDict, read_yaml

ID_PREFIX = {
    "Plan": "plan", "Aim": "aim", "Objective": "obj", "Deliverable": "deliv",
    "Action": "act", "Outcome": "out", "Indicator": "ind", "Organisation": "org",
    "Person": "person", "Post": "post", "Board": "board", "Legislation": "leg",
    "Area": "area", "Document": "doc",
}
ID_PATTERN = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9.-]*$")
ENTITY_KEYS = {"id", "type", "label", "aliases", "line", "lines"}
RELATION_KEYS = {"s", "p", "o", "line"}
TOP_LEVEL_KEYS = {"document", "entities", "relations", "registry", "abbreviations",
                  "successions"}
VALIDITY_KEYS = {"valid_from", "valid_to"}  # full calendar dates on entities and relations
DATE_KEYS = ("start", "end", "established")  # a plan's or body's dates: YYYY[-MM[-DD]]
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class DatasetRecords:
    """Everything read from one dataset folder, in file order."""

    documents: list[Node] = field(default_factory=list)
    entities: list[Node] = field(default_factory=list)
    relations: list[Edge] = field(default_factory=list)
    registry: list[Node] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    successions: list[Succession] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


class _FileReader:
    """Turns one parsed YAML file into records, collecting every problem."""

    def __init__(self, path: Path, records: DatasetRecords, problems: list[LoaderError]):
        self.path, self.records, self.problems = path, records, problems
        self.source_file: str | None = None
        self.seen_ids: dict[str, int] = {}
        self.cited: dict[int, Source] = {}  # line of the source document -> its Source

    def fail(self, line: int | None, message: str) -> None:
        self.problems.append(LoaderError(self.path, line, message))

    def origin(self, item: LineDict) -> Source:
        return Source(str(self.path), getattr(item, "line", None))

    def read(self, content: Any) -> None:
        if content is None:
            return
        if not isinstance(content, dict):
            self.fail(1, "expected a mapping with document/entities/relations or registry")
            return
        for key in sorted(set(content) - TOP_LEVEL_KEYS):
            self.fail(content.line_of(key), f"unknown top-level key {key!r}; expected "
                                            f"{', '.join(sorted(TOP_LEVEL_KEYS))}")
        if "document" in content:
            self.read_document(content["document"])
        for item in self.items(content, "registry"):
            self.read_entity(item, self.records.registry, needs_source=False)
        for item in self.items(content, "entities"):
            self.read_entity(item, self.records.entities, needs_source=True)
        for item in self.items(content, "relations"):
            self.read_relation(item)
        for item in self.items(content, "abbreviations"):
            self.read_abbreviation(item)
        for item in self.items(content, "successions"):
            succession = read_succession(item, self.path, self.fail)
            if succession:
                self.records.successions.append(succession)

    def items(self, content: dict, key: str) -> list[LineDict]:
        value = content.get(key) or []
        if not isinstance(value, list):
            self.fail(getattr(content, "line", 1), f"{key!r} must be a list")
            return []
        good = [item for item in value if isinstance(item, dict)]
        if len(good) != len(value):
            self.fail(getattr(content, "line", 1), f"every item of {key!r} must be a mapping")
        return good

    def read_document(self, doc: Any) -> None:
        if not isinstance(doc, dict) or not {"id", "file", "title"} <= set(doc):
            self.fail(getattr(doc, "line", 1), "document needs id, file and title")
            return
        self.source_file = str(doc["file"])
        node = {"id": doc["id"], "type": "Document", "label": doc["title"],
                "line": doc.get("line"), "kind": doc.get("kind", "source document")}
        if doc.get("short") is not None:
            node["short"] = doc["short"]
        node = LineDict(node)
        node.line = doc.line
        self.read_entity(node, self.records.documents, needs_source=False)

    def check_id(self, item: LineDict, type_name: str) -> str | None:
        node_id = item.get("id")
        if not isinstance(node_id, str) or not ID_PATTERN.match(node_id):
            self.fail(item.line, f"bad id {_short(node_id)}: expected prefix:slug in lower case")
            return None
        prefix = ID_PREFIX.get(type_name)
        if prefix and not node_id.startswith(prefix + ":"):
            self.fail(item.line, f"id {node_id!r} of a {type_name} must start with {prefix}:")
        if node_id in self.seen_ids:
            self.fail(item.line, f"duplicate id {node_id!r} (first declared at line "
                                 f"{self.seen_ids[node_id]} of this file)")
            return None
        self.seen_ids[node_id] = item.line
        return node_id

    def sources_of(self, item: LineDict, needs_source: bool) -> tuple[Source, ...]:
        lines = item.get("lines") or ([item["line"]] if item.get("line") is not None else [])
        if not isinstance(lines, list) or not all(isinstance(n, int) and n > 0 for n in lines):
            self.fail(item.line, f"line/lines must be positive whole numbers, got "
                                 f"{_short(lines)}")
            return ()
        if not lines:
            if needs_source:
                self.fail(item.line, "every fact needs a source: give line or lines")
            return ()
        if self.source_file is None:
            self.fail(item.line, "lines given but the file has no document header")
            return ()
        # one Source object per cited line of the file: a relation cites the line its
        # entities do, and a large graph then holds (and caches) a third fewer objects
        return tuple(self.cited.setdefault(n, Source(self.source_file, n)) for n in lines)

    def node_props(self, item: LineDict) -> dict[str, Any]:
        props = {}
        for key, value in item.items():
            if key in ENTITY_KEYS:
                continue
            if key not in NODE_PROPERTIES:
                self.fail(item.line, f"unknown property {key!r} (see ontology/sendkg.ttl)")
            elif isinstance(value, (dict, list)):
                self.fail(item.line, f"property {key!r} must be a single value")
            elif key in VALIDITY_KEYS:
                self.add_date(item, key, props)
            elif value is not None and self.is_text(item, key, value):
                props[key] = value if isinstance(value, (str, bool)) else str(value)
        return props

    def add_date(self, item: LineDict, key: str, props: dict[str, Any]) -> None:
        """Put `key` (valid_from / valid_to) into `props` as an ISO date, or report it;
        a valid_to before the valid_from is reported too."""
        value = iso_date(item[key])
        if value is None:
            self.fail(item.line_of(key), f"{key} must be a calendar date YYYY-MM-DD, "
                                         f"got {item[key]!r}")
            return
        props[key] = value
        if props.get("valid_from", "") > props.get("valid_to", "9999"):
            self.fail(item.line_of(key), f"valid_to {props['valid_to']} is before "
                                         f"valid_from {props['valid_from']}")

    def is_text(self, item: LineDict, key: str, value: Any) -> bool:
        """True for text, a whole number written plainly (2020), and `uncertain:
        true|false`; otherwise a file:line error, since YAML has already retyped what was
        written (1.10 → 1.1, 010 → 8, 1:30 → 90, no → False)."""
        if isinstance(value, str) or (key == "uncertain" and isinstance(value, bool)):
            return True
        if type(value) is int and self.written_as(item.line_of(key), key, str(value)):
            return True
        self.fail(item.line_of(key), f"{key}: YAML reads this unquoted value as "
                                     f"{type(value).__name__} {value!r}, not the text written; "
                                     f"quote it")
        return False

    def written_as(self, line: int | None, key: str, text: str) -> bool:
        """Whether `key`'s value on `line` of the file is written exactly as `text`."""
        if not line:
            return False
        if not hasattr(self, "_lines"):
            self._lines = self.path.read_text(encoding="utf-8").splitlines()
        raw = self._lines[line - 1] if line <= len(self._lines) else ""
        pattern = rf"(?:^|[\s{{,\[]){re.escape(key)}:\s*{re.escape(text)}\s*(?:$|[,}}\]#])"
        if key == "aliases":
            pattern = rf"[\[,]\s*{re.escape(text)}\s*[,\]]"
        return re.search(pattern, raw) is not None

    def read_entity(self, item: LineDict, into: list[Node], needs_source: bool) -> None:
        type_name = item.get("type")
        if not isinstance(type_name, str) or type_name not in NODE_TYPES:
            self.fail(item.line, f"unknown type {_short(type_name)}; known: "
                                 f"{', '.join(NODE_TYPES)}")
            return
        node_id = self.check_id(item, type_name)
        label = item.get("label")
        if not isinstance(label, str) or not label.strip():
            self.fail(item.line, "every entity needs a label")
            return
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list):
            self.fail(item.line, "aliases must be a list")
            aliases = []
        aliases = [a for a in aliases if self.is_text(item, "aliases", a)]
        sources = self.sources_of(item, needs_source)
        props = self.node_props(item)
        self.check_dates(item, props)
        if node_id:
            into.append(Node(node_id, type_name, label.strip(),
                             tuple(str(a).strip() for a in aliases), props, sources,
                             origin=self.origin(item)))

    def check_dates(self, item: LineDict, props: dict[str, Any]) -> None:
        """`start`, `end` and `established` are calendar dates (YYYY, YYYY-MM or
        YYYY-MM-DD) and a start is not after its end; otherwise a file:line error (the
        wording as written belongs in `timescale`)."""
        read = {}
        for key in DATE_KEYS:
            if props.get(key) is None:
                continue
            read[key] = _calendar_date(str(props[key]))
            if read[key] is None:
                self.fail(item.line_of(key), f"{key}: {_short(props[key])} is not a date; "
                                             f"write YYYY, YYYY-MM or YYYY-MM-DD (the words "
                                             f"as written go in timescale)")
        if read.get("start") and read.get("end") and \
                read["start"][:len(read["end"])] > read["end"][:len(read["start"])]:
            self.fail(item.line_of("start"), f"start {props['start']} is after end "
                                             f"{props['end']}")
        self.check_period(item, props)

    def check_period(self, item: LineDict, props: dict[str, Any]) -> None:
        """An entity's `period` reads as a period (sendkg.dates.read_period), else a
        file:line error: lint judges plans by it, and a typo ("2017-2O18") would
        otherwise be passed over for the `end` alone, moving the plan's end."""
        period = props.get("period")
        if period is None:
            return
        when = read_period(str(period))
        if not (when.start or when.end):
            self.fail(item.line_of("period"), f"period {_short(period)} is not a period; "
                                              f"write it as {PERIOD_FORMS} (a length such "
                                              f"as '12 months' goes in timescale)")

    def edge_props(self, item: LineDict, relation_name: str) -> dict[str, Any]:
        allowed = RELATIONS[relation_name].qualifiers
        props = {}
        for key, value in item.items():
            if key in RELATION_KEYS:
                continue
            if key not in allowed:
                self.fail(item.line, f"{relation_name} takes no property {key!r}; "
                                     f"allowed: {', '.join(sorted(allowed)) or 'none'}")
            elif key in VALIDITY_KEYS:
                self.add_date(item, key, props)
            elif value is not None and self.is_text(item, key, value):
                props[key] = value if isinstance(value, (str, bool)) else str(value)
        return props

    def read_relation(self, item: LineDict) -> None:
        name = item.get("p")
        if not isinstance(name, str) or name not in RELATIONS:
            self.fail(item.line, f"unknown relation {_short(name)}; known: "
                                 f"{', '.join(RELATIONS)}")
            return
        ends = [item.get("s"), item.get("o")]
        if not all(isinstance(end, str) and end for end in ends):
            self.fail(item.line, "a relation needs s and o ids")
            return
        sources = self.sources_of(item, needs_source=True)
        props = self.edge_props(item, name)
        self.records.relations.append(
            Edge(ends[0], name, ends[1], props, sources, origin=self.origin(item)))

    def read_abbreviation(self, item: LineDict) -> None:
        means = item.get("means")
        if (not isinstance(item.get("text"), str) or not isinstance(means, list) or not means
                or not all(isinstance(m, str) for m in means)):
            self.fail(item.line, "an abbreviation needs text and a list 'means' of names")
            return
        self.records.abbreviations.append(
            Abbreviation(item["text"], tuple(means), origin=self.origin(item)))


def _calendar_date(text: str) -> tuple[int, ...] | None:
    """(year, month, day) as far as `text` gives them, or None if it is not a real date.

    >>> _calendar_date("2021-03"), _calendar_date("2021-13"), _calendar_date("2021-02-30")
    ((2021, 3), None, None)
    """
    found = DATE_PATTERN.match(text)
    if not found:
        return None
    parts = tuple(int(p) for p in found.groups() if p)
    try:
        date(*parts, *(1,) * (3 - len(parts)))
    except ValueError:
        return None
    return parts


def _short(value: Any, limit: int = 60) -> str:
    """`value`'s repr, cut to `limit` characters: a message quotes a 5,000-digit number or
    a pasted paragraph by its start."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def dataset_files(folder: Path) -> list[Path]:
    """The YAML files of a dataset folder, in a stable order."""
    if not folder.is_dir():
        raise LoaderError(folder, None, "dataset folder not found")
    files = sorted(p for p in folder.rglob("*") if p.suffix in {".yaml", ".yml"})
    if not files:
        raise LoaderError(folder, None, "no .yaml files in the dataset folder")
    return files


def read_dataset_file(path: Path) -> tuple[DatasetRecords, list[LoaderError]]:
    """Read one YAML file of a dataset: its records (in file order) and every problem
    found in it, each naming the file and line. Depends on nothing but the file, the
    ontology and this code, so its result can be cached by the file's content."""
    records, problems = DatasetRecords(files=[path]), []
    try:
        content = read_yaml(path)
    except LoaderError as error:
        return records, [error]
    _FileReader(path, records, problems).read(content)
    return records, problems


def combine(parts: list[tuple[DatasetRecords, list[LoaderError]]]
            ) -> tuple[DatasetRecords, list[LoaderError]]:
    """One folder's records and problems from its files' (in the order given)."""
    records, problems = DatasetRecords(), []
    for part, part_problems in parts:
        for name in (f.name for f in fields(DatasetRecords)):  # each a list, in file order
            getattr(records, name).extend(getattr(part, name))
        problems.extend(part_problems)
    return records, problems


def read_dataset(folder: Path) -> tuple[DatasetRecords, list[LoaderError]]:
    """Read every YAML file of `folder`; return the records and all problems found."""
    return combine([read_dataset_file(path) for path in dataset_files(Path(folder))])
