// name: mutual-accusations
// title: Mutual accusations
// description: Pairs of actors that accuse each other, with the statements each way, articles, first and last date and an example sentence each way.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (s:Actor)-[r:ACCUSES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, r
WHERE src <> dst
WITH CASE WHEN src < dst THEN src ELSE dst END AS a, CASE WHEN src < dst THEN dst ELSE src END AS b,
     src < dst AS forward, r
WITH a, b, count(CASE WHEN forward THEN 1 END) AS a_to_b, count(CASE WHEN NOT forward THEN 1 END) AS b_to_a,
     count(DISTINCT r.article) AS articles, min(r.date) AS first, max(r.date) AS last,
     min(CASE WHEN forward THEN r.id END) AS a_example, min(CASE WHEN NOT forward THEN r.id END) AS b_example
WHERE a_to_b > 0 AND b_to_a > 0
WITH a, b, a_to_b, b_to_a, a_to_b + b_to_a AS statements, articles, first, last, a_example, b_example
ORDER BY statements DESC, a, b
LIMIT $limit
OPTIONAL MATCH (aa:Actor {id: a})
OPTIONAL MATCH (ba:Actor {id: b})
OPTIONAL MATCH ()-[ax:ACCUSES {id: a_example}]->()
OPTIONAL MATCH ()-[bx:ACCUSES {id: b_example}]->()
RETURN coalesce(aa.name, a) AS actor_a, coalesce(ba.name, b) AS actor_b, a_to_b, b_to_a, statements, articles,
       first, last, ax.sentence AS a_says, bx.sentence AS b_says
ORDER BY statements DESC, actor_a, actor_b;
