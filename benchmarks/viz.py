"""Figure 6: wall time and file size of `narrative viz accusations` on the synthetic 100k-article graph.

Timed as the analyst runs it: the real command in a fresh process (interpreter start included), against the
cached synthetic store, writing the page into a temp folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.memory import ROOT, ChildFailed


def _command() -> list[str]:
    script = Path(sys.executable).parent / "narrative"
    if script.exists():
        return [str(script)]
    found = shutil.which("narrative")
    return [found] if found else [sys.executable, "-c", "from narrative.cli import main; main()"]


def measure(data_dir: Path, graph: str, out_dir: Path, timeout: float = 180) -> dict:
    """{viz_seconds, viz_bytes}; a run stopped at `timeout` gives the timeout as a lower bound, flagged."""
    out = out_dir / "accusations.html"
    env = {**os.environ, "NARRATIVE_HOME": str(data_dir), "NARRATIVE_GRAPH": graph}
    env.pop("NARRATIVE_STORE", None)
    cmd = [*_command(), "viz", "accusations", "--out", str(out)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child
        return {"viz_seconds": float(timeout), "viz_bytes": None, "viz_timed_out": True}
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or not out.exists():
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise ChildFailed(f"`narrative viz accusations` failed (exit {proc.returncode}): {tail}")
    return {"viz_seconds": round(seconds, 2), "viz_bytes": out.stat().st_size, "viz_timed_out": False}
