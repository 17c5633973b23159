"""Signals and kills of `narrative ingest --workers 2`, on real processes and the session's embedded server.

Each test stops a running ingest the way a user or a supervisor would (kill -9, kill, Ctrl-C to the process
group), checks that no parse worker survives it and that nothing holds the write lock, then runs the same ingest
again with `--no-wait`: it must finish (within a timeout) with the graph an uninterrupted run gives.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

import psutil
import pytest

from graph.falkor_store import FalkorStore
from loaders.writelock import lock_owners
from test_ingest_cli import ROOT, assert_same_graph, cli, corpus, graph_of, snapshot  # noqa: F401 (a fixture)

N_ARTICLES = 40
ARGS = ("--workers", "2", "--batch-size", "2", "-q")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("signals") / "c", N_ARTICLES)


@pytest.fixture(scope="module")
def expected(server_dir, folder):
    """The graph of an uninterrupted run."""
    name = f"ref_{uuid.uuid4().hex[:10]}"
    proc = cli({"NARRATIVE_HOME": str(server_dir), "NARRATIVE_GRAPH": name}, "ingest", str(folder), "-q")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    store = FalkorStore.open(server_dir, graph=name)
    snap = snapshot(store)
    assert snap["counts"]["nodes"]["Article"] == N_ARTICLES
    yield snap
    store.clear()
    store.close()


def start_ingest(cli_env, folder) -> subprocess.Popen:
    # a session of its own: Ctrl-C can go to its process group (as a terminal sends it) and to nothing else
    return cli(cli_env, "ingest", str(folder), *ARGS, start_new_session=True)


def wait_for_workers(proc: subprocess.Popen, store, n: int = 2) -> list[psutil.Process]:
    """The ingest's parse workers, once there are `n` and some articles are written (a run in the middle)."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1]
        kids = parent.children(recursive=True)
        if len(kids) >= n and store.read("MATCH (a:Article) RETURN count(a)").value() >= 1:
            return kids
        time.sleep(0.05)
    raise AssertionError("the ingest never had its workers running")


def survivors(procs: list[psutil.Process], within: float) -> list[int]:
    _, alive = psutil.wait_procs(procs, timeout=within)
    return [p.pid for p in alive]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["kill -9", "kill", "ctrl-c"])
def test_a_stopped_ingest_leaves_no_worker_and_no_lock(how, cli_env, folder, expected, graph_of, server_dir):
    store = graph_of(cli_env["NARRATIVE_GRAPH"])
    proc = start_ingest(cli_env, folder)
    workers: list[psutil.Process] = []
    try:
        workers = wait_for_workers(proc, store)
        lock = server_dir / f"write-{cli_env['NARRATIVE_GRAPH']}.lock"
        # the workers hold no copy of the lock: only the parent does, and the lock file names them
        assert set(lock_owners(lock)) == {proc.pid}
        recorded = [json.loads(line) for line in lock.read_text().splitlines()]
        assert recorded[0]["pid"] == proc.pid
        assert {w.pid for w in workers} <= {r["worker"] for r in recorded[1:]}
        if how == "kill -9":
            proc.send_signal(signal.SIGKILL)
        elif how == "kill":
            proc.send_signal(signal.SIGTERM)
        else:
            os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        assert survivors(workers, within=5) == []
        if how == "kill -9":
            assert proc.returncode == -signal.SIGKILL
        else:
            code = {"kill": 128 + signal.SIGTERM, "ctrl-c": 130}[how]
            assert proc.returncode == code, err
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("Interrupted"), err
            assert "Traceback" not in err + out
        assert lock_owners(lock) == {}
        partial = store.read("MATCH (a:Article) RETURN count(a)").value()
        assert 1 <= partial < N_ARTICLES, "stopped before the end: the re-run has work left"
    finally:
        for p in [proc, *workers]:
            with _quiet():
                os.kill(p.pid, signal.SIGKILL)
    again = cli(cli_env, "ingest", str(folder), *ARGS, "--no-wait")
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert_same_graph(snapshot(store), expected)


class _quiet:
    """Ignore a process that is already gone (cleaning up after a failed assertion)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] in (ProcessLookupError, psutil.NoSuchProcess)


LEFTOVER = textwrap.dedent("""
    import os, sys, time
    from graph.falkor_store import FalkorStore
    from loaders.writelock import write_lock

    store = FalkorStore.open(sys.argv[1], graph=sys.argv[2])
    with write_lock(store):
        child = os.fork()  # a plain fork inherits the lock, as the parse workers of earlier versions did
        if child == 0:
            time.sleep(600)
            os._exit(0)
        print(child, flush=True)
        time.sleep(600)
""")


def test_a_lock_kept_by_the_leftover_of_a_dead_ingest_is_taken_over(cli_env, server_dir, tmp_path):
    graph = cli_env["NARRATIVE_GRAPH"]
    holder = subprocess.Popen([sys.executable, "-c", LEFTOVER, str(server_dir), graph], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    leftover = int(holder.stdout.readline())
    try:
        lock = server_dir / f"write-{graph}.lock"
        assert set(lock_owners(lock)) == {holder.pid, leftover}
        holder.kill()
        holder.wait(timeout=10)
        assert psutil.pid_exists(leftover) and set(lock_owners(lock)) == {leftover}  # the old dead lock
        proc = cli(cli_env, "ingest", str(corpus(tmp_path / "c", 2)), "--no-wait", "-q")
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert f"pid {holder.pid}" in err and str(leftover) in err and "took the lock over" in err
        assert not psutil.pid_exists(leftover) or psutil.Process(leftover).status() == psutil.STATUS_ZOMBIE
        store = FalkorStore.open(server_dir, graph=graph)
        assert store.read("MATCH (a:Article) RETURN count(a)").value() == 2
        store.close()
    finally:
        with _quiet():
            os.kill(leftover, signal.SIGKILL)


def test_a_live_holder_is_not_taken_over(cli_env, server_dir, tmp_path):
    graph = cli_env["NARRATIVE_GRAPH"]
    holder = subprocess.Popen([sys.executable, "-c", LEFTOVER, str(server_dir), graph], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    child = int(holder.stdout.readline())
    try:
        proc = cli(cli_env, "ingest", str(corpus(tmp_path / "c", 1)), "--no-wait", "-q")
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 1 and f"Another ingest (pid {holder.pid})" in err, err
        assert holder.poll() is None and psutil.pid_exists(child)
    finally:
        holder.kill()
        holder.wait(timeout=10)
        with _quiet():
            os.kill(child, signal.SIGKILL)


def test_a_stale_record_never_gets_a_live_holder_killed(store, tmp_path):
    """The record of a dead ingest is still in the file while a new, unrelated process holds the lock (the moment
    between its flock and its record): that process is waited for or refused, never stopped as a leftover."""
    from graph.errors import StoreBusy
    from loaders.writelock import lock_path, start_time, write_lock

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    path = lock_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"pid": dead_pid, "start": 1, "pgid": dead_pid}) + "\n")
    taker = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; fh = open(sys.argv[1], 'a+'); "
         "fcntl.flock(fh, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(600)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert taker.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusy, match=rf"Another ingest \(pid {taker.pid}\)"):
            with write_lock(store, wait=False):
                pass
        assert taker.poll() is None and start_time(taker.pid) is not None  # alive, not taken for a leftover
    finally:
        taker.kill()
        taker.wait(timeout=10)
    with write_lock(store, wait=False):  # free again once it is gone
        assert json.loads(path.read_text().splitlines()[0])["pid"] == os.getpid()
