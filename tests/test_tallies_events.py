"""The timeline, contested-events, top-locations and actor-profile reports give exactly the rows of their old
edge-based versions, through writes, replacements and removals of articles.

The old queries are kept here as strings: they are the specification. A random corpus (actors with and without a
state, places in two countries, events several articles report with different tolls, undated articles, negated
and hypothetical statements) is written batch by batch, then articles are rewritten and emptied; after each step
both versions run with every parameter combination. Lists the old queries built in the engine's traversal order
(an event's kinds, the publications telling a version) are compared as sets: the new reports sort them.
"""
from __future__ import annotations

import random

import pytest

from graph import tallies
from graph.model import (
    ActorRecord,
    ArticleGraph,
    ArticleRecord,
    EventRecord,
    LocationRecord,
    PublicationRecord,
    RelType,
    Statement,
)
from graph.tallies import days, events, places
from graph.tallies.engine import Engine
from graph.writer import write_graphs
from queries.runner import get_report, run_report

OLD = {
    "timeline": """
MATCH ()-[r:ACCUSES|DENIES|STRIKES|CITES]->()
WHERE r.date IS NOT NULL AND r.date >= $from AND ($to = '' OR left(r.date, size($to)) <= $to)
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
RETURN left(r.date, 7) AS month, type(r) AS type, count(r) AS statements, count(DISTINCT r.article) AS articles
ORDER BY month, type
LIMIT $limit""",
    "contested-events": """
MATCH (s:Actor)-[r:STRIKES]->(:Actor)
WHERE r.event IS NOT NULL
  AND ($include_negated OR NOT coalesce(r.negated, false))
  AND ($include_hypothetical OR NOT coalesce(r.hypothetical, false))
WITH r.event AS event_id, CASE $level WHEN 'state' THEN coalesce(s.rollup, s.id) ELSE s.id END AS perp, r
WITH event_id, perp, count(r) AS statements, count(DISTINCT r.article) AS articles,
     collect(DISTINCT r.publication) AS pubs, min(r.id) AS example_id
WITH event_id, collect({perp: perp, statements: statements, articles: articles, pubs: pubs, example_id: example_id}) AS versions
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
ORDER BY versions DESC, date, event, place, eid, perpetrator""",
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
ORDER BY events DESC, reports DESC, place""",
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
ORDER BY date, art, pos, rid, actor""",
}

#: Columns holding lists the old queries filled in traversal order: compared as sorted lists.
UNORDERED = {"top-locations": (4,), "contested-events": (7,)}

ACTORS = [
    ActorRecord(id="sudan", name="Sudan", kind="state", rollup="sudan"),
    ActorRecord(id="saf", name="Sudanese Armed Forces", kind="military", parent="sudan", rollup="sudan"),
    ActorRecord(id="khartoum_gov", name="Khartoum government", kind="government_body", parent="sudan",
                rollup="sudan"),
    ActorRecord(id="rsf", name="Rapid Support Forces", kind="armed_group", rollup="rsf"),
    ActorRecord(id="rsf_command", name="RSF command", kind="military", parent="rsf", rollup="rsf"),
    ActorRecord(id="chad", name="Chad", kind="state", rollup="chad"),
    ActorRecord(id="au", name="African Union", kind="international_org"),  # no rollup: its own state
    ActorRecord(id="msf", name="MSF", kind="ngo", rollup="msf"),
    ActorRecord(id="militia", name="a local militia", kind="group", known=False, confidence=0.5),
]
PLACES = [
    LocationRecord(id="sudan_loc", name="Sudan"),
    LocationRecord(id="el_fasher", name="El Fasher", country="sudan_loc"),
    LocationRecord(id="omdurman", name="Omdurman", country="sudan_loc"),
    LocationRecord(id="chad_loc", name="Chad"),
    LocationRecord(id="adre", name="Adre", country="chad_loc"),
    LocationRecord(id="no_country", name="Border crossing"),
]
DATES = ["2023-04-15", "2023-04-16", "2023-04-30", "2023-05-02", "2023-06-11", "2024-01-20", None]
PUBS = ["dabanga", "sudan_tribune", "radio_tamazuj"]
KINDS = ["air strike", "shelling", "drone strike"]
TYPES = [RelType.ACCUSES, RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.STRIKES, RelType.CITES]


def _article(rng: random.Random, aid: str, version: int, n: int) -> ArticleGraph:
    date = rng.choice(DATES)
    pub = rng.choice(PUBS)
    events = []
    for j in range(rng.choice([0, 1, 1, 2])):
        # few kinds, places and dates, so several articles report the same event with other tolls
        events.append(EventRecord(id=f"{aid}-e{j}", kind=rng.choice(KINDS), date=rng.choice(DATES[:5]),
                                  location=rng.choice([p.id for p in PLACES[1:]] + [None]),
                                  killed=rng.choice([None, 3, 12, 40]), injured=rng.choice([None, 5, 20]),
                                  sentence=f"Shelling reported in article {aid}."))
    ids = [a.id for a in ACTORS]
    stmts = []
    for i in range(n):
        t = rng.choice(TYPES)
        src, dst = rng.sample(ids, 2)
        event = None
        if t == RelType.STRIKES and events and rng.random() < 0.9:
            event = rng.choice(events).id
        stmts.append(Statement(
            id=f"{aid}-v{version}-s{i}", type=t, source=None if t == RelType.CITES else src, target=dst,
            sentence=f"Statement {i} of {aid} version {version}.", start=rng.choice([0, 10, 20, 20]),
            end=30, trigger="said", negated=rng.random() < 0.2, hypothetical=rng.random() < 0.2, event=event))
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Report {aid}", source=f"{aid}.txt", text_hash=f"{aid}-{version}",
                              date=date, publication=pub, words=200),
        publication=PublicationRecord(id=pub, name=pub.replace("_", " ").title()),
        actors=ACTORS, mentions={}, locations=PLACES, events=events, statements=stmts)


def _normal(name: str, rows: list[list]) -> list[list]:
    cols = UNORDERED.get(name, ())
    return [[sorted(v, key=str) if i in cols else v for i, v in enumerate(row)] for row in rows]


def _param_sets(name: str) -> list[dict]:
    variants = [{"include_negated": n, "include_hypothetical": h} for n in (False, True) for h in (False, True)]
    if name == "timeline":
        bounds = [{}, {"from": "2023-04-16"}, {"to": "2023-04"}, {"from": "2023-05", "to": "2023-06-11"},
                  {"to": "2023-04-15"}, {"from": "2024"}, {"limit": 3}]
        return [{**v, **b} for v in variants for b in bounds]
    if name == "contested-events":
        return [{**v, "level": lv, "limit": lim} for v in variants for lv in ("entity", "state") for lim in (1, 3, 50)]
    if name == "top-locations":
        return [{"level": lv, "limit": lim} for lv in ("entity", "state") for lim in (1, 2, 50)]
    return [{**v, "actor": actor, "level": lv, "limit": lim}
            for v in variants[::3] for actor in ("sudan", "SAF", "au", "rsf_command", "nobody")
            for lv in ("entity", "state") for lim in (1, 5, 100)]


def _assert_same_rows(store) -> dict[str, int]:
    """Every report against its old query, every parameter set; returns how many non-empty results it compared."""
    compared = dict.fromkeys(OLD, 0)
    for name, old in OLD.items():
        report = get_report(name)
        for given in _param_sets(name):
            params = report.resolve(given)
            expected = _normal(name, store.read(old, params).rows)
            got = _normal(name, run_report(store, name, given).rows)
            assert got == expected, f"{name} {given}"
            compared[name] += bool(expected)
    return compared


def _assert_same_rows_everywhere(store) -> None:
    """Same rows for every parameter set, and the comparison is not vacuous: all but the profiles of unknown or
    silent actors have rows."""
    compared = _assert_same_rows(store)
    for name in ("timeline", "contested-events", "top-locations"):
        assert compared[name] == len(_param_sets(name)), name
    assert compared["actor-profile"] >= 30


MINE = ("day", "event:entity", "event:state", "place")
SNAPSHOT = ("MATCH (x:Tally) WHERE x.family IN ['day', 'event:entity', 'event:state', 'place'] "
            "RETURN x.id AS id, properties(x) AS props ORDER BY id")


def _snapshot(store) -> dict:
    return {r["id"]: r["props"] for r in store.read(SNAPSHOT).records()}


def _assert_tallies_equal_a_rebuild(store) -> None:
    kept = _snapshot(store)
    for cypher, params in Engine(days.SUMMARIES + events.SUMMARIES + places.SUMMARIES).rebuild():
        store.write(cypher, params)
    assert _snapshot(store) == kept


@pytest.fixture
def corpus(store):
    rng = random.Random(5)
    arts = [_article(rng, f"d{i}", 0, rng.randint(0, 9)) for i in range(36)]
    for i in range(0, 36, 9):
        write_graphs(store, arts[i:i + 9])
    return store, rng


def test_reports_match_the_edge_queries_after_writes(corpus):
    store, _ = corpus
    families = {r["f"] for r in store.read(
        "MATCH (x:Tally) RETURN DISTINCT x.family AS f").records()}
    assert set(MINE) <= families
    _assert_same_rows_everywhere(store)
    _assert_tallies_equal_a_rebuild(store)


def test_reports_match_the_edge_queries_after_replacements_and_removals(corpus):
    store, rng = corpus
    # new versions of a third of the articles (other dates, events and statements), in mixed batches
    write_graphs(store, [_article(rng, f"d{i}", 1, rng.randint(1, 9)) for i in range(0, 36, 3)])
    _assert_same_rows_everywhere(store)
    _assert_tallies_equal_a_rebuild(store)
    # emptied articles: their statements and reports go, and events nobody reports any more with them
    write_graphs(store, [_article(random.Random(0), f"d{i}", 2, 0) for i in range(1, 36, 4)])
    write_graphs(store, [_article(rng, f"d{i}", 3, rng.randint(0, 9)) for i in (2, 7, 40)])
    _assert_same_rows_everywhere(store)
    _assert_tallies_equal_a_rebuild(store)


def test_day_tallies_count_each_article_once_per_variant_and_go_with_their_last_statement(store):
    def st(sid, type_, src, dst, **kw):
        return Statement(id=sid, type=type_, source=src, target=dst, sentence=f"{sid}.", start=0, end=3,
                         trigger="said", **kw)

    def art(aid, stmts, date="2023-04-15", version=0):
        return ArticleGraph(
            article=ArticleRecord(id=aid, text_hash=f"{aid}-{version}", date=date, publication="dabanga"),
            publication=PublicationRecord(id="dabanga", name="Dabanga"), actors=ACTORS, statements=stmts)

    write_graphs(store, [
        art("t1", [st("t1-a", RelType.ACCUSES, "saf", "rsf"), st("t1-b", RelType.ACCUSES, "rsf", "saf", negated=True),
                   st("t1-c", RelType.ACCUSES, "au", "rsf", hypothetical=True)]),
        art("t2", [st("t2-a", RelType.ACCUSES, "saf", "rsf", negated=True)]),
    ])
    x = store.read("MATCH (x:Tally {id: 'day:2023-04-15:ACCUSES'}) RETURN properties(x) AS p").value()
    assert x["n"] == [1, 3, 2, 4] and x["articles"] == [1, 2, 1, 2]
    assert run_report(store, "timeline", {}).rows == [["2023-04", "ACCUSES", 1, 1]]
    # t1 moves to another day: both days change; t2 emptied: the first day's tally goes
    write_graphs(store, [art("t1", [st("t1-d", RelType.ACCUSES, "saf", "rsf")], date="2023-05-01", version=1),
                         art("t2", [], version=1)])
    ids = set(_snapshot(store))
    assert "day:2023-04-15:ACCUSES" not in ids and "day:2023-05-01:ACCUSES" in ids
    assert run_report(store, "timeline", {"include_negated": True}).rows == [["2023-05", "ACCUSES", 1, 1]]


def test_deferred_updates_over_several_batches_give_the_same_rows(corpus):
    """A write run applies the tally updates of many batches at once: an article written and then replaced or
    emptied inside one such window must count once, as it is at the end."""
    store, rng = corpus
    deferred = tallies.Deferred(store, every=10**6)
    write_graphs(store, [_article(rng, f"d{i}", 4, rng.randint(1, 9)) for i in range(0, 12)], deferred=deferred)
    write_graphs(store, [_article(rng, f"n{i}", 0, rng.randint(1, 9)) for i in range(6)], deferred=deferred)
    write_graphs(store, [_article(rng, f"d{i}", 5, rng.randint(0, 9)) for i in range(0, 12, 2)], deferred=deferred)
    write_graphs(store, [_article(rng, f"n{i}", 1, 0) for i in range(0, 6, 3)]
                 + [_article(rng, f"d{i}", 6, 0) for i in range(1, 12, 4)], deferred=deferred)
    deferred.flush()
    _assert_same_rows_everywhere(store)
    _assert_tallies_equal_a_rebuild(store)


def test_actor_profile_of_a_busy_actor_reads_the_earliest_days_and_matches_the_edge_query(store):
    """An actor in more than 100 x limit statements is profiled from the earliest days' articles (the day
    tallies say which): the rows must still be those of the old query, at both levels, in every variant."""
    rng = random.Random(9)
    others = [a.id for a in ACTORS if a.id != "saf"]
    graphs = []
    for i in range(45):
        stmts = []
        for j in range(5):
            t = rng.choice(TYPES)
            other = rng.choice(others)
            src, dst = ("saf", other) if rng.random() < 0.5 or t == RelType.CITES else (other, "saf")
            stmts.append(Statement(
                id=f"b{i}-s{j}", type=t, source=None if t == RelType.CITES else src, target=dst,
                sentence=f"Busy statement {j} of b{i}.", start=rng.choice([0, 5, 5]), end=9, trigger="said",
                negated=rng.random() < 0.25, hypothetical=rng.random() < 0.25))
        date = None if i % 9 == 0 else f"2023-0{1 + i % 3}-{10 + i % 7:02d}"
        graphs.append(ArticleGraph(
            article=ArticleRecord(id=f"b{i}", title=f"Busy {i}", text_hash=f"b{i}", date=date,
                                  publication=rng.choice(PUBS)),
            publication=PublicationRecord(id="dabanga", name="Dabanga"), actors=ACTORS, statements=stmts))
    write_graphs(store, graphs[:30])
    write_graphs(store, graphs[30:])
    assert store.read("MATCH (:Actor {id: 'saf'})-[r]-() RETURN count(r) AS n").value() > 150  # > 100 x limit for limit 1
    report = get_report("actor-profile")
    for given in [{"actor": actor, "level": lv, "limit": lim, "include_negated": n, "include_hypothetical": h}
                  for actor in ("saf", "Sudan") for lv in ("entity", "state") for lim in (1, 2, 3, 40)
                  for n in (False, True) for h in (False, True)]:
        expected = store.read(OLD["actor-profile"], report.resolve(given)).rows
        assert expected
        assert run_report(store, "actor-profile", given).rows == expected, given
