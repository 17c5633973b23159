"""Publication accusation tallies: one node per (publication, accuser, accused), at the entity and state level.

They answer "whom does each accuser accuse in each publication's articles" (the publication-narratives report)
without grouping the ACCUSES edges: statements, distinct articles, first and last date per variant (see base).
A publication key is the edge's `publication`, '' for none (the node then has no `pub`).

Most keys are one statement (four in five on the synthetic 100k graph). Those tallies go in a family of their own
(`singles`): the report ranks keys by statements, so it reads them only when the keys counted more than once do not
fill its limit, and on a large graph ranks 40,000 nodes instead of 190,000.

A batch's keys are recomputed from the edges between the touched pairs (cheap), kept for the touched
publications only; at the state level each touched source state's members are expanded once, as in pairs.py.
"""
from __future__ import annotations

from typing import Any

from graph.model import Label, RelType
from graph.tallies.base import T, Row, Touched, flagged, per_variant, state_members, variant_flags
from graph.tallies.engine import DELETE_IDS, Summary

ACT = Label.ACTOR
ACCUSES = RelType.ACCUSES.value
LEVELS = ("entity", "state")
NONE = "''"  # a missing date, stored as the empty string (lists hold no nulls)


def family(level: str) -> str:
    return f"pub:{ACCUSES}:{level}"


def singles(level: str) -> str:
    """The family of the keys of a single statement (counted once in the variant that counts everything)."""
    return family(level) + ":1"


def tally_id(level: str, pub: str | None, src: str, dst: str) -> str:
    return f"{family(level)}:{pub or ''}>{src}>{dst}"


def _write_tail(level: str) -> str:
    """From rows (pub, src, dst, r) with pub '' for none: aggregate and create the tallies."""
    fam = family(level)
    return (f"WITH pub, src, dst, r, {variant_flags()} "
            f"WITH pub, src, dst, {flagged(per_variant('count', '1'))} AS n, "
            f"{flagged(per_variant('count', 'r.article', distinct=True))} AS articles, "
            f"{flagged(per_variant('min', 'r.date', empty=NONE))} AS first, "
            f"{flagged(per_variant('max', 'r.date', empty=NONE))} AS last "
            f"CREATE (x:{T} {{id: '{fam}:' + pub + '>' + src + '>' + dst, src: src, dst: dst}}) "
            f"SET x.family = CASE WHEN n[3] > 1 THEN '{fam}' ELSE '{singles(level)}' END, "
            "x.pub = CASE WHEN pub = '' THEN null ELSE pub END, x.n = n, x.articles = articles, "
            "x.first = first, x.last = last")


DELETE = DELETE_IDS

CREATE_ENTITY = (
    f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}}) "
    f"WITH p, s, t MATCH (s)-[r:{ACCUSES}]->(t) "  # both ends bound first: only the pair's edges are read
    "WHERE coalesce(r.publication, '') IN p.pubs "
    "WITH coalesce(r.publication, '') AS pub, s.id AS src, t.id AS dst, r "
    + _write_tail("entity")
)

_STATE_KEYS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) UNWIND p.pubs AS pub "
               "WITH DISTINCT coalesce(s0.rollup, s0.id) AS a, coalesce(t0.rollup, t0.id) AS b, pub ")

DELETE_STATE = (_STATE_KEYS + f"MATCH (x:{T} {{id: '{family('state')}:' + pub + '>' + a + '>' + b}}) DELETE x")

#: Members of a state: the actors that roll up to it, and the state itself when it has no rollup of its own.
CREATE_STATE = (
    _STATE_KEYS + "WITH a, collect([b, pub]) AS wanted "
    + state_members("wanted", "s") +
    f"MATCH (s)-[r:{ACCUSES}]->(t:{ACT}) "
    "WHERE [coalesce(t.rollup, t.id), coalesce(r.publication, '')] IN wanted "
    "WITH coalesce(r.publication, '') AS pub, a AS src, coalesce(t.rollup, t.id) AS dst, r "
    + _write_tail("state")
)

_ENDS = {"entity": ("s.id", "t.id"), "state": ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")}
REBUILD = {
    lv: (f"MATCH (s:{ACT})-[r:{ACCUSES}]->(t:{ACT}) "
         f"WITH coalesce(r.publication, '') AS pub, {_ENDS[lv][0]} AS src, {_ENDS[lv][1]} AS dst, r "
         + _write_tail(lv))
    for lv in LEVELS
}


def pairs_param(rows: list[Row]) -> list[dict[str, Any]]:
    """Touched (accuser, accused) pairs with the publications they were written in, sorted (reproducible)."""
    pubs: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r.source and r.target:
            pubs.setdefault((r.source, r.target), set()).add(r.publication or "")
    return [{"src": s, "dst": t, "pubs": sorted(p)} for (s, t), p in sorted(pubs.items())]


def _keys(touched: Touched):
    pairs = pairs_param(list(touched.of(ACCUSES)))
    if not pairs:
        return None
    return {"pairs": pairs, "ids": [tally_id("entity", pub, p["src"], p["dst"]) for p in pairs for pub in p["pubs"]]}


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="pub", families=tuple(f for lv in LEVELS for f in (family(lv), singles(lv))), reads=(ACCUSES,), keys=_keys,
    recompute=(DELETE, CREATE_ENTITY, DELETE_STATE, CREATE_STATE), build=tuple(REBUILD[lv] for lv in LEVELS),
    what="publication, accuser and accused: statements, articles, first/last date"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
