// name: contested-events
// title: Contested events
// description: Events whose perpetrator is told differently by different sources: one row per event and version, with the publications that tell it.
// param: level = "entity"  (entity|state) state folds every perpetrator into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most events returned
MATCH (x:Tally {family: 'event:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.perps[v] > 1
WITH x.event AS event_id, x.perps[v] AS version_count
ORDER BY version_count DESC, event_id
LIMIT $limit
MATCH ()-[r:STRIKES {event: event_id}]->()
WITH event_id, version_count, r, startNode(r) AS s, endNode(r) AS t
WHERE s:Actor AND t:Actor
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH event_id, version_count, CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS perp, r
WITH event_id, version_count, perp, count(r) AS statements, count(DISTINCT r.article) AS articles,
     collect(DISTINCT r.publication) AS pubs, min(r.id) AS example_id
WITH event_id, version_count,
     collect({perp: perp, statements: statements, articles: articles, pubs: pubs, example_id: example_id}) AS versions
MATCH (e:Event {id: event_id})
OPTIONAL MATCH (e)-[:IN]->(l:Location)
WITH e, collect(l.name)[0] AS place, versions, version_count
UNWIND versions AS v
OPTIONAL MATCH (pa:Actor {id: v.perp})
OPTIONAL MATCH ()-[ex:STRIKES {id: v.example_id}]->()
UNWIND CASE WHEN size(v.pubs) = 0 THEN [null] ELSE v.pubs END AS pub
OPTIONAL MATCH (p:Publication {id: pub})
WITH e, place, version_count, v, pa, ex, coalesce(p.name, pub) AS teller
ORDER BY teller
WITH e.id AS eid, e.kind AS event, e.date AS date, place, version_count, v,
     coalesce(pa.name, v.perp) AS perpetrator, ex.sentence AS example, collect(teller) AS told_by
RETURN event, date, place, version_count AS versions, perpetrator, v.statements AS statements,
       v.articles AS articles, told_by, example
ORDER BY versions DESC, date, event, place, eid, perpetrator;
