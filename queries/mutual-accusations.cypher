// name: mutual-accusations
// title: Mutual accusations
// description: Pairs of actors that accuse each other, with the statements each way, articles, first and last date and an example sentence each way.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'mutual:ACCUSES:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WITH x, v, x.total[v] AS statements
WHERE statements > 0
WITH x, v, statements, x.a AS a, x.b AS b
ORDER BY statements DESC, a, b
LIMIT $limit
WITH a, b, x.ab[v] AS a_to_b, x.ba[v] AS b_to_a, statements, x.articles[v] AS articles, x.first[v] AS first,
     x.last[v] AS last, x.aex[v] AS a_example, x.bex[v] AS b_example
OPTIONAL MATCH (aa:Actor {id: a})
OPTIONAL MATCH (ba:Actor {id: b})
OPTIONAL MATCH ()-[ax:ACCUSES {id: a_example}]->()
OPTIONAL MATCH ()-[bx:ACCUSES {id: b_example}]->()
RETURN coalesce(aa.name, a) AS actor_a, coalesce(ba.name, b) AS actor_b, a_to_b, b_to_a, statements, articles,
       CASE WHEN first = '' THEN null ELSE first END AS first, CASE WHEN last = '' THEN null ELSE last END AS last,
       ax.sentence AS a_says, bx.sentence AS b_says
ORDER BY statements DESC, actor_a, actor_b;
