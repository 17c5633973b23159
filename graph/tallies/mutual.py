"""Mutual tallies: one node per unordered pair of actors that accuse each other, at the entity and state level.

Why not the pair tallies: the mutual-accusations report counts the distinct articles over BOTH directions of a
pair, which two one-way tallies cannot give (an article may carry a statement each way). So this family keeps,
per unordered pair {a, b} (a < b), the statements each way, the distinct articles, first and last date and an
example id each way, per variant (see base). Only pairs with statements both ways (in the widest variant, so in
some variant) get a tally: a few thousand nodes instead of one per accusing pair.

The writer recomputes every unordered pair a batch touched from the edges between the two actors (both
directions); at the state level each touched pair is mapped to its state pair with the rollups the store holds,
and the members of the smaller state id are expanded once, as in pairs.py.
"""
from __future__ import annotations

from typing import Any

from graph.model import Label, RelType
from graph.store import Params
from graph.tallies.base import T, Touched, per_variant

ACT = Label.ACTOR
REL = RelType.ACCUSES
LEVELS = ("entity", "state")


def family(level: str) -> str:
    return f"mutual:{REL}:{level}"


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


#: The report's sort key, per variant: statements both ways, 0 where the pair does not accuse each other in that
#: variant. One list read per tally lets the report filter and rank ~20,000 tallies before reading anything else.
TOTAL = "[v IN range(0, 3) | CASE WHEN ab[v] > 0 AND ba[v] > 0 THEN ab[v] + ba[v] ELSE 0 END]"


def _key(level: str) -> str:
    return f"'{family(level)}:' + a + '|' + b"


def _create_tail(level: str) -> str:
    """Aggregate rows (a, b, r, fwd) and create the tallies of the pairs with statements both ways."""
    agg = ", ".join(f"{expr} AS {name}" for name, expr in MEASURES.items())
    sets = ", ".join(f"x.{name} = {name}" for name in MEASURES)
    return (f"WITH a, b, {agg} WHERE ab[3] > 0 AND ba[3] > 0 "
            f"CREATE (x:{T} {{id: {_key(level)}, family: '{family(level)}', a: a, b: b}}) SET {sets}, "
            f"x.total = {TOTAL}")


# Entity level: $pairs are unordered actor pairs {a, b} with a < b.
DELETE_ENTITY = f"UNWIND $pairs AS p WITH p.a AS a, p.b AS b MATCH (x:{T} {{id: {_key('entity')}}}) DELETE x"
CREATE_ENTITY = (f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.a}}) MATCH (t:{ACT} {{id: p.b}}) "
                 f"MATCH (s)-[r:{REL}]-(t) WITH s.id AS a, t.id AS b, r, startNode(r) = s AS fwd "
                 + _create_tail("entity"))

# State level: $pairs are the touched entity pairs {src, dst}, mapped to unordered state pairs here.
_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH coalesce(s0.rollup, s0.id) AS x, coalesce(t0.rollup, t0.id) AS y WHERE x <> y "
                "WITH DISTINCT CASE WHEN x < y THEN x ELSE y END AS a, CASE WHEN x < y THEN y ELSE x END AS b ")
DELETE_STATE = _STATE_PAIRS + f"MATCH (x:{T} {{id: {_key('state')}}}) DELETE x"
# Members of a state: the actors that roll up to it, and the state itself when it has no rollup of its own.
CREATE_STATE = (_STATE_PAIRS + "WITH a, collect(b) AS bs "
                f"OPTIONAL MATCH (m:{ACT} {{rollup: a}}) WITH a, bs, collect(m) AS ms "
                f"OPTIONAL MATCH (own:{ACT} {{id: a}}) "
                "WITH a, bs, CASE WHEN own IS NOT NULL AND own.rollup IS NULL THEN ms + [own] ELSE ms END AS ms "
                "UNWIND ms AS s "
                f"MATCH (s)-[r:{REL}]-(t:{ACT}) "
                "WITH a, coalesce(t.rollup, t.id) AS b, bs, r, startNode(r) = s AS fwd WHERE b IN bs "
                + _create_tail("state"))


def _rebuild(level: str) -> str:
    ends = ("s.id", "t.id") if level == "entity" else ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")
    return (f"MATCH (s:{ACT})-[r:{REL}]->(t:{ACT}) WITH {ends[0]} AS src, {ends[1]} AS dst, r WHERE src <> dst "
            "WITH CASE WHEN src < dst THEN src ELSE dst END AS a, CASE WHEN src < dst THEN dst ELSE src END AS b, "
            "src < dst AS fwd, r " + _create_tail(level))


DROP = {lv: f"MATCH (x:{T} {{family: '{family(lv)}'}}) DELETE x" for lv in LEVELS}
REBUILD = {lv: _rebuild(lv) for lv in LEVELS}

CYPHER_STATEMENTS: tuple[str, ...] = (
    DELETE_ENTITY, CREATE_ENTITY, DELETE_STATE, CREATE_STATE, *DROP.values(), *REBUILD.values(),
)


def unordered_pairs(touched: Touched) -> list[dict[str, Any]]:
    """The distinct unordered actor pairs {a, b} (a < b) of the accusations a batch wrote or removed."""
    keys = {tuple(sorted((r.source, r.target))) for r in touched.of(REL.value)
            if r.source and r.target and r.source != r.target}
    return [{"a": a, "b": b} for a, b in sorted(keys)]


class MutualTallies:
    CYPHER_STATEMENTS = CYPHER_STATEMENTS

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        pairs = unordered_pairs(touched)
        if not pairs:
            return []
        directed = [{"src": p["a"], "dst": p["b"]} for p in pairs]
        return [(DELETE_ENTITY, {"pairs": pairs}), (CREATE_ENTITY, {"pairs": pairs}),
                (DELETE_STATE, {"pairs": directed}), (CREATE_STATE, {"pairs": directed})]

    def rebuild(self) -> list[tuple[str, Params]]:
        return [(q, {}) for lv in LEVELS for q in (DROP[lv], REBUILD[lv])]
