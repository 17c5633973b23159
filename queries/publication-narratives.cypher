// name: publication-narratives
// title: Accusations each publication carries
// description: Per publication and accuser, whom the accuser accuses in that publication's articles: statements, articles, first and last date.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: publication = ""  only this publication (id or name); empty = all
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 100  most rows returned
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH collect(wanted.id) AS wanted
UNWIND CASE WHEN $publication = '' THEN [null] ELSE wanted END AS want
MATCH (x:Tally {family: 'pub:ACCUSES:' + $level})
WHERE want IS NULL OR x.pub = want
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x, x.n[v] AS statements, x.pub AS pub, x.src AS src, x.dst AS dst
ORDER BY statements DESC, pub, src, dst
LIMIT $limit
WITH collect(x) AS top, min(statements) AS floor
// keys of a single statement (most of them) are kept apart: read only when the others leave room for them
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH top, floor, collect(wanted.id) AS wanted
OPTIONAL MATCH (y:Tally {family: CASE WHEN size(top) < $limit OR floor < 2
                                 THEN 'pub:ACCUSES:' + $level + ':1' ELSE '' END})
WHERE $publication = '' OR y.pub IN wanted
WITH top, collect(y) AS singles
UNWIND top + singles AS x
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x, v, x.n[v] AS statements, x.pub AS pub, x.src AS src, x.dst AS dst
ORDER BY statements DESC, pub, src, dst
LIMIT $limit
OPTIONAL MATCH (p:Publication {id: pub})
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
RETURN coalesce(p.name, pub) AS publication, coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused,
       statements, x.articles[v] AS articles, CASE WHEN x.first[v] = '' THEN null ELSE x.first[v] END AS first,
       CASE WHEN x.last[v] = '' THEN null ELSE x.last[v] END AS last
ORDER BY publication, accuser, statements DESC, accused;
