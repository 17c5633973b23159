"""Load `ArticleGraph` records into a store: batched `UNWIND ... MERGE` on natural keys, one atomic unit per batch.

Why this shape: MERGE on ids makes a re-run change nothing; an article's old statements are removed in the same
atomic unit that writes the new ones, so a changed article never leaves duplicates or orphans, and a crash
leaves either the old or the new version, never half of one.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph import relations, tallies
from graph.model import ArticleGraph, EventRecord, Label, RelType, stable_id
from graph.store import Params, Store

#: Reports of the same kind of event at the same place within this many days are one Event.
EVENT_WINDOW_DAYS = 3

A, P, ACT, EV, LOC = Label.ARTICLE, Label.PUBLICATION, Label.ACTOR, Label.EVENT, Label.LOCATION

#: The statement types, in table order: each has its own MERGE, delete and removal read.
STATEMENT_TYPES = tuple(RelType(t) for t in relations.statement_types())
#: What an article's rewrite deletes from it: every type starting at an Article (its CITES, MENTIONS, dateline IN),
#: but its REPORTS, which take their events along when no other article reports them.
_ARTICLE_EDGES = "|".join(t for t in relations.starting_at(A) if t != RelType.REPORTS)
DELETE_ARTICLE_EDGES = f"UNWIND $ids AS id MATCH (a:{A} {{id: id}})-[r:{_ARTICLE_EDGES}]->() DELETE r"
DELETE_ARTICLE_REPORTS = (
    f"UNWIND $ids AS id MATCH (a:{A} {{id: id}})-[r:{RelType.REPORTS}]->(e:{EV}) DELETE r "
    f"WITH DISTINCT e WHERE NOT (e)<-[:{RelType.REPORTS}]-() DETACH DELETE e"
)
DELETE_STATEMENTS = {
    rel: f"UNWIND $ids AS id MATCH ()-[r:{rel} {{article: id}}]->() DELETE r"
    for rel in STATEMENT_TYPES
}
# Endpoints are looked up in separate MATCH clauses: a comma-joined MATCH is a cartesian product to Neo4j's
# planner (and a linter warning), though each side is one node found by its unique key.
MERGE_PUBLICATIONS = f"UNWIND $rows AS p MERGE (n:{P} {{id: p.id}}) SET n.name = p.name, n.domain = p.domain"
MERGE_ARTICLES = (
    f"UNWIND $rows AS r MERGE (a:{A} {{id: r.id}}) "
    "SET a.title = r.title, a.source = r.source, a.url = r.url, a.date = r.date, a.byline = r.byline, "
    "a.words = r.words, a.publication = r.publication"
)
LINK_PUBLISHED = (
    f"UNWIND $rows AS r MATCH (p:{P} {{id: r.publication}}) MATCH (a:{A} {{id: r.id}}) "
    f"MERGE (p)-[:{RelType.PUBLISHED}]->(a)"
)
MERGE_KNOWN_ACTORS = f"UNWIND $rows AS r MERGE (n:{ACT} {{id: r.id}}) SET n += r.props"
MERGE_FOUND_ACTORS = (
    f"UNWIND $rows AS r MERGE (n:{ACT} {{id: r.id}}) ON CREATE SET n += r.props "
    "ON MATCH SET n.confidence = CASE WHEN n.confidence < r.props.confidence "
    "THEN r.props.confidence ELSE n.confidence END"
)
LINK_ACTOR_PARENTS = (
    f"UNWIND $rows AS r MATCH (c:{ACT} {{id: r.child}}) MATCH (p:{ACT} {{id: r.parent}}) "
    f"MERGE (c)-[:{RelType.PART_OF}]->(p)"
)
MERGE_MENTIONS = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (x:{ACT} {{id: r.actor}}) "
    f"MERGE (a)-[m:{RelType.MENTIONS}]->(x) SET m.count = r.count"
)
MERGE_LOCATIONS = f"UNWIND $rows AS r MERGE (l:{LOC} {{id: r.id}}) SET l.name = r.name, l.country = r.country"
LINK_LOCATION_COUNTRY = (
    f"UNWIND $rows AS r MATCH (l:{LOC} {{id: r.id}}) MATCH (c:{LOC} {{id: r.country}}) "
    f"MERGE (l)-[:{RelType.PART_OF}]->(c)"
)
FIND_EVENT = (
    f"MATCH (e:{EV} {{kind: $kind}}) WHERE e.location = $location AND e.date >= $lo AND e.date <= $hi "
    "RETURN e.id AS id ORDER BY e.date LIMIT 1"
)
MERGE_EVENTS = (
    f"UNWIND $rows AS r MERGE (e:{EV} {{id: r.id}}) "
    "ON CREATE SET e.kind = r.kind, e.date = r.date, e.location = r.location "
    "SET e.killed = CASE WHEN r.killed IS NULL OR (e.killed IS NOT NULL AND e.killed >= r.killed) "
    "THEN e.killed ELSE r.killed END, "
    "e.injured = CASE WHEN r.injured IS NULL OR (e.injured IS NOT NULL AND e.injured >= r.injured) "
    "THEN e.injured ELSE r.injured END"
)
LINK_EVENT_LOCATION = (
    f"UNWIND $rows AS r MATCH (e:{EV} {{id: r.id}}) MATCH (l:{LOC} {{id: r.location}}) MERGE (e)-[:{RelType.IN}]->(l)"
)
LINK_REPORTS = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (e:{EV} {{id: r.event}}) "
    f"MERGE (a)-[x:{RelType.REPORTS}]->(e) SET x.sentence = r.sentence, x.killed = r.killed, "
    "x.injured = r.injured"
)
MERGE_STATEMENTS = {
    rel: (
        f"UNWIND $rows AS r MATCH (s:{ACT} {{id: r.source}}) MATCH (t:{ACT} {{id: r.target}}) "
        f"MERGE (s)-[x:{rel} {{id: r.id}}]->(t) SET x += r.props"
    )
    for rel in STATEMENT_TYPES
}
MERGE_CITES = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (t:{ACT} {{id: r.target}}) "
    f"MERGE (a)-[x:{RelType.CITES} {{id: r.id}}]->(t) SET x += r.props"
)
#: Written last: an Article with its text_hash set is complete, so re-ingests can skip it.
MARK_COMPLETE = f"UNWIND $rows AS r MATCH (a:{A} {{id: r.id}}) SET a.text_hash = r.text_hash"
KNOWN_HASHES = f"UNWIND $ids AS id MATCH (a:{A} {{id: id}}) RETURN a.id AS id, a.text_hash AS text_hash"
#: What a batch is about to remove (the statements and event reports of articles it replaces), so the tallies of
#: those keys are recomputed too. Edge lookups by `article` leave the endpoints unlabeled (an index lookup).
_OLD_FIELDS = ("r.publication AS publication, r.date AS date, r.event AS event, "
               "coalesce(r.negated, false) AS negated, coalesce(r.hypothetical, false) AS hypothetical")
OLD_STATEMENTS = {
    rel: f"UNWIND $ids AS id MATCH (s)-[r:{rel} {{article: id}}]->(t) "
         f"RETURN id AS article, s.id AS source, t.id AS target, {_OLD_FIELDS}"
    for rel in STATEMENT_TYPES
}
OLD_CITES = (
    f"UNWIND $ids AS id MATCH (:{A} {{id: id}})-[r:{RelType.CITES}]->(t) "
    f"RETURN id AS article, t.id AS target, {_OLD_FIELDS}"
)
OLD_REPORTS = (
    f"UNWIND $ids AS id MATCH (a:{A} {{id: id}})-[:{RelType.REPORTS}]->(e:{EV}) "
    "RETURN id AS article, a.publication AS publication, a.date AS date, e.id AS event, e.location AS location"
)

#: Every statement the writer runs, for the Cypher linter.
ALL_STATEMENTS: tuple[str, ...] = (
    DELETE_ARTICLE_EDGES,
    DELETE_ARTICLE_REPORTS,
    *DELETE_STATEMENTS.values(),
    MERGE_PUBLICATIONS,
    MERGE_ARTICLES,
    LINK_PUBLISHED,
    MERGE_KNOWN_ACTORS,
    MERGE_FOUND_ACTORS,
    LINK_ACTOR_PARENTS,
    MERGE_MENTIONS,
    MERGE_LOCATIONS,
    LINK_LOCATION_COUNTRY,
    FIND_EVENT,
    MERGE_EVENTS,
    LINK_EVENT_LOCATION,
    LINK_REPORTS,
    *MERGE_STATEMENTS.values(),
    MERGE_CITES,
    MARK_COMPLETE,
    KNOWN_HASHES,
    *OLD_STATEMENTS.values(),
    OLD_CITES,
    OLD_REPORTS,
)


@dataclass
class WriteStats:
    articles: int = 0
    statements: dict[str, int] = field(default_factory=dict)
    events: int = 0
    touched: tallies.Touched = field(default_factory=tallies.Touched)  # what the tallies must take in


def known_hashes(store: Store, ids: Sequence[str]) -> dict[str, str | None]:
    """text_hash of the articles already stored (None for an article written incompletely)."""
    if not ids:
        return {}
    return {r["id"]: r["text_hash"] for r in store.read(KNOWN_HASHES, {"ids": list(ids)})}


def _shift(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()


class EventResolver:
    """Maps an article's local events to shared Event ids: same kind, same place, within a few days."""

    def __init__(self, store: Store, window_days: int = EVENT_WINDOW_DAYS) -> None:
        self.store = store
        self.window = window_days
        self._batch: list[tuple[str, str | None, str | None, str]] = []  # kind, location, date, id

    def resolve(self, ev: EventRecord) -> str:
        if ev.location and ev.date:
            for kind, loc, day, eid in self._batch:
                if kind == ev.kind and loc == ev.location and day and abs(
                    (date.fromisoformat(day) - date.fromisoformat(ev.date)).days
                ) <= self.window:
                    return eid
            found = self.store.read(
                FIND_EVENT,
                {
                    "kind": ev.kind,
                    "location": ev.location,
                    "lo": _shift(ev.date, -self.window),
                    "hi": _shift(ev.date, self.window),
                },
            ).value()
            eid = found or "ev-" + stable_id(ev.kind, ev.location, ev.date)
        else:
            # Without place and date we cannot tell two reports apart: the event stays the article's own.
            eid = "ev-" + stable_id(ev.kind, ev.location, ev.date, ev.id, ev.sentence)
        self._batch.append((ev.kind, ev.location, ev.date, eid))
        return eid


def _statement_props(g: ArticleGraph, s) -> dict:
    return {
        "article": g.article.id,
        "publication": g.article.publication,
        "date": g.article.date,
        "sentence": s.sentence,
        "start": s.start,
        "end": s.end,
        "trigger": s.trigger,
        "source_text": s.source_text,
        "target_text": s.target_text,
        "quote": s.quote,
        "speaker": s.speaker,
        "hedged": s.hedged,
        "negated": s.negated,
        "hypothetical": s.hypothetical,
        "confidence": s.confidence,
        "answers": s.answers,
        "event": s.event,
    }


def removed_rows(store: Store, ids: Sequence[str]) -> list[tallies.Row]:
    """The statements and event reports the batch will delete (only articles already stored have any)."""
    stored = sorted({r["id"] for r in store.read(KNOWN_HASHES, {"ids": list(ids)}).records()})
    if not stored:
        return []
    rows = [tallies.Row(type=rel.value, sign=-1, **rec)
            for rel, q in OLD_STATEMENTS.items() for rec in store.read(q, {"ids": stored}).records()]
    rows += [tallies.Row(type=RelType.CITES.value, sign=-1, **rec)
             for rec in store.read(OLD_CITES, {"ids": stored}).records()]
    rows += [tallies.Row(type=RelType.REPORTS.value, sign=-1, **rec)
             for rec in store.read(OLD_REPORTS, {"ids": stored}).records()]
    return rows


def build_batch(store: Store, graphs: Iterable[ArticleGraph]) -> tuple[list[tuple[str, Params]], WriteStats]:
    """The statements that replace these articles in the store, in dependency order.

    An article given twice is written once, as its last version: two versions in one atomic unit would leave
    the last one's hash on the first one's statements.
    """
    graphs = list({g.article.id: g for g in graphs}.values())
    stats = WriteStats(articles=len(graphs))
    ids = [g.article.id for g in graphs]
    pubs: dict[str, dict] = {}
    arts, known, found, parents, mentions = [], {}, {}, set(), []
    locs: dict[str, dict] = {}
    events: dict[str, dict] = {}
    reports, cites = [], []
    stmts: dict[RelType, list] = {r: [] for r in MERGE_STATEMENTS}
    resolver = EventResolver(store)
    touched = tallies.Touched(removed_rows(store, ids))
    for g in graphs:
        a = g.article
        if g.publication:
            pubs[g.publication.id] = g.publication.model_dump()
        arts.append(a.model_dump())
        for act in g.actors:
            props = act.model_dump(exclude_none=True)
            (known if act.known else found)[act.id] = {"id": act.id, "props": props}
            if act.parent:
                parents.add((act.id, act.parent))
        mentions += [{"article": a.id, "actor": k, "count": v} for k, v in g.mentions.items()]
        for loc in g.locations:
            locs[loc.id] = loc.model_dump()
        local_events: dict[str, str] = {}
        for ev in g.events:
            eid = resolver.resolve(ev)
            local_events[ev.id] = eid
            events.setdefault(eid, {"id": eid, "kind": ev.kind, "date": ev.date, "location": ev.location,
                                    "killed": ev.killed, "injured": ev.injured})
            reports.append({"article": a.id, "event": eid, "sentence": ev.sentence,
                            "killed": ev.killed, "injured": ev.injured})
            touched.rows.append(tallies.Row(type=RelType.REPORTS.value, article=a.id, publication=a.publication,
                                            date=a.date, event=eid, location=ev.location))
        for s in g.statements:
            props = _statement_props(g, s)
            if s.event:
                props["event"] = local_events.get(s.event, s.event)
            row = {"id": s.id, "article": a.id, "source": s.source, "target": s.target, "props": props}
            touched.rows.append(tallies.Row(
                type=s.type.value, article=a.id, source=None if s.type == RelType.CITES else s.source,
                target=s.target, publication=a.publication, date=a.date, event=props["event"],
                negated=bool(s.negated), hypothetical=bool(s.hypothetical)))
            if s.type == RelType.CITES:
                cites.append(row)
            else:
                stmts[s.type].append(row)
            stats.statements[s.type.value] = stats.statements.get(s.type.value, 0) + 1
    stats.events = len(events)
    out: list[tuple[str, Params]] = [
        (DELETE_ARTICLE_EDGES, {"ids": ids}),
        (DELETE_ARTICLE_REPORTS, {"ids": ids}),
        *[(q, {"ids": ids}) for q in DELETE_STATEMENTS.values()],
    ]
    # Found actors first, known ones after, so the dictionary's properties win.
    steps: list[tuple[str, list]] = [
        (MERGE_PUBLICATIONS, list(pubs.values())),
        (MERGE_ARTICLES, arts),
        (LINK_PUBLISHED, [r for r in arts if r.get("publication")]),
        (MERGE_FOUND_ACTORS, [v for k, v in found.items() if k not in known]),
        (MERGE_KNOWN_ACTORS, list(known.values())),
        (LINK_ACTOR_PARENTS, [{"child": c, "parent": p} for c, p in sorted(parents)]),
        (MERGE_MENTIONS, mentions),
        (MERGE_LOCATIONS, list(locs.values())),
        (LINK_LOCATION_COUNTRY, [r for r in locs.values() if r.get("country")]),
        (MERGE_EVENTS, list(events.values())),
        (LINK_EVENT_LOCATION, [r for r in events.values() if r.get("location")]),
        (LINK_REPORTS, reports),
        *[(MERGE_STATEMENTS[rel], rows) for rel, rows in stmts.items()],
        (MERGE_CITES, cites),
        (MARK_COMPLETE, [{"id": a["id"], "text_hash": a["text_hash"]} for a in arts]),
    ]
    out += [(q, {"rows": rows}) for q, rows in steps if rows]
    stats.touched = touched
    return out, stats


def write_graphs(store: Store, graphs: Iterable[ArticleGraph], deferred: tallies.Deferred | None = None) -> WriteStats:
    """Write one batch of articles atomically, with the tallies it changes, or hand those to `deferred`."""
    if deferred is None:
        tallies.ensure_current(store)  # a graph from before tallies gets them built before its first new batch
    statements, stats = build_batch(store, graphs)
    if deferred is None:
        store.write_atomic(statements + tallies.update_statements(stats.touched))
    else:
        store.write_atomic(statements + deferred.batch_statements())
        deferred.add(stats.touched, stats.articles)
    return stats
