// name: strikes
// title: Who strikes whom
// description: Perpetrator -> target pairs with the statements, the distinct events, their kinds and places, first and last date and the casualties of those events.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'pair:STRIKES:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x.src AS src, x.dst AS dst, x.n[v] AS statements, x.articles[v] AS articles, x.first[v] AS first,
     x.last[v] AS last, CASE v WHEN 0 THEN x.events0 WHEN 1 THEN x.events1 WHEN 2 THEN x.events2 ELSE x.events3 END
     AS event_ids, x.example[v] AS example_id
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
       kinds, places, CASE WHEN first = '' THEN null ELSE first END AS first,
       CASE WHEN last = '' THEN null ELSE last END AS last, killed, injured, ex.sentence AS example
ORDER BY statements DESC, perpetrator, target;
