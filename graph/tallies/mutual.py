"""Mutual tallies: one node per unordered pair of actors that accuse each other, at the entity and state level.

Why not the pair tallies alone: the mutual-accusations report counts the distinct articles over BOTH directions
of a pair, which two one-way tallies cannot give (an article may carry a statement each way). So this family
keeps, per unordered pair {a, b} (a < b), the statements each way, the distinct articles, first and last date
and an example id each way, per variant (see base). Only pairs with statements both ways (in the widest
variant, so in some variant) get a tally: ~20,000 nodes on a 100k-article graph instead of one per accusing pair.

Why not recomputed from the edges like the pair tallies: the busiest pairs have tens of thousands of edges
both ways, and recomputing them took 1-3 s per 500-article batch per level. Everything but the distinct
articles is read off the two pair tallies a > b and b > a (recomputed just before in the same batch: see
`FAMILIES` order); the distinct articles are `articles(a > b) + articles(b > a) - overlap`, where `overlap`
counts the articles with statements both ways. An article is replaced as a whole, so the batch's own rows
(`Touched`, sign -1 for what it removes, +1 for what it writes) give the exact change of `overlap`; a pair
without a tally has an overlap of 0 (it lacks one direction), so the sum starts right. `rebuild` computes it
from the edges, and tests check that updates and a rebuild agree. State keys use the rollups the store holds
(like pairs.py: moving actors to another state needs `narrative db retally`).
"""
from __future__ import annotations

from typing import Any

from graph.model import Label, RelType
from graph.store import Params
from graph.tallies.base import VARIANTS, T, Touched, admitted, per_variant
from graph.tallies.pairs import family as pair_family

ACT = Label.ACTOR
REL = RelType.ACCUSES
LEVELS = ("entity", "state")
ZEROS = "[0, 0, 0, 0]"


def family(level: str) -> str:
    return f"mutual:{REL}:{level}"


def _key(level: str) -> str:
    return f"'{family(level)}:' + a + '|' + b"


def _pair(level: str, src: str, dst: str) -> str:
    return f"'{pair_family(REL, level)}:' + {src} + '>' + {dst}"


def _each(expr: str) -> str:
    """A list over the four variants; `expr` uses `v`."""
    return f"[v IN range(0, 3) | {expr}]"


#: The report's sort key, per variant: statements both ways, 0 where the pair does not accuse each other in that
#: variant. One list read per tally lets the report filter and rank ~20,000 tallies before reading anything else.
def _total(ab: str, ba: str) -> str:
    return _each(f"CASE WHEN {ab}[v] > 0 AND {ba}[v] > 0 THEN {ab}[v] + {ba}[v] ELSE 0 END")


# --- rebuild: from the edges --------------------------------------------------------------------------------

#: From rows (a, b, r, fwd) with fwd true for an edge a -> b: the measures, per variant.
MEASURES = {
    "ab": per_variant("count", "CASE WHEN fwd THEN r.id END"),
    "ba": per_variant("count", "CASE WHEN NOT fwd THEN r.id END"),
    "articles": per_variant("count", "r.article", distinct=True),
    "first": per_variant("min", "r.date", empty="''"),
    "last": per_variant("max", "r.date", empty="''"),
    "aex": per_variant("min", "CASE WHEN fwd THEN r.id END", empty="''"),
    "bex": per_variant("min", "CASE WHEN NOT fwd THEN r.id END", empty="''"),
}
_ONE_WAY_ARTICLES = {
    "aarts": per_variant("count", "CASE WHEN fwd THEN r.article END", distinct=True),
    "barts": per_variant("count", "CASE WHEN NOT fwd THEN r.article END", distinct=True),
}


def _rebuild(level: str) -> str:
    ends = ("s.id", "t.id") if level == "entity" else ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")
    agg = ", ".join(f"{expr} AS {name}" for name, expr in {**MEASURES, **_ONE_WAY_ARTICLES}.items())
    sets = ", ".join(f"x.{name} = {name}" for name in MEASURES)
    return (f"MATCH (s:{ACT})-[r:{REL}]->(t:{ACT}) WITH {ends[0]} AS src, {ends[1]} AS dst, r WHERE src <> dst "
            "WITH CASE WHEN src < dst THEN src ELSE dst END AS a, CASE WHEN src < dst THEN dst ELSE src END AS b, "
            f"src < dst AS fwd, r WITH a, b, {agg} WHERE ab[3] > 0 AND ba[3] > 0 "
            f"CREATE (x:{T} {{id: {_key(level)}, family: '{family(level)}', a: a, b: b}}) SET {sets}, "
            f"x.overlap = {_each('aarts[v] + barts[v] - articles[v]')}, x.total = {_total('ab', 'ba')}")


# --- update: from the pair tallies and the batch's rows -----------------------------------------------------

def _keys(level: str) -> str:
    """From $rows (one per accusation written or removed): rows (a, b, fwd, r) of their unordered pairs."""
    if level == "entity":
        head = "UNWIND $rows AS r WITH r, r.src AS x, r.dst AS y WHERE x <> y "
    else:
        head = (f"UNWIND $rows AS r MATCH (s0:{ACT} {{id: r.src}}) MATCH (t0:{ACT} {{id: r.dst}}) "
                "WITH r, coalesce(s0.rollup, s0.id) AS x, coalesce(t0.rollup, t0.id) AS y WHERE x <> y ")
    return head + ("WITH CASE WHEN x < y THEN x ELSE y END AS a, CASE WHEN x < y THEN y ELSE x END AS b, "
                   "x < y AS fwd, r ")


def _update(level: str) -> str:
    """Pairs with statements both ways: merge the tally, add the batch's change of overlap, copy the rest."""
    both = ", ".join(f"count(CASE WHEN fwd AND {admitted(v)} THEN 1 END) > 0 AND "
                     f"count(CASE WHEN NOT fwd AND {admitted(v)} THEN 1 END) > 0 AS both{v}" for v in VARIANTS)
    delta = "[" + ", ".join(f"toInteger(sum(CASE WHEN both{v} THEN sign ELSE 0 END))" for v in VARIANTS) + "]"
    p_first, q_first, p_last, q_last = "p.first[v]", "q.first[v]", "p.last[v]", "q.last[v]"
    first = _each(f"CASE WHEN {p_first} = '' THEN {q_first} WHEN {q_first} = '' THEN {p_first} "
                  f"WHEN {p_first} < {q_first} THEN {p_first} ELSE {q_first} END")
    last = _each(f"CASE WHEN {p_last} = '' THEN {q_last} WHEN {q_last} = '' THEN {p_last} "
                 f"WHEN {p_last} > {q_last} THEN {p_last} ELSE {q_last} END")
    return (_keys(level) + f"WITH a, b, r.article AS art, r.sign AS sign, {both} "
            f"WITH a, b, {delta} AS delta "
            f"MATCH (p:{T} {{id: {_pair(level, 'a', 'b')}}}) MATCH (q:{T} {{id: {_pair(level, 'b', 'a')}}}) "
            f"MERGE (x:{T} {{id: {_key(level)}}}) "
            f"WITH x, a, b, p, q, {_each(f'coalesce(x.overlap, {ZEROS})[v] + delta[v]')} AS overlap "
            f"SET x.family = '{family(level)}', x.a = a, x.b = b, x.overlap = overlap, x.ab = p.n, x.ba = q.n, "
            f"x.articles = {_each('p.articles[v] + q.articles[v] - overlap[v]')}, x.first = {first}, "
            f"x.last = {last}, x.aex = p.example, x.bex = q.example, x.total = {_total('p.n', 'q.n')}")


def _delete(level: str) -> str:
    """Pairs that lack a direction now: no tally."""
    return (_keys(level) + "WITH DISTINCT a, b "
            f"OPTIONAL MATCH (p:{T} {{id: {_pair(level, 'a', 'b')}}}) "
            f"OPTIONAL MATCH (q:{T} {{id: {_pair(level, 'b', 'a')}}}) "
            f"WITH a, b WHERE p IS NULL OR q IS NULL MATCH (x:{T} {{id: {_key(level)}}}) DELETE x")


UPDATE = {lv: _update(lv) for lv in LEVELS}
DELETE = {lv: _delete(lv) for lv in LEVELS}
DROP = {lv: f"MATCH (x:{T} {{family: '{family(lv)}'}}) DELETE x" for lv in LEVELS}
REBUILD = {lv: _rebuild(lv) for lv in LEVELS}

CYPHER_STATEMENTS: tuple[str, ...] = (*UPDATE.values(), *DELETE.values(), *DROP.values(), *REBUILD.values())


def accusation_rows(touched: Touched) -> list[dict[str, Any]]:
    """The batch's accusations between two different actors, as parameter rows (sign -1: removed)."""
    keys = {(r.article, r.source, r.target, r.negated, r.hypothetical, r.sign) for r in touched.of(REL.value)
            if r.source and r.target and r.source != r.target}
    return [{"article": a, "src": s, "dst": t, "negated": n, "hypothetical": h, "sign": sign}
            for a, s, t, n, h, sign in sorted(keys)]


class MutualTallies:
    CYPHER_STATEMENTS = CYPHER_STATEMENTS

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        rows = accusation_rows(touched)
        if not rows:
            return []
        return [(q[lv], {"rows": rows}) for lv in LEVELS for q in (DELETE, UPDATE)]

    def rebuild(self) -> list[tuple[str, Params]]:
        return [(q, {}) for lv in LEVELS for q in (DROP[lv], REBUILD[lv])]
