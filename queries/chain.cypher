// chain: every relationship on the way up from an item: its containers (an action's
// objective, an objective's plan), the bodies monitoring them (monitoredBy), then
// reportsTo and subGroupOf to the top; plus each body's chair and who holds a chair
// post. The tree, its tops and loop findings are built from these rows (as
// sendkg.queries.accountability does); trail semantics stop the walk at loops.
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the starting node's sendkg id: the start is found through the index of the
// (dataset, id) uniqueness constraint, and nothing of another dataset is reached from
// it. Needs Neo4j 5.9+ (quantified paths).
MATCH (start:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX start:SendkgEntity(dataset, id)
MATCH (start) ((a)-[step]-(b)
        WHERE (type(step) IN ['monitoredBy', 'reportsTo', 'subGroupOf'] AND startNode(step) = a)
           OR (type(step) IN ['hasAim', 'hasObjective', 'hasDeliverable', 'hasAction',
                              'hasOutcome', 'measuredBy'] AND endNode(step) = a))* (node)
WITH DISTINCT node
OPTIONAL MATCH (node)-[up:monitoredBy|reportsTo|subGroupOf|chairedBy]->()
OPTIONAL MATCH ()-[part:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy]->(node)
OPTIONAL MATCH (node)-[:chairedBy]->(:Post)<-[held:holds]-()
WITH collect(up) + collect(part) + collect(held) AS found
UNWIND found AS r
WITH DISTINCT r
RETURN startNode(r).id AS s, type(r) AS p, endNode(r).id AS o,
       r.frequency AS frequency, r.reports AS reports, r.role AS role,
       r.uncertain AS uncertain, r.note AS note, r.sources AS sources
ORDER BY s, p, o
