"""The stages every run is made of: select what needs writing, extract it, write it in atomic batches.

Why this shape: see `loaders.pipeline`. Each stage is a generator over the previous one, counts what it drops
in the run's `IngestSummary` and reports bad inputs to the `Progress` bar without stopping the run.
"""
from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from graph import tallies
from graph.errors import QueryError
from graph.model import ArticleGraph
from graph.stats import counts
from graph.store import Store
from graph.writer import known_hashes, write_graphs
from loaders.document import Document
from loaders.progress import Progress
from loaders.run_summary import IngestSummary
from loaders.sources import BadInput, Note
from loaders.workers import worker_scope
from loaders.writelock import write_lock

T = TypeVar("T")


class ExtractorLike(Protocol):
    def extract(self, doc: Document) -> ArticleGraph: ...

    def extract_many(
        self, docs: Iterable[Document], batch_size: int = ..., n_process: int = ...
    ) -> Iterator[tuple[Document, ArticleGraph]]: ...


@contextlib.contextmanager
def write_run(store: Store, summary: IngestSummary, wait: bool, console: Any) -> Iterator[tallies.Deferred]:
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


def _printer(console: Any) -> Callable[[str], None] | None:
    if console is None:
        return None
    return lambda msg: console.print(msg, markup=False, highlight=False)


def chunks(items: Iterable[T], n: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def fail(summary: IngestSummary, bad: BadInput, prog: Progress) -> None:
    summary.failed += 1
    summary.bad.append(bad)
    prog.note(f"skipped {bad.where}: {bad.why}")
    prog.advance()


def select(
    store: Store | None,
    items: Iterable[T | BadInput],
    key: Callable[[T], tuple[str, str]],
    summary: IngestSummary,
    status: dict[str, str],
    prog: Progress,
    force: bool,
    chunk: int,
) -> Iterator[T]:
    """Pass on the articles that need writing (new, changed, or all with `force`); count the others."""
    seen: set[str] = set()
    for group in chunks(items, chunk):
        goods: list[T] = []
        for it in group:
            if isinstance(it, BadInput):
                fail(summary, it, prog)
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


class Feed:
    """The documents handed to the extractor, remembering those not yet returned.

    A class, not a generator: if the extractor's stream dies, closing it must not close our source, so the run
    can retry the in-flight documents one by one and go on with the rest.
    """

    def __init__(self, docs: Iterator[Document]) -> None:
        self.docs = docs
        self.inflight: dict[str, Document] = {}

    def __iter__(self) -> "Feed":
        return self

    def __next__(self) -> Document:
        d = next(self.docs)
        self.inflight[d.id] = d
        return d


def extract_pairs(
    extractor_factory: Callable[[], ExtractorLike],
    docs: Iterator[Document],
    summary: IngestSummary,
    prog: Progress,
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
    feed = Feed(itertools.chain([first], docs))
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
                    fail(summary, BadInput(d.source or d.id, f"extraction failed ({type(exc2).__name__}: {exc2})"),
                          prog)
                else:
                    yield d, g


def write_pairs(
    store: Store,
    pairs: Iterable[tuple[str, int, ArticleGraph]],
    summary: IngestSummary,
    status: dict[str, str],
    prog: Progress,
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

    for batch in chunks(pairs, batch_size):
        try:
            write_graphs(store, [g for _, _, g in batch], deferred)
        except QueryError:
            for aid, n_words, g in batch:
                try:
                    write_graphs(store, [g], deferred)
                except QueryError as exc:
                    status.pop(aid, None)
                    fail(summary, BadInput(g.article.source or aid, f"the store rejected it ({exc})"), prog)
                else:
                    done(aid, n_words, g)
            continue
        for aid, n_words, g in batch:
            done(aid, n_words, g)
