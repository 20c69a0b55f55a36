// impact: every relationship through which something depends on a node (an Act, body,
// person, post or organisation). The node and the posts or sub-organisations standing
// in for it are agents; what names an agent as responsible, owner, funder,
// commissioner, chair, driver, monitoring or parent body is affected; a body reached
// through reporting or a law takes with it what reports through it; affected plans,
// aims, objectives and deliverables take what they contain. Depths and reasons are
// computed from these rows (as sendkg.queries.impact does).
// Parameters: $dataset, the dataset's name as pushed (sendkg push --dataset), and $id,
// the node's sendkg id: the node is found through the index of the (dataset, id)
// uniqueness constraint, and nothing of another dataset is reached from it. Needs
// Neo4j 5.9+ (quantified paths).
MATCH (x:SendkgEntity {dataset: $dataset, id: $id}) USING INDEX x:SendkgEntity(dataset, id)
MATCH (x) ((a)-[stand]-(b)
        WHERE (type(stand) = 'holds' AND startNode(stand) = a)
           OR (type(stand) IN ['postIn', 'subOrganisationOf'] AND endNode(stand) = a))* (agent)
WITH DISTINCT x, agent
OPTIONAL MATCH (agent)-[dep]-(dependent)
WHERE (type(dep) = 'holds' AND startNode(dep) = agent)
   OR (type(dep) IN ['postIn', 'subOrganisationOf', 'responsible', 'ownedBy', 'fundedBy',
                     'commissionedBy', 'chairedBy', 'drivenBy', 'memberOf', 'monitoredBy',
                     'reportsTo', 'subGroupOf'] AND endNode(dep) = agent)
WITH x, collect(DISTINCT dep) AS first, collect(DISTINCT dependent) AS dependents,
     collect(DISTINCT CASE WHEN type(dep) IN ['monitoredBy', 'reportsTo', 'subGroupOf',
                                               'drivenBy'] THEN dependent END) AS bodies
UNWIND CASE WHEN size(bodies) = 0 THEN [null] ELSE bodies END AS body
OPTIONAL MATCH (body)<-[:monitoredBy|reportsTo|subGroupOf*0..]-(reached)
               <-[through:monitoredBy|reportsTo|subGroupOf]-(reporter)
WITH x, first, dependents, collect(DISTINCT through) AS throughs,
     collect(DISTINCT reporter) AS reporters
UNWIND [x] + dependents + reporters AS top
OPTIONAL MATCH (top)-[:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy*0..]->(parent)
               -[part:hasAim|hasObjective|hasDeliverable|hasAction|hasOutcome|measuredBy]->()
WITH first, throughs, collect(DISTINCT part) AS parts
UNWIND first + throughs + parts AS r
WITH DISTINCT r
RETURN startNode(r).id AS s, type(r) AS p, endNode(r).id AS o, r.role AS role,
       r.frequency AS frequency, r.reports AS reports, r.section AS section,
       r.amount AS amount, r.period AS period, r.mechanism AS mechanism,
       r.uncertain AS uncertain, r.note AS note, r.sources AS sources
ORDER BY s, p, o
