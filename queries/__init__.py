"""The questions officers ask, as plain functions over the graph.

Each takes the graph first and an entity id and returns small typed results carrying
nodes, edges, qualifiers, `inherited`/`via` markers and sources; each `*_text` variant
resolves TEXT with the search behind `sendkg find` and answers for every entity that
ties. The same questions exist as SPARQL (`*.rq`, run by sendkg.queries.sparql) and
Cypher (`*.cypher`) beside this module.
"""

from sendkg.queries.accountability import (
    Chair,
    Hop,
    ReportingChain,
    reporting_chain,
    reporting_chain_text,
)
from sendkg.queries.containment import containers, contents, plans_of
from sendkg.queries.drivers import Driver, legislation_driving, legislation_driving_text
from sendkg.queries.facts import Fact
from sendkg.queries.funding import Funder, funders_of, funders_of_text
from sendkg.queries.impact import Affected, affected_by, affected_by_text
from sendkg.queries.resolution import subjects
from sendkg.queries.responsibility import (
    Owner,
    Responsibility,
    owners_of,
    owners_of_text,
    responsibilities_of,
    responsibilities_of_text,
)

__all__ = [
    "Affected", "Chair", "Driver", "Fact", "Funder", "Hop", "Owner", "ReportingChain",
    "Responsibility", "affected_by", "affected_by_text", "containers", "contents",
    "funders_of", "funders_of_text", "legislation_driving", "legislation_driving_text",
    "owners_of", "owners_of_text", "plans_of", "reporting_chain", "reporting_chain_text",
    "responsibilities_of", "responsibilities_of_text", "subjects",
]
