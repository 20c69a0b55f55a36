// owner: who is responsible for an item (plan, aim, objective, deliverable, action,
// outcome, indicator or board): its own responsible and ownedBy relationships and,
// inherited, those of every container above it (action <- objective <- aim <- plan).
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the item's sendkg id: the item is found through the index of the (dataset, id)
// uniqueness constraint, and nothing of another dataset is reached from it. One row per
// relationship; `via` is null when direct, else the container it is inherited from
// (`distance` steps up); a container's relationship that the item restates itself is
// left out.
MATCH (item:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX item:SendkgEntity(dataset, id)
MATCH path = (container)-[:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy*0..]->(item)
WITH item, container, min(length(path)) AS distance
MATCH (container)-[r:responsible|ownedBy]->(owner)
WHERE (container = item OR NOT EXISTS { MATCH (item)-[again]->(owner) WHERE type(again) = type(r) })
OPTIONAL MATCH (holder:Person)-[:holds]->(owner)
OPTIONAL MATCH (owner)-[:holds]->(post:Post)
RETURN container.id AS s, type(r) AS p, owner.id AS o, owner.type AS type,
       owner.label AS label, r.role AS role, r.uncertain AS uncertain, r.note AS note,
       r.sources AS sources,
       CASE WHEN container = item THEN null ELSE container.id END AS via, distance,
       collect(DISTINCT holder.id) AS holders, collect(DISTINCT post.id) AS posts
ORDER BY distance, s, p, o
