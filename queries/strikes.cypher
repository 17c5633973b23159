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
WITH x, v, x.n[v] AS statements, x.src AS src, x.dst AS dst
ORDER BY statements DESC, src, dst
LIMIT $limit
WITH src, dst, statements, x.articles[v] AS articles, x.first[v] AS first, x.last[v] AS last,
     x.example[v] AS example_id, CASE v WHEN 0 THEN x.nevents0 WHEN 1 THEN x.nevents1 WHEN 2 THEN x.nevents2 WHEN 3 THEN x.nevents3 END AS events,
     CASE v WHEN 0 THEN x.kinds0 WHEN 1 THEN x.kinds1 WHEN 2 THEN x.kinds2 WHEN 3 THEN x.kinds3 END AS kinds,
     CASE v WHEN 0 THEN x.places0 WHEN 1 THEN x.places1 WHEN 2 THEN x.places2 WHEN 3 THEN x.places3 END AS places,
     CASE v WHEN 0 THEN x.killed0 WHEN 1 THEN x.killed1 WHEN 2 THEN x.killed2 WHEN 3 THEN x.killed3 END AS killed,
     CASE v WHEN 0 THEN x.injured0 WHEN 1 THEN x.injured1 WHEN 2 THEN x.injured2 WHEN 3 THEN x.injured3 END AS injured
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:STRIKES {id: example_id}]->()
RETURN coalesce(sa.name, src) AS perpetrator, coalesce(ta.name, dst) AS target, statements, articles, events,
       kinds, places, CASE WHEN first = '' THEN null ELSE first END AS first,
       CASE WHEN last = '' THEN null ELSE last END AS last, killed, injured, ex.sentence AS example
ORDER BY statements DESC, perpetrator, target;
