"""Figure 6: wall time and file size of `narrative viz accusations` on the synthetic 100k-article graph.

Timed as the analyst runs it: the real command in a fresh process (interpreter start included), against the
cached synthetic store, writing the page into a temp folder. The state-level and citation pages are timed the
same way for the details.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.memory import ROOT, ChildFailed
from graph import relations

#: The headline page (the accusation network) and the citation page, by their names in the relation table.
HEADLINE = relations.get("ACCUSES").network
CITATIONS = relations.get("CITES").network


def _command() -> list[str]:
    script = Path(sys.executable).parent / "narrative"
    if script.exists():
        return [str(script)]
    found = shutil.which("narrative")
    return [found] if found else [sys.executable, "-c", "from narrative.cli import main; main()"]


#: Pages timed after the headline one, for the details: (label, arguments after `viz`).
OTHER_PAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (f"{HEADLINE} --level state", (HEADLINE, "--level", "state")),
    (CITATIONS, (CITATIONS,)),
    (f"{CITATIONS} --level state", (CITATIONS, "--level", "state")),
)


def _run(data_dir: Path, graph: str, args: tuple[str, ...], out: Path, timeout: float) -> dict:
    """{seconds, bytes, timed_out} of one `narrative viz ARGS --out OUT` in a fresh process."""
    env = {**os.environ, "NARRATIVE_HOME": str(data_dir), "NARRATIVE_GRAPH": graph}
    env.pop("NARRATIVE_STORE", None)
    cmd = [*_command(), "viz", *args, "--out", str(out)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:  # subprocess.run kills the child
        return {"seconds": float(timeout), "bytes": None, "timed_out": True}
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or not out.exists():
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise ChildFailed(f"`narrative viz {' '.join(args)}` failed (exit {proc.returncode}): {tail}")
    return {"seconds": round(seconds, 2), "bytes": out.stat().st_size, "timed_out": False}


def measure(data_dir: Path, graph: str, out_dir: Path, timeout: float = 180,
            others: tuple[tuple[str, tuple[str, ...]], ...] = OTHER_PAGES) -> dict:
    """{viz_seconds, viz_bytes, viz_timed_out, pages}; a run stopped at `timeout` gives the timeout as a lower
    bound, flagged. `pages` holds the same figures for the `others` pages (state level, citations), for the
    details: the headline figure stays `viz accusations`."""
    head = _run(data_dir, graph, (HEADLINE,), out_dir / f"{HEADLINE}.html", timeout)
    res = {"viz_seconds": head["seconds"], "viz_bytes": head["bytes"], "viz_timed_out": head["timed_out"]}
    pages = {}
    for i, (label, args) in enumerate(others):
        try:
            pages[label] = _run(data_dir, graph, args, out_dir / f"page-{i}.html", timeout)
        except ChildFailed as exc:  # the headline figure stands; the failure is in the details
            pages[label] = {"error": str(exc)}
    if pages:
        res["pages"] = pages
    return res
