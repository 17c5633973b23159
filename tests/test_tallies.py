"""Tallies stay exactly what a rebuild from the edges gives, through writes, replacements and removals.

The generic check covers every registered family: a random corpus is written batch by batch, then articles
are replaced, emptied and rewritten; after each step the tallies the writer kept must equal those that
`tallies.rebuild` computes from the edges. Pair tallies are also checked by hand on a tiny graph.
"""
import random

import pytest
from typer.testing import CliRunner

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
from graph.writer import write_graphs
from narrative.cli import app
from queries.runner import run_report

#: List properties that are sets (their order is the order edges happened to be read in).
UNORDERED = {"events", "kinds", "places"}
SNAPSHOT = "MATCH (x:Tally) RETURN x.id AS id, properties(x) AS props ORDER BY id"

ACTORS = [
    ActorRecord(id="russia", name="Russia", kind="state", rollup="russia"),
    ActorRecord(id="kremlin", name="Kremlin", kind="government_body", parent="russia", rollup="russia"),
    ActorRecord(id="ukraine", name="Ukraine", kind="state", rollup="ukraine"),
    ActorRecord(id="ukr_army", name="Ukrainian army", kind="military", parent="ukraine", rollup="ukraine"),
    ActorRecord(id="nato", name="NATO", kind="coalition"),  # no rollup: its own state
    ActorRecord(id="osce", name="OSCE", kind="international_org", rollup="osce"),
    ActorRecord(id="local_group", name="a local group", kind="group", known=False, confidence=0.6),
]
PLACES = [LocationRecord(id="kharkiv", name="Kharkiv", country="ukraine_loc"),
          LocationRecord(id="donetsk", name="Donetsk", country="ukraine_loc"),
          LocationRecord(id="ukraine_loc", name="Ukraine")]
TYPES = [RelType.ACCUSES, RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES]


def _snapshot(store) -> dict:
    out = {}
    for rec in store.read(SNAPSHOT).records():
        props = {k: sorted(v) if isinstance(v, list) and k.rstrip("0123") in UNORDERED else v
                 for k, v in rec["props"].items()}
        out[rec["id"]] = props
    return out


def _article(rng: random.Random, aid: str, version: int, n: int) -> ArticleGraph:
    date = rng.choice(["2022-03-01", "2022-03-02", "2022-04-10", "2023-01-05", None])
    pub = rng.choice(["kyiv-post", "tass", "bbc"])
    events = []
    if rng.random() < 0.6:
        events.append(EventRecord(id=f"{aid}-e", kind=rng.choice(["shelling", "air strike"]),
                                  date=date or "2022-03-01", location=rng.choice(["kharkiv", "donetsk"]),
                                  killed=rng.choice([None, 2, 5]), injured=rng.choice([None, 1]),
                                  sentence="Shells hit the city."))
    stmts = []
    ids = [a.id for a in ACTORS]
    for i in range(n):
        t = rng.choice(TYPES)
        src, dst = rng.sample(ids, 2)
        stmts.append(Statement(
            id=f"{aid}-v{version}-s{i}", type=t, source=None if t == RelType.CITES else src, target=dst,
            sentence=f"Sentence {i} of {aid}.", start=i * 10, end=i * 10 + 9, trigger="said",
            negated=rng.random() < 0.15, hypothetical=rng.random() < 0.15,
            answers=None, event=events[0].id if events and t == RelType.STRIKES and rng.random() < 0.8 else None))
    # a denial sometimes answers an accusation of the same article
    accusations = [s for s in stmts if s.type == RelType.ACCUSES]
    for s in stmts:
        if s.type == RelType.DENIES and accusations and rng.random() < 0.5:
            s.answers = accusations[0].id
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Title {aid}", text_hash=f"{aid}-{version}", date=date,
                              publication=pub, words=100),
        publication=PublicationRecord(id=pub, name=pub.upper()),
        actors=ACTORS, mentions={}, locations=PLACES, events=events, statements=stmts)


def _assert_exact(store):
    kept = _snapshot(store)
    # counts are integers (FalkorDB's sum() gives floats: a report would show "1400.0")
    floats = [(tid, k) for tid, props in kept.items() for k, v in props.items()
              if isinstance(v, float) or (isinstance(v, list) and any(isinstance(x, float) for x in v))]
    assert not floats, floats
    tallies.rebuild(store)
    assert _snapshot(store) == kept


def test_tallies_equal_a_rebuild_through_writes_replacements_and_removals(store):
    rng = random.Random(11)
    arts = [_article(rng, f"a{i}", 0, rng.randint(0, 8)) for i in range(40)]
    for i in range(0, 40, 8):
        write_graphs(store, arts[i:i + 8])
    assert tallies.stored_version(store) == tallies.VERSION
    assert store.read(tallies.COUNT).value() > 10
    _assert_exact(store)
    # replace some articles by new versions, empty others, in mixed batches
    batch = [_article(rng, f"a{i}", 1, rng.randint(0, 8)) for i in range(0, 40, 3)]
    batch += [_article(rng, f"a{i}", 2, 0) for i in range(1, 40, 7)]
    write_graphs(store, batch[:7])
    write_graphs(store, batch[7:])
    _assert_exact(store)
    # writing the same batch again changes nothing
    before = _snapshot(store)
    write_graphs(store, batch[7:])
    assert _snapshot(store) == before


def _statement(sid, type_, src, dst, **kw):
    return Statement(id=sid, type=type_, source=src, target=dst, sentence=f"{sid} sentence.", start=0, end=5,
                     trigger="accused", **kw)


def _small(aid, stmts, date="2022-05-01", pub="tass"):
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=aid, text_hash=aid + str(len(stmts)), date=date, publication=pub),
        publication=PublicationRecord(id=pub, name=pub.upper()), actors=ACTORS, statements=stmts)


def test_pair_tally_holds_each_variant_and_disappears_with_its_last_edge(store):
    write_graphs(store, [
        _small("p1", [_statement("p1-a", RelType.ACCUSES, "kremlin", "ukr_army"),
                      _statement("p1-b", RelType.ACCUSES, "kremlin", "ukr_army", negated=True)]),
        _small("p2", [_statement("p2-a", RelType.ACCUSES, "kremlin", "ukr_army", hypothetical=True)],
               date="2022-06-02", pub="bbc"),
    ])
    x = store.read("MATCH (x:Tally {id: 'pair:ACCUSES:entity:kremlin>ukr_army'}) RETURN properties(x) AS p").value()
    assert x["n"] == [1, 2, 2, 3]
    assert x["articles"] == [1, 1, 2, 2] and x["pubs"] == [1, 1, 2, 2]
    assert x["first"] == ["2022-05-01"] * 4 and x["last"] == ["2022-05-01", "2022-05-01", "2022-06-02", "2022-06-02"]
    assert x["example"] == ["p1-a", "p1-a", "p1-a", "p1-a"]
    state = store.read("MATCH (x:Tally {id: 'pair:ACCUSES:state:russia>ukraine'}) RETURN x.n AS n").value()
    assert state == [1, 2, 2, 3]
    # the article's new version drops the pair: its tallies go, at both levels
    write_graphs(store, [_small("p1", [_statement("p1-c", RelType.ACCUSES, "nato", "russia")])])
    write_graphs(store, [_small("p2", [])])
    ids = set(_snapshot(store))
    assert "pair:ACCUSES:entity:kremlin>ukr_army" not in ids and "pair:ACCUSES:state:russia>ukraine" not in ids
    assert "pair:ACCUSES:entity:nato>russia" in ids and "pair:ACCUSES:state:nato>russia" in ids


def test_reports_refuse_missing_tallies_and_retally_restores_them(store, cli_env, monkeypatch):
    from graph.falkor_store import FalkorStore  # the CLI's graph, written through the library
    from pathlib import Path

    cli_store = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        write_graphs(cli_store, [_small("r1", [_statement("r1-a", RelType.ACCUSES, "russia", "nato")])])
        expected = run_report(cli_store, "accusations").rows
        cli_store.write("MATCH (x:Tally) DELETE x")  # as a graph imported without them would be
        with pytest.raises(tallies.TalliesOutOfDate, match="narrative db retally"):
            run_report(cli_store, "accusations")
        res = CliRunner().invoke(app, ["report", "accusations"])
        assert res.exit_code != 0 and "narrative db retally" in res.output
        res = CliRunner().invoke(app, ["db", "retally"])
        assert res.exit_code == 0, res.output
        assert "tallies rebuilt" in res.output
        assert run_report(cli_store, "accusations").rows == expected == [
            ["Russia", "NATO", 1, 1, 1, "2022-05-01", "2022-05-01", "r1-a sentence."]]
    finally:
        cli_store.close()


def test_a_graph_written_before_tallies_gets_them_on_the_next_write(store):
    write_graphs(store, [_small("o1", [_statement("o1-a", RelType.DENIES, "russia", "nato")])])
    store.write("MATCH (x:Tally) DELETE x")
    write_graphs(store, [_small("o2", [_statement("o2-a", RelType.DENIES, "russia", "nato")])])
    n = store.read("MATCH (x:Tally {id: 'pair:DENIES:entity:russia>nato'}) RETURN x.n AS n").value()
    assert n == [2, 2, 2, 2]
    _assert_exact(store)


def _shelling(aid, killed, stmts):
    g = _small(aid, stmts, date="2022-03-01")
    g.locations = PLACES
    g.events = [EventRecord(id=f"{aid}-e", kind="shelling", date="2022-03-01", location="kharkiv", killed=killed,
                            sentence="Shells hit Kharkiv.")]
    return g


def test_strike_tallies_follow_a_toll_reported_later_and_an_event_that_goes(store):
    write_graphs(store, [_shelling("k1", 2, [_statement("k1-s", RelType.STRIKES, "russia", "ukraine", event="k1-e")])])
    row = run_report(store, "strikes").records()[0]
    assert (row["events"], row["killed"], row["places"]) == (1, 2, ["Kharkiv"])
    assert isinstance(row["killed"], int) and isinstance(row["injured"], int)
    # another article reports the same shelling (same kind, place, day) with a higher toll, and no strike
    write_graphs(store, [_shelling("k2", 9, [])])
    assert run_report(store, "strikes").records()[0]["killed"] == 9
    _assert_exact(store)
    # both reports withdrawn: the event is gone; the strike statement stays, now with no event
    write_graphs(store, [_small("k2", []), _small("k1", [_statement("k1-s", RelType.STRIKES, "russia", "ukraine")])])
    row = run_report(store, "strikes").records()[0]
    assert (row["events"], row["killed"], row["kinds"]) == (0, 0, [])
    _assert_exact(store)


def test_deferred_tallies_catch_up_at_flush_and_after_a_run_that_stopped(store):
    rng = random.Random(5)
    arts = [_article(rng, f"d{i}", 0, rng.randint(1, 6)) for i in range(12)]
    deferred = tallies.Deferred(store, every=8)
    write_graphs(store, arts[:4], deferred)
    assert store.read(tallies.READ_VERSION).records()[0]["dirty"] is True
    assert store.read(tallies.COUNT).value() == 0  # lagging until the flush (reports then read the edges:
    # tests/test_stale_reports.py)
    write_graphs(store, arts[4:8], deferred)  # reaches `every`: flushed
    assert store.read(tallies.READ_VERSION).records()[0]["dirty"] is False
    _assert_exact(store)
    # a run that stops after a batch and before its flush leaves the marker: the next run rebuilds
    write_graphs(store, arts[8:], tallies.Deferred(store))
    assert store.read(tallies.READ_VERSION).records()[0]["dirty"] is True
    kept = _snapshot(store)
    assert tallies.ensure_current(store) is True
    assert _snapshot(store) != kept
    _assert_exact(store)


def test_an_update_applied_twice_changes_nothing(store):
    """A retried batch or flush (the server applied it, the client saw an error and sent it again) must not
    drift: every update recomputes its keys from the edges, so a second application gives the same tallies."""
    from graph.writer import build_batch

    rng = random.Random(23)
    write_graphs(store, [_article(rng, f"t{i}", 0, rng.randint(1, 8)) for i in range(16)])
    # a batch that replaces some articles (rows removed and written), empties one and adds new ones
    batch = ([_article(rng, f"t{i}", 1, rng.randint(1, 8)) for i in range(0, 16, 3)] + [_article(rng, "t1", 2, 0)]
             + [_article(rng, f"n{i}", 0, rng.randint(1, 8)) for i in range(4)])
    statements, stats = build_batch(store, batch)
    update = tallies.update_statements(stats.touched)
    assert any("day:" in q for q, _ in update) and any("mutual:" in q for q, _ in update)
    store.write_atomic(statements + update)
    once = _snapshot(store)
    store.write_atomic(update)  # the retry
    assert _snapshot(store) == once
    _assert_exact(store)
    # the same for a deferred flush sent twice: the touched rows of several batches, applied again
    deferred = tallies.Deferred(store, every=10**6)
    write_graphs(store, [_article(rng, f"t{i}", 3, rng.randint(0, 8)) for i in range(0, 16, 2)], deferred)
    write_graphs(store, [_article(rng, f"t{i}", 4, rng.randint(0, 8)) for i in range(0, 16, 4)], deferred)
    touched = tallies.Touched(list(deferred.touched.rows))
    deferred.flush()
    flushed = _snapshot(store)
    store.write_atomic(tallies.update_statements(touched))
    assert _snapshot(store) == flushed
    _assert_exact(store)
