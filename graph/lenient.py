"""A lenient build for `sendkg lint`: relations the build refuses set aside, not fatal.

The graph build refuses both: a relation to an id no file declares, and a relation
from or to a type outside the ontology's domain or range (graph/build.py; every other
command stops there with exit 2). `sendkg lint` instead reports each as a finding
(`dangling-reference`, `relation-outside-ontology`) and lints the rest of the dataset:
it rebuilds the graph without the refused relations. Any other build problem (a YAML
error, one id declared with two types) still stops lint with exit 2.

>>> from sendkg.loaders.dataset import DatasetRecords
>>> from sendkg.records import Edge, Node
>>> records = DatasetRecords(entities=[Node("act:a", "Action", "A"),
...                                    Node("board:b", "Board", "B")],
...                          relations=[Edge("act:a", "responsible", "person:nobody"),
...                                     Edge("act:a", "chairedBy", "board:b")])
>>> dangling, outside = rejected_relations(records)
>>> dangling.missing, dangling.message
(('person:nobody',), "responsible refers to 'person:nobody', which no file declares")
>>> outside.missing, outside.message[:52]
((), 'chairedBy cannot go from a Action (act:a) to a Board')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sendkg.errors import DatasetError
from sendkg.graph.build import build_graph
from sendkg.loaders.dataset import DatasetRecords, read_dataset
from sendkg.ontology import RELATIONS
from sendkg.records import Edge


@dataclass(frozen=True)
class Rejected:
    """A relation of the dataset that the graph build refuses, and why."""

    edge: Edge
    missing: tuple[str, ...]  # ends that no file declares (empty: a type mismatch)
    message: str


def rejected_relations(records: DatasetRecords) -> list[Rejected]:
    """The relations the build would refuse, with the build's own wording."""
    types = {node.id: node.type for node in records.registry}
    types.update({node.id: node.type for node in [*records.documents, *records.entities]})
    rejected = []
    for edge in records.relations:
        missing = tuple(dict.fromkeys(end for end in (edge.s, edge.o) if end not in types))
        relation = RELATIONS[edge.p]
        if missing:
            rejected.append(Rejected(edge, missing, f"{edge.p} refers to "
                                     f"{', '.join(map(repr, missing))}, which no file declares"))
        elif not relation.allows(types[edge.s], types[edge.o]):
            rejected.append(Rejected(edge, (), (
                f"{edge.p} cannot go from a {types[edge.s]} ({edge.s}) to a "
                f"{types[edge.o]} ({edge.o}); it joins {'/'.join(relation.domain)} to "
                f"{'/'.join(relation.range)}")))
    return rejected


def load_lenient(folder: Path | None):
    """(graph, refused relations): the normal build, or one without refused relations."""
    from sendkg.graph import bundled_data_dir, load  # the package imports this module's siblings

    folder = Path(folder) if folder else bundled_data_dir()
    try:
        return load(folder), ()
    except DatasetError:
        records, problems = read_dataset(folder)
        if problems:
            raise DatasetError(problems) from None
        rejected = rejected_relations(records)
        if not rejected:
            raise
    refused = {id(r.edge) for r in rejected}
    kept = replace(records, relations=[e for e in records.relations if id(e) not in refused])
    return build_graph(kept, name=folder.name), tuple(rejected)
