"""Write a graph into Neo4j: `push_graph` reads, plans and writes a dataset's changes.

The shape of the graph in Neo4j (what `queries/*.cypher` match on):

- every node has the label `SendkgEntity` plus its ontology type (`Board`, `Plan`, ...)
  and the properties `dataset`, `id`, `type`, `label`, `aliases` (list), `sources`
  (list of "document:line") and its own properties (`kind`, `period`, ...);
- every relationship has its ontology relation as type (`reportsTo`, ...) and the
  properties `dataset`, `sources` and its qualifiers (`frequency`, `role`, ...);
- `(dataset, id)` is unique (a constraint); ids are unique within one dataset, and a
  relationship never joins two datasets. The named queries start from
  `(x:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX x:SendkgEntity(dataset, id)`,
  a seek of the constraint's index (left to itself, the planner scanned the `dataset`
  index for several of them);
- `sendkg_hash` on both is a digest of the other properties as last pushed, so a push
  reads back only ids and digests to find what changed (the dataset is the source of
  truth: a property edited by hand in Neo4j stays until that entity changes);
- one `SendkgDataset {dataset}` node per dataset (not a `SendkgEntity`) holds
  `content_hash`, a digest of every row's `sendkg_hash` as last pushed, and the numbers
  of entities and relationships. A push of an unchanged graph compares these with one
  query (digest, and the entities and relationships the database counts for the
  dataset) and writes nothing, without reading the rows back.

Labels and relationship types come only from `sendkg.ontology` (an allow-list), never
from a document; every value travels as a parameter.

A push reads what the dataset has in the database, compares it with the graph and
writes only the difference, in `UNWIND $rows` batches inside managed transactions. So
pushing twice changes nothing, and nothing outside the dataset (other datasets, other
labels, other data) is touched. A difference of up to `transaction_rows` rows is one
transaction: a push that fails leaves the database as it was. A larger one commits in
several, under a `SendkgPushInProgress {dataset}` node; if it fails part-way, that node
stays to say so and the next push finishes the job, to exactly the new state.
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sendkg.errors import SendkgError, ServerError
from sendkg.graph.neo4j_connection import Neo4jTarget, open_driver, server_error
from sendkg.graph.neo4j_sync_plan import (
    SyncPlan,
    content_hash,
    edge_rows,
    node_rows,
    plan_sync,
    rows_written,
)
from sendkg.ontology import NODE_TYPES, RELATIONS

ENTITY_LABEL = "SendkgEntity"
# The constraint (whose index the writes seek) comes first; the two indexes only the
# questions use are made after the rows are written: on a first push, one population
# scan is cheaper than keeping them up to date row by row at every commit.
CONSTRAINT = (f"CREATE CONSTRAINT sendkg_entity_key IF NOT EXISTS FOR (n:{ENTITY_LABEL}) "
              "REQUIRE (n.dataset, n.id) IS UNIQUE")
INDEXES = (
    f"CREATE INDEX sendkg_entity_id IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.id)",
    f"CREATE INDEX sendkg_entity_dataset IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.dataset)",
)
Progress = Callable[[int, int], None]  # (rows written so far, rows to write)


@dataclass(frozen=True)
class PushReport:
    """The outcome of `push_graph`: what changed (or would), how long it took."""

    dataset: str
    dry_run: bool
    counts: dict[str, int]
    changes: list[dict]
    skipped_edges: int
    seconds: float
    transactions: int = 1
    resumed: bool = False  # it finished a push that had been interrupted

    @property
    def written(self) -> int:
        """Rows created, updated or deleted (planned ones, for a dry run)."""
        return rows_written(self.counts)

    @property
    def rows_per_second(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------- Cypher

# One record holding every row: the driver decodes one long list far faster than as many
# records (0.9 s against 11 s for 115,000 nodes).
READ_NODES = (f"MATCH (n:{ENTITY_LABEL} {{dataset: $dataset}}) "
              "RETURN collect([elementId(n), n.id, [l IN labels(n) WHERE l IN $types], "
              "n.sendkg_hash, n.label]) AS rows")
READ_EDGES = (f"MATCH (a:{ENTITY_LABEL} {{dataset: $dataset}})-[r]->"
              f"(b:{ENTITY_LABEL} {{dataset: $dataset}}) WHERE r.dataset = $dataset "
              "RETURN collect([elementId(r), a.id, type(r), b.id, r.sendkg_hash]) AS rows")
# Element ids are looked up with the dataset checked too: ids of deleted entities can be
# reused once the deleting transaction has committed.
EDGE_BY_ID = (f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{dataset: $dataset, id: row.s}})"
              "-[r]->() WHERE elementId(r) = row.eid AND r.dataset = $dataset ")
NODE_BY_ID = ("UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.eid "
              "AND n.dataset = $dataset ")
DELETE_EDGES = EDGE_BY_ID + "DELETE r"
UPDATE_EDGES = EDGE_BY_ID + "SET r = row.props"
DELETE_NODES = NODE_BY_ID + "DETACH DELETE n"
MARKER = "SendkgPushInProgress"
READ_MARKER = f"OPTIONAL MATCH (m:{MARKER} {{dataset: $dataset}}) RETURN count(m) > 0 AS interrupted"
SET_MARKER = f"MERGE (m:{MARKER} {{dataset: $dataset}}) SET m.rows = $rows"
CLEAR_MARKER = f"MATCH (m:{MARKER} {{dataset: $dataset}}) DELETE m"
DATASET_LABEL = "SendkgDataset"
# One query: is the database's copy of the dataset the one whose digest we have?
# The counts catch entities or relationships deleted by hand since the last push.
READ_DIGEST = (
    f"OPTIONAL MATCH (d:{DATASET_LABEL} {{dataset: $dataset}}) "
    "RETURN d.content_hash AS hash, d.entities AS entities, "
    "d.relationships AS relationships, "
    f"COUNT {{ (m:{MARKER} {{dataset: $dataset}}) }} > 0 AS interrupted, "
    f"COUNT {{ (n:{ENTITY_LABEL} {{dataset: $dataset}}) }} AS entity_count, "
    f"COUNT {{ (a:{ENTITY_LABEL} {{dataset: $dataset}})-[r]->() "
    "WHERE r.dataset = $dataset } AS relationship_count")
SET_DIGEST = (f"MERGE (d:{DATASET_LABEL} {{dataset: $dataset}}) SET d.content_hash = $hash, "
              "d.entities = $entities, d.relationships = $relationships")


def _pushed_at_once(target: Neo4jTarget, dataset: str) -> SendkgError:
    """The error for a create that met the (dataset, id) constraint. The plan read the
    dataset first, so the entity was created since: by another push of the same dataset
    writing at the same time (or by hand, which the message cannot tell apart)."""
    return ServerError(f"Neo4j at {target.uri}: another push of dataset {dataset!r} was "
                       "writing the same entities at the same time, so this one stopped "
                       "(the other's result stands; push again once it has finished)")


def _name(allowed: Iterable[str], name: str) -> str:
    """An ontology label or relation type, quoted for Cypher text; refuses anything else."""
    if name not in allowed or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name):
        raise SendkgError(f"{name!r} is not an ontology type or relation")
    return f"`{name}`"


def _create_nodes(type_name: str) -> str:
    """Creates a batch; returns [[id, element id], ...] so relationships can find them."""
    label = _name(NODE_TYPES, type_name)
    return (f"UNWIND $rows AS row CREATE (n:{ENTITY_LABEL}:{label}) SET n = row.props "
            "RETURN collect([row.id, elementId(n)]) AS eids")


def _update_nodes(type_name: str) -> str:
    label = _name(NODE_TYPES, type_name)
    return NODE_BY_ID + f"SET n = row.props, n:{label}"


def _remove_label(type_name: str) -> str:
    label = _name(NODE_TYPES, type_name)
    return NODE_BY_ID + f"REMOVE n:{label}"


def _create_edges(relation: str) -> str:
    """Creates a batch of rows {a, b: element ids of the ends, s, o: their ids, props}.
    A seek by element id is cheaper than one through the (dataset, id) index; the ids
    and dataset are checked too, as element ids of deleted entities can be reused."""
    rel = _name(RELATIONS, relation)
    return (f"UNWIND $rows AS row "
            "MATCH (a) WHERE elementId(a) = row.a AND a.dataset = $dataset AND a.id = row.s "
            "MATCH (b) WHERE elementId(b) = row.b AND b.dataset = $dataset AND b.id = row.o "
            f"CREATE (a)-[r:{rel}]->(b) SET r = row.props")


# Steps of a push, in the order of PHASES; chunks of one phase may commit in parallel.
CLEAR, NEW_NODES, NODES, NEW_EDGES, EDGES = "clear", "new nodes", "nodes", "new edges", "edges"
PHASES = ((CLEAR,), (NEW_NODES, NODES), (NEW_EDGES, EDGES))


def _statements(plan: SyncPlan) -> list[tuple[str, list[dict], str]]:
    """(query, rows, step) in a safe order: delete, relabel, write nodes, then edges."""
    steps = [(DELETE_EDGES, plan.delete_edges, CLEAR), (DELETE_NODES, plan.delete_nodes, CLEAR)]
    steps += [(_remove_label(t), [{"eid": e} for e in eids], CLEAR)
              for t, eids in sorted(plan.stale_labels.items())]
    steps += [(_create_nodes(t), group, NEW_NODES)
              for t, group in _grouped(plan.create_nodes, "type")]
    steps += [(_update_nodes(t), group, NODES)
              for t, group in _grouped(plan.update_nodes, "type")]
    steps += [(_create_edges(p), group, NEW_EDGES)
              for p, group in _grouped(plan.create_edges, "p")]
    steps.append((UPDATE_EDGES, plan.update_edges, EDGES))
    return [(query, rows, step) for query, rows, step in steps if rows]


def _grouped(rows: list[dict], key: str) -> list[tuple[str, list[dict]]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return sorted(groups.items())


# ---------------------------------------------------------------- the push

def _read_state(tx, dataset: str) -> tuple[list[dict], list[dict], bool]:
    def rows(query: str, keys: tuple[str, ...], **parameters) -> list[dict]:
        found = tx.run(query, dataset=dataset, **parameters).single()["rows"]
        return [dict(zip(keys, row)) for row in found]

    nodes = rows(READ_NODES, ("eid", "id", "types", "hash", "label"), types=list(NODE_TYPES))
    edges = rows(READ_EDGES, ("eid", "s", "p", "o", "hash"))
    interrupted = tx.run(READ_MARKER, dataset=dataset).single()["interrupted"]
    return nodes, edges, interrupted


@dataclass(frozen=True)
class Digest:
    """A dataset's rows in brief: `content_hash` of its rows, how many entities and
    relationships it has, and how many relationships were skipped (unknown ends)."""

    hash: str
    entities: int
    relationships: int
    skipped: int


DIGESTS = "neo4j digests"  # kg.derived view: dataset -> Digest, kept with the cached graph


def _digest(kg, dataset: str, nodes: dict, edges: dict, skipped: int) -> Digest:
    """The Digest of these rows, remembered with the graph (and its cache) for the next
    push, which can then compare it with the database before making any row."""
    digest = Digest(content_hash(nodes, edges), len(nodes), len(edges), skipped)
    digests = kg.derived.get(DIGESTS, dict)
    digests[dataset] = digest
    if kg.derived.store:
        kg.derived.store.save(DIGESTS, digests)
    return digest


def _unchanged(tx, dataset: str, digest: Digest) -> bool:
    """The database holds `dataset` exactly as last pushed, that push was of rows with
    this digest, and it finished: nothing to write."""
    state = tx.run(READ_DIGEST, dataset=dataset).single()
    return (not state["interrupted"] and state["hash"] == digest.hash
            and state["entities"] == state["entity_count"] == digest.entities
            and state["relationships"] == state["relationship_count"] == digest.relationships)


def _unchanged_counts(digest: Digest) -> dict[str, int]:
    """SyncPlan.counts() of a push that finds every row unchanged."""
    counts = {name: 0 for name in SyncPlan("").counts()}
    counts.update(unchanged_nodes=digest.entities, unchanged_edges=digest.relationships)
    return counts


@dataclass
class _Push:
    """One push under way: the wanted rows, how to write them, and progress so far."""

    dataset: str
    nodes: dict
    edges: dict
    digest: Digest
    batch_size: int
    transaction_rows: int
    progress: Progress
    done: int = 0
    total: int = 0
    eids: dict = dataclasses.field(default_factory=dict)  # entity id -> element id

    def plan_and_maybe_write(self, tx, dry_run: bool) -> tuple[SyncPlan, bool, bool]:
        """Plan; write it all in this transaction when it is small enough.
        Returns (plan, an interrupted push was found, written)."""
        db_nodes, db_edges, interrupted = _read_state(tx, self.dataset)
        plan = plan_sync(self.dataset, self.nodes, self.edges, db_nodes, db_edges)
        self.total = plan.rows
        self.eids = dict(plan.node_eids)
        if dry_run or plan.rows > self.transaction_rows:
            return plan, interrupted, False
        self.write(tx, self.batches(plan))
        if interrupted:
            tx.run(CLEAR_MARKER, dataset=self.dataset).consume()
        self.record_digest(tx)
        return plan, interrupted, True

    def record_digest(self, tx) -> None:
        tx.run(SET_DIGEST, dataset=self.dataset, hash=self.digest.hash,
               entities=self.digest.entities,
               relationships=self.digest.relationships).consume()

    def batches(self, plan: SyncPlan) -> list[tuple[str, list[dict], str]]:
        size = self.batch_size
        return [(query, rows[i:i + size], step) for query, rows, step in _statements(plan)
                for i in range(0, len(rows), size)]

    def chunks(self, plan: SyncPlan) -> list[list[list[tuple[str, list[dict], str]]]]:
        """For each of PHASES, its batches grouped into transactions of at most
        `transaction_rows` rows."""
        batches = self.batches(plan)
        phases = []
        for steps in PHASES:
            chunks, size = [[]], 0
            for batch in (b for b in batches if b[2] in steps):
                if chunks[-1] and size + len(batch[1]) > self.transaction_rows:
                    chunks.append([])
                    size = 0
                chunks[-1].append(batch)
                size += len(batch[1])
            phases.append([chunk for chunk in chunks if chunk])
        return phases

    def write(self, tx, batches, count: bool = True) -> None:
        """Run `batches` in `tx`; with `count`, report progress batch by batch (the
        count starts again if the driver retries the transaction)."""
        if count:
            self.done = 0
            self.progress(self.done, self.total)
        for query, batch, step in batches:
            if step == NEW_EDGES:  # the ends were created or read back before
                batch = [{"a": self.eids[row["s"]], "b": self.eids[row["o"]], "s": row["s"],
                          "o": row["o"], "props": row["props"]} for row in batch]
            result = tx.run(query, rows=batch, dataset=self.dataset)
            if step == NEW_NODES:
                self.eids.update(result.single(strict=True)["eids"])
            else:
                result.consume()
            if count:
                self.done += len(batch)
                self.progress(self.done, self.total)


def _write_in_chunks(driver, database: str | None, push: _Push, plan: SyncPlan,
                     writers: int) -> int:
    """Commit the plan in several transactions, marked as under way until the last one.

    Deletions first, then entities, then relationships; within each of these phases
    `writers` sessions commit chunks side by side (a relationship's ends exist before
    it is written). Interrupted, it leaves the marker; the next push sees it, plans
    from what was committed and finishes the job (the result is exactly the new state).
    Returns the number of transactions."""
    with driver.session(database=database) as session:
        session.execute_write(lambda tx: tx.run(SET_MARKER, dataset=push.dataset,
                                                rows=plan.rows).consume())
    phases = push.chunks(plan)
    lock = threading.Lock()

    def commit(chunk) -> None:
        with driver.session(database=database) as session:
            session.execute_write(push.write, chunk, count=False)
        with lock:
            push.done += sum(len(rows) for _, rows, _ in chunk)
            push.progress(push.done, push.total)

    with ThreadPoolExecutor(max_workers=max(1, writers)) as pool:
        for chunks in phases:
            futures = [pool.submit(commit, chunk) for chunk in chunks]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()
                raise

    def finish(tx) -> None:
        tx.run(CLEAR_MARKER, dataset=push.dataset).consume()
        push.record_digest(tx)

    with driver.session(database=database) as session:
        session.execute_write(finish)
    return sum(len(chunks) for chunks in phases) + 2


def push_graph(kg, target: Neo4jTarget, dataset: str | None = None, *,
               batch_size: int = 5000, transaction_rows: int = 20_000, writers: int = 1,
               dry_run: bool = False, progress: Progress | None = None) -> PushReport:
    """Make the database's copy of `dataset` equal to `kg`.

    Up to `transaction_rows` changed rows are written in one transaction (all or
    nothing); a larger change is committed in transactions of that size under a
    `SendkgPushInProgress` marker, and a push that fails part-way is finished by the
    next push. Bigger transactions need more server memory (about 2.5 kB a row).
    A chunked push commits up to `writers` transactions at once (entities first, then
    relationships). Returns a PushReport; raises ServerError when the server cannot be
    reached or refuses a statement."""
    dataset = dataset or kg.name
    known = kg.derived.get(DIGESTS, dict).get(dataset)
    began = time.perf_counter()
    driver = open_driver(target)
    try:
        with driver.session(database=target.database) as session:
            def unchanged(digest: Digest) -> PushReport | None:
                if not session.execute_read(_unchanged, dataset, digest):
                    return None
                return PushReport(dataset, dry_run, _unchanged_counts(digest), [],
                                  digest.skipped, time.perf_counter() - began)

            # The digest kept with the graph answers an unchanged push without any row
            report = known and unchanged(known)
            if report:
                return report
            nodes = node_rows(kg, dataset)
            edges, skipped = edge_rows(kg, dataset, nodes)
            digest = _digest(kg, dataset, nodes, edges, skipped)
            report = digest != known and unchanged(digest)
            if report:
                return report
            push = _Push(dataset, nodes, edges, digest, max(1, batch_size),
                         max(1, transaction_rows), progress or (lambda done, total: None))
            if not dry_run:
                _create_schema(session, [CONSTRAINT])
            work = session.execute_read if dry_run else session.execute_write
            plan, resumed, written = work(push.plan_and_maybe_write, dry_run)
            transactions = 1
            if not (dry_run or written):
                transactions += _write_in_chunks(driver, target.database, push, plan, writers)
            if not dry_run:
                _create_schema(session, INDEXES)
    except SendkgError:
        raise
    except Exception as error:
        if "ConstraintValidationFailed" in str(getattr(error, "code", "")):
            raise _pushed_at_once(target, dataset) from error
        raise server_error(target, error) from error
    finally:
        driver.close()
    return PushReport(dataset, dry_run, plan.counts(), plan.changes(), skipped,
                      time.perf_counter() - began, transactions, resumed)


def _create_schema(session, statements: Iterable[str]) -> None:
    for statement in statements:
        session.run(statement).consume()
    session.run("CALL db.awaitIndexes(300)").consume()
