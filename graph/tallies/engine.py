"""The one engine behind every report summary: families are declared (`Summary`), the engine orders and runs them.

Why declarations: each family used to be a class with its own `update` and `rebuild`, their order a tuple kept
right by hand (rebuttals read the pair tallies, so pairs had to come first), some of them moving counts by signed
increments that a re-applied update would add twice. A `Summary` now says what it is: its key and measures
(`Tally`, which writes both the full build and the per-key recompute from one list of measures), which relation
types it reads, which other summaries it reads (`after`), and how a batch's rows name the keys it touched. The
engine derives the rest:

* the order: summaries sorted topologically on `after` (a cycle or an unknown name is an error at import);
* `rebuild`: drop every family, then each summary's `build` statements, in that order;
* `update`: for each summary whose keys the batch touched, its `recompute` statements, in that order. A
  recompute reads the touched keys' current edges (or the tallies it depends on, already recomputed) and
  writes them whole (`MERGE` + `SET`, or delete and create), never by a delta: applying the same update
  twice, or an update of a batch already applied, gives the same tallies as applying it once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.store import Params
from graph.tallies.base import T, Touched, flagged, variant_flags


@dataclass(frozen=True)
class Tally:
    """How a family's tally nodes are written from grouped rows: one declaration for the build and the recompute.

    `key` maps the tally's key properties to the row variables holding them, `id` is the Cypher expression of the
    tally id, `measures` maps each measure to its aggregate (over the grouped rows), `keep` is the condition on
    the aggregated measures under which a key has a tally (else it has none), and `family` is the family name,
    or a Cypher expression over the measures when a family splits its keys (the singles).
    """

    family: str
    key: dict[str, str]
    id: str
    measures: dict[str, str]
    keep: str = "n[3] > 0"
    family_expr: str | None = None
    #: Set after the measures, from them: derived lists (a sort key, a kind) that are not aggregates.
    extra: dict[str, str] = field(default_factory=dict)
    #: Measures aggregated only for `extra` to read, not stored.
    working: tuple[str, ...] = ()
    #: The key properties stored on the node (all of `key` when None): a key part may live in the family name.
    stored_keys: tuple[str, ...] | None = None
    #: The grouped rows' statement edge, and the other row variables the measures read (e.g. a direction).
    row: str = "r"
    carry: tuple[str, ...] = ()

    def _head(self, where: bool) -> str:
        """Each row's admissions are computed once (`vw`, see `base.variant_flags`), read by every aggregate."""
        groups = list(dict.fromkeys(self.key.values()))
        carried = ", ".join(dict.fromkeys((*groups, *self.carry, self.row)))
        aggs = ", ".join(f"{flagged(expr, self.row)} AS {name}" for name, expr in self.measures.items())
        return (f"WITH {carried}, {variant_flags(self.row)} WITH {', '.join(groups)}, {aggs} "
                + (f"WHERE {self.keep} " if where else ""))

    def _sets(self, x: str = "x") -> str:
        fam = self.family_expr or f"'{self.family}'"
        stored = self.key if self.stored_keys is None else {p: self.key[p] for p in self.stored_keys}
        parts = [f"{x}.family = {fam}"] + [f"{x}.{p} = {v}" for p, v in stored.items()]
        parts += [f"{x}.{m} = {m}" for m in self.measures if m not in self.working]
        parts += [f"{x}.{m} = {e}" for m, e in self.extra.items()]
        return ", ".join(parts)

    def create(self) -> str:
        """From rows grouped by the key variables: create the tallies of the keys that keep one (a build)."""
        return self._head(True) + f"CREATE (x:{T} {{id: {self.id}}}) SET {self._sets()}"

    def merge(self) -> str:
        """From rows with every touched key at least once (an empty one: null edge): set the tally of each key
        to its measures, and delete the tallies of keys that keep none. Idempotent."""
        return (self._head(False) + f"MERGE (x:{T} {{id: {self.id}}}) SET {self._sets()} "
                f"WITH x, {self.keep} AS kept WHERE NOT kept DELETE x")


@dataclass(frozen=True)
class Summary:
    """One family of report summaries, declared."""

    name: str
    families: tuple[str, ...]  # the `family` values of its tally nodes (dropped by a rebuild)
    reads: tuple[str, ...]  # relation types whose edges it aggregates
    keys: Callable[[Touched], Params | None]  # the touched keys, as the recompute's parameters (None: untouched)
    recompute: tuple[str, ...]  # idempotent: bring the touched keys' tallies to what the edges say
    build: tuple[str, ...]  # every key from scratch, after its families were dropped
    after: tuple[str, ...] = ()  # summaries whose tallies it reads: they are current before it runs
    what: str = ""  # key and measures, in words, for readers of the declaration

    @property
    def cypher(self) -> tuple[str, ...]:
        return (*self.recompute, *self.build, *(drop(f) for f in self.families))


#: Delete the tallies of the touched keys whose ids a summary knows without the store (entity-level keys).
DELETE_IDS = f"UNWIND $ids AS id MATCH (x:{T} {{id: id}}) DELETE x"


def drop(family: str) -> str:
    return f"MATCH (x:{T} {{family: '{family}'}}) DELETE x"


def ordered(summaries: Iterable[Summary]) -> tuple[Summary, ...]:
    """Topological order on `after`, ties kept in declaration order; a cycle or an unknown name raises."""
    given = list(summaries)
    todo = {s.name: s for s in given}
    if len(todo) != len(given):
        raise ValueError(f"two summaries share a name: {[s.name for s in given]}")
    for s in todo.values():
        unknown = [d for d in s.after if d not in todo]
        if unknown:
            raise ValueError(f"summary {s.name} reads {unknown}, which no summary declares")
    out: list[Summary] = []
    done: set[str] = set()
    while todo:
        ready = [s for s in todo.values() if set(s.after) <= done]
        if not ready:
            raise ValueError(f"summaries depend on each other in a cycle: {sorted(todo)}")
        for s in ready:
            out.append(s)
            done.add(s.name)
            del todo[s.name]
    return tuple(out)


class Engine:
    """The declared summaries in dependency order, and the statements that keep them exact."""

    def __init__(self, summaries: Sequence[Summary]) -> None:
        self.summaries = ordered(summaries)
        names = [f for s in self.summaries for f in s.families]
        if len(names) != len(set(names)):
            raise ValueError(f"two summaries declare one family: {names}")

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        """The recompute statements of every touched summary, in order. A summary whose recompute starts with
        `DELETE_IDS` names the ids of its touched tallies (`ids`): the engine deletes those of every summary in
        one statement ahead of all recomputes (each summary recreates its own after the ones it reads)."""
        out: list[tuple[str, Params]] = []
        ids: list[str] = []
        for s in self.summaries:
            params = s.keys(touched)
            if not params:
                continue
            statements = s.recompute
            if statements and statements[0] == DELETE_IDS:
                ids += params["ids"]
                statements = statements[1:]
            out += [(q, params) for q in statements if _has_rows(q, params)]
        return ([(DELETE_IDS, {"ids": ids})] if ids else []) + out

    def build(self) -> list[tuple[str, Params]]:
        """Every summary from scratch, in dependency order (on a graph without tallies)."""
        return [(q, {}) for s in self.summaries for q in s.build]

    def rebuild(self) -> list[tuple[str, Params]]:
        """Drop every family, then build."""
        return [(drop(f), {}) for s in self.summaries for f in s.families] + self.build()

    def reads(self) -> tuple[str, ...]:
        """Every relation type some summary aggregates, in first-use order."""
        return tuple(dict.fromkeys(t for s in self.summaries for t in s.reads))

    def cypher(self) -> tuple[str, ...]:
        return tuple(q for s in self.summaries for q in s.cypher)


def _has_rows(cypher: str, params: Params) -> bool:
    """False when every list parameter the statement unwinds is empty (it would change nothing)."""
    used = [v for k, v in params.items() if isinstance(v, list) and f"${k}" in cypher]
    return not used or any(used)


def sorted_rows(rows: Iterable[tuple[Any, ...]], names: Sequence[str]) -> list[dict[str, Any]]:
    """Distinct key tuples as parameter rows, sorted so a batch's statements are reproducible."""
    return [dict(zip(names, r)) for r in sorted(set(rows))]
