"""Figure 4: latency of every canned report (p50/p95) against a trivial `MATCH (n) RETURN count(n)`.

Why through `Store.read`: that is what `narrative report` pays, result conversion included. Each report runs
once to warm the engine's plan cache, then repeatedly until it has `runs` samples or has used its time budget
(at least 3 samples), so one slow report cannot eat the whole sitting.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from graph.errors import NarrativeError
from graph.model import Label, RelType
from graph.store import Store

BASELINE = "MATCH (n) RETURN count(n) AS n"
BASELINE_NAME = "baseline: MATCH (n) RETURN count(n)"

#: Required report parameters and how to pick a value from the graph: the busiest actor, the richest article
#: (worst cases, as an analyst would look at them first).
PICK = {
    "actor": (f"MATCH (a:{Label.ACTOR})<-[m:{RelType.MENTIONS}]-() RETURN a.id AS v, count(m) AS n "
              "ORDER BY n DESC, v LIMIT 1"),
    "id": (f"MATCH (a:{Label.ARTICLE})-[c:{RelType.CITES}]->() RETURN a.id AS v, count(c) AS n "
           "ORDER BY n DESC, v LIMIT 1"),
}

#: Every statement this module runs besides the reports themselves, for the Cypher linter.
CYPHER_STATEMENTS: tuple[str, ...] = (BASELINE, *PICK.values())


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    s = sorted(samples)
    k = max(0, min(len(s) - 1, math.ceil(q / 100 * len(s)) - 1))
    return s[k]


def time_query(run: Callable[[], Any], runs: int, budget_s: float) -> dict:
    run()  # warm-up: plan cache, page cache
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < runs and (len(samples) < 3 or time.perf_counter() - started < budget_s):
        t0 = time.perf_counter()
        out = run()
        samples.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(percentile(samples, 50), 2), "p95_ms": round(percentile(samples, 95), 2),
            "runs": len(samples), "rows": len(out) if hasattr(out, "__len__") else None}


def _required(store: Store, report) -> dict[str, Any] | None:
    given: dict[str, Any] = {}
    for p in report.params:
        if not p.required:
            continue
        if p.name not in PICK:
            return None
        value = store.read(PICK[p.name]).value()
        if value is None:
            return None
        given[p.name] = value
    return given


def measure(store: Store, runs: int = 20, budget_s: float = 10.0,
            on_report: Callable[[str], None] | None = None) -> dict:
    """{report: {p50_ms, p95_ms, runs, rows, ratio_p50}} plus the baseline, on the graph `store` points at."""
    from queries.runner import list_reports, run_report

    base = time_query(lambda: store.read(BASELINE), runs, budget_s)
    out: dict[str, dict] = {BASELINE_NAME: base}
    for report in list_reports():
        if on_report:
            on_report(report.name)
        given = _required(store, report)
        if given is None:
            out[report.name] = {"skipped": "no value for a required parameter in this graph"}
            continue
        try:
            stats = time_query(lambda r=report, g=given: run_report(store, r.name, g), runs, budget_s)
        except NarrativeError as exc:  # a broken report is one line in the results, not the end of the run
            out[report.name] = {"error": str(exc)}
            continue
        stats["params"] = given
        stats["ratio_p50"] = round(stats["p50_ms"] / max(base["p50_ms"], 1e-3), 1)
        out[report.name] = stats
    return out
