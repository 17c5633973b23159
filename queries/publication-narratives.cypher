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
MATCH (s:Actor)-[r:ACCUSES]->(t:Actor)
WHERE ($publication = '' OR r.publication IN wanted)
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH r.publication AS pub, CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, r
WITH pub, src, dst, count(r) AS statements, count(DISTINCT r.article) AS articles, min(r.date) AS first,
     max(r.date) AS last
ORDER BY statements DESC, pub, src, dst
LIMIT $limit
OPTIONAL MATCH (p:Publication {id: pub})
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
RETURN coalesce(p.name, pub) AS publication, coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused,
       statements, articles, first, last
ORDER BY publication, accuser, statements DESC, accused;
