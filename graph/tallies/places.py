"""Place tallies: per location, its events, the reports of them, their kinds, first and last date and casualties.

Why: the top-locations report groups every Event by its place and counts the articles reporting each one; on a
graph of 45,000 events that is a pass over all events and their reports. A tally per location holds the
result for that location, so the report reads some hundreds of small nodes.

Only the entity level is stored. The state level (a place's country) is the sum of its locations' tallies, and
the report adds them up under the country each Location names when it runs, so a location whose country
changes needs no re-tally. This holds because an Event is IN one place (the writer links it to the place its
id was resolved with).

Why a recompute, not increments: an event's killed/injured grow when another article reports it with higher
figures, and an event goes when its last report goes. The writer recomputes every location a batch reported
an event at (its REPORTS rows, written and removed, carry the event's location), from that location's events.
Kinds are stored sorted, so a tally does not depend on the order the engine met the events in.
"""
from __future__ import annotations

from graph.model import Label, RelType
from graph.tallies.base import T, Touched
from graph.tallies.engine import DELETE_IDS, Summary

EV, LOC, ART = Label.EVENT, Label.LOCATION, Label.ARTICLE
FAMILY = "place"
MEASURES = ("events", "reports", "kinds", "first", "last", "killed", "injured")

# From rows (place, e): the measures of each place, kinds sorted; a missing date is stored as ''.
_TAIL = (
    f"OPTIONAL MATCH (a:{ART})-[:{RelType.REPORTS}]->(e) "
    "WITH place, e, count(a) AS n_reports "
    "WITH place, count(e) AS events, collect(n_reports) AS reports_each, collect(DISTINCT e.kind) AS kinds, "
    "min(e.date) AS first, max(e.date) AS last, collect(e.killed) AS killed_each, collect(e.injured) AS injured_each "
    "WITH place, events, reduce(n = 0, k IN reports_each | n + k) AS reports, kinds, first, last, "
    "reduce(n = 0, k IN killed_each | n + k) AS killed, reduce(n = 0, k IN injured_each | n + k) AS injured "
    "UNWIND CASE WHEN size(kinds) = 0 THEN [null] ELSE kinds END AS kind "
    "WITH place, events, reports, first, last, killed, injured, kind ORDER BY kind "
    "WITH place, events, reports, first, last, killed, injured, collect(kind) AS kinds "
    f"CREATE (x:{T} {{id: '{FAMILY}:' + place, family: '{FAMILY}'}}) "
    "SET x.place = place, x.events = events, x.reports = reports, x.kinds = kinds, x.first = coalesce(first, ''), "
    "x.last = coalesce(last, ''), x.killed = killed, x.injured = injured"
)
UPDATE = (f"UNWIND $places AS pid MATCH (l:{LOC} {{id: pid}})<-[:{RelType.IN}]-(e:{EV}) WITH l.id AS place, e "
          + _TAIL)
REBUILD = f"MATCH (e:{EV})-[:{RelType.IN}]->(l:{LOC}) WITH l.id AS place, e " + _TAIL


def _keys(touched: Touched):
    places = sorted({r.location for r in touched.of(RelType.REPORTS.value) if r.location})
    return {"places": places, "ids": [f"{FAMILY}:{p}" for p in places]} if places else None


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="place", families=(FAMILY,), reads=(RelType.REPORTS.value,), keys=_keys, recompute=(DELETE_IDS, UPDATE),
    build=(REBUILD,), what="a place: its events, reports, kinds, dates, killed, injured"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
