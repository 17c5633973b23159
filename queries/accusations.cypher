// name: accusations
// title: Who accuses whom
// description: Accuser -> accused pairs with the number of statements, articles and publications, first and last date and an example sentence (of the statement with the smallest id).
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements ("X did not accuse Y")
// param: include_hypothetical = false  also count hypothetical statements ("X may accuse Y")
// param: limit = 50  most rows returned
MATCH (s:Actor)-[r:ACCUSES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, r
WITH src, dst, count(r) AS statements, count(DISTINCT r.article) AS articles,
     count(DISTINCT r.publication) AS publications, min(r.date) AS first, max(r.date) AS last,
     min(r.id) AS example_id
ORDER BY statements DESC, articles DESC, src, dst
LIMIT $limit
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:ACCUSES {id: example_id}]->()
RETURN coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused, statements, articles, publications,
       first, last, ex.sentence AS example
ORDER BY statements DESC, articles DESC, accuser, accused;
