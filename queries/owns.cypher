// owns: everything a person, post, organisation or board is responsible for, owns,
// chairs, funds, commissions or is a member of; a person also through the posts they
// hold (`through`). `plans` lists the plans each item belongs to (itself for a plan).
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the agent's sendkg id: the agent is found through the index of the (dataset, id)
// uniqueness constraint, and nothing of another dataset is reached from it.
MATCH (x:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX x:SendkgEntity(dataset, id)
OPTIONAL MATCH (x)-[:holds]->(post:Post)
WITH x, [x] + collect(post) AS agents
UNWIND agents AS agent
MATCH (agent)-[r:responsible|ownedBy|chairedBy|fundedBy|commissionedBy|memberOf]-(item)
WHERE (type(r) = 'memberOf' AND startNode(r) = agent)
   OR (type(r) <> 'memberOf' AND endNode(r) = agent)
OPTIONAL MATCH (plan:Plan)-[:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy*0..]->(item)
WHERE type(r) <> 'memberOf'
RETURN startNode(r).id AS s, type(r) AS p, endNode(r).id AS o, item.id AS item,
       item.type AS type, item.label AS label,
       CASE WHEN agent = x THEN null ELSE agent.id END AS through,
       r.role AS role, r.amount AS amount, r.period AS period, r.mechanism AS mechanism,
       r.uncertain AS uncertain, r.note AS note, r.sources AS sources,
       collect(DISTINCT plan.id) AS plans
ORDER BY through, p, item
