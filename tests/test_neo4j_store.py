"""The Neo4j store: clear failures without a server (always run) and the real thing with one (marked `neo4j`).

Live tests run only when NEO4J_URI is set (e.g. after `docker compose up -d --wait`, with
NEO4J_URI=bolt://localhost:7687). They wipe that database, so they refuse to start on one that holds data.
"""
from __future__ import annotations

import os

import neo4j
import pytest
from neo4j import GraphDatabase
from typer.testing import CliRunner

from graph.errors import NarrativeError, QueryError, StoreUnavailable
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.neo4j_store import Neo4jStore, plain
from graph.stats import counts
from graph.store import open_store
from graph.writer import known_hashes, write_graphs
from narrative.cli import app

UNREACHABLE = "bolt://127.0.0.1:1"
SECRET = "not-the-real-password-4711"
runner = CliRunner()


# -- always run: no server needed ----------------------------------------------------------------------
def test_unreachable_server_is_one_clear_error():
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.open(UNREACHABLE, user="neo4j", password=SECRET)
    msg = str(err.value)
    assert msg.startswith(f"Neo4j is not reachable at {UNREACHABLE}: ")
    assert "docker compose up -d --wait" in msg and "embedded store" in msg
    assert SECRET not in msg
    assert err.value.exit_code == 2


def test_open_store_routes_bolt_and_neo4j_urls_to_neo4j():
    for url in (UNREACHABLE, "neo4j://127.0.0.1:1"):
        with pytest.raises(StoreUnavailable, match="not reachable"):
            open_store(url, password=SECRET)


@pytest.mark.parametrize("url", [UNREACHABLE, "neo4j://127.0.0.1:1"])
def test_cli_unreachable_exits_2_with_one_line_and_no_password(url, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    monkeypatch.setenv("NEO4J_USER", "analyst")
    result = runner.invoke(app, ["--store", url, "info"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        f"Error: Neo4j is not reachable at {url}: start it with `docker compose up -d --wait` or use the "
        "embedded store."
    ]
    assert SECRET not in result.output


def test_store_from_environment_variable(monkeypatch):
    monkeypatch.setenv("NARRATIVE_STORE", UNREACHABLE)
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 2
    assert "not reachable at bolt://127.0.0.1:1" in result.output and SECRET not in result.output


def test_password_in_url_is_refused_without_echoing_it():
    with pytest.raises(NarrativeError) as err:
        Neo4jStore.open(f"bolt://neo4j:{SECRET}@127.0.0.1:1")
    assert SECRET not in str(err.value)
    assert "NEO4J_PASSWORD" in str(err.value)


def test_describe_never_shows_the_password():
    driver = GraphDatabase.driver(UNREACHABLE, auth=("analyst", SECRET))  # connects lazily: nothing to reach
    store = Neo4jStore(driver, UNREACHABLE, "analyst", None)
    try:
        text = store.describe()
    finally:
        store.close()
    assert SECRET not in text
    assert UNREACHABLE in text and "analyst" in text


def test_driver_values_become_plain_python():
    values = [
        neo4j.time.Date(2024, 2, 29),
        neo4j.time.DateTime(2024, 2, 29, 13, 5, 0),
        neo4j.time.Duration(days=3),
        neo4j.spatial.WGS84Point((36.72, 34.73)),
        {"nested": [neo4j.time.Date(2023, 1, 1), (1, 2)]},
        None,
        1.5,
    ]
    assert plain(values) == [
        "2024-02-29",
        "2024-02-29T13:05:00.000000000",
        "P3D",
        str(neo4j.spatial.WGS84Point((36.72, 34.73))),
        {"nested": ["2023-01-01", [1, 2]]},
        None,
        1.5,
    ]


# -- live: a real Neo4j at NEO4J_URI --------------------------------------------------------------------
def _graph(aid: str = "art-1", text_hash: str = "h1") -> ArticleGraph:
    return ArticleGraph(
        article=ArticleRecord(id=aid, title="Ministers trade blame", text_hash=text_hash, date="2024-03-01",
                              publication="wire", words=40),
        publication=PublicationRecord(id="wire", name="Example Wire", domain="wire.example"),
        actors=[
            ActorRecord(id="ruritania", name="Ruritania", kind="state", rollup="ruritania"),
            ActorRecord(id="freedonia", name="Freedonia", kind="state", rollup="freedonia"),
        ],
        mentions={"ruritania": 2, "freedonia": 1},
        statements=[
            Statement(id=f"{aid}-s1", type=RelType.ACCUSES, source="ruritania", target="freedonia",
                      sentence="Ruritania accused Freedonia of shelling the border town.", start=0, end=56,
                      trigger="accused"),
            Statement(id=f"{aid}-s2", type=RelType.DENIES, source="freedonia", target="ruritania",
                      sentence="Freedonia denied it.", start=57, end=77, trigger="denied"),
        ],
    )


@pytest.fixture
def live():
    """A store on the live server, emptied after the test; refuses a database that already holds data."""
    store = Neo4jStore.open(
        os.environ["NEO4J_URI"],
        user=os.environ.get("NEO4J_USER"),
        password=os.environ.get("NEO4J_PASSWORD"),
        database=os.environ.get("NEO4J_DATABASE"),
    )
    if store.read("MATCH (n) RETURN count(n) AS n").value(0):
        store.close()
        pytest.skip("the database at NEO4J_URI is not empty and these tests wipe it: point NEO4J_URI at a "
                    "throwaway server (docker compose up -d --wait) or empty it with `narrative db reset`")
    store.ensure_schema()
    yield store
    store.clear()
    store.close()


@pytest.mark.neo4j
def test_live_writer_round_trip_is_idempotent(live):
    write_graphs(live, [_graph()])
    first = counts(live)
    write_graphs(live, [_graph()])
    assert counts(live) == first
    assert first["nodes"]["Actor"] == 2 and first["nodes"]["Article"] == 1
    assert first["relationships"]["ACCUSES"] == 1 and first["relationships"]["DENIES"] == 1
    assert known_hashes(live, ["art-1", "nope"]) == {"art-1": "h1"}
    row = live.read(
        "MATCH (s:Actor)-[r:ACCUSES]->(t:Actor) RETURN s, r, t.name AS target, r.sentence AS sentence"
    ).records()[0]
    assert row["s"]["labels"] == ["Actor"] and row["s"]["properties"]["name"] == "Ruritania"
    assert row["r"]["type"] == "ACCUSES" and row["r"]["properties"]["article"] == "art-1"
    assert row["target"] == "Freedonia"


@pytest.mark.neo4j
def test_live_paths_and_temporals_are_plain(live):
    write_graphs(live, [_graph()])
    res = live.read("MATCH p = (:Actor {id: $a})-[:ACCUSES]->(:Actor) RETURN p, date($d) AS day",
                    {"a": "ruritania", "d": "2024-03-01"})
    path, day = res.rows[0]
    assert [n["properties"]["id"] for n in path["nodes"]] == ["ruritania", "freedonia"]
    assert [r["type"] for r in path["relationships"]] == ["ACCUSES"]
    assert day == "2024-03-01"


@pytest.mark.neo4j
def test_live_reads_are_read_only(live):
    with pytest.raises(QueryError, match="pass --write"):
        live.read("CREATE (:Actor {id: $id})", {"id": "intruder"})
    assert live.read("MATCH (n:Actor {id: $id}) RETURN count(n) AS n", {"id": "intruder"}).value() == 0
    live.write("CREATE (:Actor {id: $id})", {"id": "allowed"})
    assert live.read("MATCH (n:Actor {id: $id}) RETURN count(n) AS n", {"id": "allowed"}).value() == 1


@pytest.mark.neo4j
def test_live_cli_query_and_shell_refuse_writes_without_write(live):
    """On any Bolt server, whether or not it enforces the READ access mode (ArcadeDB does not)."""
    uri = os.environ["NEO4J_URI"]
    for cypher in ("CREATE (:Actor {id: 'intruder'})", "MERGE (a:Actor {id: 'intruder'}) RETURN a.id AS id",
                   "MATCH (n) DETACH DELETE n", "MATCH (n:Actor) SET n.note = 'x' RETURN count(n) AS n"):
        result = runner.invoke(app, ["--store", uri, "query", cypher])
        assert result.exit_code == 1 and "pass --write" in result.output, result.output
    result = runner.invoke(app, ["--store", uri, "shell"], input="CREATE (:Actor {id: 'intruder'});\n")
    assert result.exit_code == 1 and "pass --write" in result.output, result.output
    assert live.read("MATCH (n:Actor {id: 'intruder'}) RETURN count(n) AS n").value() == 0
    result = runner.invoke(app, ["--store", uri, "query", "CREATE (:Actor {id: $id})", "--param", "id=allowed",
                                 "--write"])
    assert result.exit_code == 0, result.output
    assert live.read("MATCH (n:Actor {id: 'allowed'}) RETURN count(n) AS n").value() == 1


@pytest.mark.neo4j
def test_live_a_read_the_server_reports_as_writing_is_refused_and_rolled_back(live, monkeypatch):
    """The second guard alone: with the text check off, the server's summary (or Neo4j's READ session) refuses."""
    from graph import neo4j_store

    monkeypatch.setattr(neo4j_store, "write_clause", lambda cypher: None)
    with pytest.raises(QueryError, match="pass --write"):
        live.read("CREATE (:Actor {id: $id}) RETURN 1 AS one", {"id": "intruder"})
    with pytest.raises(QueryError, match="pass --write"):
        live.read("MERGE (a:Actor {id: $id})", {"id": "intruder"})
    assert live.read("MATCH (n:Actor {id: $id}) RETURN count(n) AS n", {"id": "intruder"}).value() == 0


@pytest.mark.neo4j
def test_live_write_atomic_lands_whole_or_not_at_all(live):
    with pytest.raises(QueryError):
        live.write_atomic([
            ("CREATE (:Actor {id: $id})", {"id": "half"}),
            ("CREATE (:Actor {id: $id})", {"id": "half"}),  # violates the unique key constraint
        ])
    assert live.read("MATCH (n:Actor {id: 'half'}) RETURN count(n) AS n").value() == 0


@pytest.mark.neo4j
def test_live_schema_is_idempotent(live):
    def rules() -> set[str]:
        names = {r["name"] for r in live.read("SHOW CONSTRAINTS YIELD name RETURN name")}
        return names | {r["name"] for r in live.read("SHOW INDEXES YIELD name RETURN name")}

    before = rules()
    live.ensure_schema()
    live.ensure_schema()
    assert rules() == before
    assert {"actor_id", "article_id", "event_id", "location_id", "publication_id"} <= before


@pytest.mark.neo4j
def test_live_clear_empties_the_graph(live):
    write_graphs(live, [_graph("a1"), _graph("a2", "h2")])
    live.clear()
    assert live.read("MATCH (n) RETURN count(n) AS n").value() == 0


@pytest.mark.neo4j
def test_live_bad_password_exits_2_naming_the_variables(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    result = runner.invoke(app, ["--store", os.environ["NEO4J_URI"], "info"])
    assert result.exit_code == 2
    assert "NEO4J_USER" in result.output and "NEO4J_PASSWORD" in result.output
    assert SECRET not in result.output


@pytest.mark.neo4j
def test_live_cli_info(live):
    write_graphs(live, [_graph()])
    result = runner.invoke(app, ["--store", os.environ["NEO4J_URI"], "info"])
    assert result.exit_code == 0, result.output
    assert "Neo4j at" in result.output and "ACCUSES" in result.output
    if os.environ.get("NEO4J_PASSWORD"):
        assert os.environ["NEO4J_PASSWORD"] not in result.output
