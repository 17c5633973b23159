// name: denials
// title: Who denies whose claims
// description: Denier -> accuser pairs (the target of a denial is whoever made the claim), how many denials name the claim they answer, and that claim's sentence when threaded.
// param: level = "entity"  (entity|state) state folds every actor into its top-level actor (rollup)
// param: include_negated = false  also count negated statements
// param: include_hypothetical = false  also count hypothetical statements
// param: limit = 50  most rows returned
MATCH (x:Tally {family: 'pair:DENIES:' + $level})
WITH x, CASE WHEN $include_negated THEN 1 ELSE 0 END + CASE WHEN $include_hypothetical THEN 2 ELSE 0 END AS v
WHERE x.n[v] > 0
WITH x, v, x.n[v] AS denials, x.src AS src, x.dst AS dst
ORDER BY denials DESC, src, dst
LIMIT $limit
WITH src, dst, denials, x.threaded[v] AS threaded, x.articles[v] AS articles, x.first[v] AS first,
     x.last[v] AS last, CASE WHEN x.texample[v] = '' THEN x.example[v] ELSE x.texample[v] END AS example_id
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:DENIES {id: example_id}]->()
WITH src, dst, sa, ta, denials, threaded, articles, first, last, ex
OPTIONAL MATCH ()-[ca:ACCUSES {id: ex.answers}]->()
OPTIONAL MATCH ()-[cs:STRIKES {id: ex.answers}]->()
RETURN coalesce(sa.name, src) AS denier, coalesce(ta.name, dst) AS accuser, denials, threaded, articles,
       CASE WHEN first = '' THEN null ELSE first END AS first, CASE WHEN last = '' THEN null ELSE last END AS last,
       ex.sentence AS denial, coalesce(ca.sentence, cs.sentence) AS claim
ORDER BY denials DESC, denier, accuser;
