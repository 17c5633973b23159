"""Reports while the tallies lag behind the statements: during a write run (between two flushes) and after a run
that was killed before its last flush. They must never print a silently short table: they say so on stderr and
answer from the edges (`queries.edges`), giving the rows the tallies give once they are current.

The lagging state is made the way an ingest makes it: `loaders.pipeline` writes every batch with
`write_graphs(store, batch, tallies.Deferred(store))` and flushes at the end; a run killed before that flush
leaves exactly the graph these tests write (statements in, dirty marker set, tallies not updated).
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import tallies
from graph.falkor_store import FalkorStore
from graph.model import (
    ActorRecord,
    ArticleGraph,
    ArticleRecord,
    Derived,
    EventRecord,
    LocationRecord,
    PublicationRecord,
    RelType,
    Statement,
)
from graph.writer import write_graphs
from narrative.cli import app
from queries import edges, get_report, list_reports, run_report
from queries.runner import StaleSummaries, StaleSummariesWarning, _from_edges

ROOT = Path(__file__).resolve().parent.parent

ACTORS = [
    ActorRecord(id="russia", name="Russia", kind="state", rollup="russia"),
    ActorRecord(id="kremlin", name="Kremlin", kind="government_body", parent="russia", rollup="russia"),
    ActorRecord(id="ru_army", name="Russian military", kind="military", parent="russia", rollup="russia"),
    ActorRecord(id="tass_agency", name="TASS", kind="media", parent="russia", rollup="russia"),
    ActorRecord(id="ukraine", name="Ukraine", kind="state", rollup="ukraine"),
    ActorRecord(id="zelensky", name="Volodymyr Zelensky", kind="person", parent="ukraine", rollup="ukraine"),
    ActorRecord(id="un", name="United Nations", kind="international_org"),
    ActorRecord(id="hrw", name="Human Rights Watch", kind="ngo", rollup="hrw"),
    ActorRecord(id="officials", name="officials", kind="group", known=False, confidence=0.5),
    ActorRecord(id="bbc", name="BBC", kind="media"),
]
PLACES = [LocationRecord(id="ua_loc", name="Ukraine"), LocationRecord(id="kharkiv", name="Kharkiv", country="ua_loc"),
          LocationRecord(id="kyiv", name="Kyiv", country="ua_loc"), LocationRecord(id="nowhere", name="Front line")]
DATES = ["2022-03-01", "2022-03-02", "2022-04-10", "2022-05-05", None]
PUBS = ["kyiv_post", "tass", "reuters"]
TYPES = [RelType.ACCUSES, RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.STRIKES, RelType.CITES]
TALLY_REPORTS = sorted(r.name for r in list_reports() if f":{Derived.TALLY}" in r.statement)


def _article(rng: random.Random, aid: str, n: int) -> ArticleGraph:
    pub = rng.choice(PUBS + [None])
    events = [EventRecord(id=f"{aid}-e{j}", kind=rng.choice(["shelling", "air strike"]),
                          date=rng.choice(DATES[:3]), location=rng.choice(["kharkiv", "kyiv", "nowhere", None]),
                          killed=rng.choice([None, 2, 7]), injured=rng.choice([None, 4]),
                          sentence=f"Shells fell ({aid}).") for j in range(rng.choice([0, 1, 2]))]
    ids = [a.id for a in ACTORS]
    stmts: list[Statement] = []
    for i in range(n):
        t = rng.choice(TYPES)
        src, dst = rng.sample(ids, 2)
        earlier = [s.id for s in stmts if s.type == RelType.ACCUSES]
        stmts.append(Statement(
            id=f"{aid}-s{i}", type=t, source=None if t == RelType.CITES else src, target=dst,
            sentence=f"Statement {i} of {aid}.", start=rng.choice([0, 10, 10, 40]), end=60, trigger="said",
            negated=rng.random() < 0.2, hypothetical=rng.random() < 0.2,
            answers=rng.choice(earlier) if t == RelType.DENIES and earlier and rng.random() < 0.6 else None,
            event=rng.choice(events).id if t == RelType.STRIKES and events and rng.random() < 0.8 else None))
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Report {aid}", source=f"{aid}.txt", text_hash=f"h-{aid}",
                              date=rng.choice(DATES), publication=pub, words=100),
        publication=PublicationRecord(id=pub, name=pub.replace("_", " ").title()) if pub else None,
        actors=ACTORS, mentions={}, locations=PLACES, events=events, statements=stmts)


def _corpus(seed: int, n: int) -> list[ArticleGraph]:
    rng = random.Random(seed)
    return [_article(rng, f"a{seed}-{i}", rng.randint(1, 8)) for i in range(n)]


def _param_sets(name: str) -> list[dict]:
    variants = [{"include_negated": n, "include_hypothetical": h} for n in (False, True) for h in (False, True)]
    report = get_report(name)
    out = []
    for v in variants if report.param("include_negated") else [{}]:
        for level in ("entity", "state") if report.param("level") else [None]:
            for limit in (2, 1000):
                given = {**v, "limit": limit, **({"level": level} if level else {})}
                if name == "actor-profile":
                    out += [{**given, "actor": a} for a in ("russia", "Ukraine", "un")]
                elif report.param("publication"):
                    out += [{**given, "publication": p} for p in ("", "tass", "Kyiv Post")]
                elif name == "timeline":
                    out += [given, {**given, "from": "2022-03-02", "to": "2022-04"}]
                else:
                    out.append(given)
    return out


def _normal(name: str, result) -> list[list]:
    """Rows with the lists the tally reports keep as sets sorted (the edge answers sort them too)."""
    cols = {i for i, c in enumerate(result.columns) if c in edges.SORTED.get(name, ())}
    return [[sorted(v, key=str) if i in cols else v for i, v in enumerate(row)] for row in result.rows]


def test_every_report_that_reads_tallies_has_an_edge_query_with_its_columns(store):
    assert TALLY_REPORTS and set(TALLY_REPORTS) <= set(edges.EDGE_QUERIES)
    for name in TALLY_REPORTS:
        params = get_report(name).resolve({"actor": "russia"} if name == "actor-profile" else {})
        assert _from_edges(store, name, params).columns == run_report(store, name, params).columns, name


@pytest.mark.parametrize("name", TALLY_REPORTS)
def test_edge_query_gives_the_rows_of_the_current_tallies(store, name):
    write_graphs(store, _corpus(1, 40))
    compared = 0
    for given in _param_sets(name):
        params = get_report(name).resolve(given)
        expected = run_report(store, name, given)
        assert _normal(name, _from_edges(store, name, params)) == _normal(name, expected), given
        compared += bool(expected.rows)
    assert compared >= len(_param_sets(name)) // 2, "most parameter sets must give rows"


def _killed_run(store, graphs: list[ArticleGraph]) -> None:
    """What an ingest killed after its batches and before its last flush leaves behind."""
    deferred = tallies.Deferred(store, every=10_000)
    for i in range(0, len(graphs), 4):
        write_graphs(store, graphs[i:i + 4], deferred)
    assert store.read(tallies.READ_VERSION).records()[0]["dirty"] is True


def test_api_falls_back_to_the_edges_and_warns_while_tallies_lag(store):
    write_graphs(store, _corpus(2, 10))  # a first, completed run
    _killed_run(store, _corpus(3, 12))  # then one killed before its flush
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stale = {n: run_report(store, n, {"actor": "russia"} if n == "actor-profile" else {}) for n in TALLY_REPORTS}
    assert len([w for w in caught if issubclass(w.category, StaleSummariesWarning)]) == len(TALLY_REPORTS)
    notices: list[str] = []
    run_report(store, "accusations", on_stale=notices.append)
    assert len(notices) == 1 and "retally" in notices[0]
    tallies.rebuild(store)  # what `narrative db retally` does
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # current again: no warning
        for name, result in stale.items():
            fresh = run_report(store, name, {"actor": "russia"} if name == "actor-profile" else {})
            assert _normal(name, result) == _normal(name, fresh), name
    assert stale["accusations"].rows and stale["strikes"].rows


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    """The real entry point in a subprocess: stdout and stderr apart, as a user's shell sees them."""
    return subprocess.run([sys.executable, "-c", "from narrative.cli import main; main()", *args],
                          capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT, timeout=120)


def test_cli_report_after_a_killed_run_says_so_and_prints_the_rows_retally_gives(cli_env):
    cli_store = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        _killed_run(cli_store, _corpus(4, 16))
        assert cli_store.read(tallies.COUNT).value() == 0  # the tallies hold none of it: the old silent table
        stale = _cli(cli_env, "report", "accusations", "--format", "json")
        assert stale.returncode == 0, stale.stderr
        warning = [line for line in stale.stderr.splitlines() if line.strip()]
        assert len(warning) == 1 and warning[0].startswith("Warning:") and "narrative db retally" in warning[0]
        rows = json.loads(stale.stdout)
        assert rows
        done = CliRunner().invoke(app, ["db", "retally"])
        assert done.exit_code == 0, done.output
        fresh = _cli(cli_env, "report", "accusations", "--format", "json")
        assert fresh.returncode == 0 and not fresh.stderr.strip(), fresh.stderr
        assert json.loads(fresh.stdout) == rows
    finally:
        cli_store.close()


def test_a_report_without_an_edge_query_refuses_lagging_tallies(cli_env, monkeypatch):
    """A tally report someone adds without an edge version: while the tallies lag it stops with one Error line
    and a non-zero exit code instead of answering from them."""
    cli_store = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        _killed_run(cli_store, _corpus(5, 4))
        monkeypatch.delitem(edges.EDGE_QUERIES, "accusations")
        with pytest.raises(StaleSummaries, match="retally"):
            run_report(cli_store, "accusations")
        res = CliRunner().invoke(app, ["report", "accusations"])
        assert res.exit_code == 1 and isinstance(res.exception, SystemExit)
        assert [line for line in res.stderr.splitlines() if line.startswith("Error:")], res.stderr
        assert "narrative db retally" in res.stderr.replace("\n", " ") and "Traceback" not in res.output
    finally:
        cli_store.close()


def test_cli_report_after_kill_9_of_a_real_load(cli_env, tmp_path):
    """The real thing: `narrative load` in a subprocess, killed with SIGKILL after some batches and before its
    tallies' flush; the report then warns and gives the rows `db retally` leads to."""
    import signal
    import time

    records = tmp_path / "records.jsonl"
    records.write_text("".join(g.model_dump_json() + "\n" for g in _corpus(6, 600)), encoding="utf-8")
    store = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        proc = subprocess.Popen([sys.executable, "-c", "from narrative.cli import main; main()", "load",
                                 str(records), "--batch-size", "1", "-q"], cwd=ROOT, env={**os.environ, **cli_env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if store.read("MATCH (a:Article) RETURN count(a)").value(0) >= 20:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the load finished (or failed) before it could be killed: " + proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert store.read(tallies.READ_VERSION).records()[0]["dirty"] is True
        stale = _cli(cli_env, "report", "accusations", "--format", "json", "--limit", "1000")
        assert stale.returncode == 0, stale.stderr
        assert [line for line in stale.stderr.splitlines() if line.strip()][0].startswith("Warning:")
        assert json.loads(stale.stdout)
        done = CliRunner().invoke(app, ["db", "retally"])
        assert done.exit_code == 0, done.output
        fresh = _cli(cli_env, "report", "accusations", "--format", "json", "--limit", "1000")
        assert fresh.returncode == 0 and not fresh.stderr.strip(), fresh.stderr
        assert json.loads(stale.stdout) == json.loads(fresh.stdout)
    finally:
        store.close()
