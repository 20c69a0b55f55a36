"""Short document names for citations in human output.

A document file's header may give `short:` (data/FORMAT.md); human output then cites
"Durham SEND JCP 2017-18 l.301" instead of "002_81098658c4b2e719.txt:301". JSON keeps
the file name. Datasets without `short` keep the file name everywhere.

>>> from sendkg.graph.knowledge_graph import KnowledgeGraph
>>> from sendkg.records import Node, Source
>>> kg = KnowledgeGraph()
>>> kg.add_node(Node("doc:jcp", "Document", "Durham SEND Joint Commissioning Plan",
...                  props={"short": "SEND JCP"}, sources=(Source("002_x.txt", 3),)))
>>> short_names(kg)
{'002_x.txt': 'SEND JCP'}
"""

from __future__ import annotations


def short_names(kg) -> dict[str, str]:
    """{source file name: the short name of its document} for documents that give one.
    A view of the graph (kg.derived), kept in the graph cache: every command asks for
    it, and finding it walks every node (0.04 s at 150 councils)."""
    return dict(kg.derived.get("short names", lambda: _short_names(kg)))


def _short_names(kg) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in kg.nodes("Document"):
        short = node.props.get("short")
        if short:
            for source in node.sources:
                names.setdefault(source.document, str(short))
    return names
