"""Mutual tallies: one node per unordered pair of actors that accuse each other, at the entity and state level.

Why not the pair tallies alone: the mutual-accusations report counts the distinct articles over BOTH directions
of a pair, which two one-way tallies cannot give (an article may carry a statement each way). So this family
keeps, per unordered pair {a, b} (a < b), the statements each way, the distinct articles, first and last date,
an example id each way and the articles with statements both ways (`overlap`), per variant (see base). Only
pairs with statements both ways (in the widest variant, so in some variant) get a tally: ~20,000 nodes on a
100k-article graph instead of one per accusing pair.

A touched pair is recomputed from its edges both ways, like a pair tally (earlier versions moved `overlap` by
the batch's signed rows, which a re-applied update added twice). Most touched pairs accuse one way only: the
summary runs after the ACCUSES pair tallies (`after`) and reads the edges of a pair only when both of its pair
tallies exist. Entity pairs: the edges between the two ends. State pairs: each touched state's members are
expanded once, towards every state it is touched with, in both directions, with the rollups the store holds
(like pairs.py: moving actors needs `narrative db retally`).
"""
from __future__ import annotations

from graph.model import Label, RelType
from graph.tallies.base import T, Touched, per_variant, state_members
from graph.tallies.engine import DELETE_IDS, Summary, Tally, sorted_rows
from graph.tallies.pairs import family as pair_family
from graph.tallies.pairs import NAME as PAIRS

ACT = Label.ACTOR
REL = RelType.ACCUSES.value
LEVELS = ("entity", "state")


def family(level: str) -> str:
    return f"mutual:{REL}:{level}"


def _each(expr: str) -> str:
    """A list over the four variants; `expr` uses `v`."""
    return f"[v IN range(0, 3) | {expr}]"


#: From rows (a, b, r, fwd) with fwd true for an edge a -> b: the measures, per variant.
MEASURES = {
    "ab": per_variant("count", "CASE WHEN fwd THEN r.id END"),
    "ba": per_variant("count", "CASE WHEN NOT fwd THEN r.id END"),
    "articles": per_variant("count", "r.article", distinct=True),
    "first": per_variant("min", "r.date", empty="''"),
    "last": per_variant("max", "r.date", empty="''"),
    "aex": per_variant("min", "CASE WHEN fwd THEN r.id END", empty="''"),
    "bex": per_variant("min", "CASE WHEN NOT fwd THEN r.id END", empty="''"),
    "aarts": per_variant("count", "CASE WHEN fwd THEN r.article END", distinct=True),
    "barts": per_variant("count", "CASE WHEN NOT fwd THEN r.article END", distinct=True),
}
#: `overlap`: the articles with statements both ways. `total`: the report's sort key, per variant: statements both
#: ways, 0 where the pair does not accuse each other in that variant. One list read per tally lets the report
#: filter and rank ~20,000 tallies before reading anything else.
EXTRA = {"overlap": _each("aarts[v] + barts[v] - articles[v]"),
         "total": _each("CASE WHEN ab[v] > 0 AND ba[v] > 0 THEN ab[v] + ba[v] ELSE 0 END")}


def _tally(level: str) -> Tally:
    return Tally(family(level), {"a": "a", "b": "b"}, f"'{family(level)}:' + a + '|' + b", MEASURES,
                 keep="ab[3] > 0 AND ba[3] > 0", extra=EXTRA, working=("aarts", "barts"), carry=("fwd",))


_ENDS = {"entity": ("s.id", "t.id"), "state": ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")}


def _build(level: str) -> str:
    src, dst = _ENDS[level]
    return (f"MATCH (s:{ACT})-[r:{REL}]->(t:{ACT}) WITH {src} AS src, {dst} AS dst, r WHERE src <> dst "
            "WITH CASE WHEN src < dst THEN src ELSE dst END AS a, CASE WHEN src < dst THEN dst ELSE src END AS b, "
            "src < dst AS fwd, r " + _tally(level).create())


def _both_ways(level: str, a: str, b: str) -> str:
    """Only pairs whose two pair tallies exist (current: this summary runs after them) read their edges."""
    return (f"MATCH (:{T} {{id: '{pair_family(REL, level)}:' + {a} + '>' + {b}}}) "
            f"MATCH (:{T} {{id: '{pair_family(REL, level)}:' + {b} + '>' + {a}}}) ")


#: $pairs: unordered entity pairs {a, b}, a < b, whose tallies were deleted ($ids): the edges both ways between the
#: two ends of those that accuse each other.
CREATE_ENTITY = (
    "UNWIND $pairs AS p " + _both_ways("entity", "p.a", "p.b")
    + "UNWIND [[p.a, p.b], [p.b, p.a]] AS d "
    f"MATCH (s:{ACT} {{id: d[0]}}) MATCH (t:{ACT} {{id: d[1]}}) "
    f"WITH p, s, t MATCH (s)-[r:{REL}]->(t) "  # both ends bound first: only the pair's edges are read
    "WITH p.a AS a, p.b AS b, r, s.id = p.a AS fwd " + _tally("entity").create())

#: $pairs mapped to unordered state pairs with the stored rollups.
_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.a}}) MATCH (t0:{ACT} {{id: p.b}}) "
                "WITH coalesce(s0.rollup, s0.id) AS x, coalesce(t0.rollup, t0.id) AS y WHERE x <> y "
                "WITH DISTINCT CASE WHEN x < y THEN x ELSE y END AS a, CASE WHEN x < y THEN y ELSE x END AS b ")
DELETE_STATE = _STATE_PAIRS + f"MATCH (x:{T} {{id: '{family('state')}:' + a + '|' + b}}) DELETE x"
#: Both directions of every touched state pair that accuses each other, grouped by the state the edges leave from.
CREATE_STATE = (
    _STATE_PAIRS + _both_ways("state", "a", "b") + "UNWIND [[a, b], [b, a]] AS d WITH d[0] AS a, collect(d[1]) AS tos "
    + state_members("tos", "s")
    + f"MATCH (s)-[r:{REL}]->(t:{ACT}) WITH a AS src, coalesce(t.rollup, t.id) AS dst, tos, r WHERE dst IN tos "
    "WITH CASE WHEN src < dst THEN src ELSE dst END AS a, CASE WHEN src < dst THEN dst ELSE src END AS b, "
    "src < dst AS fwd, r " + _tally("state").create())


def unordered_pairs(touched: Touched) -> list[dict[str, str]]:
    """The batch's accusations between two different actors, as unordered entity pairs."""
    return sorted_rows(((min(r.source, r.target), max(r.source, r.target)) for r in touched.of(REL)
                        if r.source and r.target and r.source != r.target), ("a", "b"))


def _keys(touched: Touched):
    pairs = unordered_pairs(touched)
    return {"pairs": pairs, "ids": [f"{family('entity')}:{p['a']}|{p['b']}" for p in pairs]} if pairs else None


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="mutual", families=tuple(family(lv) for lv in LEVELS), reads=(REL,), keys=_keys,
    recompute=(DELETE_IDS, CREATE_ENTITY, DELETE_STATE, CREATE_STATE), build=tuple(_build(lv) for lv in LEVELS),
    after=(PAIRS,),
    what="an unordered pair of actors accusing each other: statements each way, articles, dates, examples"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
