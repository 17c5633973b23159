"""Every `--out` of the CLI, on the real embedded store: missing folders are created, a folder where a file is
expected (or a file where a folder is) is refused, and an existing output is kept unless `--force`. Every refusal
is one `Error:` line naming the fix, a non-zero exit code, and no traceback.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.falkor_store import FalkorStore
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.writer import write_graphs
from narrative.cli import app

#: (command line before --out, file name): every command whose --out is one file.
FILE_COMMANDS = [
    (("export", "cypher"), "graph.cypher"),
    (("export", "graphml"), "graph.graphml"),
    (("export", "gexf"), "graph.gexf"),
    (("export", "relations"), "relations.jsonl"),
    (("export", "relations", "--format", "csv"), "relations.csv"),
    (("viz", "accusations"), "acc.html"),
    (("viz", "actor", "Russia"), "russia.html"),
    (("plot", "top-accusers"), "top.png"),
]
IDS = [" ".join(c) for c, _ in FILE_COMMANDS]


@pytest.fixture
def graph(cli_env):
    """The CLI's graph with one article: accusations both ways, a denial and a citation."""
    s = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        s.ensure_schema()
        actors = [ActorRecord(id="ru", name="Russia", kind="state", rollup="ru"),
                  ActorRecord(id="ua", name="Ukraine", kind="state", rollup="ua")]
        stmts = [Statement(id=f"o{i}", type=t, source=a, target=b, sentence=f"Sentence {i}.", start=0, end=11,
                           trigger="x")
                 for i, (t, a, b) in enumerate([(RelType.ACCUSES, "ru", "ua"), (RelType.ACCUSES, "ua", "ru"),
                                                (RelType.DENIES, "ru", "ua"), (RelType.CITES, None, "ru")])]
        write_graphs(s, [ArticleGraph(
            article=ArticleRecord(id="o1", title="Out", source="o1.txt", text_hash="h", date="2022-05-01",
                                  publication="tass", words=50),
            publication=PublicationRecord(id="tass", name="TASS"), actors=actors, statements=stmts)])
    finally:
        s.close()
    return cli_env


def _run(*args: str):
    res = CliRunner().invoke(app, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), f"uncaught: {res.exception!r}"
    assert "Traceback" not in res.output
    return res


def _refused(res, *words: str) -> None:
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error:")]
    assert res.exit_code != 0, res.output
    assert len(errors) == 1, res.stderr
    for w in words:
        assert w in res.stderr.replace("\n", " "), (w, res.stderr)


@pytest.mark.parametrize("command,name", FILE_COMMANDS, ids=IDS)
def test_file_outputs_create_folders_keep_existing_files_and_overwrite_with_force(graph, tmp_path, command, name):
    out = tmp_path / "new" / "deeper" / name
    res = _run(*command, "--out", str(out))
    assert res.exit_code == 0, res.output
    assert out.is_file() and out.stat().st_size > 0
    out.write_bytes(b"kept")
    _refused(_run(*command, "--out", str(out)), str(out), "--force")
    assert out.read_bytes() == b"kept"  # not touched
    res = _run(*command, "--out", str(out), "--force")
    assert res.exit_code == 0, res.output
    assert out.read_bytes() != b"kept" and out.stat().st_size > 10


@pytest.mark.parametrize("command,name", FILE_COMMANDS, ids=IDS)
def test_file_outputs_refuse_a_folder_and_a_file_in_the_way(graph, tmp_path, command, name):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    _refused(_run(*command, "--out", str(folder)), "is a folder", "give a file name", f"--out {folder}/")
    _refused(_run(*command, "--out", str(folder), "--force"), "is a folder")  # --force never deletes a folder
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    _refused(_run(*command, "--out", str(blocker / "sub" / name)), "is a file, not a folder", str(blocker))
    assert blocker.read_text() == "" and list(folder.iterdir()) == []


def test_viz_default_path_is_kept_too(graph, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run("viz", "denials").exit_code == 0
    page = (tmp_path / "denials.html").read_text()
    _refused(_run("viz", "denials"), "denials.html", "--force")
    assert (tmp_path / "denials.html").read_text() == page
    assert _run("viz", "denials", "--force").exit_code == 0


def test_csv_output_is_a_folder_created_kept_and_overwritten_with_force(graph, tmp_path):
    out = tmp_path / "missing" / "csv"
    assert _run("export", "csv", "--out", str(out)).exit_code == 0
    nodes = out / "nodes_Actor.csv"
    assert nodes.is_file() and (out / "import.txt").is_file()
    nodes.write_text("kept")
    _refused(_run("export", "csv", "--out", str(out)), str(out), "--force")
    assert nodes.read_text() == "kept"
    assert _run("export", "csv", "--out", str(out), "--force").exit_code == 0
    assert nodes.read_text().startswith("id:ID(Actor)")
    # a folder holding other things only is fine; a file where the folder should be is not
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.md").write_text("mine")
    assert _run("export", "csv", "--out", str(other)).exit_code == 0 and (other / "notes.md").read_text() == "mine"
    a_file = tmp_path / "graph.csv"
    a_file.write_text("x")
    _refused(_run("export", "csv", "--out", str(a_file)), "is a file", "folder")
    _refused(_run("export", "csv", "--out", str(a_file), "--force"), "is a file")
    assert a_file.read_text() == "x"
    _refused(_run("export", "csv", "--out", str(a_file / "csv")), "is a file, not a folder")


def test_demo_rewrites_its_page_but_refuses_a_folder_before_ingesting(cli_env, tmp_path):
    """The demo is idempotent (tests/test_demo.py runs it twice on one --out); a folder as --out is refused at
    once, before the sample corpus is parsed."""
    folder = tmp_path / "pages"
    folder.mkdir()
    res = _run("demo", "--out", str(folder))
    _refused(res, "is a folder", "demo-accusations.html")
    assert "Store:" not in res.output  # stopped before opening the store and ingesting


def test_extract_output_creates_its_folder_and_keeps_an_existing_file(tmp_path):
    from typer.testing import CliRunner

    from narrative.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Russia accused Ukraine of shelling the plant on Friday.\n", encoding="utf-8")
    out = tmp_path / "new" / "deeper" / "records.jsonl"
    runner = CliRunner()
    r = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    first = out.read_text(encoding="utf-8")
    assert first.strip()
    again = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q"])
    assert again.exit_code == 1 and "already exists" in again.output and "Traceback" not in again.output
    folder = runner.invoke(app, ["extract", str(src), "-o", str(tmp_path / "new"), "-q"])
    assert folder.exit_code == 1 and "is a folder" in folder.output
    forced = runner.invoke(app, ["extract", str(src), "-o", str(out), "-q", "--overwrite"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") == first
