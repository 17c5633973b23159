"""Exports on the hand-built report graph: each format re-imports with the same nodes, relationships and properties.

The Cypher script is run statement by statement on an empty embedded graph (and, under the `neo4j` marker, on a
live Neo4j), GraphML/GEXF are read back with NetworkX, the CSV files are checked against neo4j-admin's layout.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph import export as gx
from graph.falkor_store import FalkorStore
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.stats import counts
from graph.writer import write_graphs
from narrative.cli import app
from queries.runner import run_report
from test_reports import build_graph

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
runner = CliRunner()

#: A value that needs every escape a Cypher literal has.
TRICKY = "It's \"quoted\", a back\\slash,\nnew line, tab\t, é, 漢字, 😀 and a ; semicolon // not a comment"


def tricky_graph() -> ArticleGraph:
    return ArticleGraph(
        article=ArticleRecord(id="odd-1", title=TRICKY, source="odd file.txt", date="2017-06-01",
                              text_hash="h-odd", publication="odd", words=12),
        publication=PublicationRecord(id="odd", name="L'Orient-Le Jour"),
        actors=[ActorRecord(id="x'1", name="O'Brien \\ Co", kind="person"),
                ActorRecord(id="y", name="Ÿ", kind="state")],
        statements=[Statement(id="odd-s1", type=RelType.ACCUSES, source="x'1", target="y", sentence=TRICKY,
                              start=0, end=len(TRICKY), trigger="accused", confidence=0.25)],
    )


@pytest.fixture
def g(store):
    write_graphs(store, build_graph())
    write_graphs(store, [tricky_graph()])
    return store


@pytest.fixture
def other(server_dir):
    """A second, empty graph on the session's server."""
    s = FalkorStore.open(server_dir, graph=f"x_{uuid.uuid4().hex[:12]}")
    yield s
    s.clear()
    s.close()


def snapshot(store) -> dict:
    """Counts plus every node's and relationship's properties, in a stable order (tallies are derived: left out)."""
    nodes = sorted(
        (lab, json.dumps(props, sort_keys=True, ensure_ascii=False))
        for lab, props in store.read("MATCH (n) WHERE NOT n:Tally RETURN labels(n)[0], properties(n)").rows
    )
    rels = sorted(
        (a, t, b, json.dumps(props, sort_keys=True, ensure_ascii=False))
        for a, t, b, props in store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r)").rows
    )
    return {"counts": counts(store), "nodes": nodes, "rels": rels}


def nonzero(c: dict) -> tuple[dict, dict]:
    return ({k: v for k, v in c["nodes"].items() if v}, {k: v for k, v in c["relationships"].items() if v})


# -- Cypher script -------------------------------------------------------------------------------------------
def test_cypher_script_recreates_the_graph_on_an_empty_store(g, other):
    buf = io.StringIO()
    stats = gx.write_cypher(g, buf, schema=False)
    text = buf.getvalue()
    statements = gx.script_statements(text)
    assert len(statements) == len([line for line in text.splitlines() if line.endswith(";")])
    for s in statements:
        other.write(s)
    want = snapshot(g)
    assert snapshot(other) == want
    assert (stats.nodes, stats.relationships) == nonzero(want["counts"])
    # idempotent: running the script again changes nothing
    for s in statements:
        other.write(s)
    assert snapshot(other) == want
    # the tricky text came through every escape unchanged
    assert other.read("MATCH (a:Article {id: 'odd-1'}) RETURN a.title").value() == TRICKY
    assert other.read("MATCH (:Actor)-[r:ACCUSES {id: 'odd-s1'}]->(:Actor) RETURN r.sentence").value() == TRICKY


def test_cypher_script_starts_with_neo4j_constraints(g):
    buf = io.StringIO()
    gx.write_cypher(g, buf)
    lines = buf.getvalue().splitlines()
    assert "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;" in lines
    first_merge = next(i for i, line in enumerate(lines) if "MERGE" in line)
    assert all("MERGE" not in line for line in lines[:first_merge])
    assert all(line.startswith(("//", "CREATE ", "UNWIND [")) for line in lines)


def test_cypher_literals():
    assert gx.cypher_literal(None) == "null"
    assert gx.cypher_literal(True) == "true"
    assert gx.cypher_literal(3) == "3"
    assert gx.cypher_literal(0.5) == "0.5"
    assert gx.cypher_literal(float("nan")) == "null"
    assert gx.cypher_literal("a'b\\c\nd") == "'a\\'b\\\\c\\nd'"
    assert gx.cypher_literal("\x01") == "'\\u0001'"
    assert gx.cypher_literal({"a b": [1, "x"], "ok": {}}) == "{`a b`: [1, 'x'], ok: {}}"


# -- another store -------------------------------------------------------------------------------------------
def test_copy_graph_is_complete_and_idempotent(g, other):
    stats = gx.copy_graph(g, other)
    want = snapshot(g)
    assert snapshot(other) == want
    assert (stats.nodes, stats.relationships) == nonzero(want["counts"])
    gx.copy_graph(g, other)
    assert snapshot(other) == want
    # the copy's report summaries are built from what it received: its reports answer like the original's
    for report in ("accusations", "denials", "source-citations", "timeline"):
        assert run_report(other, report).rows == run_report(g, report).rows, report


# -- GraphML / GEXF ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_reimport_with_the_same_counts(g, tmp_path, fmt):
    path = tmp_path / f"g.{fmt}"
    res = runner.invoke(app, ["export", fmt, "--out", str(path)], env=_env(g))
    assert res.exit_code == 0, res.output
    back = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    c = counts(g)
    assert back.number_of_nodes() == sum(c["nodes"].values())
    assert back.number_of_edges() == sum(c["relationships"].values())
    types: dict[str, int] = {}
    for *_, d in back.edges(data=True):
        rel = d["type"] if fmt == "graphml" else d["relation"]  # GEXF keeps `type` for the direction
        types[rel] = types.get(rel, 0) + 1
    assert types == nonzero(c)[1]
    node = back.nodes["Actor:syria"]
    assert node["type"] == "Actor" and node["label"] == "Syria" and node["kind"] == "state"
    assert back.nodes["Article:odd-1"]["title"] == TRICKY
    assert back.nodes["Actor:x'1"]["id" if fmt == "graphml" else "node_id"] == "x'1"


def _env(store) -> dict[str, str]:
    """CLI environment pointing at the test's own graph."""
    return {"NARRATIVE_HOME": str(store.data_dir), "NARRATIVE_GRAPH": store.graph_name, "NARRATIVE_STORE": ""}


# -- neo4j-admin CSV -----------------------------------------------------------------------------------------
def test_csv_export_has_the_neo4j_admin_layout(g, tmp_path):
    out = tmp_path / "csv"
    res = runner.invoke(app, ["export", "csv", "--out", str(out)], env=_env(g))
    assert res.exit_code == 0, res.output
    c = counts(g)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["import.txt"]
        + [f"nodes_{label}.csv" for label, n in c["nodes"].items() if n]
        + [f"relationships_{rel}.csv" for rel, n in c["relationships"].items() if n and rel != "PART_OF"]
        + ["relationships_PART_OF_Actor_Actor.csv", "relationships_PART_OF_Location_Location.csv"]
    )
    for label, n in c["nodes"].items():
        with (out / f"nodes_{label}.csv").open(encoding="utf-8", newline="") as f:
            table = list(csv.reader(f))
        assert table[0][:2] == [f"id:ID({label})", ":LABEL"]
        assert len(table) - 1 == n
        assert {row[1] for row in table[1:]} == {label}
    with (out / "nodes_Actor.csv").open(encoding="utf-8", newline="") as f:
        actors = list(csv.DictReader(f))
    syria = next(a for a in actors if a["id:ID(Actor)"] == "syria")
    assert syria["name"] == "Syria" and syria["known:boolean"] == "true" and syria["confidence:double"] == "1.0"
    with (out / "relationships_ACCUSES.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    assert table[0][:3] == [":START_ID(Actor)", ":END_ID(Actor)", ":TYPE"]
    assert "start:long" in table[0] and "negated:boolean" in table[0]
    assert len(table) - 1 == c["relationships"]["ACCUSES"]
    odd = next(dict(zip(table[0], row)) for row in table[1:] if row[table[0].index("id")] == "odd-s1")
    assert odd["sentence"] == TRICKY and odd[":START_ID(Actor)"] == "x'1"
    total_rels = sum(len(list(csv.reader((out / p).open(encoding="utf-8", newline="")))) - 1
                     for p in names if p.startswith("relationships_"))
    assert total_rels == sum(c["relationships"].values())
    command = (out / "import.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in command and "--nodes=nodes_Actor.csv" in command


# -- statements as JSONL / CSV -------------------------------------------------------------------------------
def test_relations_jsonl(g):
    lines = [json.loads(x) for x in _relations(g)]
    assert len(lines) == 6 + 6 + 7 + 1  # a1 (its negated one left out), a2, a3 (its hypothetical one), odd-1
    first = lines[0]
    assert first == {
        "article": "bbc-001.txt", "type": "ACCUSES",
        "source": {"name": "United States", "id": "united_states", "kind": "state", "rollup": "United States"},
        "target": {"name": "Syria", "id": "syria", "kind": "state", "rollup": "Syria"},
        "sentence": "Washington blamed Damascus for the gas attack.", "trigger": "blamed", "hedged": False,
        "negated": False, "hypothetical": False, "confidence": 1.0, "publication": "BBC", "date": "2017-04-05",
        "id": "a1-s1",
    }
    lavrov = next(x for x in lines if x["id"] == "a1-s2")
    assert lavrov["source"] == {"name": "Sergei Lavrov", "id": "lavrov", "kind": "person", "rollup": "Russia"}
    cites = next(x for x in lines if x["id"] == "a1-s5")
    assert cites["type"] == "CITES" and cites["source"]["name"] == "article"
    assert cites["target"] == {"name": "SANA", "id": "sana", "kind": "media", "rollup": "Syria"}
    assert [x["id"] for x in lines if x["article"] == "bbc-001.txt"] == [f"a1-s{i}" for i in range(1, 7)]
    everything = [json.loads(x) for x in _relations(g, "--all")]
    assert len(everything) == len(lines) + 2
    assert next(x for x in everything if x["id"] == "a1-s7")["negated"] is True


def test_relations_csv(g, tmp_path):
    out = tmp_path / "rel.csv"
    res = runner.invoke(app, ["export", "relations", "--format", "csv", "--out", str(out)], env=_env(g))
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 20
    row = next(r for r in table if r["id"] == "a2-s1")
    assert (row["article"], row["type"], row["source_name"], row["source_rollup"], row["target_name"]) == (
        "rt-001.txt", "ACCUSES", "Russian Defence Ministry", "Russia", "United States")


def _relations(store, *extra: str) -> list[str]:
    res = runner.invoke(app, ["export", "relations", *extra], env=_env(store))
    assert res.exit_code == 0, res.output
    return [line for line in res.stdout.splitlines() if line.strip()]


@pytest.mark.shared
def test_relations_jsonl_is_read_by_the_gold_scorer(store, tmp_path):
    """A statement named like a gold one scores as a true positive with ../shared/gold/seeds/score.py."""
    gold = SHARED / "gold" / "seeds"
    first = json.loads((gold / "relations.jsonl").read_text(encoding="utf-8").splitlines()[0])
    article = first["article"]
    actors = {a["id"]: a for a in map(json.loads, (gold / "actors.jsonl").read_text(encoding="utf-8").splitlines())}
    src, tgt = actors[first["source"]], actors[first["target"]]
    write_graphs(store, [ArticleGraph(
        article=ArticleRecord(id="g1", source=article, text_hash="h", date="2017-06-20"),
        actors=[ActorRecord(id=src["id"], name=src["name"], kind=src["kind"]),
                ActorRecord(id=tgt["id"], name=tgt["name"], kind=tgt["kind"])],
        statements=[Statement(id="g1-s1", type=RelType(first["type"]), source=src["id"], target=tgt["id"],
                              sentence="A sentence written for this test.", start=0, end=10, trigger="x")],
    )])
    path = tmp_path / "sys.jsonl"
    with path.open("w", encoding="utf-8") as f:
        gx.write_relations(store, f)
    proc = subprocess.run([sys.executable, str(gold / "score.py"), str(gold), str(path), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[first["type"]]["tp"] == 1


# -- push (live Neo4j only) ----------------------------------------------------------------------------------
@pytest.fixture
def live_neo4j():
    from graph.store import open_store

    s = open_store(os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER"),
                   password=os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))
    if s.read("MATCH (n) RETURN count(n) AS n").value(0):
        s.close()
        pytest.skip("the database at NEO4J_URI is not empty and this test wipes it: use a throwaway server")
    yield s
    s.clear()
    s.close()


@pytest.mark.neo4j
def test_push_copies_the_graph_into_neo4j(g, live_neo4j):
    env = _env(g)
    for _ in range(2):  # pushing twice changes nothing
        res = runner.invoke(app, ["push", os.environ["NEO4J_URI"]], env=env)
        assert res.exit_code == 0, res.output
        assert nonzero(counts(live_neo4j)) == nonzero(counts(g))
    assert live_neo4j.read("MATCH (a:Article {id: 'odd-1'}) RETURN a.title").value() == TRICKY


@pytest.mark.neo4j
def test_cypher_script_runs_on_neo4j(g, live_neo4j):
    buf = io.StringIO()
    gx.write_cypher(g, buf)
    for s in gx.script_statements(buf.getvalue()):
        live_neo4j.write(s)
    assert nonzero(counts(live_neo4j)) == nonzero(counts(g))
    assert live_neo4j.read("MATCH ()-[r:ACCUSES {id: 'odd-s1'}]->() RETURN r.sentence").value() == TRICKY


def test_push_refuses_a_non_bolt_url(cli_env):
    res = runner.invoke(app, ["push", "http://localhost:7474"])
    assert res.exit_code == 1 and "bolt://" in res.stderr


def test_cli_export_cypher_writes_a_runnable_script(g, other, tmp_path):
    out = tmp_path / "graph.cypher"
    res = runner.invoke(app, ["export", "cypher", "--out", str(out), "--no-schema"], env=_env(g))
    assert res.exit_code == 0, res.output
    want = snapshot(g)
    n_nodes, n_rels = sum(want["counts"]["nodes"].values()), sum(want["counts"]["relationships"].values())
    assert f"wrote {n_nodes} nodes and {n_rels} relationships" in res.stderr
    for s in gx.script_statements(out.read_text(encoding="utf-8")):
        other.write(s)
    assert snapshot(other) == want


def test_relations_name_actors_as_the_text_does(store):
    """The words of the article ("Moscow", "Damascus") name the sides; without words (extraction and record files
    keep no pronoun as a side's words) the dictionary's name does."""
    from graph.export import iter_relations
    from graph.model import ActorRecord, ArticleGraph, ArticleRecord, Statement
    from graph.writer import write_graphs

    actors = [ActorRecord(id="russia", name="Russia", kind="state", rollup="russia", rollup_name="Russia"),
              ActorRecord(id="syria", name="Syria", kind="state", rollup="syria", rollup_name="Syria")]
    stmts = [
        Statement(id="m1", type=RelType.ACCUSES, source="russia", target="syria", source_text="Moscow",
                  target_text="Damascus", sentence="Moscow blamed Damascus.", start=0, end=23, trigger="blamed"),
        Statement(id="m2", type=RelType.ACCUSES, source="russia", target="syria", source_text=None,
                  target_text=None, sentence="It blamed Syria again.", start=24, end=46, trigger="blamed"),
    ]
    write_graphs(store, [ArticleGraph(article=ArticleRecord(id="m", source="m.txt", text_hash="h"),
                                      actors=actors, statements=stmts)])
    rows = {r["id"]: r for r in iter_relations(store)}
    assert rows["m1"]["source"]["name"] == "Moscow" and rows["m1"]["target"]["name"] == "Damascus"
    assert rows["m2"]["source"]["name"] == "Russia" and rows["m2"]["target"]["name"] == "Syria"
    assert rows["m1"]["source"]["rollup"] == "Russia"
