// name: actor-profile
// title: Actor profile
// description: Everything about one actor, article by article: whom it accuses, denies, strikes, who accuses, denies or strikes it, and which articles cite it.
// param: actor  (required) the actor's id or name (case-insensitive), e.g. russia or "United States"
// param: level = "entity"  (entity|state) state also takes in every actor that rolls up to it (ministers, forces...)
// param: include_negated = false  also list negated statements
// param: include_hypothetical = false  also list hypothetical statements
// param: limit = 100  most rows returned
// How: a busy actor has far too many statements to sort them all. The earliest days holding 20 x limit
// statements (of anyone; from the day tallies) are read by article, and when they give the actor at least
// `limit` rows those are the first ones (nothing earlier exists). Otherwise, or for an actor with at most
// 100 x limit (at most 10,000) statements, its statements are sorted as they are.
OPTIONAL MATCH (d:Tally {family: 'day'})
WITH d.date AS day, toInteger(sum(d.n[3])) AS n
ORDER BY day
WITH [x IN collect({day: day, n: n}) WHERE x.day IS NOT NULL] AS days
WITH reduce(w = {days: [], n: 0}, x IN days |
       CASE WHEN w.n >= 20 * $limit THEN w ELSE {days: w.days + [x.day], n: w.n + x.n} END).days AS early
MATCH (x:Actor)
WHERE x.id = $actor OR toLower(x.name) = toLower($actor)
WITH early, collect(DISTINCT CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END) AS keys
UNWIND keys + [null] AS key
OPTIONAL MATCH (k:Actor {id: key})
WITH early, keys, k
OPTIONAL MATCH (k)-[r:ACCUSES|DENIES|STRIKES|CITES]-()
WITH early, keys, r
LIMIT 10001
WITH early, keys, count(r) > CASE WHEN $limit < 100 THEN 100 * $limit ELSE 10000 END AS hub
UNWIND CASE WHEN hub THEN early ELSE [] END + [null] AS day
OPTIONAL MATCH (a:Article {date: day})
UNWIND ['ACCUSES', 'DENIES', 'STRIKES', 'CITES'] AS kind
WITH keys, a.id AS aid, kind
OPTIONAL MATCH ()-[r1:ACCUSES {article: CASE kind WHEN 'ACCUSES' THEN aid END}]->()
WITH keys, aid, kind, r1
OPTIONAL MATCH ()-[r2:DENIES {article: CASE kind WHEN 'DENIES' THEN aid END}]->()
WITH keys, aid, kind, r1, r2
OPTIONAL MATCH ()-[r3:STRIKES {article: CASE kind WHEN 'STRIKES' THEN aid END}]->()
WITH keys, aid, kind, r1, r2, r3
OPTIONAL MATCH ()-[r4:CITES {article: CASE kind WHEN 'CITES' THEN aid END}]->()
WITH keys, coalesce(r1, r2, r3, r4) AS r
WITH keys, r, startNode(r) AS s, endNode(r) AS t,
     r IS NOT NULL AND ($include_negated OR NOT coalesce(r.negated, false))
       AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false)) AS admitted
// one row per member end, as many times as the member is found under the keys (like the MATCH below)
WITH keys, [k IN keys WHERE admitted AND s:Actor AND (s.id = k OR ($level = 'state' AND s.rollup = k))
              | {m: s, r: r, o: t, side: '>'}]
         + [k IN keys WHERE admitted AND t:Actor AND (t.id = k OR ($level = 'state' AND t.rollup = k))
              | {m: t, r: r, o: s, side: '<'}] AS hits
UNWIND CASE WHEN size(hits) = 0 THEN [null] ELSE hits END AS hit
WITH keys, collect(hit) AS early_rows
WITH keys, early_rows, size(early_rows) >= $limit AS enough
UNWIND CASE WHEN enough THEN [] ELSE keys END + [null] AS key
OPTIONAL MATCH (m:Actor)
WHERE m.id = key OR ($level = 'state' AND m.rollup = key)
WITH early_rows, enough, m
OPTIONAL MATCH (m)-[r:ACCUSES|DENIES|STRIKES|CITES]-(o)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH early_rows, enough, m, r, o, r.date AS day, r.article AS art, r.start AS pos, r.id AS rid, m.id AS mid
ORDER BY day, art, pos, rid, mid
LIMIT $limit
WITH early_rows, enough,
     collect(CASE WHEN r IS NULL THEN null ELSE {m: m, r: r, o: o, side: CASE WHEN startNode(r) = m THEN '>' ELSE '<' END} END) AS all_rows
UNWIND CASE WHEN enough THEN early_rows ELSE all_rows END AS row
WITH row.m AS m, row.r AS r, row.o AS o, row.side AS side
WITH m, r, o, side, r.date AS day, r.article AS art, r.start AS pos, r.id AS rid, m.id AS mid
ORDER BY day, art, pos, rid, mid
LIMIT $limit
WITH m, r, o, day, art, pos, rid, type(r) + side AS dir
OPTIONAL MATCH (a:Article {id: r.article})
OPTIONAL MATCH (p:Publication {id: r.publication})
RETURN r.date AS date, coalesce(a.title, a.source, r.article) AS article, p.name AS publication, m.name AS actor,
       CASE dir WHEN 'ACCUSES>' THEN 'accuses' WHEN 'ACCUSES<' THEN 'accused by' WHEN 'DENIES>' THEN 'denies'
         WHEN 'DENIES<' THEN 'denied by' WHEN 'STRIKES>' THEN 'strikes' WHEN 'STRIKES<' THEN 'struck by'
         ELSE 'cited by' END AS relation,
       CASE type(r) WHEN 'CITES' THEN '(the article)' ELSE o.name END AS other, r.sentence AS sentence
ORDER BY date, art, pos, rid, actor;
