// name: source-citations
// title: Sources cited by each publication
// description: Publication -> cited source with the number of citations and of citing articles.
// param: level = "entity"  (entity|state) state folds every source into its top-level actor (rollup)
// param: publication = ""  only this publication (id or name); empty = all
// param: include_negated = false  also count negated attributions
// param: include_hypothetical = false  also count hypothetical attributions
// param: limit = 50  most rows returned
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH collect(wanted.id) AS wanted
MATCH (:Article)-[c:CITES]->(x:Actor)
WHERE ($publication = '' OR c.publication IN wanted)
  AND ($include_negated OR NOT coalesce(c.negated, false))
  AND ($include_hypothetical OR NOT coalesce(c.hypothetical, false))
WITH c.publication AS pub, CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END AS src, c
WITH pub, src, count(c) AS citations, count(DISTINCT c.article) AS articles
ORDER BY citations DESC, articles DESC, pub, src
LIMIT $limit
OPTIONAL MATCH (p:Publication {id: pub})
OPTIONAL MATCH (a:Actor {id: src})
RETURN coalesce(p.name, pub) AS publication, coalesce(a.name, src) AS source, a.kind AS kind, citations, articles
ORDER BY publication, citations DESC, source;
