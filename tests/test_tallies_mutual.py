"""The mutual-accusations and accused-and-denied reports read tallies: they must give exactly the rows the old
aggregation over the statement edges gives, after writes, after an article is replaced and after one is removed,
for all four variants and both levels.

The graph is random but seeded (a dozen actors in three states and a few unaffiliated ones, so pairs accuse each
other both ways, inside and across states, negated, hypothetical, undated), written through the real writer in
several batches so the tallies are kept up to date incrementally, never rebuilt.
"""
from __future__ import annotations

import random

import pytest

from graph import tallies
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.writer import write_graphs
from queries import run_report

#: The edge-based reports as they were before tallies (the reference the tally-based ones must match).
OLD_MUTUAL = """
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
"""

OLD_ACCUSED_AND_DENIED = """
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
"""

OLD = {"mutual-accusations": OLD_MUTUAL, "accused-and-denied": OLD_ACCUSED_AND_DENIED}
VARIANTS = [(neg, hyp) for neg in (False, True) for hyp in (False, True)]
LEVELS = ("entity", "state")
PUB = PublicationRecord(id="wire", name="Wire Service")


def _actors() -> dict[str, ActorRecord]:
    out = {}
    for state in ("aland", "borduria", "cardia"):
        out[state] = ActorRecord(id=state, name=state.title(), kind="state", rollup=state, rollup_name=state)
        for member in ("army", "ministry", "leader"):
            aid = f"{state}_{member}"
            out[aid] = ActorRecord(id=aid, name=f"{state.title()} {member}", kind="military", parent=state,
                                   rollup=state, rollup_name=state.title())
    # no rollup at all (coalesce falls back to the id), and a group whose rollup is itself
    out["monitors"] = ActorRecord(id="monitors", name="Monitors", kind="ngo")
    out["rebels"] = ActorRecord(id="rebels", name="Rebels", kind="armed_group", rollup="rebels")
    return out


ACTORS = _actors()


def _article(rng: random.Random, n: int, version: int = 0, statements: int | None = None) -> ArticleGraph:
    aid = f"art{n:03d}"
    ids = sorted(ACTORS)
    stmts = []
    last = None
    for k in range(rng.randint(1, 7) if statements is None else statements):
        rel = rng.choice((RelType.ACCUSES, RelType.ACCUSES, RelType.DENIES))
        src, dst = rng.choice(ids), rng.choice(ids)
        if rng.random() < 0.05:
            dst = src  # an actor accusing or denying itself
        elif last and rng.random() < 0.3:
            dst, src = last  # a retort in the same article: the accused accuses (or denies) back
        last = (src, dst)
        answers = f"art{rng.randrange(n + 1):03d}-v0-s0" if rel == RelType.DENIES and rng.random() < 0.5 else None
        stmts.append(Statement(
            id=f"{aid}-v{version}-s{k}", type=rel, source=src, target=dst,
            sentence=f"Sentence {k} of article {n} (version {version}).", start=k * 50, end=k * 50 + 40,
            trigger="blamed" if rel == RelType.ACCUSES else "denied", negated=rng.random() < 0.2,
            hypothetical=rng.random() < 0.2, answers=answers))
    used = {s.source for s in stmts} | {s.target for s in stmts}
    with_parents = used | {ACTORS[a].parent for a in used if ACTORS[a].parent}
    date = None if rng.random() < 0.1 else f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Article {n}", date=date, text_hash=f"h-{aid}-{version}",
                              publication=PUB.id, words=200),
        publication=PUB, actors=[ACTORS[a] for a in sorted(with_parents)], mentions={a: 1 for a in sorted(used)},
        statements=stmts)


def _compare(store, report: str, limit: int = 1000) -> int:
    """Every variant and level: the tally report's rows equal the edge aggregation's. Returns the rows seen."""
    seen = 0
    for level in LEVELS:
        for neg, hyp in VARIANTS:
            params = {"level": level, "include_negated": neg, "include_hypothetical": hyp, "limit": limit}
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
    assert _compare(store, report) > 0  # the graph does have such pairs, at both levels
    # replace articles (other statements, same ids), then remove the statements of some
    write_graphs(store, [_article(rng, n, version=1) for n in (3, 17, 42)])
    _compare(store, report)
    write_graphs(store, [_article(rng, n, version=2, statements=0) for n in (5, 17, 30, 59)])
    _compare(store, report)
    _compare(store, report, limit=3)  # limit cuts after the same ordering


def test_updates_equal_rebuild(written):
    """After incremental writes, replacements and removals the tallies are exactly those a rebuild makes."""
    store, rng = written
    write_graphs(store, [_article(rng, n, version=1) for n in (1, 2, 40)])
    write_graphs(store, [_article(rng, n, version=2, statements=0) for n in range(0, 60, 4)])
    # the graph has articles with accusations both ways at both levels (what `overlap` keeps track of)
    overlap = store.read("MATCH (x:Tally) WHERE x.family STARTS WITH 'mutual:' "
                         "RETURN x.family AS f, sum(x.overlap[3]) AS n ORDER BY f").rows
    assert [f for f, n in overlap if n > 0] == ["mutual:ACCUSES:entity", "mutual:ACCUSES:state"]
    kept = _tallies(store)
    tallies.rebuild(store)
    assert _tallies(store) == kept


def test_mutual_tallies_only_for_pairs_accusing_both_ways(store):
    """A one-way accusation makes no mutual tally; the answer makes one; removing the answer drops it."""
    def graph(aid, src, dst, n_statements=1):
        stmts = [Statement(id=f"{aid}-s{k}", type=RelType.ACCUSES, source=src, target=dst, sentence="S.", start=0,
                           end=2, trigger="blamed") for k in range(n_statements)]
        return ArticleGraph(article=ArticleRecord(id=aid, date="2024-01-01", text_hash=aid + str(n_statements)),
                            actors=[ACTORS[src], ACTORS[dst]], statements=stmts)

    mutual = "MATCH (x:Tally) WHERE x.family STARTS WITH 'mutual:' RETURN x.family AS f, x.a AS a, x.b AS b ORDER BY f"
    write_graphs(store, [graph("one", "borduria_army", "aland_army")])
    assert store.read(mutual).rows == []
    write_graphs(store, [graph("two", "aland_army", "borduria_army")])
    assert store.read(mutual).rows == [["mutual:ACCUSES:entity", "aland_army", "borduria_army"],
                                       ["mutual:ACCUSES:state", "aland", "borduria"]]
    write_graphs(store, [graph("two", "aland_army", "borduria_army", n_statements=0)])
    assert store.read(mutual).rows == []


def test_summaries_run_after_the_summaries_they_read():
    """Rebuttal tallies are read off the pair tallies, kind tallies off the entity citation tallies: the engine
    orders the declarations by `after` (whatever order they are declared in) and refuses a cycle."""
    from graph.tallies.engine import Summary, ordered

    names = [s.name for s in tallies.SUMMARIES]
    for s in tallies.SUMMARIES:
        assert all(names.index(d) < names.index(s.name) for d in s.after), s.name
    assert names.index("pair") < names.index("rebuttal") and names.index("cites") < names.index("cites:kind")
    assert [s.name for s in tallies.DECLARED].index("rebuttal") == 0  # declared first, run after the pairs
    # the statements of an update come in that order too
    touched = tallies.Touched([tallies.Row(type="ACCUSES", article="a", source="x", target="y"),
                               tallies.Row(type="DENIES", article="a", source="y", target="x")])
    order = [q for q, _ in tallies.update_statements(touched)]
    first_rebuttal = min(i for i, q in enumerate(order) if "rebuttal:" in q)
    assert all(i < first_rebuttal for i, q in enumerate(order) if "'pair:DENIES:state'" in q)

    def summary(name, after):
        return Summary(name=name, families=(name,), reads=(), keys=lambda t: None, recompute=(), build=(),
                       after=after)
    with pytest.raises(ValueError, match="cycle"):
        ordered([summary("a", ("b",)), summary("b", ("a",))])
    with pytest.raises(ValueError, match="no summary declares"):
        ordered([summary("a", ("missing",))])
