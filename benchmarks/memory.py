"""Run a measured child process and record its wall time and peak memory (figure 5 and every parse run).

Why poll as well as ask the kernel: `ru_maxrss` is per process, and with `--workers N` spaCy forks workers whose
memory adds up. A 50 ms psutil poll of the whole process tree gives the summed peak; the child's own ru_maxrss
catches a peak shorter than the poll interval. The figure is the larger of the two.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.child import RESULT_PREFIX
from graph.errors import NarrativeError

ROOT = Path(__file__).resolve().parent.parent


class ChildFailed(NarrativeError):
    """A measured child process exited with an error."""


@dataclass
class ChildRun:
    result: dict
    wall_seconds: float
    peak_rss_tree: int  # bytes, polled sum over the process tree
    peak_rss: int  # bytes: max(polled tree, kernel's ru_maxrss of the child)


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_child(args: list[str], timeout: float = 3600, env: dict | None = None) -> ChildRun:
    """`python -m benchmarks.child ARGS` with the project on the path; raises ChildFailed with stderr's tail."""
    cmd = [sys.executable, "-m", "benchmarks.child", *args]
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        popen = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env, cwd=ROOT)
        peak = 0
        stop = threading.Event()

        def poll() -> None:
            nonlocal peak
            try:
                ps = psutil.Process(popen.pid)
            except psutil.Error:
                return
            while not stop.is_set():
                peak = max(peak, _tree_rss(ps))
                stop.wait(0.05)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            code = popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            popen.kill()
            popen.wait()
            raise ChildFailed(f"`{' '.join(args[:1])}` ran past {timeout:.0f}s; pass a smaller --corpus.") from None
        finally:
            stop.set()
            poller.join()
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        lines = [ln for ln in out.read().splitlines() if ln.startswith(RESULT_PREFIX)]
        if code != 0 or not lines:
            tail = " | ".join(err.read().strip().splitlines()[-3:])
            raise ChildFailed(f"benchmark child `{args[0]}` failed (exit {code}): {tail or 'no output'}")
    result = json.loads(lines[-1][len(RESULT_PREFIX):])
    kernel = max(result.get("maxrss", {}).values(), default=0)
    return ChildRun(result=result, wall_seconds=wall, peak_rss_tree=peak, peak_rss=max(peak, kernel))
