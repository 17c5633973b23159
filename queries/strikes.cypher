// name: strikes
// title: Who strikes whom
// description: Perpetrator -> target pairs with the statements, the distinct events, their kinds and places, first and last date and the casualties of those events.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (s:Actor)-[r:STRIKES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, r
WITH src, dst, count(r) AS statements, count(DISTINCT r.article) AS articles, min(r.date) AS first,
     max(r.date) AS last, collect(DISTINCT r.event) AS event_ids, min(r.id) AS example_id
ORDER BY statements DESC, src, dst
LIMIT $limit
UNWIND CASE WHEN size(event_ids) = 0 THEN [null] ELSE event_ids END AS event_id
OPTIONAL MATCH (e:Event {id: event_id})
OPTIONAL MATCH (e)-[:IN]->(l:Location)
WITH src, dst, statements, articles, first, last, example_id, e, collect(l.name)[0] AS place
WITH src, dst, statements, articles, first, last, example_id, count(e) AS events,
     collect(DISTINCT e.kind) AS kinds, collect(DISTINCT place) AS places,
     collect(e.killed) AS killed_each, collect(e.injured) AS injured_each
WITH src, dst, statements, articles, first, last, example_id, events, kinds, places,
     reduce(n = 0, k IN killed_each | n + k) AS killed, reduce(n = 0, k IN injured_each | n + k) AS injured
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:STRIKES {id: example_id}]->()
RETURN coalesce(sa.name, src) AS perpetrator, coalesce(ta.name, dst) AS target, statements, articles, events,
       kinds, places, first, last, killed, injured, ex.sentence AS example
ORDER BY statements DESC, perpetrator, target;
