// funders: who funds or commissions an item: its own fundedBy/commissionedBy
// relationships and, inherited, those of every container above it, with amount,
// period and mechanism (such as a section 75 pooled budget).
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the item's sendkg id: the item is found through the index of the (dataset, id)
// uniqueness constraint, and nothing of another dataset is reached from it. One row per
// relationship; `via` is null when direct, else the container it is inherited from
// (`distance` steps up); a container's relationship that the item restates itself is
// left out.
MATCH (item:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX item:SendkgEntity(dataset, id)
MATCH path = (container)-[:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy*0..]->(item)
WITH item, container, min(length(path)) AS distance
MATCH (container)-[r:fundedBy|commissionedBy]->(funder)
WHERE (container = item OR NOT EXISTS { MATCH (item)-[again]->(funder) WHERE type(again) = type(r) })
RETURN container.id AS s, type(r) AS p, funder.id AS o, funder.label AS label,
       r.amount AS amount, r.period AS period, r.mechanism AS mechanism, r.role AS role,
       r.uncertain AS uncertain, r.note AS note, r.sources AS sources,
       CASE WHEN container = item THEN null ELSE container.id END AS via, distance
ORDER BY distance, s, p, o
