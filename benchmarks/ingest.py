"""Figures 1 and 2: ingest vs a bare spaCy parse of the same texts, and a re-ingest of the unchanged corpus.

Both parse runs are child processes (`benchmarks.child`) with the same pipeline, batch size and workers; the
clock starts after imports and includes loading the model in both. The store is a fresh embedded server in its
own data directory, started by this (parent) process so neither its start nor its memory counts for the child.
The re-ingest runs in a third child against the same store: a re-run pays its reads and hash lookups only.
"""
from __future__ import annotations

from pathlib import Path

from benchmarks.memory import ChildRun, run_child


def _args(mode: str, corpus: Path, workers: int, model: str | None, **extra: Path) -> list[str]:
    args = [mode, "--corpus", str(corpus), "--workers", str(workers)]
    if model:
        args += ["--model", model]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    return args


def bare_parse(corpus: Path, workers: int, model: str | None) -> ChildRun:
    return run_child(_args("bare", corpus, workers, model))


def ingest(corpus: Path, data_dir: Path, workers: int, model: str | None) -> ChildRun:
    from graph import embedded

    embedded.ensure_running(data_dir)
    return run_child(_args("ingest", corpus, workers, model, data_dir=data_dir))


def extract(corpus: Path, out: Path, workers: int, model: str | None) -> ChildRun:
    return run_child(_args("extract", corpus, workers, model, out=out))


def figures(bare: ChildRun, first: ChildRun, again: ChildRun) -> dict:
    b, f, r = bare.result["seconds"], first.result["seconds"], again.result["seconds"]
    return {
        "ingest_ratio": round(f / b, 3),
        "reingest_ratio": round(r / f, 4),
        "details": {
            # CPU time of the child (the database server's share excluded): steadier on a shared machine.
            "cpu_ratio": round(first.result["cpu_seconds"] / bare.result["cpu_seconds"], 3),
            "bare_parse_cpu_seconds": round(bare.result["cpu_seconds"], 2),
            "ingest_cpu_seconds": round(first.result["cpu_seconds"], 2),
            "bare_parse_seconds": round(b, 2),
            "ingest_seconds": round(f, 2),
            "reingest_seconds": round(r, 3),
            "articles": bare.result["docs"],
            "words": bare.result["words"],
            "ingested": first.result["new"],
            "failed": first.result["failed"],
            "reingest_unchanged": again.result["unchanged"],
            "reingest_new": again.result["new"],
            "statements": first.result["statements"],
            "graph": first.result["after"],
            "bare_words_per_second": round(bare.result["words"] / b),
            "ingest_words_per_second": round(first.result["words"] / f) if f else None,
        },
    }
