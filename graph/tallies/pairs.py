"""Pair tallies: one node per (source, target) and statement type, at the entity and the state level.

They answer "who accuses / denies / strikes whom" without touching the statement edges: counts, distinct
articles and publications, first and last date, and an example statement id, per variant (see base). One
summary per statement type of `graph.relations` (a new type gets its pair tallies with no change here). A
touched entity pair is recomputed from the edges between its two ends (cheap); a touched state pair from the
edges of its source state's members, each touched source state expanded once, with the rollups the store holds
at that moment (moving actors to another state needs `narrative db retally`).

Types with an `event_key` (STRIKES) also carry what their events say (count, kinds, places, killed, injured), so
the report needs no lookup of thousands of events: a summary of its own (`details`), after the pair tallies it
completes, refreshed for the touched pairs and for the pairs whose statements name a touched event (an event's
toll grows when a later article reports more victims, and it goes when no article reports it any more).
"""
from __future__ import annotations

from graph import relations
from graph.model import Label, RelType
from graph.tallies.base import VARIANTS, T, Touched, admitted, pairs_param, per_variant, state_members
from graph.tallies.engine import Summary, Tally

ACT = Label.ACTOR
LEVELS = ("entity", "state")
TYPES = relations.statement_types()
EVENT_TYPES = tuple(t for t in TYPES if relations.get(t).event_key)
_ENDS = {"entity": ("s.id", "t.id"), "state": ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")}


def family(rel: str, level: str) -> str:
    return f"pair:{rel}:{level}"


def summary_name(rel: str) -> str:
    return f"pair:{rel}"


def _tally(rel: str, level: str) -> Tally:
    m = {
        "n": per_variant("count", "r.id"),
        "articles": per_variant("count", "r.article", distinct=True),
        "pubs": per_variant("count", "r.publication", distinct=True),
        "first": per_variant("min", "r.date", empty="''"),
        "last": per_variant("max", "r.date", empty="''"),
        "example": per_variant("min", "r.id", empty="''"),
    }
    if rel == RelType.DENIES:  # a denial may answer the claim it denies (`answers`)
        m["threaded"] = per_variant("count", "r.answers")
        m["texample"] = per_variant("min", "CASE WHEN r.answers IS NOT NULL THEN r.id END", empty="''")
    if rel in EVENT_TYPES:  # one list per variant: properties cannot hold lists of lists
        key = relations.get(rel).event_key
        for v in VARIANTS:
            m[f"events{v}"] = f"collect(DISTINCT CASE WHEN {admitted(v)} THEN r.{key} END)"
    fam = family(rel, level)
    return Tally(fam, {"src": "src", "dst": "dst"}, f"'{fam}:' + src + '>' + dst", m)


def _entity_recompute(rel: str) -> str:
    return (f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}}) "
            f"OPTIONAL MATCH (s)-[r:{rel}]->(t) WITH s.id AS src, t.id AS dst, r " + _tally(rel, "entity").merge())


_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH DISTINCT coalesce(s0.rollup, s0.id) AS a, coalesce(t0.rollup, t0.id) AS b ")


def _state_delete(rel: str) -> str:
    return _STATE_PAIRS + f"MATCH (x:{T} {{id: '{family(rel, 'state')}:' + a + '>' + b}}) DELETE x"


def _state_create(rel: str) -> str:
    return (_STATE_PAIRS + "WITH a, collect(b) AS bs " + state_members("bs", "s")
            + f"MATCH (s)-[r:{rel}]->(t:{ACT}) WITH a AS src, coalesce(t.rollup, t.id) AS dst, bs, r WHERE dst IN bs "
            + _tally(rel, "state").create())


def _build(rel: str, level: str) -> str:
    src, dst = _ENDS[level]
    return f"MATCH (s:{ACT})-[r:{rel}]->(t:{ACT}) WITH {src} AS src, {dst} AS dst, r " + _tally(rel, level).create()


def _keys(rel: str):
    def keys(touched: Touched):
        pairs = pairs_param(touched.of(rel))
        return {"pairs": pairs} if pairs else None
    return keys


def _pair_summary(rel: str) -> Summary:
    return Summary(
        name=summary_name(rel), families=tuple(family(rel, lv) for lv in LEVELS), reads=(rel,), keys=_keys(rel),
        recompute=(_entity_recompute(rel), _state_delete(rel), _state_create(rel)),
        build=tuple(_build(rel, lv) for lv in LEVELS),
        what="source and target actor: statements, articles, publications, first/last date, example id")


# --- event details of the pairs of event-bearing types (STRIKES) ------------------------------------------------

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


def _tally_ids_of(rel: str, pairs_source: str) -> str:
    """From rows (s, t) of actors: the entity and state tallies they belong to."""
    ent, st = family(rel, "entity"), family(rel, "state")
    return (pairs_source + f" WITH DISTINCT s, t UNWIND ['{ent}:' + s.id + '>' + t.id, "
            f"'{st}:' + coalesce(s.rollup, s.id) + '>' + coalesce(t.rollup, t.id)] AS tid "
            f"WITH DISTINCT tid MATCH (x:{T} {{id: tid}}) ")


def _details_summary(rel: str) -> Summary:
    key = relations.get(rel).event_key
    for_pairs = _tally_ids_of(rel, f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}})")
    for_events = _tally_ids_of(rel, f"UNWIND $events AS eid MATCH (s)-[:{rel} {{{key}: eid}}]->(t)")
    every = f"MATCH (x:{T}) WHERE x.family IN ['{family(rel, 'entity')}', '{family(rel, 'state')}'] "

    def keys(touched: Touched):
        pairs = pairs_param(touched.of(rel))
        events = sorted({r.event for r in touched.of(rel, RelType.REPORTS) if r.event})
        return {"pairs": pairs, "events": events} if pairs or events else None

    return Summary(
        name=f"details:{rel}", families=(), reads=(rel, RelType.REPORTS.value), keys=keys,
        recompute=(for_pairs + _details_tail(), for_events + _details_tail()), build=(every + _details_tail(),),
        after=(summary_name(rel),), what="the pair tallies' events: count, kinds, places, killed, injured")


SUMMARIES: tuple[Summary, ...] = (*(_pair_summary(rel) for rel in TYPES),
                                  *(_details_summary(rel) for rel in EVENT_TYPES))
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
