// name: accusations
// title: Who accuses whom
// description: Accuser -> accused pairs with the number of statements, articles and publications, first and last date and an example sentence (of the statement with the smallest id).
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements ("X did not accuse Y")
// param: include_hypothetical = false  also count hypothetical statements ("X may accuse Y")
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'pair:ACCUSES:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x, v, x.n[v] AS statements, x.articles[v] AS articles, x.src AS src, x.dst AS dst
ORDER BY statements DESC, articles DESC, src, dst
LIMIT $limit
WITH src, dst, statements, articles, x.pubs[v] AS publications, x.first[v] AS first, x.last[v] AS last,
     x.example[v] AS example_id
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:ACCUSES {id: example_id}]->()
RETURN coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused, statements, articles, publications,
       CASE WHEN first = '' THEN null ELSE first END AS first, CASE WHEN last = '' THEN null ELSE last END AS last,
       ex.sentence AS example
ORDER BY statements DESC, articles DESC, accuser, accused;
