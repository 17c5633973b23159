"""What runs inside a measured child process: `python -m benchmarks.child MODE ...`.

Why a child: peak RSS is only meaningful per process, and a fresh interpreter per run keeps one run's caches
(the spaCy model, the string store) from flattering the next. Imports happen before the clock starts in every
mode, so the figures compare work, not interpreter start-up. The last stdout line is `RESULT {json}`.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

RESULT_PREFIX = "RESULT "


def _maxrss_bytes() -> dict[str, int]:
    """ru_maxrss is KiB on Linux; children covers spaCy worker processes (their largest, not their sum)."""
    return {
        "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children: far less swayed by a busy machine than wall time."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare(corpus: Path, workers: int, model: str | None, batch_size: int) -> dict:
    """The baseline: load the same pipeline and `nlp.pipe` the same texts, nothing else."""
    import spacy  # noqa: F401 - imported before the clock, as in the other modes
    from loaders.document import Document
    from loaders.nlp import load_pipeline
    from loaders.sources import read_inputs

    texts = [d.text for d in read_inputs([corpus]) if isinstance(d, Document)]
    t0, c0 = time.perf_counter(), _cpu()
    nlp = load_pipeline(model)
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        tokens += len(doc)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu_seconds": _cpu() - c0, "docs": len(texts),
            "words": sum(len(t.split()) for t in texts), "tokens": tokens}


def ingest(corpus: Path, data_dir: Path, workers: int, model: str | None, batch_size: int) -> dict:
    """`loaders.pipeline.ingest` of the corpus into the embedded store in `data_dir` (opened before the clock)."""
    import spacy  # noqa: F401
    from graph.store import open_store
    from loaders.extract import Extractor
    from loaders.pipeline import ingest as run_ingest

    with open_store("embedded", data_dir=data_dir) as store:
        t0, c0 = time.perf_counter(), _cpu()
        summary = run_ingest(store, [corpus], extractor_factory=lambda: Extractor(model=model), workers=workers,
                             batch_size=batch_size, progress=False)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"seconds": seconds, "cpu_seconds": cpu, "new": summary.new, "unchanged": summary.unchanged,
            "failed": summary.failed,
            "words": summary.words, "statements": dict(summary.statements), "after": summary.after}


def extract(corpus: Path, out: Path, workers: int, model: str | None, batch_size: int) -> dict:
    """`loaders.pipeline.extract_to_file`: the record file the load figure writes."""
    import spacy  # noqa: F401
    from loaders.extract import Extractor
    from loaders.pipeline import extract_to_file

    t0 = time.perf_counter()
    summary = extract_to_file([corpus], out, extractor_factory=lambda: Extractor(model=model), workers=workers,
                              batch_size=batch_size, progress=False)
    return {"seconds": time.perf_counter() - t0, "articles": summary.new, "failed": summary.failed,
            "statements": dict(summary.statements)}


def main(argv: list[str] | None = None) -> int:
    from loaders.pipeline import DEFAULT_BATCH_SIZE

    ap = argparse.ArgumentParser(prog="python -m benchmarks.child")
    ap.add_argument("mode", choices=("bare", "ingest", "extract"))
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    a = ap.parse_args(argv)
    if a.mode == "bare":
        res = bare(a.corpus, a.workers, a.model, a.batch_size)
    elif a.mode == "ingest":
        res = ingest(a.corpus, a.data_dir, a.workers, a.model, a.batch_size)
    else:
        res = extract(a.corpus, a.out, a.workers, a.model, a.batch_size)
    res["maxrss"] = _maxrss_bytes()
    sys.stdout.write(RESULT_PREFIX + json.dumps(res, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
