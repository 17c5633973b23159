"""Event tallies: how many different perpetrators the STRIKES statements give each event, per variant.

Why: the contested-events report ranks events by their number of versions (distinct perpetrators) and shows the
first `limit` of them. Ranking needs every event's count, which takes a pass over all STRIKES edges; the details
of a few dozen events are cheap to read from their own edges (an index on STRIKES.event). So a tally holds only
the ranking measure, at the entity level and the state level (perpetrators folded into their rollup).

Only events told in at least two versions (in the widest variant, hence in any variant that ranks them) get a
tally: the others never appear in the report. The writer recomputes every event a batch's STRIKES statements
named, from that event's edges, with the rollups the store holds at that moment (delete and create: the same
whatever was applied before).
"""
from __future__ import annotations

from graph.model import Label, RelType
from graph.tallies.base import T, Touched, per_variant
from graph.tallies.engine import DELETE_IDS, Summary

ACT = Label.ACTOR
REL = RelType.STRIKES.value
LEVELS = ("entity", "state")
PERP = {"entity": "s.id", "state": "coalesce(s.rollup, s.id)"}


def family(level: str) -> str:
    return f"event:{level}"


def _create_tail(level: str) -> str:
    """From rows (eid, perp, r): count the versions per variant, create the tallies of contested events."""
    fam = family(level)
    return (f"WITH eid, {per_variant('count', 'perp', distinct=True)} AS perps WHERE perps[3] > 1 "
            f"CREATE (x:{T} {{id: '{fam}:' + eid, family: '{fam}', event: eid}}) SET x.perps = perps")


def _update(level: str) -> str:
    # Endpoints anonymous on the edge lookup and taken from the edge after it: FalkorDB scans every node when a
    # named endpoint is part of the pattern.
    return (f"UNWIND $events AS eid MATCH ()-[r:{REL} {{event: eid}}]->() "
            "WITH eid, r, startNode(r) AS s, endNode(r) AS t "
            f"WHERE s:{ACT} AND t:{ACT} WITH eid, {PERP[level]} AS perp, r " + _create_tail(level))


def _rebuild(level: str) -> str:
    return (f"MATCH (s:{ACT})-[r:{REL}]->(:{ACT}) WHERE r.event IS NOT NULL "
            f"WITH r.event AS eid, {PERP[level]} AS perp, r " + _create_tail(level))


DELETE = DELETE_IDS


def _keys(touched: Touched):
    events = sorted({r.event for r in touched.of(REL) if r.event})
    return {"events": events, "ids": [f"{family(lv)}:{e}" for lv in LEVELS for e in events]} if events else None


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="event", families=tuple(family(lv) for lv in LEVELS), reads=(REL,), keys=_keys,
    recompute=(DELETE, *(_update(lv) for lv in LEVELS)), build=tuple(_rebuild(lv) for lv in LEVELS),
    what="an event whose sources name more than one perpetrator: how many"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
