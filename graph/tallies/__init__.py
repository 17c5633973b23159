"""Tallies: precomputed summaries of the statement edges that the aggregate reports read instead of the edges.

Why: on a graph of 100,000 articles (a million statement edges) grouping the edges takes seconds per report;
reading a few thousand tally nodes takes milliseconds. Each family is declared (`engine.Summary`: its keys,
measures, the relation types it reads, the summaries it reads) in its own module, and one engine orders them
by their dependencies and generates both the full build and the per-key recompute. The writer keeps them
exact: every batch (or deferred flush) recomputes the tallies of every key it touched from the edges (see
`update_statements`), idempotently, so a report over tallies gives the same rows as the same aggregation over
the edges, and an update applied twice changes nothing the second time. `rebuild` recomputes all of
them from the edges (`narrative db retally`): for a graph written before tallies existed, after a bulk import
that bypassed the writer, or after the actor dictionary moved actors to another state.

Tallies are derived data under their own label (`Derived.TALLY`): exports skip them, and the marker node
`(:Tally {id: '_version'})` says which version of them a graph holds; reports refuse to run on a graph whose
tallies are missing or of another version, and say how to fix it.
"""
from __future__ import annotations

from collections.abc import Callable

from graph.errors import NarrativeError
from graph.store import Params, Store
from graph.tallies import citations, days, events, mutual, pairs, places, publications, rebuttals
from graph.tallies.base import T, VERSION_FAMILY, VERSION_ID, Row, Touched
from graph.tallies.engine import Engine, Summary

#: Bump when a family's keys or measures change: graphs holding another version must be re-tallied.
#: 3: every update recomputes its keys (day and mutual tallies were moved by signed increments before; a graph
#: updated twice by one flush may hold drifted counts, which a re-tally clears).
VERSION = 3

#: Every declared summary, in declaration order (the engine sorts them by `after`).
DECLARED: tuple[Summary, ...] = (*rebuttals.SUMMARIES, *pairs.SUMMARIES, *mutual.SUMMARIES, *citations.SUMMARIES,
                                 *publications.SUMMARIES, *days.SUMMARIES, *events.SUMMARIES, *places.SUMMARIES)
ENGINE = Engine(DECLARED)
SUMMARIES: tuple[Summary, ...] = ENGINE.summaries

READ_VERSION = f"MATCH (x:{T} {{id: '{VERSION_ID}'}}) RETURN x.version AS version, coalesce(x.dirty, false) AS dirty"
#: Set in the atomic unit of every batch whose tally updates are deferred, cleared by the flush that applies
#: them: a marker still set when a write run starts means a run stopped between the two (rebuild).
MARK_DIRTY = f"MATCH (x:{T} {{id: '{VERSION_ID}'}}) SET x.dirty = true"
MARK_CLEAN = f"MATCH (x:{T} {{id: '{VERSION_ID}'}}) SET x.dirty = false"
WRITE_VERSION = (f"MERGE (x:{T} {{id: '{VERSION_ID}'}}) SET x.family = '{VERSION_FAMILY}', x.version = $version, "
                 "x.dirty = false")
DROP_ALL = f"MATCH (x:{T}) DELETE x"
COUNT = f"MATCH (x:{T}) WHERE x.family <> '{VERSION_FAMILY}' RETURN count(x) AS n"
#: Whether the graph holds anything a summary reads (the relation types come from the declarations).
ANY_STATEMENT = f"MATCH ()-[r:{'|'.join(ENGINE.reads())}]->() WITH r LIMIT 1 RETURN count(r) > 0 AS any"

CYPHER_STATEMENTS: tuple[str, ...] = (READ_VERSION, MARK_DIRTY, MARK_CLEAN, WRITE_VERSION, DROP_ALL, COUNT,
                                      ANY_STATEMENT)

__all__ = ["VERSION", "SUMMARIES", "ENGINE", "Row", "Touched", "Deferred", "update_statements", "rebuild",
           "ensure_current", "check_current", "TalliesOutOfDate"]


class TalliesOutOfDate(NarrativeError):
    """The graph's tallies are missing or from another version of narrative-graph."""


def update_statements(touched: Touched) -> list[tuple[str, Params]]:
    """What the writer appends to a batch so every tally the batch touched is exact again (idempotent)."""
    return ENGINE.update(touched)


def _marker(store: Store) -> tuple[int | None, bool]:
    rows = store.read(READ_VERSION).rows
    return (rows[0][0], bool(rows[0][1])) if rows else (None, False)


def stored_version(store: Store) -> int | None:
    return _marker(store)[0]


def rebuild(store: Store, on_step: Callable[[int, int], None] | None = None) -> None:
    """Recompute every tally from the edges (one statement at a time, in dependency order: a bulk job)."""
    steps: list[tuple[str, Params]] = [(DROP_ALL, {}), *ENGINE.build()]
    steps.append((WRITE_VERSION, {"version": VERSION}))
    for i, (cypher, params) in enumerate(steps, 1):
        store.write(cypher, params)
        if on_step:
            on_step(i, len(steps))


def ensure_current(store: Store, on_step: Callable[[int, int], None] | None = None) -> bool:
    """Before writing: make the tallies current (rebuild them if the graph holds data they do not cover).

    Returns True when it rebuilt. An empty graph just gets the version marker. Call it holding the write lock:
    a dirty marker then can only come from a run that stopped before its last flush.
    """
    version, dirty = _marker(store)
    if version == VERSION and not dirty:
        return False
    if store.read(ANY_STATEMENT).value():
        rebuild(store, on_step)
        return True
    store.write(WRITE_VERSION, {"version": VERSION})
    return False


class Deferred:
    """Tally updates gathered over a write run, applied every `every` articles and at the end.

    Why: a bulk load touches the same busy keys (the big states, the big outlets) in every batch; recomputing
    them once per flush instead of once per batch makes tally upkeep a small share of a load. Between a batch
    and the next flush the reports lag behind the edges; the dirty marker (set atomically with each batch,
    cleared with each flush) makes the next write run rebuild everything if this one stops in between.
    """

    def __init__(self, store: Store, every: int = 2000) -> None:
        self.store = store
        self.every = every
        self.touched = Touched()
        self.articles = 0
        ensure_current(store)

    def batch_statements(self) -> list[tuple[str, Params]]:
        """What a batch adds to its own atomic unit: the dirty marker."""
        return [(MARK_DIRTY, {})]

    def add(self, touched: Touched, articles: int) -> None:
        self.touched.rows += touched.rows
        self.articles += articles
        if self.articles >= self.every:
            self.flush()

    def flush(self) -> None:
        if not self.articles and not self.touched.rows:
            return
        self.store.write_atomic(update_statements(self.touched) + [(MARK_CLEAN, {})])
        self.touched = Touched()
        self.articles = 0


def describe(store: Store) -> str:
    """One line on the state of the tallies, for `narrative info`."""
    version, dirty = _marker(store)
    if version is None:
        return "missing: run `narrative db retally`" if store.read(ANY_STATEMENT).value() else "none (empty graph)"
    if version != VERSION:
        return f"version {version}, this narrative-graph needs {VERSION}: run `narrative db retally`"
    n = store.read(COUNT).value(0)
    if dirty:
        return (f"{n} summaries, being updated by a write run (if none is running, one stopped early: "
                "the next ingest rebuilds them, or run `narrative db retally`)")
    return f"{n} summaries, current"


def check_current(store: Store) -> None:
    """Before a report: refuse to answer from missing or stale tallies."""
    have = stored_version(store)
    if have == VERSION:
        return
    if have is None and not store.read(ANY_STATEMENT).value():
        return  # an empty graph: nothing to summarise
    raise TalliesOutOfDate(
        "This graph's report summaries (tallies) are "
        + ("missing" if have is None else f"of version {have}, this narrative-graph needs {VERSION}")
        + ": run `narrative db retally` once (it rebuilds them from the statements).")

