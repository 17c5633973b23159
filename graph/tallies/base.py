"""Shared pieces of the tallies: the four statement variants, the rows a family learns from, Cypher helpers.

Why four variants in arrays: every report takes `include_negated` and `include_hypothetical`, so a tally keeps
its measures for all four combinations in one node, as a list indexed by `variant()` (0 = asserted statements
only, 1 = also negated, 2 = also hypothetical, 3 = everything). One node per key instead of four, and a
report picks its column with ``x.n[v]``. Lists hold no nulls (Neo4j refuses them in properties), so a missing
date or example is stored as ``''`` and turned back into null by the report.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.model import Derived, Label

T = Derived.TALLY
VARIANTS = range(4)
#: Tally id and family of the marker node that records which version of the tallies a graph holds.
VERSION_ID = "_version"
VERSION_FAMILY = "_meta"


def admitted(v: int, r: str = "r") -> str:
    """The condition a statement edge `r` meets to count in variant `v`."""
    parts = []
    if not v & 1:
        parts.append(f"NOT coalesce({r}.negated, false)")
    if not v & 2:
        parts.append(f"NOT coalesce({r}.hypothetical, false)")
    return " AND ".join(parts) or "true"


def per_variant(agg: str, expr: str, r: str = "r", distinct: bool = False, empty: str | None = None) -> str:
    """``[agg(CASE WHEN <admitted v> THEN expr END) for v in 0..3]``, each wrapped in coalesce(.., empty)."""
    d = "DISTINCT " if distinct else ""
    items = []
    for v in VARIANTS:
        cell = f"{agg}({d}CASE WHEN {admitted(v, r)} THEN {expr} END)"
        items.append(f"coalesce({cell}, {empty})" if empty is not None else cell)
    return "[" + ", ".join(items) + "]"


def variant_flags(r: str = "r") -> str:
    """The list of `admitted(v, r)` for the four variants, computed once per row as `vw` before an aggregation.

    Why: FalkorDB's cost of compiling a statement grows with its expressions (not its text's length), and a tally
    statement repeats the same admission tests in the four variants of every measure; a flush compiles every
    recompute statement anew (its folded text differs each time), so reading the flags halves that cost.
    """
    return "[" + ", ".join(admitted(v, r) for v in VARIANTS) + "] AS vw"


def flagged(expr: str, r: str = "r") -> str:
    """`expr` (built by `per_variant`) reading the row's flags `vw` (see `variant_flags`) instead of the tests."""
    for v in VARIANTS:
        test = admitted(v, r)
        if test != "true":
            expr = expr.replace(f"CASE WHEN {test} THEN ", f"CASE WHEN vw[{v}] THEN ")
    return expr


@dataclass(frozen=True)
class Row:
    """One statement (or event report) written or removed by a batch: what the families derive their keys from.

    `sign` is +1 for a statement the batch writes and -1 for one it removes (an article being replaced). Both
    name keys to recompute; no summary counts by them (a recompute reads the edges as they are).
    """

    type: str  # ACCUSES, DENIES, STRIKES, CITES or REPORTS
    article: str
    source: str | None = None  # actor id (None for CITES and REPORTS: the article is the source)
    target: str | None = None  # actor id (None for REPORTS)
    publication: str | None = None
    date: str | None = None
    event: str | None = None
    location: str | None = None  # REPORTS: the event's location
    negated: bool = False
    hypothetical: bool = False
    sign: int = 1


@dataclass
class Touched:
    """Everything a batch changes, as rows; built by the writer, read by every family."""

    rows: list[Row] = field(default_factory=list)

    def of(self, *types: str) -> Iterable[Row]:
        return (r for r in self.rows if r.type in types)


def pairs_param(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Distinct (source, target) pairs as parameter rows, sorted so batches are reproducible."""
    return [{"src": s, "dst": t} for s, t in sorted({(r.source, r.target) for r in rows if r.source and r.target})]


def state_members(carry: str, as_: str) -> str:
    """From rows (a, <carry>): one row per member of state `a` as `as_` (the actors that roll up to it, and the
    state itself when it has no rollup of its own), so each touched state's members are expanded once."""
    return (f"OPTIONAL MATCH (m:{Label.ACTOR} {{rollup: a}}) WITH a, {carry}, collect(m) AS ms "
            f"OPTIONAL MATCH (own:{Label.ACTOR} {{id: a}}) "
            f"WITH a, {carry}, CASE WHEN own IS NOT NULL AND own.rollup IS NULL THEN ms + [own] ELSE ms END AS ms "
            f"UNWIND ms AS {as_} ")
