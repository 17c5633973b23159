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
from graph.tallies.engine import Summary, Tally, sorted_rows

ACT = Label.ACTOR
LEVELS = ("entity", "state")
TYPES = relations.statement_types()
EVENT_TYPES = tuple(t for t in TYPES if relations.get(t).event_key)
_ENDS = {"entity": ("s.id", "t.id"), "state": ("coalesce(s.rollup, s.id)", "coalesce(t.rollup, t.id)")}


def family(rel: str, level: str) -> str:
    return f"pair:{rel}:{level}"


NAME = "pair"


_ANY = "|".join(TYPES)
#: Measures only some types have, with the types that have them: a denial may answer the claim it denies
#: (`answers`); an event-bearing type lists its events, one list per variant (properties cannot hold lists of lists).
_OWN: dict[str, tuple[tuple[str, ...], str]] = {
    "threaded": ((RelType.DENIES.value,), per_variant("count", "r.answers")),
    "texample": ((RelType.DENIES.value,),
                 per_variant("min", "CASE WHEN r.answers IS NOT NULL THEN r.id END", empty="''")),
}
_EVENT_OF = "CASE type(r) " + " ".join(f"WHEN '{t}' THEN r.{relations.get(t).event_key}" for t in EVENT_TYPES) + " END"
for _v in VARIANTS:
    _OWN[f"events{_v}"] = (EVENT_TYPES, f"collect(DISTINCT CASE WHEN {admitted(_v)} THEN {_EVENT_OF} END)")


def _tally(level: str, types: tuple[str, ...]) -> Tally:
    """From rows (type, src, dst, r): the pair tallies of `types` (one type in a build, all in a recompute)."""
    m = {
        "n": per_variant("count", "r.id"),
        "articles": per_variant("count", "r.article", distinct=True),
        "pubs": per_variant("count", "r.publication", distinct=True),
        "first": per_variant("min", "r.date", empty="''"),
        "last": per_variant("max", "r.date", empty="''"),
        "example": per_variant("min", "r.id", empty="''"),
    }
    own = {name: (have, expr) for name, (have, expr) in _OWN.items() if set(have) & set(types)}
    m.update({name: expr for name, (_, expr) in own.items()})
    # a measure of some of the types is set to null (left out) on the tallies of the others
    extra = {name: name if set(types) <= set(have) else f"CASE WHEN type IN {list(have)} THEN {name} END"
             for name, (have, _) in own.items()}
    fam = f"'pair:' + type + ':{level}'"
    return Tally(fam, {"src": "src", "dst": "dst", "type": "type"}, f"{fam} + ':' + src + '>' + dst", m,
                 family_expr=fam, extra=extra, working=tuple(own), stored_keys=("src", "dst"))


#: $pairs: touched (type, src, dst) entity pairs, recomputed from the edges between their two ends.
RECOMPUTE_ENTITY = (
    f"UNWIND $pairs AS p MATCH (s:{ACT} {{id: p.src}}) MATCH (t:{ACT} {{id: p.dst}}) "
    f"OPTIONAL MATCH (s)-[r:{_ANY}]->(t) WHERE type(r) = p.type "
    "WITH p.type AS type, s.id AS src, t.id AS dst, r " + _tally("entity", TYPES).merge())

_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH DISTINCT p.type AS type, coalesce(s0.rollup, s0.id) AS a, coalesce(t0.rollup, t0.id) AS b ")
DELETE_STATE = _STATE_PAIRS + f"MATCH (x:{T} {{id: 'pair:' + type + ':state:' + a + '>' + b}}) DELETE x"


def _create_state(rel: str) -> str:
    """Each source state touched in `rel` expanded once, its `rel` edges kept for the touched target states (one
    statement per type: one traversal of every type's edges, filtered by type, costs several times more)."""
    return (_STATE_PAIRS.replace("UNWIND $pairs AS p ", f"UNWIND $pairs AS p WITH p WHERE p.type = '{rel}' ")
            + "WITH type, a, collect(b) AS bs "
            + state_members("type, bs", "s")
            + f"MATCH (s)-[r:{rel}]->(t:{ACT}) WITH type, a AS src, coalesce(t.rollup, t.id) AS dst, bs, r "
            "WHERE dst IN bs " + _tally("state", (rel,)).create())


CREATE_STATE = {rel: _create_state(rel) for rel in TYPES}


def _build(rel: str, level: str) -> str:
    src, dst = _ENDS[level]
    return (f"MATCH (s:{ACT})-[r:{rel}]->(t:{ACT}) WITH '{rel}' AS type, {src} AS src, {dst} AS dst, r "
            + _tally(level, (rel,)).create())


def _keys(touched: Touched):
    pairs = sorted_rows(((r.type, r.source, r.target) for r in touched.of(*TYPES) if r.source and r.target),
                        ("type", "src", "dst"))
    return {"pairs": pairs} if pairs else None


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
        after=(NAME,), what="the pair tallies' events: count, kinds, places, killed, injured")


SUMMARIES: tuple[Summary, ...] = (
    Summary(name=NAME, families=tuple(family(rel, lv) for rel in TYPES for lv in LEVELS), reads=TYPES, keys=_keys,
            recompute=(RECOMPUTE_ENTITY, DELETE_STATE, *CREATE_STATE.values()),
            build=tuple(_build(rel, lv) for rel in TYPES for lv in LEVELS),
            what="source and target actor, per statement type: statements, articles, publications, first/last "
                 "date, example id"),
    *(_details_summary(rel) for rel in EVENT_TYPES),
)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
