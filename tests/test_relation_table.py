"""The relation table is the one vocabulary: a type registered there flows through writer, exports, projections,
pages and CLI with no other edit, a row the layers cannot treat is refused, and the actor kinds have one definition.

The end-to-end test runs in a subprocess: modules build their Cypher from the table when they are imported, so the
dummy type (THREATENS, network "threats") is registered there before anything else is imported, and this test
process keeps the shipped table.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from graph import relations
from graph.labels import Label
from graph.model import ACTOR_KINDS, RelType, Statement

ROOT = Path(__file__).resolve().parent.parent
A, ART = Label.ACTOR, Label.ARTICLE

CHILD = r'''
import json, sys
from pathlib import Path
from graph import relations
from graph.labels import Label

relations.register(relations.Relation("THREATENS", ((Label.ACTOR, Label.ACTOR),), statement=True, extracted=True,
                                      network="threats", verb="threatens"))

import networkx as nx
from typer.testing import CliRunner

from graph import export, project, project_top, viz
from graph.falkor_store import FalkorStore
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, Statement
from graph.writer import write_graphs
from narrative.cli import app

server, graph_name, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
lines = [
    "The northern council warned the river league that its boats would be sunk.",
    "The river league blamed the northern council for the closed bridge.",
]
g = ArticleGraph(
    article=ArticleRecord(id="t1", title="Bridge quarrel", source="t1.txt", text_hash="h-t1", date="2026-03-02"),
    actors=[ActorRecord(id="north", name="Northern Council", kind="government_body"),
            ActorRecord(id="league", name="River League", kind="coalition")],
    statements=[
        Statement(id="t1-1", type="THREATENS", source="north", target="league", sentence=lines[0], start=0,
                  end=len(lines[0]), trigger="warned"),
        Statement(id="t1-2", type="ACCUSES", source="league", target="north", sentence=lines[1],
                  start=len(lines[0]) + 1, end=len(lines[0]) + 1 + len(lines[1]), trigger="blamed"),
    ],
)
store = FalkorStore.open(server, graph=graph_name)
res = {}
try:
    store.ensure_schema()
    write_graphs(store, [g])
    write_graphs(store, [g])  # a rewrite replaces the article's THREATENS statement instead of doubling it
    res["stored"] = store.read("MATCH ()-[r:THREATENS]->() RETURN count(r) AS n").value(0)
    res["relations"] = list(export.iter_relations(store))
    script = out / "graph.cypher"
    with script.open("w", encoding="utf-8") as f:
        export.write_cypher(store, f)
    res["script_threatens"] = [s for s in export.script_statements(script.read_text()) if ":THREATENS" in s]
    export.write_csv(store, out / "csv")
    res["csv_files"] = sorted(p.name for p in (out / "csv").glob("relationships_*.csv"))
    full = export.to_networkx(store)
    res["nx_edges"] = sorted([u, v, k, d["type"]] for u, v, k, d in full.edges(keys=True, data=True)
                             if d["type"] in ("THREATENS", "ACCUSES"))
    net = project.project(store, "threats")
    res["projection"] = [[u, v, d["weight"], d["sentences"]] for u, v, d in net.edges(data=True)]
    both = project.statement_network(store, "statements")
    res["statements_types"] = both.edges["north", "league"]["types"]
    top = project_top.top_projection(store, "threats")
    res["top"] = [[u, v, d["weight"]] for u, v, d in top.edges(data=True)]
    page = viz.write_page(store, "threats", out / "threats.html").read_text(encoding="utf-8")
    res["page"] = {"title": "Who threatens whom (entities)" in page, "actor": "Northern Council" in page}
    actor = viz.write_page(store, "actor", out / "actor.html", actor="north").read_text(encoding="utf-8")
    res["actor_page"] = {"threatens": "boats would be sunk" in actor,
                         "heading": "accusations, denials, strikes and threats" in actor}
    runner = CliRunner()
    env = {"NARRATIVE_HOME": str(server), "NARRATIVE_GRAPH": graph_name}
    r = runner.invoke(app, ["viz", "threats", "--out", str(out / "cli.html")], env=env)
    res["cli_viz"] = [r.exit_code, r.output.strip(), (out / "cli.html").exists()]
    r = runner.invoke(app, ["viz", "--help"], env=env)
    res["cli_viz_help"] = "threats" in r.output
    r = runner.invoke(app, ["metrics", "--graph", "threats", "--format", "json"], env=env)
    res["cli_metrics"] = [r.exit_code, json.loads(r.stdout)["graph"] if r.exit_code == 0 else r.output]
    r = runner.invoke(app, ["export", "relations"], env=env)
    res["cli_relations"] = [r.exit_code, sorted(json.loads(x)["type"] for x in r.stdout.splitlines() if x.strip())]
    r = runner.invoke(app, ["info"], env=env)
    res["cli_info"] = [r.exit_code, "THREATENS" in r.output]
finally:
    store.clear()
    store.close()
print("RESULT " + json.dumps(res))
'''


@pytest.fixture(scope="module")
def threatens(server_dir, tmp_path_factory):
    """What the child saw after registering THREATENS and writing one article with it through the writer."""
    out = tmp_path_factory.mktemp("threatens")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NARRATIVE_STORE", None)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(server_dir), f"r_{uuid.uuid4().hex[:12]}", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert proc.returncode == 0 and line, proc.stderr[-3000:]
    return json.loads(line[len("RESULT "):])


def test_registered_type_is_written_once_per_statement(threatens):
    assert threatens["stored"] == 1


def test_registered_type_is_exported(threatens):
    rows = [r for r in threatens["relations"] if r["type"] == "THREATENS"]
    assert len(rows) == 1
    assert rows[0]["source"]["name"] == "Northern Council" and rows[0]["target"]["name"] == "River League"
    assert rows[0]["trigger"] == "warned" and rows[0]["article"] == "t1.txt"
    merges = [s for s in threatens["script_threatens"] if s.startswith("UNWIND")]
    assert len(merges) == 1 and "MERGE (a)-[r:THREATENS {id: row.id}]->(b)" in merges[0]
    indexes = {s for s in threatens["script_threatens"] if s.startswith("CREATE INDEX")}
    assert {"CREATE INDEX threatens_id IF NOT EXISTS FOR ()-[r:THREATENS]-() ON (r.id)",
            "CREATE INDEX threatens_article IF NOT EXISTS FOR ()-[r:THREATENS]-() ON (r.article)"} == indexes
    assert "relationships_THREATENS.csv" in threatens["csv_files"]
    assert ["Actor:north", "Actor:league", "t1-1", "THREATENS"] in threatens["nx_edges"]
    assert ["Actor:league", "Actor:north", "t1-2", "ACCUSES"] in threatens["nx_edges"]


def test_registered_type_has_its_network(threatens):
    assert threatens["projection"] == [["north", "league", 1, [
        "The northern council warned the river league that its boats would be sunk."]]]
    assert threatens["statements_types"] == {"THREATENS": 1}
    assert threatens["top"] == [["north", "league", 1]]


def test_registered_type_has_its_page_and_cli_name(threatens):
    assert threatens["page"] == {"title": True, "actor": True}
    assert threatens["actor_page"] == {"threatens": True, "heading": True}
    code, printed, exists = threatens["cli_viz"]
    assert code == 0 and printed.endswith("cli.html") and exists
    assert threatens["cli_viz_help"]
    assert threatens["cli_metrics"] == [0, "threats"]
    assert threatens["cli_relations"] == [0, ["ACCUSES", "THREATENS"]]
    assert threatens["cli_info"] == [0, True]


def test_shipped_table():
    assert relations.statement_types() == ("ACCUSES", "DENIES", "STRIKES")
    assert relations.extracted_types() == ("ACCUSES", "DENIES", "STRIKES", "CITES")
    assert relations.networks() == {"accusations": "ACCUSES", "denials": "DENIES", "strikes": "STRIKES",
                                    "citations": "CITES"}
    assert [t.value for t in RelType] == list(relations.RELATIONS)
    assert relations.by_network("strikes").event_key == "event"
    with pytest.raises(ValueError, match="unknown network"):
        relations.by_network("threats")


@pytest.mark.parametrize("row, why", [
    (relations.Relation("threatens", ((A, A),)), "upper-case identifier"),
    (relations.Relation("THREAT-ENS", ((A, A),)), "upper-case identifier"),
    (relations.Relation("THREATENS", ()), "pairs of graph labels"),
    (relations.Relation("THREATENS", (("Actor", "Actor"),)), "pairs of graph labels"),
    (relations.Relation("THREATENS", ((A, A),), statement=True, extracted=True), "names its network"),
    (relations.Relation("THREATENS", ((ART, A),), statement=True, extracted=True, network="threats"),
     "joins actors"),
    (relations.Relation("THREATENS", ((A, A),), statement=True, network="threats"), "is extracted"),
    (relations.Relation("THREATENS", ((A, A),), extracted=True), "an article to an actor"),
    (relations.Relation("THREATENS", ((A, A),), statement=True, extracted=True, network="accusations"),
     "already the network of ACCUSES"),
    (relations.Relation("THREATENS", ((A, A),), statement=True, extracted=True, network="actor"), "free lower-case"),
    (relations.Relation("THREATENS", ((A, A),), statement=True, extracted=True, network="Threats"),
     "free lower-case"),
    (relations.Relation("THREATENS", ((ART, Label.EVENT),), network="threats"), "only extracted types"),
    (relations.Relation("THREATENS", ((ART, A),), extracted=True, event_key="event"), "only a statement"),
])
def test_register_refuses_a_bad_row(row, why):
    before = dict(relations.RELATIONS)
    with pytest.raises(ValueError, match=why):
        relations.register(row)
    assert relations.RELATIONS == before


def test_statement_type_goes_through_the_table():
    ok = Statement(id="s", type="CITES", source=None, target="x", sentence="x", start=0, end=1, trigger="t")
    assert ok.type is RelType.CITES
    for bad, why in (("THREATENS", "unknown relation type"), ("REPORTS", "not a statement type")):
        with pytest.raises(ValueError, match=why):
            Statement(id="s", type=bad, source="a", target="b", sentence="x", start=0, end=1, trigger="t")


def test_actor_kinds_have_one_definition():
    from benchmarks import synthetic
    from graph import plots, viz
    from loaders import actors

    assert "location" in ACTOR_KINDS and "other" in ACTOR_KINDS and len(set(ACTOR_KINDS)) == len(ACTOR_KINDS)
    assert actors.ACTOR_KINDS == frozenset(ACTOR_KINDS)
    assert plots.KIND_ORDER == list(ACTOR_KINDS)
    assert synthetic.ACTOR_KINDS == ACTOR_KINDS
    missing = [k for k in ACTOR_KINDS if k not in viz.KIND_COLORS]
    assert not missing, f"kinds without a page colour in graph.viz.KIND_COLORS: {missing}"
    assert set(viz.KIND_COLORS) == set(ACTOR_KINDS) | {"publication"}
    assert len(set(viz.KIND_COLORS.values())) == len(viz.KIND_COLORS)  # two kinds never look the same


@pytest.mark.parametrize("report", ["actor-profile", "article"])
def test_reports_listing_types_name_every_extracted_type(report):
    """A .cypher file cannot read the table: a type added to it must be added to these reports by hand."""
    text = (ROOT / "queries" / f"{report}.cypher").read_text(encoding="utf-8")
    missing = [t for t in relations.extracted_types() if t not in text]
    assert not missing, f"queries/{report}.cypher does not name {missing}: add them where it lists the types"
