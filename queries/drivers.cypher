// drivers: the legislation and statutory guidance driving an item: its own drivenBy
// relationships and, inherited, those of every container above it.
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the item's sendkg id: the item is found through the index of the (dataset, id)
// uniqueness constraint, and nothing of another dataset is reached from it. One row per
// relationship; `via` is null when direct, else the container it is inherited from
// (`distance` steps up); a container's relationship that the item restates itself is
// left out.
MATCH (item:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX item:SendkgEntity(dataset, id)
MATCH path = (container)-[:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy*0..]->(item)
WITH item, container, min(length(path)) AS distance
MATCH (container)-[r:drivenBy]->(law:Legislation)
WHERE (container = item OR NOT EXISTS { MATCH (item)-[again]->(law) WHERE type(again) = type(r) })
RETURN container.id AS s, type(r) AS p, law.id AS o, law.label AS label, law.kind AS kind,
       law.legislationUri AS legislationUri, r.section AS section,
       r.uncertain AS uncertain, r.note AS note, r.sources AS sources,
       CASE WHEN container = item THEN null ELSE container.id END AS via, distance
ORDER BY distance, s, o
