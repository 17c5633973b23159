"""On a live Bolt server, the production path gives what the embedded store gives (marked `neo4j`).

`make test-bolt` runs this on ArcadeDB (see .ci/bolt-server); point NEO4J_URI at a throwaway Neo4j 5 to run it
there. One corpus (../shared/seeds when present, else the bundled sample) is ingested through the CLI into an
embedded graph and into the Bolt server; then every canned report at every level, metrics, pages, export,
retally, push (twice) and a `kill -9` mid-ingest must agree with the embedded store or with a clean run.
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.falkor_store import FalkorStore
from graph.neo4j_store import Neo4jStore
from graph.stats import counts
from loaders.sample import sample_files
from narrative.cli import app
from queries import list_reports, run_report

pytestmark = pytest.mark.neo4j

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
CORPUS = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() and any(SEEDS.glob("*.txt")) else sample_files()
runner = CliRunner()


def _bolt() -> Neo4jStore:
    return Neo4jStore.open(os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER"),
                           password=os.environ.get("NEO4J_PASSWORD"), database=os.environ.get("NEO4J_DATABASE"))


class Graphs:
    """The two stores holding the same ingested corpus, and the environments that point the CLI at each."""

    def __init__(self, server_dir: Path, home: Path) -> None:
        self.uri = os.environ["NEO4J_URI"]
        self.graph = f"parity_{uuid.uuid4().hex[:10]}"
        self.home = home
        self.emb_env = {"NARRATIVE_HOME": str(server_dir), "NARRATIVE_GRAPH": self.graph, "NARRATIVE_STORE": None}
        self.bolt_env = {"NARRATIVE_HOME": str(home), "NARRATIVE_STORE": self.uri}
        self.emb = FalkorStore.open(server_dir, graph=self.graph)
        self.bolt = _bolt()

    def cli(self, env: dict, *args: str) -> str:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, f"narrative {' '.join(args)}:\n{result.output}"
        return result.output

    def both(self, *args: str) -> tuple[str, str]:
        return self.cli(self.emb_env, *args), self.cli(self.bolt_env, *args)

    def script(self, env: dict, name: str) -> list[str]:
        """`export cypher` of a store, without its comment lines (they name the store)."""
        out = self.home / f"{name}.cypher"
        self.cli(env, "export", "cypher", "--out", str(out))
        return [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("//")]


@pytest.fixture(scope="module")
def graphs(server_dir, tmp_path_factory):
    probe = _bolt()
    try:
        if probe.read("MATCH (n) RETURN count(n) AS n").value(0):
            pytest.skip("the database at NEO4J_URI is not empty and these tests wipe it: point NEO4J_URI at a "
                        "throwaway server (make test-bolt starts one)")
    finally:
        probe.close()
    g = Graphs(server_dir, tmp_path_factory.mktemp("parity"))
    paths = [str(p) for p in CORPUS]
    g.both("ingest", *paths, "-q")
    g.clean_script = g.script(g.bolt_env, "clean")
    yield g
    g.emb.clear()
    g.emb.close()
    g.bolt.clear()
    g.bolt.close()


def _top_actor(g: Graphs) -> str:
    top = run_report(g.emb, "accusations", {"limit": 1}).rows
    return top[0][0] if top else "Russia"


def _report_cases(g: Graphs) -> list[tuple[str, dict]]:
    """Every report at every level; `article` for every article, `actor-profile` for the two busiest actors."""
    actors = [r[0] for r in run_report(g.emb, "accusations", {"limit": 2}).rows] or ["Russia"]
    articles = [r[0] for r in g.emb.read("MATCH (a:Article) RETURN a.id AS id ORDER BY id").rows]
    cases = []
    for rep in list_reports():
        required = [p.name for p in rep.params if p.required]
        bases = [{}] if not required else [{"actor": a} for a in actors] if required == ["actor"] else \
            [{"id": a} for a in articles]
        levels = [{"level": lv} for lv in rep.param("level").choices] if rep.param("level") else [{}]
        cases += [(rep.name, {**base, **lv}) for base in bases for lv in levels]
    return cases


def _same_reports(g: Graphs, store) -> None:
    cases = _report_cases(g)
    assert len(cases) >= len(list_reports())
    for name, params in cases:
        want, got = run_report(g.emb, name, params), run_report(store, name, params)
        if not want.rows and not got.rows and not got.columns:
            continue  # ArcadeDB sends no column names with an empty result; Neo4j and FalkorDB do
        assert (got.columns, got.rows) == (want.columns, want.rows), f"report {name} {params} differs"


def test_the_ingest_gives_the_same_graph(graphs):
    assert counts(graphs.bolt) == counts(graphs.emb)
    assert counts(graphs.emb)["nodes"]["Article"] == len(CORPUS)
    assert graphs.clean_script == graphs.script(graphs.emb_env, "embedded")


def test_every_report_gives_the_same_rows(graphs):
    _same_reports(graphs, graphs.bolt)
    emb, bolt = graphs.both("report", "accusations", "--level", "state", "--format", "json")
    assert json.loads(bolt) == json.loads(emb)


def test_metrics_and_pages_are_the_same(graphs):
    for net in ("accusations", "denials", "strikes", "citations"):
        for level in ("entity", "state"):
            emb, bolt = graphs.both("metrics", "--graph", net, "--level", level, "--format", "json")
            assert json.loads(bolt) == json.loads(emb), f"metrics {net} {level}"
    pages = {}
    for env, name in ((graphs.emb_env, "emb"), (graphs.bolt_env, "bolt")):
        out = graphs.home / f"accusations-{name}.html"
        graphs.cli(env, "viz", "accusations", "--out", str(out), "--force")
        pages[name] = out.read_text(encoding="utf-8")
        actor = graphs.home / f"actor-{name}.html"
        graphs.cli(env, "viz", "actor", _top_actor(graphs), "--out", str(actor), "--force")
        pages[name + "-actor"] = actor.read_text(encoding="utf-8")
    assert "vis.Network" in pages["bolt"]
    for page in ("", "-actor"):
        assert _network(pages["bolt" + page]) == _network(pages["emb" + page])


def _network(page: str) -> dict[str, list]:
    """The nodes and edges of a page, every field as written, except that a tooltip's example sentences and
    articles count as a set: a page takes the first few of them in the store's order (`graph.project_top`)."""
    decoder = json.JSONDecoder()
    out = {}
    for name in ("nodes", "edges"):
        start = page.index(f"var {name} = ") + len(f"var {name} = ")
        items = decoder.raw_decode(page, start)[0]
        for item in items:
            item["title"] = sorted(re.split(r"</?(?:li|ul)>", str(item.get("title", ""))))
        out[name] = sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    return out


def test_retally_keeps_every_report(graphs):
    out = graphs.cli(graphs.bolt_env, "db", "retally")
    assert "tallies rebuilt" in out
    _same_reports(graphs, graphs.bolt)


def test_push_twice_copies_the_embedded_graph_and_the_second_changes_nothing(graphs):
    graphs.bolt.clear()
    graphs.cli(graphs.emb_env, "push", graphs.uri)
    first = graphs.script(graphs.bolt_env, "pushed-1")
    assert first == graphs.clean_script
    graphs.cli(graphs.emb_env, "push", graphs.uri)
    assert graphs.script(graphs.bolt_env, "pushed-2") == first
    assert counts(graphs.bolt) == counts(graphs.emb)
    graphs.cli(graphs.bolt_env, "db", "retally")  # a pushed graph carries no tallies (derived data)
    _same_reports(graphs, graphs.bolt)


def test_kill_9_mid_ingest_then_a_rerun_equals_a_clean_run(graphs):
    graphs.bolt.clear()
    env = {**os.environ, "NARRATIVE_HOME": str(graphs.home), "NARRATIVE_STORE": graphs.uri}
    cmd = [sys.executable, "-c", "from narrative.cli import main; main()", "ingest", *map(str, CORPUS),
           "--batch-size", "1", "-q"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    landed = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            landed = graphs.bolt.read("MATCH (a:Article) WHERE a.text_hash IS NOT NULL RETURN count(a)").value(0)
            if landed:
                break
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the ingest ended before it was killed: {err.decode()[-2000:]}"
    assert 1 <= landed < len(CORPUS)
    graphs.cli(graphs.bolt_env, "ingest", *map(str, CORPUS), "-q")
    assert graphs.script(graphs.bolt_env, "rerun") == graphs.clean_script
    _same_reports(graphs, graphs.bolt)
