// name: denials
// title: Who denies whose claims
// description: Denier -> accuser pairs (the target of a denial is whoever made the claim), how many denials name the claim they answer, and that claim's sentence when threaded.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (s:Actor)-[d:DENIES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(d.negated, false))
  AND ($include_hypothetical OR NOT coalesce(d.hypothetical, false))
WITH CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, d
WITH src, dst, count(d) AS denials, count(d.answers) AS threaded, count(DISTINCT d.article) AS articles,
     min(d.date) AS first, max(d.date) AS last,
     coalesce(min(CASE WHEN d.answers IS NOT NULL THEN d.id END), min(d.id)) AS example_id
ORDER BY denials DESC, src, dst
LIMIT $limit
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:DENIES {id: example_id}]->()
WITH src, dst, sa, ta, denials, threaded, articles, first, last, ex
OPTIONAL MATCH ()-[ca:ACCUSES {id: ex.answers}]->()
OPTIONAL MATCH ()-[cs:STRIKES {id: ex.answers}]->()
RETURN coalesce(sa.name, src) AS denier, coalesce(ta.name, dst) AS accuser, denials, threaded, articles, first, last,
       ex.sentence AS denial, coalesce(ca.sentence, cs.sentence) AS claim
ORDER BY denials DESC, denier, accuser;
