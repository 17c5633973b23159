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
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from graph import tallies
from graph.errors import InputError, QueryError, StoreBusy
from graph.model import FORMAT_VERSION, ArticleGraph
from graph.stats import counts
from graph.store import Store
from graph.writer import known_hashes, write_graphs
from loaders.document import Document
from loaders.sources import BadInput, Note, SourceOptions, count_articles, read_inputs
from loaders.workers import worker_scope
from loaders.writelock import write_lock

DEFAULT_BATCH_SIZE = 64
#: First line of a record file: says what the file is and which record version it holds.
RECORDS_HEADER_KEY = "narrative_records"
T = TypeVar("T")


class ExtractorLike(Protocol):
    def extract(self, doc: Document) -> ArticleGraph: ...

    def extract_many(
        self, docs: Iterable[Document], batch_size: int = ..., n_process: int = ...
    ) -> Iterator[tuple[Document, ArticleGraph]]: ...


@dataclass
class IngestSummary:
    """What a run did: articles by outcome, the graph before and after, the bad inputs, the time taken."""

    new: int = 0
    changed: int = 0
    forced: int = 0  # unchanged but re-extracted because of --force
    unchanged: int = 0
    duplicates: int = 0  # the same article (same id) met again in this run
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    statements: Counter = field(default_factory=Counter)  # extracted statements by type
    bad: list[BadInput] = field(default_factory=list)
    before: dict[str, dict[str, int]] | None = None
    after: dict[str, dict[str, int]] | None = None

    @property
    def articles(self) -> int:
        return self.new + self.changed + self.forced + self.unchanged + self.duplicates + self.failed

    @property
    def written(self) -> int:
        return self.new + self.changed + self.forced

    @property
    def ok(self) -> bool:
        return self.failed == 0


# -- locking: loaders/writelock.py (re-exported here) ------------------------------------------------------


@contextlib.contextmanager
def _write_run(store: Store, summary: IngestSummary, wait: bool, console: Any) -> Iterator[tallies.Deferred]:
    """One write run: hold the store's write lock, set the schema up, and record counts and time in `summary`.

    The run's tally updates are deferred (applied every few thousand articles and at the end): see
    `graph.tallies.Deferred`.
    """
    start = time.monotonic()
    with write_lock(store, wait=wait, on_wait=_printer(console)):
        store.ensure_schema()  # under the lock: two first runs must not both create the indexes
        summary.before = counts(store)
        deferred = tallies.Deferred(store)
        yield deferred
        deferred.flush()
        summary.after = counts(store)
    summary.seconds = time.monotonic() - start


# -- progress -----------------------------------------------------------------------------------------------
class _Progress:
    """A rich bar (articles, words/s, ETA) or nothing; bad inputs are printed above the bar as they come."""

    def __init__(self, enabled: bool, total: int | None, console: Any, label: str) -> None:
        self.console = console
        self.words = 0
        self.started = time.monotonic()
        self._p = None
        if enabled:
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
            )

            self._p = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles"),
                TextColumn("{task.fields[wps]:>7,.0f} words/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=False,
            )
            self._task = self._p.add_task(label, total=total, wps=0.0)

    def __enter__(self) -> "_Progress":
        if self._p is not None:
            self._p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._p is not None:
            done = self._p.tasks[0].completed
            self._p.update(self._task, total=done, completed=done)  # the total was an estimate
            self._p.stop()

    def advance(self, n: int = 1, words: int = 0) -> None:
        self.words += words
        if self._p is not None:
            wps = self.words / max(time.monotonic() - self.started, 1e-6)
            self._p.update(self._task, advance=n, wps=wps)

    def describe(self, text: str) -> None:
        if self._p is not None:
            self._p.update(self._task, description=text)

    def note(self, message: str) -> None:
        target = self._p.console if self._p is not None else self.console
        if target is not None:
            target.print(message, markup=False, highlight=False, soft_wrap=True)


# -- stages -------------------------------------------------------------------------------------------------
def _chunks(items: Iterable[T], n: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def _fail(summary: IngestSummary, bad: BadInput, prog: _Progress) -> None:
    summary.failed += 1
    summary.bad.append(bad)
    prog.note(f"skipped {bad.where}: {bad.why}")
    prog.advance()


def _select(
    store: Store | None,
    items: Iterable[T | BadInput],
    key: Callable[[T], tuple[str, str]],
    summary: IngestSummary,
    status: dict[str, str],
    prog: _Progress,
    force: bool,
    chunk: int,
) -> Iterator[T]:
    """Pass on the articles that need writing (new, changed, or all with `force`); count the others."""
    seen: set[str] = set()
    for group in _chunks(items, chunk):
        goods: list[T] = []
        for it in group:
            if isinstance(it, BadInput):
                _fail(summary, it, prog)
            elif isinstance(it, Note):  # not a failure: said once, above the bar
                prog.note(f"note: {it}")
                if it.duplicate:
                    summary.duplicates += 1
                    prog.advance()
            else:
                goods.append(it)
        ids = list(dict.fromkeys(key(it)[0] for it in goods))
        stored = known_hashes(store, ids) if store is not None else {}
        for it in goods:
            aid, h = key(it)
            if aid in seen:
                summary.duplicates += 1
                prog.advance()
                continue
            seen.add(aid)
            if aid not in stored or stored[aid] is None:  # None: written incompletely before, redo it
                status[aid] = "new"
            elif stored[aid] != h:
                status[aid] = "changed"
            elif force:
                status[aid] = "forced"
            else:
                summary.unchanged += 1
                prog.advance()
                continue
            yield it


class _Feed:
    """The documents handed to the extractor, remembering those not yet returned.

    A class, not a generator: if the extractor's stream dies, closing it must not close our source, so the run
    can retry the in-flight documents one by one and go on with the rest.
    """

    def __init__(self, docs: Iterator[Document]) -> None:
        self.docs = docs
        self.inflight: dict[str, Document] = {}

    def __iter__(self) -> "_Feed":
        return self

    def __next__(self) -> Document:
        d = next(self.docs)
        self.inflight[d.id] = d
        return d


def _extract(
    extractor_factory: Callable[[], ExtractorLike],
    docs: Iterator[Document],
    summary: IngestSummary,
    prog: _Progress,
    batch_size: int,
    workers: int,
) -> Iterator[tuple[Document, ArticleGraph]]:
    """(document, graph) pairs; a document whose extraction raises becomes a bad input, the rest goes on."""
    first = next(docs, None)
    if first is None:
        return  # nothing to parse: do not even load the model
    prog.describe("loading model")
    extractor = extractor_factory()
    prog.describe("extracting")
    feed = _Feed(itertools.chain([first], docs))
    while True:
        try:
            with worker_scope():  # forked workers die with us, ignore Ctrl-C, and leave the write lock alone
                for d, g in extractor.extract_many(feed, batch_size=batch_size, n_process=workers):
                    feed.inflight.pop(d.id, None)
                    yield d, g
            return
        except Exception:  # noqa: BLE001 - one bad article must not stop the run
            stuck = list(feed.inflight.values())
            feed.inflight.clear()
            if not stuck:
                raise
            for d in stuck:
                try:
                    g = extractor.extract(d)
                except Exception as exc2:  # noqa: BLE001
                    _fail(summary, BadInput(d.source or d.id, f"extraction failed ({type(exc2).__name__}: {exc2})"),
                          prog)
                else:
                    yield d, g


def _write(
    store: Store,
    pairs: Iterable[tuple[str, int, ArticleGraph]],
    summary: IngestSummary,
    status: dict[str, str],
    prog: _Progress,
    batch_size: int,
    advance_on_write: bool,
    deferred: tallies.Deferred | None = None,
) -> None:
    """Write (id, words, graph) in atomic batches; a batch the store rejects is retried article by article."""

    def done(aid: str, n_words: int, g: ArticleGraph) -> None:
        outcome = status.pop(aid, "new")
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        summary.words += n_words
        summary.statements.update(s.type.value for s in g.statements)
        if advance_on_write:
            prog.advance(words=n_words)

    for batch in _chunks(pairs, batch_size):
        try:
            write_graphs(store, [g for _, _, g in batch], deferred)
        except QueryError:
            for aid, n_words, g in batch:
                try:
                    write_graphs(store, [g], deferred)
                except QueryError as exc:
                    status.pop(aid, None)
                    _fail(summary, BadInput(g.article.source or aid, f"the store rejected it ({exc})"), prog)
                else:
                    done(aid, n_words, g)
            continue
        for aid, n_words, g in batch:
            done(aid, n_words, g)


# -- public entry points ------------------------------------------------------------------------------------
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
    with _write_run(store, summary, wait, console) as deferred, _Progress(progress, total, console, "ingest") as prog:
        todo = _select(store, read_inputs(inputs, opts), lambda d: (d.id, d.text_hash),
                       summary, status, prog, force, batch_size)
        pairs = _extract(extractor_factory, todo, summary, prog, batch_size, max(1, workers))

        def counted() -> Iterator[tuple[str, int, ArticleGraph]]:
            for d, g in pairs:
                n = len(d.text.split())
                prog.advance(words=n)
                yield d.id, n, g

        _write(store, counted(), summary, status, prog, batch_size, advance_on_write=False, deferred=deferred)
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
        fh.write(json.dumps({RECORDS_HEADER_KEY: True, "format_version": FORMAT_VERSION}) + "\n")
        with _Progress(progress, total, console, "extract") as prog:
            todo = _select(None, read_inputs(inputs, opts), lambda d: (d.id, d.text_hash),
                           summary, status, prog, False, batch_size)
            for d, g in _extract(extractor_factory, todo, summary, prog, batch_size, max(1, workers)):
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


def read_records(path: str | Path) -> Iterator[ArticleGraph | BadInput]:
    """The graphs of a record file; a bad line (not JSON, wrong version, invalid record) is a BadInput."""
    name = str(path)
    fh = sys.stdin if name == "-" else open(path, encoding="utf-8", errors="replace")
    try:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{name}:{n}"
            try:
                obj = json.loads(line)
            except RecursionError:
                yield BadInput(where, "malformed JSON line (nested too deeply to read)")
                continue
            except ValueError as exc:
                yield BadInput(where, f"malformed JSON line ({exc})")
                continue
            if not isinstance(obj, dict):
                yield BadInput(where, "a record line must be a JSON object")
                continue
            version = obj.get("format_version")
            if RECORDS_HEADER_KEY in obj:
                if version != FORMAT_VERSION:
                    raise InputError(
                        f"{name} holds records of format version {version}; this version of narrative reads "
                        f"version {FORMAT_VERSION}: extract them again with `narrative extract`."
                    )
                continue
            if version != FORMAT_VERSION:
                yield BadInput(where, f"record format version {version!r} is not supported (this version reads "
                                      f"{FORMAT_VERSION}); extract it again with `narrative extract`")
                continue
            try:
                yield ArticleGraph.model_validate(obj)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(x) for x in first.get("loc", ()))
                yield BadInput(where, f"invalid record: {loc} {first.get('msg', '')}".strip())
    finally:
        if fh is not sys.stdin:
            fh.close()


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
    with _write_run(store, summary, wait, console) as deferred, _Progress(progress, total, console, "load") as prog:
        todo = _select(store, read_records(path), lambda g: (g.article.id, g.article.text_hash),
                       summary, status, prog, force, batch_size)
        triples = ((g.article.id, g.article.words, g) for g in todo)
        _write(store, triples, summary, status, prog, batch_size, advance_on_write=True, deferred=deferred)
    return summary


def _printer(console: Any) -> Callable[[str], None] | None:
    if console is None:
        return None
    return lambda msg: console.print(msg, markup=False, highlight=False)


# -- the summary table --------------------------------------------------------------------------------------
def summary_table(summary: IngestSummary, title: str = "ingest summary"):
    """A rich table: articles by outcome, then nodes and relationships by type (in the graph, and added)."""
    from rich.table import Table

    t = Table(title=title, header_style="bold", title_justify="left")
    t.add_column("what")
    t.add_column("name")
    t.add_column("count", justify="right")
    t.add_column("change", justify="right")
    rows = [("new", summary.new), ("changed", summary.changed), ("unchanged", summary.unchanged)]
    if summary.forced:
        rows.append(("re-extracted (--force)", summary.forced))
    if summary.duplicates:
        rows.append(("duplicates in input", summary.duplicates))
    rows.append(("failed", summary.failed))
    for name, n in rows:
        style = "red" if name == "failed" and n else None
        t.add_row("articles", name, str(n), "", style=style)
    if summary.after is not None:
        before = summary.before or {"nodes": {}, "relationships": {}}
        for kind, label in (("nodes", "nodes"), ("relationships", "relationships")):
            for name, n in summary.after[kind].items():
                delta = n - before[kind].get(name, 0)
                if n or delta:
                    t.add_row(label, name, f"{n:,}", f"{delta:+,}" if delta else "")
    else:
        for name, n in sorted(summary.statements.items()):
            t.add_row("statements", name, f"{n:,}", "")
    secs = summary.seconds
    wps = summary.words / secs if secs > 0 else 0.0
    t.caption = f"{secs:.1f} s, {summary.words:,} words parsed ({wps:,.0f} words/s)"
    return t
