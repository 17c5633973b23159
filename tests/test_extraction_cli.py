"""`narrative actors review` on a real embedded store, and `narrative evaluate` end to end."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _extract_support import run
from typer.testing import CliRunner

from graph.falkor_store import FalkorStore
from graph.writer import write_graphs
from narrative.cli import app

runner = CliRunner()
GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "gold"


def test_actors_review_lists_discovered_actors_by_frequency(cli_env, server_dir):
    g1 = run("Colonel Mirko Varga of the Zapadni Brigade said the rebels shelled Aleppo. Varga said it was a crime.")
    g2 = run("Mirko Varga, a commander, said on Monday that Russian jets bombed Idlib.")
    g2.article.id = "t2"
    store = FalkorStore.open(server_dir, graph=os.environ["NARRATIVE_GRAPH"])
    try:
        store.ensure_schema()
        write_graphs(store, [g1, g2])
    finally:
        store.close()
    r = runner.invoke(app, ["actors", "review", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert rows and rows[0]["name"].endswith("Varga")
    assert rows[0]["articles"] == 2
    assert all(row["name"] != "Russia" for row in rows)  # dictionary actors are not listed


def test_evaluate_rejects_a_folder_without_gold(tmp_path):
    r = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert r.exit_code != 0
    assert "actors.jsonl" in r.output


@pytest.mark.shared
def test_evaluate_json_on_the_dev_set():
    r = runner.invoke(app, ["evaluate", str(GOLD / "dev"), "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output[r.output.index("{"):])
    assert set(out) == {"ACCUSES", "DENIES", "STRIKES", "CITES", "micro"}
    assert out["micro"]["f1"] >= 0.75
