"""Rebuttal tallies: one node per (accuser, accused) pair where the accused also denies the accuser's claims.

Why: the accused-and-denied report joins the accusations src -> dst with the denials dst -> src. The pair
tallies hold every measure it needs, but joining them at read time means one id lookup per denying pair
(~61,000 on a 100k-article graph: most of a second). This family keeps the join itself, only for pairs with
both an accusation and a denial (in the widest variant, so in some variant), per variant (see base).

It is derived from the pair tallies, not the edges: a rebuttal is exactly the ACCUSES pair tally src > dst
next to the DENIES pair tally dst > src, so recomputing a touched key is two id lookups. That makes it depend
on the pair tallies being current first: `PairTallies` comes before this family in `FAMILIES`, for updates
(one atomic batch, statements in order) and for `rebuild` alike.
"""
from __future__ import annotations

from typing import Any

from graph.model import Label, RelType
from graph.store import Params
from graph.tallies.base import T, Touched
from graph.tallies.pairs import family as pair_family

ACT = Label.ACTOR
LEVELS = ("entity", "state")
#: This family's measure <- (pair tally, its measure): a = ACCUSES src > dst, d = DENIES dst > src.
MEASURES = {"acc": "a.n", "afirst": "a.first", "aex": "a.example",
            "den": "d.n", "threaded": "d.threaded", "dfirst": "d.first", "dex": "d.example"}


#: The report's sort key, per variant: accusations plus denials, 0 where the variant lacks either. One list read
#: per tally lets the report filter and rank ~50,000 tallies before reading anything else.
TOTAL = "[v IN range(0, 3) | CASE WHEN a.n[v] > 0 AND d.n[v] > 0 THEN a.n[v] + d.n[v] ELSE 0 END]"


def family(level: str) -> str:
    return f"rebuttal:{level}"


def _key(level: str) -> str:
    return f"'{family(level)}:' + src + '>' + dst"


def _create_tail(level: str) -> str:
    """From rows (src, dst): find both pair tallies and create the rebuttal when both exist."""
    sets = ", ".join(f"x.{name} = {expr}" for name, expr in MEASURES.items()) + f", x.total = {TOTAL}"
    return (f"MATCH (a:{T} {{id: '{pair_family(RelType.ACCUSES, level)}:' + src + '>' + dst}}) "
            f"MATCH (d:{T} {{id: '{pair_family(RelType.DENIES, level)}:' + dst + '>' + src}}) "
            f"CREATE (x:{T} {{id: {_key(level)}, family: '{family(level)}', src: src, dst: dst}}) SET {sets}")


# $pairs: (accuser, accused) entity pairs; the state level maps them to state pairs with the stored rollups.
_ENTITY_PAIRS = "UNWIND $pairs AS p WITH DISTINCT p.src AS src, p.dst AS dst "
_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH DISTINCT coalesce(s0.rollup, s0.id) AS src, coalesce(t0.rollup, t0.id) AS dst ")
_PAIRS = {"entity": _ENTITY_PAIRS, "state": _STATE_PAIRS}

DELETE = {lv: _PAIRS[lv] + f"MATCH (x:{T} {{id: {_key(lv)}}}) DELETE x" for lv in LEVELS}
CREATE = {lv: _PAIRS[lv] + _create_tail(lv) for lv in LEVELS}
DROP = {lv: f"MATCH (x:{T} {{family: '{family(lv)}'}}) DELETE x" for lv in LEVELS}
REBUILD = {lv: (f"MATCH (den:{T} {{family: '{pair_family(RelType.DENIES, lv)}'}}) "
                "WITH den.dst AS src, den.src AS dst " + _create_tail(lv)) for lv in LEVELS}

CYPHER_STATEMENTS: tuple[str, ...] = (*DELETE.values(), *CREATE.values(), *DROP.values(), *REBUILD.values())


def accuser_pairs(touched: Touched) -> list[dict[str, Any]]:
    """The (accuser, accused) keys a batch touched: accusations as they are, denials turned around."""
    keys = {(r.source, r.target) for r in touched.of(RelType.ACCUSES.value) if r.source and r.target}
    keys |= {(r.target, r.source) for r in touched.of(RelType.DENIES.value) if r.source and r.target}
    return [{"src": s, "dst": t} for s, t in sorted(keys)]


class RebuttalTallies:
    CYPHER_STATEMENTS = CYPHER_STATEMENTS

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        pairs = accuser_pairs(touched)
        if not pairs:
            return []
        return [(q[lv], {"pairs": pairs}) for lv in LEVELS for q in (DELETE, CREATE)]

    def rebuild(self) -> list[tuple[str, Params]]:
        return [(q, {}) for lv in LEVELS for q in (DROP[lv], REBUILD[lv])]
