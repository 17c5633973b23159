"""Figure 3: statements per second written by the project's loader vs raw `UNWIND ... MERGE` with the client.

The loader (`loaders.pipeline.load_file`) reads a record file written by `narrative extract`, validates every
record, looks up which articles are stored, removes an article's old edges, resolves events and writes each
batch atomically (MULTI/EXEC). The baseline writes exactly the same rows with the same `UNWIND ... MERGE`
statements straight through the `falkordb` client, one query per statement, with everything else done before the
clock starts. Same rows, same indexes, same batch size, fresh graphs on one server: the ratio is what the
loader's own work costs on top of the database's.
"""
from __future__ import annotations

import itertools
import time
from pathlib import Path


def raw_batches(records: Path, batch_size: int, store) -> list[list[tuple[str, dict]]]:
    """The writer's statements for each batch of the record file, minus the deletes (built off the clock)."""
    from graph.model import ArticleGraph
    from graph.writer import build_batch
    from loaders.pipeline import read_records

    graphs = (g for g in read_records(records) if isinstance(g, ArticleGraph))
    out = []
    while chunk := list(itertools.islice(graphs, batch_size)):
        statements, _ = build_batch(store, chunk)
        out.append([(q, p) for q, p in statements if "rows" in p])  # deletes (ids) are the loader's own work
    return out


def measure(records: Path, data_dir: Path, batch_size: int, repeats: int = 3) -> dict:
    """Median of `repeats` alternating runs of the loader and the raw writes, each into fresh graphs."""
    import statistics

    from graph.falkor_store import FalkorStore
    from loaders.pipeline import load_file

    loader = FalkorStore.open(data_dir, graph="bench_load")
    raw = FalkorStore.open(data_dir, graph="bench_raw")
    rows_written = 0

    def count_rows(cypher: str, params: dict) -> None:
        nonlocal rows_written
        rows_written += len(params.get("rows") or params.get("ids") or ())

    loader_times, raw_times = [], []
    try:
        for _ in range(repeats):
            for s in (loader, raw):
                s.clear()
                s.ensure_schema()
            rows_written = 0
            loader.tracer = count_rows
            t0 = time.perf_counter()
            summary = load_file(loader, records, batch_size=batch_size, progress=False)
            loader_times.append(time.perf_counter() - t0)
            statements = sum(summary.statements.values())

            batches = raw_batches(records, batch_size, raw)
            raw_rows = sum(len(p["rows"]) for b in batches for _, p in b)
            graph = raw._graph  # the falkordb client's Graph: no gateway in between
            t0 = time.perf_counter()
            for batch in batches:
                for query, params in batch:
                    graph.query(query, params)
            raw_times.append(time.perf_counter() - t0)
    finally:
        for s in (loader, raw):
            s.clear()
            s.close()
    t_loader, t_raw = statistics.median(loader_times), statistics.median(raw_times)
    loader_rate = statements / t_loader if t_loader else 0.0
    raw_rate = statements / t_raw if t_raw else 0.0
    return {
        "load_ratio": round(loader_rate / raw_rate, 3) if raw_rate else None,
        "details": {
            "articles": summary.new,
            "statements": statements,
            "raw_rows": raw_rows,
            "raw_rows_per_second": round(raw_rows / t_raw) if t_raw else None,
            "loader_seconds": round(t_loader, 3),
            "raw_seconds": round(t_raw, 3),
            "loader_statements_per_second": round(loader_rate),
            "raw_statements_per_second": round(raw_rate),
            "loader_rows_written": rows_written,  # raw rows + the ids of the deletes
            "loader_rows_per_second": round(rows_written / t_loader) if t_loader else None,
            "batch_size": batch_size,
            "repeats": repeats,
        },
    }
