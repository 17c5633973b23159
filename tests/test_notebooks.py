"""The notebooks run from top to bottom: 01 on a fresh embedded graph, 02 against Neo4j when NEO4J_URI is set.

Executed with nbclient on a kernel spec written for the interpreter running the tests, so the notebook sees the
project's own environment whatever kernels the machine has. Committed notebooks carry no outputs.
"""
from __future__ import annotations

import json
import os
import sys
import uuid
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graph.falkor_store import FalkorStore

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


KERNEL = "narrative-test"


@pytest.fixture(autouse=True)
def kernel_of_this_interpreter(tmp_path, monkeypatch):
    """A kernel spec for the interpreter running the tests, found before any user-wide "python3" spec."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "narrative-graph tests", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))


def _run(name: str, workdir: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, kernel_name=KERNEL, timeout=300, resources={"metadata": {"path": str(workdir)}}).execute()
    return nb


def _outputs(nb) -> str:
    return json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"])


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: clear outputs before committing"


@pytest.mark.slow
def test_quickstart_runs_on_embedded_store(server_dir, tmp_path, monkeypatch):
    graph = f"nb_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("NARRATIVE_HOME", str(server_dir))
    monkeypatch.setenv("NARRATIVE_GRAPH", graph)
    monkeypatch.delenv("NARRATIVE_STORE", raising=False)
    try:
        nb = _run("01-quickstart.ipynb", tmp_path)
        out = _outputs(nb)
        assert "8 articles: 8 new" in out  # the sample corpus went in
        assert "text/html" in out and "iframe" in out  # the inline network page
        assert "image/png" in out  # the plots
        page = (server_dir / "notebook" / "statements.html").read_text(encoding="utf-8")
        assert "vis.Network" in page and "https://" not in page
        assert (server_dir / "notebook" / "top-accusers.png").stat().st_size > 10_000
        # the notebook's graph is the store's: it holds the sample's articles
        s = FalkorStore.open(server_dir, graph=graph)
        try:
            assert s.read("MATCH (a:Article) RETURN count(a)").value() == 8
        finally:
            s.clear()
            s.close()
    finally:
        for leftover in ("statements.html", "top-accusers.png", "source-reliance.png"):
            (server_dir / "notebook" / leftover).unlink(missing_ok=True)


@pytest.mark.neo4j
@pytest.mark.slow
def test_neo4j_notebook_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATIVE_STORE", os.environ["NEO4J_URI"])
    monkeypatch.setenv("NARRATIVE_HOME", str(tmp_path))
    nb = _run("02-neo4j.ipynb", tmp_path)
    assert "image/png" in _outputs(nb) and "articles:" in _outputs(nb)
