// name: accused-and-denied
// title: Accusations met by a denial
// description: Accuser -> accused pairs where the accused also denies the accuser's claims: accusations, denials, threaded denials, first dates and an example of each.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (x:Actor)-[r:ACCUSES|DENIES]->(y:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH type(r) = 'ACCUSES' AS accusation, r,
     CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END AS xk,
     CASE $level WHEN 'state' THEN coalesce(y.rollup, y.id) ELSE y.id END AS yk
WITH CASE WHEN accusation THEN xk ELSE yk END AS src, CASE WHEN accusation THEN yk ELSE xk END AS dst,
     accusation, r
WITH src, dst, count(CASE WHEN accusation THEN 1 END) AS accusations,
     count(CASE WHEN NOT accusation THEN 1 END) AS denials,
     count(CASE WHEN NOT accusation THEN r.answers END) AS threaded,
     min(CASE WHEN accusation THEN r.date END) AS first_accused,
     min(CASE WHEN NOT accusation THEN r.date END) AS first_denied,
     min(CASE WHEN accusation THEN r.id END) AS accusation_id, min(CASE WHEN NOT accusation THEN r.id END) AS denial_id
WHERE accusations > 0 AND denials > 0
WITH *, accusations + denials AS total
ORDER BY total DESC, src, dst
LIMIT $limit
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ax:ACCUSES {id: accusation_id}]->()
OPTIONAL MATCH ()-[dx:DENIES {id: denial_id}]->()
RETURN coalesce(sa.name, src) AS accuser, coalesce(ta.name, dst) AS accused, accusations, denials, threaded,
       first_accused, first_denied, ax.sentence AS accusation_example, dx.sentence AS denial_example
ORDER BY total DESC, accuser, accused;
