// name: actor-profile
// title: Actor profile
// description: Everything about one actor, article by article: whom it accuses, denies, strikes, who accuses, denies or strikes it, and which articles cite it.
// param: actor  (required) the actor's id or name (case-insensitive), e.g. russia or "United States"
// param: level = "entity"  (entity|state) state also takes in every actor that rolls up to it (ministers, forces...)
// param: include_negated = false  also list negated statements
// param: include_hypothetical = false  also list hypothetical statements
// param: limit = 100  most rows returned
MATCH (x:Actor)
WHERE x.id = $actor OR toLower(x.name) = toLower($actor)
WITH DISTINCT CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END AS key
MATCH (m:Actor)
WHERE m.id = key OR ($level = 'state' AND m.rollup = key)
MATCH (m)-[r:ACCUSES|DENIES|STRIKES|CITES]-(o)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH m, r, o, r.date AS day, r.article AS art, r.start AS pos, r.id AS rid, m.id AS mid
ORDER BY day, art, pos, rid, mid
LIMIT $limit
WITH m, r, o, day, art, pos, rid, type(r) + CASE WHEN startNode(r) = m THEN '>' ELSE '<' END AS dir
OPTIONAL MATCH (a:Article {id: r.article})
OPTIONAL MATCH (p:Publication {id: r.publication})
RETURN r.date AS date, coalesce(a.title, a.source, r.article) AS article, p.name AS publication, m.name AS actor,
       CASE dir WHEN 'ACCUSES>' THEN 'accuses' WHEN 'ACCUSES<' THEN 'accused by' WHEN 'DENIES>' THEN 'denies'
         WHEN 'DENIES<' THEN 'denied by' WHEN 'STRIKES>' THEN 'strikes' WHEN 'STRIKES<' THEN 'struck by'
         ELSE 'cited by' END AS relation,
       CASE type(r) WHEN 'CITES' THEN '(the article)' ELSE o.name END AS other, r.sentence AS sentence
ORDER BY date, art, pos, rid, actor;
