"""`narrative demo` end to end on the real embedded store: report printed, page written, idempotent."""
from __future__ import annotations

from typer.testing import CliRunner

from graph.falkor_store import FalkorStore
from graph.stats import counts
from narrative.cli import app


def test_demo_twice_gives_the_same_graph(cli_env, tmp_path):
    runner = CliRunner()
    out = tmp_path / "demo-accusations.html"
    r1 = runner.invoke(app, ["demo", "--out", str(out)])
    assert r1.exit_code == 0, r1.output
    assert "Who accuses whom" in r1.output and str(out.name) in r1.output.replace("\n", "")
    page = out.read_text()
    assert "<canvas" in page or "vis-network" in page.lower()
    assert "http://" not in page and "https://" not in page
    store = FalkorStore.open(cli_env["NARRATIVE_HOME"], graph=cli_env["NARRATIVE_GRAPH"])
    first = counts(store)
    assert first["nodes"]["Article"] == 8
    assert first["relationships"]["ACCUSES"] > 5 and first["relationships"]["CITES"] > 5
    r2 = runner.invoke(app, ["demo", "--out", str(out)])
    assert r2.exit_code == 0, r2.output
    assert counts(store) == first
    store.close()
