"""Smoke test of the benchmark harness: `python -m benchmarks --quick` runs every figure on a tiny sample.

No timing is asserted (the numbers depend on the machine); the test checks that every figure was measured and
the JSON has the documented keys and types, so a change that breaks a figure shows up here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


@pytest.mark.shared
@pytest.mark.slow
def test_quick_run_writes_every_figure(tmp_path):
    out = tmp_path / "tmp.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--corpus", str(CORPUS), "--out", str(out),
         "--cache-dir", str(tmp_path / "cache")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=540,
    )
    assert out.exists(), proc.stderr[-2000:]
    res = json.loads(out.read_text())
    assert res["errors"] == {}, res["errors"]
    assert proc.returncode == 0, proc.stderr[-2000:]

    for key in ("ingest_ratio", "reingest_ratio", "load_ratio", "rss_ratio", "viz_seconds"):
        assert _number(res[key]), (key, res[key])
    assert isinstance(res["viz_bytes"], int) and res["viz_bytes"] > 0
    assert res["ingest_ratio"] > 0 and res["rss_ratio"] > 0

    # Every canned report was timed on the synthetic graph.
    from queries.runner import list_reports

    names = {r.name for r in list_reports()}
    assert set(res["report_p95_ms"]) == names
    assert all(_number(v) for v in res["report_p95_ms"].values())

    m = res["machine"]
    assert m["cores"] >= 1 and m["ram_gib"] > 0 and m["python"] and m["os"] and m["cpu"]
    assert "spacy" in m["packages"] and "falkordb" in m["packages"]

    d = res["details"]
    assert d["ingest"]["articles"] == 20 and d["ingest"]["ingested"] == 20
    assert d["ingest"]["reingest_unchanged"] == 20 and d["ingest"]["reingest_new"] == 0
    assert d["memory"]["articles_4x"] == 4 * d["memory"]["articles_1x"]
    assert d["synthetic"]["counts"]["nodes"]["Article"] == 2000
    assert set(res["targets"]) >= {"ingest_ratio", "reingest_ratio", "load_ratio", "rss_ratio", "viz_seconds"}
    # The table printed on stdout names every figure.
    for figure in ("ingest / bare nlp.pipe", "re-ingest / ingest", "peak RSS 4x / 1x", "viz accusations"):
        assert figure in proc.stdout


def test_synthetic_graph_has_the_writers_shape(store):
    """The generator writes the labels, types and properties `graph.writer` writes (on a tiny graph)."""
    from benchmarks.synthetic import Shape, build
    from graph.model import Label, RelType

    build(store._graph, Shape.for_articles(60))
    actor = store.read(f"MATCH (a:{Label.ACTOR}) RETURN properties(a) AS p LIMIT 1").value()
    assert {"id", "name", "kind", "rollup", "rollup_name", "known", "confidence"} <= set(actor)
    article = store.read(f"MATCH (a:{Label.ARTICLE}) RETURN properties(a) AS p LIMIT 1").value()
    assert set(article) == {"id", "title", "source", "url", "date", "byline", "text_hash", "words", "publication"}
    for rel in (RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES):
        props = store.read(f"MATCH ()-[r:{rel}]->() RETURN properties(r) AS p LIMIT 1").value()
        assert {"id", "article", "publication", "date", "sentence", "start", "end", "trigger", "hedged",
                "negated", "hypothetical", "confidence"} <= set(props), rel
    strike = store.read(f"MATCH ()-[r:{RelType.STRIKES}]->() RETURN r.event AS e LIMIT 1").value()
    assert store.read(f"MATCH (e:{Label.EVENT} {{id: $e}})-[:{RelType.IN}]->(:{Label.LOCATION}) RETURN count(e)",
                      {"e": strike}).value() == 1
    # Zipf-like popularity: the most mentioned actor is in far more articles than the median one.
    counts = store.read(f"MATCH (:{Label.ARTICLE})-[m:{RelType.MENTIONS}]->(a:{Label.ACTOR}) "
                        "RETURN a.id AS a, count(m) AS n ORDER BY n DESC").records()
    assert counts[0]["n"] >= 5 * counts[len(counts) // 2]["n"]


def test_benchmark_statements_pass_the_cypher_linter():
    """The harness's own Cypher (synthetic generator, report helpers) is as portable as the project's."""
    import importlib.util

    from benchmarks import reports, synthetic
    from graph import cypher_registry

    spec = importlib.util.spec_from_file_location("_lint", ROOT / "tests" / "test_cypher_lint.py")
    linter = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(linter)
    statements = {f"benchmarks.{m.__name__.split('.')[-1]}[{i}]": q
                  for m in (synthetic, reports) for i, q in enumerate(m.CYPHER_STATEMENTS)}
    items = [{"id": sid, "query": q, "params": {k: None for k in cypher_registry.used_params(q)}}
             for sid, q in statements.items()]
    found = linter.lint(items)
    problems = {sid: [d["message"] for d in diags if d["severity"] in ("error", "warning")]
                for sid, diags in found.items()}
    assert not any(problems.values()), {sid: p for sid, p in problems.items() if p}
