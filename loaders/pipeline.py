"""The ingest pipeline: read -> skip what is already stored -> extract -> write, streaming in batches.

Why this shape:
- Everything is a generator, so memory holds a few batches, never the corpus (the set of article ids seen in the
  run is the only thing that grows, a few bytes per article).
- Unchanged articles are recognised by `text_hash` BEFORE parsing, so a re-run over a corpus costs a read and a
  lookup per article, not a spaCy pass; when nothing needs parsing the model is not even loaded.
- The writer makes each batch atomic and sets `text_hash` last, so after a crash (`kill -9` at any moment) an
  article is either complete (skipped by the re-run) or absent (extracted again): the re-run converges on the
  graph an uninterrupted run gives.
- Two writers on one embedded store would interleave batches and race on shared nodes; an exclusive file lock in
  the data directory serialises them (the second waits, or stops at once with `wait=False`).
- `extract_to_file` and `load_file` are the same two halves run apart, so extraction can be spread over machines
  and the graph loaded once; the record lines carry `format_version`.

Where the parts live: the stages in `loaders.stages`, the summary and its table in `loaders.run_summary`, the
progress bar in `loaders.progress`, the record file format in `loaders.records`, the write lock in
`loaders.writelock`; every public name is importable from here.
"""
from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.model import ArticleGraph
from graph.store import Store
from loaders.progress import Progress
from loaders.records import RECORDS_HEADER_KEY, header_line, read_records
from loaders.run_summary import IngestSummary, summary_table
from loaders.sources import SourceOptions, count_articles, read_inputs
from loaders.stages import ExtractorLike, extract_pairs, select, write_pairs, write_run
from loaders.writelock import write_lock

DEFAULT_BATCH_SIZE = 64

__all__ = [
    "DEFAULT_BATCH_SIZE", "RECORDS_HEADER_KEY", "ExtractorLike", "IngestSummary", "extract_to_file", "ingest",
    "load_file", "read_records", "summary_table", "write_lock",
]


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    *,
    extractor_factory: Callable[[], ExtractorLike],
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    force: bool = False,
    progress: bool = True,
    options: SourceOptions | None = None,
    wait: bool = True,
    console: Any = None,
) -> IngestSummary:
    """Read, extract and write every article of `inputs`; bad inputs are counted and reported, never raised."""
    inputs = list(inputs)
    opts = options or SourceOptions()
    total = count_articles(inputs, opts.format) if progress else None
    summary = IngestSummary()
    status: dict[str, str] = {}
    with write_run(store, summary, wait, console) as deferred, Progress(progress, total, console, "ingest") as prog:
        todo = select(store, read_inputs(inputs, opts), lambda d: (d.id, d.text_hash),
                       summary, status, prog, force, batch_size)
        pairs = extract_pairs(extractor_factory, todo, summary, prog, batch_size, max(1, workers))

        def counted() -> Iterator[tuple[str, int, ArticleGraph]]:
            for d, g in pairs:
                n = len(d.text.split())
                prog.advance(words=n)
                yield d.id, n, g

        write_pairs(store, counted(), summary, status, prog, batch_size, advance_on_write=False, deferred=deferred)
    return summary


def extract_to_file(
    inputs: Iterable[str | Path],
    out_path: str | Path,
    *,
    extractor_factory: Callable[[], ExtractorLike],
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool = True,
    options: SourceOptions | None = None,
    console: Any = None,
) -> IngestSummary:
    """Extract every article to a record file (JSONL: a header line, then one `ArticleGraph` per line).

    The file is written under a temporary name and renamed at the end, so a crashed run never leaves a file that
    looks complete. `-` writes to stdout.
    """
    inputs = list(inputs)
    opts = options or SourceOptions()
    total = count_articles(inputs, opts.format) if progress else None
    summary = IngestSummary()
    status: dict[str, str] = {}
    start = time.monotonic()
    to_stdout = str(out_path) == "-"
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
    fh = sys.stdout if to_stdout else open(tmp, "w", encoding="utf-8")
    try:
        fh.write(header_line())
        with Progress(progress, total, console, "extract") as prog:
            todo = select(None, read_inputs(inputs, opts), lambda d: (d.id, d.text_hash),
                           summary, status, prog, False, batch_size)
            for d, g in extract_pairs(extractor_factory, todo, summary, prog, batch_size, max(1, workers)):
                fh.write(g.model_dump_json() + "\n")
                n = len(d.text.split())
                prog.advance(words=n)
                status.pop(d.id, None)
                summary.new += 1
                summary.words += n
                summary.statements.update(s.type.value for s in g.statements)
        if not to_stdout:
            fh.close()
            os.replace(tmp, out)
    finally:
        if not to_stdout and not fh.closed:
            fh.close()
        if not to_stdout:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    summary.seconds = time.monotonic() - start
    return summary


def load_file(
    store: Store,
    path: str | Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    force: bool = False,
    progress: bool = True,
    wait: bool = True,
    console: Any = None,
) -> IngestSummary:
    """Write the graphs of a record file, skipping articles already stored with the same text."""
    name = str(path)
    if name != "-" and not Path(name).is_file():
        raise InputError(f"No record file {name}: write one with `narrative extract INPUT... -o {name}`.")
    total = None
    if progress and name != "-":
        with open(name, "rb") as fh:
            total = max(sum(1 for line in fh if line.strip()) - 1, 0)
    summary = IngestSummary()
    status: dict[str, str] = {}
    with write_run(store, summary, wait, console) as deferred, Progress(progress, total, console, "load") as prog:
        todo = select(store, read_records(path), lambda g: (g.article.id, g.article.text_hash),
                       summary, status, prog, force, batch_size)
        triples = ((g.article.id, g.article.words, g) for g in todo)
        write_pairs(store, triples, summary, status, prog, batch_size, advance_on_write=True, deferred=deferred)
    return summary
