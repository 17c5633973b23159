"""The writer against a real embedded store: MERGE idempotency, replacement of a changed article, events."""
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
from graph.stats import counts
from graph.writer import known_hashes, write_graphs


def _graph(aid="a1", text_hash="h1", target="united_states", date="2017-06-20", extra=False):
    stmts = [
        Statement(id=f"{aid}-s1", type=RelType.ACCUSES, source="russia", target=target,
                  sentence="Moscow accused Washington of violating Syrian sovereignty.", start=0, end=57,
                  trigger="accused"),
        Statement(id=f"{aid}-s2", type=RelType.STRIKES, source="united_states", target="syria",
                  sentence="US jets struck an airbase near Homs.", start=58, end=94, trigger="struck", event="e1"),
        Statement(id=f"{aid}-s3", type=RelType.CITES, source=None, target="russia",
                  sentence="Moscow said.", start=95, end=107, trigger="said"),
    ]
    if extra:
        stmts.append(Statement(id=f"{aid}-s4", type=RelType.DENIES, source="united_states", target="russia",
                               sentence="Washington rejected the claim.", start=108, end=138, trigger="rejected"))
    return ArticleGraph(
        article=ArticleRecord(id=aid, title="T", text_hash=text_hash, date=date, publication="bbc", words=20),
        publication=PublicationRecord(id="bbc", name="BBC", domain="bbc.co.uk"),
        actors=[
            ActorRecord(id="russia", name="Russia", kind="state", rollup="russia"),
            ActorRecord(id="united_states", name="United States", kind="state", rollup="united_states"),
            ActorRecord(id="syria", name="Syria", kind="state", rollup="syria"),
            ActorRecord(id="us_military", name="US military", kind="military", parent="united_states",
                        rollup="united_states"),
        ],
        mentions={"russia": 2, "united_states": 2},
        locations=[LocationRecord(id="homs", name="Homs", country="syria_loc"),
                   LocationRecord(id="syria_loc", name="Syria")],
        events=[EventRecord(id="e1", kind="air strike", date=date, location="homs", killed=6)],
        statements=stmts,
    )


def test_write_is_idempotent(store):
    write_graphs(store, [_graph()])
    first = counts(store)
    write_graphs(store, [_graph()])
    assert counts(store) == first
    assert first["relationships"]["ACCUSES"] == 1
    assert first["relationships"]["CITES"] == 1
    assert first["relationships"]["PART_OF"] >= 2  # us_military -> US, Homs -> Syria
    assert known_hashes(store, ["a1", "zz"]) == {"a1": "h1"}


def test_changed_article_replaces_its_statements(store):
    write_graphs(store, [_graph()])
    write_graphs(store, [_graph(text_hash="h2", target="syria", extra=True)])
    rows = store.read("MATCH (s:Actor)-[r:ACCUSES]->(t:Actor) RETURN s.id AS s, t.id AS t").records()
    assert rows == [{"s": "russia", "t": "syria"}]
    c = counts(store)
    assert c["relationships"]["DENIES"] == 1 and c["relationships"]["ACCUSES"] == 1
    assert known_hashes(store, ["a1"]) == {"a1": "h2"}


def test_same_event_from_two_articles_is_one_event(store):
    write_graphs(store, [_graph("a1", date="2017-06-20")])
    write_graphs(store, [_graph("a2", date="2017-06-22")])
    assert store.read("MATCH (e:Event) RETURN count(e)").value() == 1
    assert store.read("MATCH (:Article)-[r:REPORTS]->(:Event) RETURN count(r)").value() == 2
    write_graphs(store, [_graph("a3", date="2017-07-30")])
    assert store.read("MATCH (e:Event) RETURN count(e)").value() == 2


def test_read_refuses_writes(store):
    import pytest

    from graph.errors import QueryError

    with pytest.raises(QueryError):
        store.read("CREATE (n:Actor {id: 'x'})")


def test_read_of_a_graph_never_written_is_empty(server_dir):
    import uuid

    from graph.falkor_store import FalkorStore

    s = FalkorStore.open(server_dir, graph=f"never_{uuid.uuid4().hex[:8]}")
    try:
        assert s.read("MATCH (a:Article) RETURN count(a) AS n").records() == [{"n": 0}]
    finally:
        s.clear()
        s.close()
