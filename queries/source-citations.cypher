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
UNWIND CASE WHEN $publication = '' THEN [null] ELSE wanted END AS want
MATCH (x:Tally {family: 'cites:' + $level})
WHERE want IS NULL OR x.pub = want
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x, x.n[v] AS citations, x.articles[v] AS articles, x.pub AS pub, x.src AS src
ORDER BY citations DESC, articles DESC, pub, src
LIMIT $limit
WITH collect(x) AS top, min(citations) AS floor
// keys of a single citation (half of them) are kept apart: read only when the others leave room for them
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH top, floor, collect(wanted.id) AS wanted
OPTIONAL MATCH (y:Tally {family: CASE WHEN size(top) < $limit OR floor < 2
                                 THEN 'cites:' + $level + ':1' ELSE '' END})
WHERE $publication = '' OR y.pub IN wanted
WITH top, collect(y) AS singles
UNWIND top + singles AS x
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x.n[v] AS citations, x.articles[v] AS articles, x.pub AS pub, x.src AS src
ORDER BY citations DESC, articles DESC, pub, src
LIMIT $limit
OPTIONAL MATCH (p:Publication {id: pub})
OPTIONAL MATCH (a:Actor {id: src})
RETURN coalesce(p.name, pub) AS publication, coalesce(a.name, src) AS source, a.kind AS kind, citations, articles
ORDER BY publication, citations DESC, source;
