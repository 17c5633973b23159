"""Pair tallies: one node per (source, target) and statement type, at the entity and the state level.

They answer "who accuses / denies / strikes whom" without touching the statement edges: counts, distinct
articles and publications, first and last date, and an example statement id, per variant (see base). The
writer recomputes the pairs a batch touched from their edges (cheap: the edges between two actors), so a
tally is always exactly what an aggregation over the edges would give.

The state level groups actors by `rollup`: the batch's entity pairs are mapped to their state pairs inside
Cypher, with the rollups the store holds at that moment, and each source state's members are expanded once.
"""
from __future__ import annotations

from graph.model import Label, RelType
from graph.store import Params
from graph.tallies.base import VARIANTS, T, Touched, admitted, pairs_param, per_variant, state_members

ACT = Label.ACTOR
TYPES = (RelType.ACCUSES, RelType.DENIES, RelType.STRIKES)
LEVELS = ("entity", "state")


def family(rel: RelType, level: str) -> str:
    return f"pair:{rel}:{level}"


def _measures(rel: RelType) -> dict[str, str]:
    m = {
        "n": per_variant("count", "r.id"),
        "articles": per_variant("count", "r.article", distinct=True),
        "pubs": per_variant("count", "r.publication", distinct=True),
        "first": per_variant("min", "r.date", empty="''"),
        "last": per_variant("max", "r.date", empty="''"),
        "example": per_variant("min", "r.id", empty="''"),
    }
    if rel == RelType.DENIES:
        m["threaded"] = per_variant("count", "r.answers")
        m["texample"] = per_variant("min", "CASE WHEN r.answers IS NOT NULL THEN r.id END", empty="''")
    if rel == RelType.STRIKES:  # one list per variant: properties cannot hold lists of lists
        for v in VARIANTS:
            m[f"events{v}"] = f"collect(DISTINCT CASE WHEN {admitted(v)} THEN r.event END)"
    return m


def _write_tail(rel: RelType, level: str, create: bool) -> str:
    """From rows (src, dst, r): aggregate and write the tallies (CREATE, or MERGE and drop the empty ones)."""
    fam = family(rel, level)
    m = _measures(rel)
    agg = ", ".join(f"{expr} AS {name}" for name, expr in m.items())
    sets = ", ".join(f"x.{name} = {name}" for name in m)
    head = f"WITH src, dst, {agg} "
    key = f"'{fam}:' + src + '>' + dst"
    if create:
        return head + f"CREATE (x:{T} {{id: {key}, family: '{fam}', src: src, dst: dst}}) SET {sets}"
    return (head + f"MERGE (x:{T} {{id: {key}}}) SET x.family = '{fam}', x.src = src, x.dst = dst, {sets} "
            "WITH x WHERE x.n[3] = 0 DELETE x")


def _entity_update(rel: RelType) -> str:
    return (f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}}) "
            f"OPTIONAL MATCH (s)-[r:{rel}]->(t) WITH s.id AS src, t.id AS dst, r " + _write_tail(rel, "entity", False))


_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH DISTINCT coalesce(s0.rollup, s0.id) AS a, coalesce(t0.rollup, t0.id) AS b ")


def _state_delete(rel: RelType) -> str:
    return (_STATE_PAIRS + f"MATCH (x:{T} {{id: '{family(rel, 'state')}:' + a + '>' + b}}) DELETE x")


def _state_create(rel: RelType) -> str:
    # Members of a state: the actors that roll up to it, and the state itself when it has no rollup of its own.
    return (_STATE_PAIRS + "WITH a, collect(b) AS bs "
            + state_members("bs", "s") +
            f"MATCH (s)-[r:{rel}]->(t:{ACT}) WITH a AS src, coalesce(t.rollup, t.id) AS dst, bs, r WHERE dst IN bs "
            + _write_tail(rel, "state", True))


def _drop_family(rel: RelType, level: str) -> str:
    return f"MATCH (x:{T} {{family: '{family(rel, level)}'}}) DELETE x"


def _rebuild(rel: RelType, level: str) -> str:
    ends = ("s.id", "t.id") if level == "entity" else ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")
    return (f"MATCH (s:{ACT})-[r:{rel}]->(t:{ACT}) WITH {ends[0]} AS src, {ends[1]} AS dst, r "
            + _write_tail(rel, level, True))


# Strike tallies also carry what their events say (count, kinds, places, killed, injured), so the report needs
# no lookup of thousands of events. An event's toll grows when a later article reports more victims and the
# event goes when no article reports it any more: the pairs whose strikes name a touched event are refreshed.
_DETAILS = ("nevents", "kinds", "places", "killed", "injured")


def _details_tail() -> str:
    sets = ", ".join(f"x.{m}{v} = CASE v WHEN {v} THEN {m} ELSE x.{m}{v} END" for v in VARIANTS for m in _DETAILS)
    ids = "CASE v " + " ".join(f"WHEN {v} THEN x.events{v}" for v in VARIANTS) + " END"
    return (f"UNWIND range(0, 3) AS v WITH x, v, {ids} AS ids "
            "UNWIND CASE WHEN size(ids) = 0 THEN [null] ELSE ids END AS eid "
            f"OPTIONAL MATCH (e:{Label.EVENT} {{id: eid}}) OPTIONAL MATCH (e)-[:{RelType.IN}]->(l:{Label.LOCATION}) "
            "WITH x, v, e, collect(l.name)[0] AS place "
            "WITH x, v, count(e) AS nevents, collect(DISTINCT e.kind) AS kinds, collect(DISTINCT place) AS places, "
            "toInteger(sum(e.killed)) AS killed, toInteger(sum(e.injured)) AS injured "
            f"SET {sets}")


def _tally_ids_of(pairs_source: str) -> str:
    """From rows (s, t) of actors: the entity and state STRIKES tallies they belong to."""
    ent, st = family(RelType.STRIKES, "entity"), family(RelType.STRIKES, "state")
    return (pairs_source + f" WITH DISTINCT s, t UNWIND ['{ent}:' + s.id + '>' + t.id, "
            f"'{st}:' + coalesce(s.rollup, s.id) + '>' + coalesce(t.rollup, t.id)] AS tid "
            f"WITH DISTINCT tid MATCH (x:{T} {{id: tid}}) ")


STRIKE_DETAILS_FOR_PAIRS = _tally_ids_of(
    f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}})") + _details_tail()
STRIKE_DETAILS_FOR_EVENTS = _tally_ids_of(
    f"UNWIND $events AS eid MATCH (s)-[:{RelType.STRIKES} {{event: eid}}]->(t)") + _details_tail()
STRIKE_DETAILS_ALL = (f"MATCH (x:{T}) WHERE x.family IN ['{family(RelType.STRIKES, 'entity')}', "
                      f"'{family(RelType.STRIKES, 'state')}'] " + _details_tail())

UPDATE_ENTITY = {rel: _entity_update(rel) for rel in TYPES}
DELETE_STATE = {rel: _state_delete(rel) for rel in TYPES}
CREATE_STATE = {rel: _state_create(rel) for rel in TYPES}
DROP = {(rel, lv): _drop_family(rel, lv) for rel in TYPES for lv in LEVELS}
REBUILD = {(rel, lv): _rebuild(rel, lv) for rel in TYPES for lv in LEVELS}

CYPHER_STATEMENTS: tuple[str, ...] = (
    *UPDATE_ENTITY.values(), *DELETE_STATE.values(), *CREATE_STATE.values(), *DROP.values(), *REBUILD.values(),
    STRIKE_DETAILS_FOR_PAIRS, STRIKE_DETAILS_FOR_EVENTS, STRIKE_DETAILS_ALL,
)


class PairTallies:
    CYPHER_STATEMENTS = CYPHER_STATEMENTS

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        out: list[tuple[str, Params]] = []
        for rel in TYPES:
            pairs = pairs_param(touched.of(rel.value))
            if pairs:
                out += [(UPDATE_ENTITY[rel], {"pairs": pairs}), (DELETE_STATE[rel], {"pairs": pairs}),
                        (CREATE_STATE[rel], {"pairs": pairs})]
                if rel == RelType.STRIKES:
                    out.append((STRIKE_DETAILS_FOR_PAIRS, {"pairs": pairs}))
        events = sorted({r.event for r in touched.of(RelType.STRIKES.value, RelType.REPORTS.value) if r.event})
        if events:
            out.append((STRIKE_DETAILS_FOR_EVENTS, {"events": events}))
        return out

    def rebuild(self) -> list[tuple[str, Params]]:
        return [(q, {}) for key in REBUILD for q in (DROP[key], REBUILD[key])] + [(STRIKE_DETAILS_ALL, {})]
