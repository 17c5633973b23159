"""source-citations, source-reliance and publication-narratives read tallies: they must give exactly the rows the
old aggregations over the CITES and ACCUSES edges give, after writes, after an article is replaced and after one
is removed, for all four variants, both levels and a publication chosen by id or by name.

The graph is random but seeded: sources of every kind source-reliance tells apart (a minister speaking for his
state, state and independent media, officials and unnamed sources, NGOs, a researcher of an NGO...), three
publications and articles with none, negated, hypothetical and undated statements. It is written through the real
writer in several batches, so the tallies are kept up to date incrementally, never rebuilt.
"""
from __future__ import annotations

import random

import pytest

from graph import tallies
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.tallies import citations, publications
from graph.writer import write_graphs
from queries import run_report

_WANTED = """
OPTIONAL MATCH (wanted:Publication)
WHERE $publication <> '' AND (wanted.id = $publication OR toLower(wanted.name) = toLower($publication))
WITH collect(wanted.id) AS wanted
"""
#: The edge-based reports as they were before tallies (the reference the tally-based ones must match).
OLD_CITATIONS = _WANTED + """
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
"""

OLD_RELIANCE = _WANTED + """
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
"""

OLD_NARRATIVES = _WANTED + """
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
"""

OLD = {"source-citations": OLD_CITATIONS, "source-reliance": OLD_RELIANCE,
       "publication-narratives": OLD_NARRATIVES}
VARIANTS = [(neg, hyp) for neg in (False, True) for hyp in (False, True)]
LEVELS = {"source-citations": ("entity", "state"), "source-reliance": (None,),
          "publication-narratives": ("entity", "state")}
#: No publication, one by id, one by its name in another case, one that matches nothing.
PUB_FILTERS = ("", "kyiv-post", "tass agency", "nobody")
PUBS = [PublicationRecord(id="kyiv-post", name="Kyiv Post"), PublicationRecord(id="tass", name="TASS Agency"),
        PublicationRecord(id="wire", name="Wire Service"), None]


def _a(id, name, kind, parent=None, rollup=None, known=True):
    return ActorRecord(id=id, name=name, kind=kind, parent=parent, rollup=rollup, known=known)


ACTORS = {a.id: a for a in [
    _a("russia", "Russia", "state", rollup="russia"),
    _a("kremlin", "Kremlin", "government_body", "russia", "russia"),
    _a("lavrov", "Sergei Lavrov", "person", "russia", "russia"),  # a person speaks for his state: government
    _a("tass_media", "TASS", "media", "russia", "russia"),  # media with a parent: state media
    _a("ukraine", "Ukraine", "state", rollup="ukraine"),
    _a("ukr_army", "Ukrainian army", "military", "ukraine", "ukraine"),
    _a("ukr_officials", "Ukrainian officials", "group", "ukraine", "ukraine", known=False),
    _a("nato", "NATO", "coalition"),  # no rollup: its own state
    _a("osce", "OSCE", "international_org", rollup="osce"),
    _a("amnesty", "Amnesty International", "ngo", rollup="amnesty"),
    _a("researcher", "Amnesty researcher", "person", "amnesty", "amnesty", known=False),
    _a("indie", "Independent Daily", "media", rollup="indie"),
    _a("militia", "Militia", "armed_group"),
    _a("blogger", "A blogger", "person", known=False),
    _a("insider", "A source close to the talks", "other", known=False),
    _a("witness", "A witness", "other", known=False),
]}


def _article(rng: random.Random, n: int, version: int = 0, statements: int | None = None) -> ArticleGraph:
    aid = f"art{n:03d}"
    ids = sorted(ACTORS)
    pub = PUBS[n % len(PUBS)]
    stmts = []
    for k in range(rng.randint(1, 7) if statements is None else statements):
        rel = rng.choice((RelType.CITES, RelType.CITES, RelType.ACCUSES))
        src, dst = rng.choice(ids), rng.choice(ids)
        stmts.append(Statement(
            id=f"{aid}-v{version}-s{k}", type=rel, source=None if rel == RelType.CITES else src, target=dst,
            sentence=f"Sentence {k} of article {n} (version {version}).", start=k * 50, end=k * 50 + 40,
            trigger="said" if rel == RelType.CITES else "blamed", negated=rng.random() < 0.2,
            hypothetical=rng.random() < 0.2))
    used = {s.source for s in stmts if s.source} | {s.target for s in stmts}
    with_parents = used | {ACTORS[a].parent for a in used if ACTORS[a].parent}
    date = None if rng.random() < 0.1 else f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Article {n}", date=date, text_hash=f"h-{aid}-{version}",
                              publication=pub.id if pub else None, words=200),
        publication=pub, actors=[ACTORS[a] for a in sorted(with_parents)], mentions={a: 1 for a in sorted(used)},
        statements=stmts)


def _compare(store, report: str, limit: int = 1000) -> int:
    """Every variant, level and publication filter: the tally report's rows equal the edge aggregation's."""
    seen = 0
    for level in LEVELS[report]:
        for publication in PUB_FILTERS:
            for neg, hyp in VARIANTS:
                params = {"publication": publication, "include_negated": neg, "include_hypothetical": hyp,
                          "limit": limit}
                if level:
                    params["level"] = level
                want = store.read(OLD[report], params)
                got = run_report(store, report, params)
                assert got.columns == want.columns
                assert got.rows == want.rows, (report, params)
                seen += len(want.rows)
    return seen


def _tallies(store) -> list:
    return store.read("MATCH (x:Tally) RETURN x ORDER BY x.id").rows


@pytest.fixture
def written(store):
    rng = random.Random(20261122)
    graphs = [_article(rng, n) for n in range(60)]
    for i in range(0, len(graphs), 15):  # several batches: incremental updates on top of earlier tallies
        write_graphs(store, graphs[i:i + 15])
    return store, rng


@pytest.mark.parametrize("report", sorted(OLD))
def test_tally_report_equals_edge_aggregation(written, report):
    store, rng = written
    assert _compare(store, report) > 0
    # replace articles (other statements, same ids), then remove the statements of some
    write_graphs(store, [_article(rng, n, version=1) for n in (3, 17, 42)])
    _compare(store, report)
    write_graphs(store, [_article(rng, n, version=2, statements=0) for n in (5, 17, 30, 59)])
    _compare(store, report)
    _compare(store, report, limit=3)  # limit cuts after the same ordering


def test_the_graph_has_every_case_the_reports_tell_apart(written):
    """Guard for the comparison above: every source kind, a publication-less article, both flags, both levels."""
    store, _ = written
    kinds = {r[0] for r in store.read("MATCH (x:Tally {family: 'cites:kind'}) RETURN DISTINCT x.kind").rows}
    assert kinds == set(citations.KINDS)
    assert store.read("MATCH (x:Tally) WHERE x.family STARTS WITH 'cites:entity' AND x.pub IS NULL "
                      "RETURN count(x)").value() > 0
    assert store.read("MATCH (x:Tally) WHERE x.family STARTS WITH 'pub:ACCUSES:state' AND x.pub IS NULL "
                      "RETURN count(x)").value() > 0
    for fam in ("cites:entity", "cites:state", "pub:ACCUSES:entity", "pub:ACCUSES:state"):
        n = store.read("MATCH (x:Tally) WHERE x.family STARTS WITH $f "
                       "RETURN count(CASE WHEN x.n[0] < x.n[1] THEN 1 END) AS neg, "
                       "count(CASE WHEN x.n[0] < x.n[2] THEN 1 END) AS hyp", {"f": fam}).rows[0]
        assert n[0] > 0 and n[1] > 0, fam  # some keys count differently per variant
    for mod in (citations, publications):  # reports rank keys counted more than once alone, then with the singles
        for level in ("entity", "state"):
            several = store.read("MATCH (x:Tally {family: $f}) WHERE x.n[0] > 1 RETURN count(x)",
                                 {"f": mod.family(level)}).value()
            singles = store.read("MATCH (x:Tally {family: $f}) RETURN count(x)", {"f": mod.singles(level)}).value()
            assert several >= 3 and singles > 0, (mod.__name__, level)


def test_updates_equal_rebuild(written):
    """After incremental writes, replacements and removals the tallies are exactly those a rebuild makes."""
    store, rng = written
    write_graphs(store, [_article(rng, n, version=1) for n in (1, 2, 40)])
    write_graphs(store, [_article(rng, n, version=2, statements=0) for n in range(0, 60, 4)])
    kept = _tallies(store)
    tallies.rebuild(store)
    assert _tallies(store) == kept


def _one(aid, stmts, pub=PUBS[0]):
    used = {s.target for s in stmts} | {s.source for s in stmts if s.source}
    return ArticleGraph(article=ArticleRecord(id=aid, date="2024-02-01", text_hash=aid + str(len(stmts)),
                                              publication=pub.id),
                        publication=pub, actors=[ACTORS[a] for a in sorted(used | {"russia", "ukraine"})],
                        statements=stmts)


def _st(sid, rel, src, dst, **kw):
    return Statement(id=sid, type=rel, source=src, target=dst, sentence="S.", start=0, end=2, trigger="said", **kw)


def test_tallies_of_a_key_go_with_its_last_edge_and_kinds_follow(store):
    write_graphs(store, [_one("c1", [_st("c1-a", RelType.CITES, None, "lavrov"),
                                     _st("c1-b", RelType.CITES, None, "lavrov", negated=True),
                                     _st("c1-c", RelType.ACCUSES, "kremlin", "ukr_army", hypothetical=True)])])
    ids = {r[0]: r[1] for r in store.read("MATCH (x:Tally) WHERE x.family STARTS WITH 'cites:' "
                                         "OR x.family STARTS WITH 'pub:' RETURN x.id, x.n").rows}
    assert ids == {
        "cites:entity:kyiv-post>lavrov": [1, 2, 1, 2],
        "cites:state:kyiv-post>russia": [1, 2, 1, 2],
        "cites:kind:kyiv-post>government": [1, 2, 1, 2],
        "pub:ACCUSES:entity:kyiv-post>kremlin>ukr_army": [0, 0, 1, 1],
        "pub:ACCUSES:state:kyiv-post>russia>ukraine": [0, 0, 1, 1],
    }
    assert citations.tally_id("entity", "kyiv-post", "lavrov") in ids
    assert publications.tally_id("state", "kyiv-post", "russia", "ukraine") in ids
    # the new version cites an NGO instead: every tally of the old keys goes, the new keys come
    write_graphs(store, [_one("c1", [_st("c1-d", RelType.CITES, None, "amnesty")])])
    left = {r[0]: r[1] for r in store.read("MATCH (x:Tally) WHERE x.family STARTS WITH 'cites:' "
                                          "OR x.family STARTS WITH 'pub:' RETURN x.id, x.n").rows}
    assert left == {"cites:entity:kyiv-post>amnesty": [1, 1, 1, 1], "cites:state:kyiv-post>amnesty": [1, 1, 1, 1],
                    "cites:kind:kyiv-post>NGO": [1, 1, 1, 1]}
    assert run_report(store, "source-reliance").rows == [["Kyiv Post", "NGO", 1, 1, 100.0]]


def test_update_statements_start_from_the_touched_keys(store):
    """A batch never scans a label or every edge of a type: FalkorDB's plan for each update statement starts from
    index lookups of the touched keys (a 100k-article graph has 400,000 CITES and 285,000 ACCUSES edges)."""
    from graph.tallies.base import Row, Touched
    from graph.tallies.engine import Engine

    store.ensure_schema()
    touched = Touched([Row(type="CITES", article="a", target="lavrov", publication="tass"),
                       Row(type="ACCUSES", article="a", source="kremlin", target="nato", publication=None)])
    statements = Engine(citations.SUMMARIES + publications.SUMMARIES).update(touched)
    assert len(statements) == 8
    for cypher, params in statements:
        plan = "\n".join(store._graph.explain(cypher, params).plan)
        assert "Label Scan" not in plan and "All Node Scan" not in plan, (cypher, plan)
    # the accusations of one pair are read between its two ends, not from all of the accuser's edges
    params = next(p for q, p in statements if q == publications.CREATE_ENTITY)
    plan = store._graph.explain(publications.CREATE_ENTITY, params).plan
    assert any("Expand Into" in step for step in plan), plan
