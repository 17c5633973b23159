"""The aggregate reports computed from the statement edges: what a report runs while its tallies lag.

Why: the reports read tallies (`graph.tallies`), summaries a write run brings up to date every few thousand
articles and at its end. In between, and after a run that was killed before its last flush (the tallies' dirty
marker is then set), the tallies miss the newest statements. `queries.run_report` then runs the query of the
same name below instead: the same columns, rows and order, aggregated over the edges (exact at once, but seconds
instead of milliseconds on a graph of a million statements). They are the reports as they were before tallies;
`tests/test_stale_reports.py` checks that each gives the rows of its tally-based report.

Lists that the tally reports sort (or hold in no particular order) come out of these queries in traversal
order: `SORTED` names them, and the runner sorts them.
"""
from __future__ import annotations

from graph import relations

#: The types the day tallies count (`graph.tallies.days`): the timeline's edge query reads the same ones.
_EXTRACTED = "|".join(relations.extracted_types())

_WANTED_PUBLICATION = """
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH collect(wanted.id) AS wanted
"""

#: report name -> the edge-based query (the report's own parameters).
EDGE_QUERIES: dict[str, str] = {
    "accusations": """
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
ORDER BY statements DESC, articles DESC, accuser, accused
""",
    "mutual-accusations": """
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
ORDER BY statements DESC, actor_a, actor_b
""",
    "denials": """
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
ORDER BY denials DESC, denier, accuser
""",
    "accused-and-denied": """
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
ORDER BY total DESC, accuser, accused
""",
    "strikes": """
MATCH (s:Actor)-[r:STRIKES]->(t:Actor)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS src,
     CASE $level WHEN 'state' THEN coalesce(t.rollup, t.id) ELSE t.id END AS dst, r
WITH src, dst, count(r) AS statements, count(DISTINCT r.article) AS articles, min(r.date) AS first,
     max(r.date) AS last, collect(DISTINCT r.event) AS event_ids, min(r.id) AS example_id
ORDER BY statements DESC, src, dst
LIMIT $limit
UNWIND CASE WHEN size(event_ids) = 0 THEN [null] ELSE event_ids END AS event_id
OPTIONAL MATCH (e:Event {id: event_id})
OPTIONAL MATCH (e)-[:IN]->(l:Location)
WITH src, dst, statements, articles, first, last, example_id, e, collect(l.name)[0] AS place
WITH src, dst, statements, articles, first, last, example_id, count(e) AS events,
     collect(DISTINCT e.kind) AS kinds, collect(DISTINCT place) AS places,
     collect(e.killed) AS killed_each, collect(e.injured) AS injured_each
WITH src, dst, statements, articles, first, last, example_id, events, kinds, places,
     reduce(n = 0, k IN killed_each | n + k) AS killed, reduce(n = 0, k IN injured_each | n + k) AS injured
OPTIONAL MATCH (sa:Actor {id: src})
OPTIONAL MATCH (ta:Actor {id: dst})
OPTIONAL MATCH ()-[ex:STRIKES {id: example_id}]->()
RETURN coalesce(sa.name, src) AS perpetrator, coalesce(ta.name, dst) AS target, statements, articles, events,
       kinds, places, first, last, killed, injured, ex.sentence AS example
ORDER BY statements DESC, perpetrator, target
""",
    "contested-events": """
MATCH (s:Actor)-[r:STRIKES]->(:Actor)
WHERE r.event IS NOT NULL
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH r.event AS event_id, CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS perp, r
WITH event_id, perp, count(r) AS statements, count(DISTINCT r.article) AS articles,
     collect(DISTINCT r.publication) AS pubs, min(r.id) AS example_id
WITH event_id,
     collect({perp: perp, statements: statements, articles: articles, pubs: pubs, example_id: example_id}) AS versions
WHERE size(versions) > 1
WITH event_id, versions, size(versions) AS version_count
ORDER BY version_count DESC, event_id
LIMIT $limit
MATCH (e:Event {id: event_id})
OPTIONAL MATCH (e)-[:IN]->(l:Location)
WITH e, collect(l.name)[0] AS place, versions, version_count
UNWIND versions AS v
OPTIONAL MATCH (pa:Actor {id: v.perp})
OPTIONAL MATCH ()-[ex:STRIKES {id: v.example_id}]->()
UNWIND CASE WHEN size(v.pubs) = 0 THEN [null] ELSE v.pubs END AS pub
OPTIONAL MATCH (p:Publication {id: pub})
WITH e.id AS eid, e.kind AS event, e.date AS date, place, version_count, v,
     coalesce(pa.name, v.perp) AS perpetrator, ex.sentence AS example, collect(coalesce(p.name, pub)) AS told_by
RETURN event, date, place, version_count AS versions, perpetrator, v.statements AS statements,
       v.articles AS articles, told_by, example
ORDER BY versions DESC, date, event, place, eid, perpetrator
""",
    "source-citations": _WANTED_PUBLICATION + """

MATCH (:Article)-[c:CITES]->(x:Actor)
WHERE ($publication = '' OR c.publication IN wanted)
  AND ($include_negated OR NOT coalesce(c.negated, false))
  AND ($include_hypothetical OR NOT coalesce(c.hypothetical, false))
WITH c.publication AS pub, CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END AS src, c
WITH pub, src, count(c) AS citations, count(DISTINCT c.article) AS articles
ORDER BY citations DESC, articles DESC, pub, src
LIMIT $limit
OPTIONAL MATCH (p:Publication {id: pub})
OPTIONAL MATCH (a:Actor {id: src})
RETURN coalesce(p.name, pub) AS publication, coalesce(a.name, src) AS source, a.kind AS kind, citations, articles
ORDER BY publication, citations DESC, source
""",
    "source-reliance": _WANTED_PUBLICATION + """

MATCH (:Article)-[c:CITES]->(x:Actor)
WHERE ($publication = '' OR c.publication IN wanted)
  AND ($include_negated OR NOT coalesce(c.negated, false))
  AND ($include_hypothetical OR NOT coalesce(c.hypothetical, false))
WITH c.publication AS pub, x, count(c) AS n
OPTIONAL MATCH (x)-[:PART_OF]->(up:Actor)
WITH pub, x, n, collect(up)[0] AS up
WITH pub, x, n, CASE WHEN x.kind = 'person' AND up IS NOT NULL THEN up ELSE x END AS org
WITH pub, n, CASE
    WHEN x.kind IN ['person', 'group', 'other']
      AND (toLower(x.name) CONTAINS 'official' OR toLower(x.name) CONTAINS 'source') THEN 'anonymous officials'
    WHEN org.kind = 'media' AND org.parent IS NOT NULL THEN 'state media'
    WHEN org.kind = 'media' THEN 'media'
    WHEN org.kind IN ['state', 'government_body'] THEN 'government'
    WHEN org.kind IN ['military', 'coalition'] THEN 'military'
    WHEN org.kind = 'ngo' THEN 'NGO'
    WHEN org.kind = 'international_org' THEN 'UN and international'
    WHEN org.kind = 'armed_group' THEN 'armed group'
    WHEN org.kind = 'person' THEN 'person'
    ELSE 'other' END AS source_kind
WITH pub, source_kind, collect(n) AS each
WITH pub, source_kind, reduce(t = 0, k IN each | t + k) AS citations
WITH pub, collect({kind: source_kind, citations: citations}) AS kinds
WITH pub, kinds, reduce(t = 0, k IN kinds | t + k.citations) AS total
UNWIND kinds AS k
OPTIONAL MATCH (p:Publication {id: pub})
RETURN coalesce(p.name, pub) AS publication, k.kind AS source_kind, k.citations AS citations, total,
       round(1000.0 * k.citations / total) / 10.0 AS percent
ORDER BY publication, citations DESC, source_kind
LIMIT $limit
""",
    "publication-narratives": _WANTED_PUBLICATION + """

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
ORDER BY publication, accuser, statements DESC, accused
""",
    "actor-profile": """
MATCH (x:Actor)
WHERE x.id = $actor OR toLower(x.name) = toLower($actor)
WITH DISTINCT CASE $level WHEN 'state' THEN coalesce(x.rollup, x.id) ELSE x.id END AS key
MATCH (m:Actor)
WHERE m.id = key OR ($level = 'state' AND m.rollup = key)
MATCH (m)-[r:ACCUSES|DENIES|STRIKES|CITES]-(o)
WHERE ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH m, r, o, r.date AS day, r.article AS art, r.start AS pos, r.id AS rid, m.id AS mid
ORDER BY day, art, pos, rid, mid
LIMIT $limit
WITH m, r, o, day, art, pos, rid, type(r) + CASE WHEN startNode(r) = m THEN '>' ELSE '<' END AS dir
OPTIONAL MATCH (a:Article {id: r.article})
OPTIONAL MATCH (p:Publication {id: r.publication})
RETURN r.date AS date, coalesce(a.title, a.source, r.article) AS article, p.name AS publication, m.name AS actor,
       CASE dir WHEN 'ACCUSES>' THEN 'accuses' WHEN 'ACCUSES<' THEN 'accused by' WHEN 'DENIES>' THEN 'denies'
         WHEN 'DENIES<' THEN 'denied by' WHEN 'STRIKES>' THEN 'strikes' WHEN 'STRIKES<' THEN 'struck by'
         ELSE 'cited by' END AS relation,
       CASE type(r) WHEN 'CITES' THEN '(the article)' ELSE o.name END AS other, r.sentence AS sentence
ORDER BY date, art, pos, rid, actor
""",
    "timeline": f"""
MATCH ()-[r:{_EXTRACTED}]->()
WHERE r.date IS NOT NULL AND r.date >= $from AND ($to = '' OR left(r.date, size($to)) <= $to)
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN left(r.date, 7) AS month, type(r) AS type, count(r) AS statements, count(DISTINCT r.article) AS articles
ORDER BY month, type
LIMIT $limit
""",
    "top-locations": """
MATCH (e:Event)-[:IN]->(l:Location)
WITH CASE $level WHEN 'state' THEN coalesce(l.country, l.id) ELSE l.id END AS place, e
OPTIONAL MATCH (a:Article)-[:REPORTS]->(e)
WITH place, e, count(a) AS n_reports
WITH place, count(e) AS events, collect(n_reports) AS reports_each, collect(DISTINCT e.kind) AS kinds,
     min(e.date) AS first, max(e.date) AS last, collect(e.killed) AS killed_each, collect(e.injured) AS injured_each
WITH place, events, reduce(n = 0, k IN reports_each | n + k) AS reports, kinds, first, last,
     reduce(n = 0, k IN killed_each | n + k) AS killed, reduce(n = 0, k IN injured_each | n + k) AS injured
ORDER BY events DESC, reports DESC, place
LIMIT $limit
OPTIONAL MATCH (l:Location {id: place})
OPTIONAL MATCH (c:Location {id: l.country})
RETURN coalesce(l.name, place) AS place, c.name AS country, events, reports, kinds, first, last, killed, injured
ORDER BY events DESC, reports DESC, place
""",
}

#: report name -> columns holding lists the runner sorts (the tally report sorts them, or keeps them as sets).
SORTED: dict[str, tuple[str, ...]] = {
    "strikes": ("kinds", "places"),
    "contested-events": ("told_by",),
    "top-locations": ("kinds",),
}

CYPHER_STATEMENTS = EDGE_QUERIES
