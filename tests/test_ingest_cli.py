"""`narrative ingest|extract|load` end to end: exit codes, bad inputs, kill -9 and concurrent ingests.

The fault tests run the real console entry point in subprocesses against the session's embedded server, then
compare the resulting graph with an uninterrupted run into a graph of its own.
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
from graph.stats import counts
from loaders.pipeline import write_lock
from narrative.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

PLACES = ["Kharkiv", "Idlib", "Marib", "Rafah", "Aleppo", "Donetsk", "Hodeidah", "Khan Younis", "Homs", "Sumy"]
PAIRS = [("Russia", "Ukraine"), ("Israel", "Hamas"), ("Saudi Arabia", "Iran"), ("Syria", "Turkey"),
         ("Ukraine", "Russia")]


def article(i: int) -> str:
    a, b = PAIRS[i % len(PAIRS)]
    place = PLACES[i % len(PLACES)]
    return (
        f"{b} rejects claims over strike on {place}, report {i}\n\n"
        f"{place.upper()}, {1 + i % 27} June 2023 (AFP) - {a} accused {b} of striking {place} on Sunday, "
        f"killing {i + 1} people, officials said. {b} denied the claim and accused {a} of lying.\n"
        f"According to local officials, {i + 4} people were wounded. "
        f"\"It was a deliberate attack,\" a spokesman for {a} told reporters.\n"
    )


def corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder


def snapshot(store) -> dict:
    """Everything that must be identical between two runs: counts, node and edge ids, article properties."""
    edges = sorted(r[0] for r in store.read("MATCH ()-[r]->() WHERE r.id IS NOT NULL RETURN r.id").rows)
    nodes = sorted(r[0] for r in store.read("MATCH (n) RETURN n.id").rows)
    arts = store.read("MATCH (a:Article) RETURN a.id, a.title, a.date, a.text_hash ORDER BY a.id").rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.id ORDER BY a.id, type(r), b.id, r.id").rows
    return {"counts": counts(store), "edges": edges, "nodes": nodes, "articles": arts, "rels": rels}


def assert_same_graph(actual: dict, expected: dict) -> None:
    """Equal snapshots, or a message that names what is missing and what is extra."""
    for key in expected:
        if key == "counts":
            assert actual[key] == expected[key]
            continue
        a, e = [repr(x) for x in actual[key]], [repr(x) for x in expected[key]]
        missing = sorted(set(e) - set(a))[:10]
        extra = sorted(set(a) - set(e))[:10]
        assert a == e, f"{key}: missing {missing}, extra {extra}, lengths {len(a)} vs {len(e)}"


@pytest.fixture
def graph_of(server_dir):
    """Open (and later clear) extra graphs on the session's server by name."""
    opened = []

    def open_graph(name: str):
        s = FalkorStore.open(server_dir, graph=name)
        s.ensure_schema()  # creates the graph key, so reads work before the first write
        opened.append(s)
        return s

    yield open_graph
    for s in opened:
        s.clear()
        s.close()


def summary_count(output: str, row: str) -> int:
    """The count of an 'articles' row of the summary table."""
    m = re.search(rf"articles\W+{row}\W+(\d+)", output)
    assert m, output
    return int(m.group(1))


def cli(env: dict, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "from narrative.cli import main; main()", *args],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def test_ingest_reports_each_bad_input_and_exits_1_after_the_rest(cli_env, tmp_path):
    folder = corpus(tmp_path / "c", 3)
    (folder / "empty.txt").write_text("")
    (folder / "recs.jsonl").write_text('{"id": "j1", "text": "Troops shelled the village, officials said."}\n'
                                       '{"id": broken}\n')
    r = runner.invoke(app, ["ingest", str(folder), str(tmp_path / "missing"), "-q"])
    assert r.exit_code == 1, r.output
    out = r.output
    assert "empty.txt: empty file" in out
    assert "recs.jsonl:2: malformed JSON line" in out
    assert "missing: no such file or folder" in out
    assert "3 input(s) failed" in out
    r = runner.invoke(app, ["query", "MATCH (a:Article) RETURN count(a) AS n", "-f", "json"])
    assert json.loads(r.stdout) == [{"n": 4}]


def test_ingest_twice_second_run_unchanged(cli_env, tmp_path):
    folder = corpus(tmp_path / "c", 3)
    r = runner.invoke(app, ["ingest", str(folder)])
    assert r.exit_code == 0, r.output
    assert "ingest summary" in r.output and "Article" in r.output
    assert summary_count(r.output, "new") == 3
    r2 = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r2.exit_code == 0, r2.output
    assert (summary_count(r2.output, "new"), summary_count(r2.output, "unchanged")) == (0, 3)


def test_ingest_from_stdin_and_csv_options(cli_env, tmp_path):
    r = runner.invoke(app, ["ingest", "-", "-q"], input=article(5))
    assert r.exit_code == 0, r.output
    csv_path = tmp_path / "a.csv"
    csv_path.write_text('key,story,day,paper\nk1,"' + article(6).replace('"', '""') + '",2023-06-07,Daily X\n')
    r = runner.invoke(app, ["ingest", str(csv_path), "--text-col", "story", "--id-col", "key", "--date-col", "day",
                            "--publication-col", "paper", "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "MATCH (a:Article) RETURN a.id AS id, a.source AS source, a.date AS date "
                                     "ORDER BY source", "-f", "json"])
    rows = json.loads(r.stdout)
    assert [(x["source"], x["date"]) for x in rows] == [("k1", "2023-06-07"), ("stdin", "2023-06-06")]


def test_max_bytes_and_bad_format_option(cli_env, tmp_path):
    folder = corpus(tmp_path / "c", 2)
    r = runner.invoke(app, ["ingest", str(folder), "--max-bytes", "100", "-q"])
    assert r.exit_code == 1 and "larger than 100 bytes" in r.output
    r = runner.invoke(app, ["ingest", str(folder), "--format", "pdf"])
    assert r.exit_code == 2


def test_extract_then_load_equals_ingest(cli_env, tmp_path, graph_of, monkeypatch):
    folder = corpus(tmp_path / "c", 4)
    r = runner.invoke(app, ["ingest", str(folder), "-q"])
    assert r.exit_code == 0, r.output
    ingested = snapshot(graph_of(os.environ["NARRATIVE_GRAPH"]))
    out = tmp_path / "records.jsonl"
    r = runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert len(out.read_text().splitlines()) == 5
    other = f"c_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("NARRATIVE_GRAPH", other)
    r = runner.invoke(app, ["load", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert_same_graph(snapshot(graph_of(other)), ingested)


def test_no_wait_stops_with_a_clear_message_while_another_ingest_writes(cli_env, server_dir, tmp_path):
    folder = corpus(tmp_path / "c", 1)
    holder = FalkorStore.open(server_dir, graph=cli_env["NARRATIVE_GRAPH"])
    try:
        with write_lock(holder):
            r = runner.invoke(app, ["ingest", str(folder), "--no-wait", "-q"])
    finally:
        holder.close()
    assert r.exit_code == 1
    assert "Another ingest" in r.output and "--no-wait" in r.output


def test_second_ingest_waits_for_the_first(cli_env, server_dir, tmp_path):
    folder = corpus(tmp_path / "c", 2)
    holder = FalkorStore.open(server_dir, graph=cli_env["NARRATIVE_GRAPH"])
    holder.ensure_schema()  # creates the graph key, so it can be read while the other process waits
    err_path = tmp_path / "stderr.txt"
    try:
        with write_lock(holder), open(err_path, "w") as err_file:
            proc = subprocess.Popen(
                [sys.executable, "-c", "from narrative.cli import main; main()", "ingest", str(folder), "-q"],
                cwd=ROOT, env={**os.environ, **cli_env}, stdout=subprocess.DEVNULL, stderr=err_file, text=True,
            )
            deadline = time.monotonic() + 60
            while "Waiting for another ingest" not in err_path.read_text() and time.monotonic() < deadline:
                assert proc.poll() is None, err_path.read_text()
                time.sleep(0.1)
            assert "Waiting for another ingest" in err_path.read_text()
            # it must not write while the lock is held
            assert holder.read("MATCH (a:Article) RETURN count(a)").value() == 0
        assert proc.wait(timeout=120) == 0, err_path.read_text()
        assert holder.read("MATCH (a:Article) RETURN count(a)").value() == 2
    finally:
        holder.close()


@pytest.mark.slow
def test_kill_9_then_rerun_gives_the_uninterrupted_graph(cli_env, tmp_path, graph_of):
    folder = corpus(tmp_path / "c", 24)
    ref_graph = f"ref_{uuid.uuid4().hex[:10]}"
    ref = cli({**cli_env, "NARRATIVE_GRAPH": ref_graph}, "ingest", str(folder), "--batch-size", "2", "-q")
    _, err = ref.communicate(timeout=300)
    assert ref.returncode == 0, err
    expected = snapshot(graph_of(ref_graph))
    assert expected["counts"]["nodes"]["Article"] == 24

    store = graph_of(cli_env["NARRATIVE_GRAPH"])
    complete = "MATCH (a:Article) WHERE a.text_hash IS NOT NULL RETURN count(a)"
    killed_mid_run = 0
    for target in (1, 7, 15):
        proc = cli(cli_env, "ingest", str(folder), "--batch-size", "2", "-q")
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if store.read(complete).value() >= target:
                break
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        proc.communicate(timeout=60)
        partial = store.read(complete).value()
        # whatever was committed is complete: every stored article has its hash
        assert store.read("MATCH (a:Article) RETURN count(a)").value() == partial
    assert killed_mid_run >= 1, "the ingest finished before it could be killed"

    final = cli(cli_env, "ingest", str(folder), "--batch-size", "2", "-q")
    _, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert_same_graph(snapshot(store), expected)


@pytest.mark.slow
def test_two_concurrent_ingests_give_the_single_run_graph(cli_env, tmp_path, graph_of):
    folder = corpus(tmp_path / "c", 10)
    ref_graph = f"ref_{uuid.uuid4().hex[:10]}"
    ref = cli({**cli_env, "NARRATIVE_GRAPH": ref_graph}, "ingest", str(folder), "-q")
    _, err = ref.communicate(timeout=300)
    assert ref.returncode == 0, err
    expected = snapshot(graph_of(ref_graph))

    a = cli(cli_env, "ingest", str(folder), "--batch-size", "2", "-q")
    b = cli(cli_env, "ingest", str(folder), "--batch-size", "2", "-q")
    out_a, err_a = a.communicate(timeout=300)
    out_b, err_b = b.communicate(timeout=300)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    assert summary_count(out_a, "new") + summary_count(out_b, "new") == 10  # each article written by exactly one of them
    assert_same_graph(snapshot(graph_of(cli_env["NARRATIVE_GRAPH"])), expected)


def test_missing_actor_dictionary_is_one_clear_line(cli_env, tmp_path):
    folder = corpus(tmp_path / "c", 1)
    r = runner.invoke(app, ["ingest", str(folder), "--actors", str(tmp_path / "nope.jsonl"), "-q"])
    assert r.exit_code == 1 and "No actor dictionary" in r.output and "--actors" in r.output
