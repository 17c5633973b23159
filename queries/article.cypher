// name: article
// title: One article's graph
// description: Every statement, citation and event of one article in text order, with its sentence, trigger and flags.
// param: id  (required) the article's id or its source (input file name)
// param: level = "entity"  (entity|state) state shows each actor's top-level actor
// param: include_negated = false  also list negated statements
// param: include_hypothetical = false  also list hypothetical statements
// param: limit = 200  most rows returned per kind of statement
OPTIONAL MATCH (by_id:Article {id: $id})
OPTIONAL MATCH (by_source:Article)
WHERE by_id IS NULL AND by_source.source = $id
WITH coalesce(by_id, by_source).id AS aid
WHERE aid IS NOT NULL
MATCH (s)-[r:ACCUSES {article: aid}]->(t)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN r.start AS start, 'ACCUSES' AS type,
       CASE $level WHEN 'state' THEN coalesce(s.rollup_name, s.name) ELSE s.name END AS source,
       CASE $level WHEN 'state' THEN coalesce(t.rollup_name, t.name) ELSE t.name END AS target,
       r.trigger AS trigger, r.hedged AS hedged, r.negated AS negated, r.hypothetical AS hypothetical,
       r.confidence AS confidence, r.sentence AS sentence
ORDER BY start, source, target, trigger, confidence, negated, hypothetical, hedged, sentence
LIMIT $limit
UNION ALL
OPTIONAL MATCH (by_id:Article {id: $id})
OPTIONAL MATCH (by_source:Article)
WHERE by_id IS NULL AND by_source.source = $id
WITH coalesce(by_id, by_source).id AS aid
WHERE aid IS NOT NULL
MATCH (s)-[r:DENIES {article: aid}]->(t)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN r.start AS start, 'DENIES' AS type,
       CASE $level WHEN 'state' THEN coalesce(s.rollup_name, s.name) ELSE s.name END AS source,
       CASE $level WHEN 'state' THEN coalesce(t.rollup_name, t.name) ELSE t.name END AS target,
       r.trigger AS trigger, r.hedged AS hedged, r.negated AS negated, r.hypothetical AS hypothetical,
       r.confidence AS confidence, r.sentence AS sentence
ORDER BY start, source, target, trigger, confidence, negated, hypothetical, hedged, sentence
LIMIT $limit
UNION ALL
OPTIONAL MATCH (by_id:Article {id: $id})
OPTIONAL MATCH (by_source:Article)
WHERE by_id IS NULL AND by_source.source = $id
WITH coalesce(by_id, by_source).id AS aid
WHERE aid IS NOT NULL
MATCH (s)-[r:STRIKES {article: aid}]->(t)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN r.start AS start, 'STRIKES' AS type,
       CASE $level WHEN 'state' THEN coalesce(s.rollup_name, s.name) ELSE s.name END AS source,
       CASE $level WHEN 'state' THEN coalesce(t.rollup_name, t.name) ELSE t.name END AS target,
       r.trigger AS trigger, r.hedged AS hedged, r.negated AS negated, r.hypothetical AS hypothetical,
       r.confidence AS confidence, r.sentence AS sentence
ORDER BY start, source, target, trigger, confidence, negated, hypothetical, hedged, sentence
LIMIT $limit
UNION ALL
OPTIONAL MATCH (by_id:Article {id: $id})
OPTIONAL MATCH (by_source:Article)
WHERE by_id IS NULL AND by_source.source = $id
WITH coalesce(by_id, by_source) AS a
MATCH (a)-[r:CITES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN r.start AS start, 'CITES' AS type, '(the article)' AS source,
       CASE $level WHEN 'state' THEN coalesce(t.rollup_name, t.name) ELSE t.name END AS target,
       r.trigger AS trigger, r.hedged AS hedged, r.negated AS negated, r.hypothetical AS hypothetical,
       r.confidence AS confidence, r.sentence AS sentence
ORDER BY start, source, target, trigger, confidence, negated, hypothetical, hedged, sentence
LIMIT $limit
UNION ALL
OPTIONAL MATCH (by_id:Article {id: $id})
OPTIONAL MATCH (by_source:Article)
WHERE by_id IS NULL AND by_source.source = $id
WITH coalesce(by_id, by_source) AS a
MATCH (a)-[rep:REPORTS]->(e:Event)
OPTIONAL MATCH (e)-[:IN]->(l:Location)
RETURN null AS start, 'REPORTS' AS type, '(the article)' AS source,
       e.kind + coalesce(' in ' + l.name, '') + coalesce(' on ' + e.date, '') AS target,
       null AS trigger, null AS hedged, null AS negated, null AS hypothetical, null AS confidence,
       rep.sentence AS sentence
ORDER BY target, sentence
LIMIT $limit;
