// name: accused-and-denied
// title: Accusations met by a denial
// description: Accuser -> accused pairs where the accused also denies the accuser's claims: accusations, denials, threaded denials, first dates and an example of each.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'rebuttal:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WITH x, v, x.total[v] AS total
WHERE total > 0
WITH x, v, total, x.src AS src, x.dst AS dst
ORDER BY total DESC, src, dst
LIMIT $limit
WITH src, dst, total, x.acc[v] AS accusations, x.den[v] AS denials, x.threaded[v] AS threaded,
     x.afirst[v] AS first_accused, x.dfirst[v] AS first_denied, x.aex[v] AS accusation_id, x.dex[v] AS denial_id
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ax:ACCUSES {id: accusation_id}]->()
OPTIONAL MATCH ()-[dx:DENIES {id: denial_id}]->()
RETURN coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused, accusations, denials, threaded,
       CASE WHEN first_accused = '' THEN null ELSE first_accused END AS first_accused,
       CASE WHEN first_denied = '' THEN null ELSE first_denied END AS first_denied,
       ax.sentence AS accusation_example, dx.sentence AS denial_example
ORDER BY total DESC, accuser, accused;
