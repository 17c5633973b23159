"""Projections of the store into NetworkX graphs: the bridge between Cypher and every metric, page and plot.

Why one read per projection: a page or a metrics table then costs one round trip however big the graph, and the
metrics stay pure functions of a NetworkX graph that tests build by hand. Statement edges are one per sentence in
the store; here they are folded into one weighted edge per pair, keeping a few example sentences and article
titles as evidence. Negated ("did not accuse") and hypothetical ("would blame") statements are left out: they are
not claims anyone made.

At ``level="state"`` every actor is replaced by its top-level actor (``rollup``): a ministry, an army and a
spokesman all count for their state. Statements inside one state (self-loops after the roll-up) are dropped.

These are whole-network projections, for the metrics and notebooks; on a large store they take minutes. Pages
show only their top N nodes and read `graph.project_top` instead, which folds in the database.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import networkx as nx

from graph import relations
from graph.errors import InputError
from graph.model import Label, RelType
from graph.networkx_graph import to_networkx
from graph.store import Store

Level = Literal["entity", "state"]
LEVELS = ("entity", "state")
#: Network name (CLI argument) -> statement types it is made of: one per statement type of the relation table,
#: and "statements" for all of them together (the actor page's network).
NETWORKS: dict[str, tuple[RelType, ...]] = {
    **{relations.get(t).network: (RelType(t),) for t in relations.statement_types()},
    "statements": tuple(RelType(t) for t in relations.statement_types()),
}
#: The network of CITES (article -> cited actor, folded into publication -> cited actor), by its table name.
CITATIONS: str = relations.get(RelType.CITES).network or "citations"
#: Every projection a CLI user names: the statement networks and the citation network, in table order.
GRAPHS = tuple(relations.networks())
#: Evidence kept on each folded edge (the tooltip shows these).
MAX_SENTENCES = 3
MAX_TITLES = 5
#: Node kind given to publications in the citation network.
PUBLICATION_KIND = "publication"

ACT, ART, PUB = Label.ACTOR, Label.ARTICLE, Label.PUBLICATION
_REAL = "coalesce(r.negated, false) = false AND coalesce(r.hypothetical, false) = false"


def _statements_cypher(rels: Iterable[RelType]) -> str:
    types = "|".join(r.value for r in rels)
    return (
        f"MATCH (s:{ACT})-[r:{types}]->(t:{ACT}) WHERE {_REAL} "
        f"OPTIONAL MATCH (a:{ART} {{id: r.article}}) "
        f"OPTIONAL MATCH (sr:{ACT} {{id: s.rollup}}) "
        f"OPTIONAL MATCH (tr:{ACT} {{id: t.rollup}}) "
        "RETURN type(r) AS type, r.id AS sid, r.sentence AS sentence, r.date AS date, r.article AS article, "
        "r.hedged AS hedged, a.title AS title, "
        "s.id AS source, s.name AS source_name, s.kind AS source_kind, "
        "coalesce(sr.id, s.id) AS source_rollup, coalesce(s.rollup_name, sr.name, s.name) AS source_rollup_name, "
        "coalesce(sr.kind, s.kind) AS source_rollup_kind, "
        "t.id AS target, t.name AS target_name, t.kind AS target_kind, "
        "coalesce(tr.id, t.id) AS target_rollup, coalesce(t.rollup_name, tr.name, t.name) AS target_rollup_name, "
        "coalesce(tr.kind, t.kind) AS target_rollup_kind "
        "ORDER BY sid"
    )


#: Network name -> the one read that projects it.
STATEMENTS_CYPHER: dict[str, str] = {name: _statements_cypher(rels) for name, rels in NETWORKS.items()}
CITATIONS_CYPHER = (
    f"MATCH (a:{ART})-[r:{RelType.CITES}]->(t:{ACT}) WHERE {_REAL} "
    f"OPTIONAL MATCH (p:{PUB})-[:{RelType.PUBLISHED}]->(a) "
    f"OPTIONAL MATCH (tr:{ACT} {{id: t.rollup}}) "
    "RETURN r.id AS sid, r.sentence AS sentence, r.date AS date, a.id AS article, a.title AS title, "
    "r.hedged AS hedged, coalesce(p.id, a.publication) AS publication, p.name AS publication_name, "
    "t.id AS target, t.name AS target_name, t.kind AS target_kind, "
    "coalesce(tr.id, t.id) AS target_rollup, coalesce(t.rollup_name, tr.name, t.name) AS target_rollup_name, "
    "coalesce(tr.kind, t.kind) AS target_rollup_kind "
    "ORDER BY sid"
)

#: Every statement this module runs, for the Cypher linter.
CYPHER_STATEMENTS: tuple[str, ...] = (*STATEMENTS_CYPHER.values(), CITATIONS_CYPHER)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise InputError(f"Unknown level {level!r}: use 'entity' or 'state'.")


def _end(row: Mapping[str, Any], side: str, level: str) -> tuple[str, dict[str, Any]]:
    """The node id and attributes of one end of a statement at the requested level."""
    if level == "state":
        node = row[f"{side}_rollup"] or row[side]
        name = row[f"{side}_rollup_name"] or row[f"{side}_name"] or node
        kind = row[f"{side}_rollup_kind"] or row[f"{side}_kind"] or "other"
    else:
        node = row[side]
        name = row[f"{side}_name"] or node
        kind = row[f"{side}_kind"] or "other"
    return node, {"name": name, "kind": kind}


def _add_node(g: nx.DiGraph, node: str, attrs: dict[str, Any], member: str | None = None) -> None:
    if node not in g:
        g.add_node(node, **attrs, members=[])
    if member and member not in g.nodes[node]["members"]:
        g.nodes[node]["members"].append(member)


def _fold(g: nx.DiGraph, u: str, v: str, row: Mapping[str, Any]) -> None:
    """Add one statement to the folded edge u -> v: count it and keep a little evidence."""
    if not g.has_edge(u, v):
        g.add_edge(u, v, weight=0, sentences=[], titles=[], articles=[], dates=[], types={}, hedged=0)
    e = g.edges[u, v]
    e["weight"] += 1
    kind = row.get("type")
    if kind:
        e["types"][kind] = e["types"].get(kind, 0) + 1
    if row.get("hedged"):
        e["hedged"] += 1
    sentence = row.get("sentence")
    if sentence and sentence not in e["sentences"] and len(e["sentences"]) < MAX_SENTENCES:
        e["sentences"].append(sentence)
    title = row.get("title")
    if title and title not in e["titles"] and len(e["titles"]) < MAX_TITLES:
        e["titles"].append(title)
    article = row.get("article")
    if article and article not in e["articles"]:
        e["articles"].append(article)
    if row.get("date"):
        e["dates"].append(row["date"])


def statements_from_rows(rows: Iterable[Mapping[str, Any]], level: Level = "entity", name: str = "") -> nx.DiGraph:
    """Fold statement rows (as returned by `STATEMENTS_CYPHER`) into a weighted actor graph."""
    _check_level(level)
    g = nx.DiGraph(network=name, level=level)
    for row in rows:
        u, ua = _end(row, "source", level)
        v, va = _end(row, "target", level)
        _add_node(g, u, ua, row["source_name"] if level == "state" else None)
        _add_node(g, v, va, row["target_name"] if level == "state" else None)
        if u == v and level == "state":
            continue  # a state's organs arguing with each other: internal, not between actors at this level
        _fold(g, u, v, row)
    for _, _, e in g.edges(data=True):
        e["dates"].sort()
    return g


def statement_network(store: Store, network: str = "accusations", level: Level = "entity") -> nx.DiGraph:
    """The accusation, denial or strike network (or all three: ``"statements"``) as a weighted DiGraph.

    Nodes are actor ids with ``name``, ``kind`` and ``members`` (the entities rolled into a state); edges carry
    ``weight`` (statement count), ``sentences``, ``titles``, ``articles``, ``dates``, ``types`` and ``hedged``.
    """
    if network not in STATEMENTS_CYPHER:
        raise InputError(f"Unknown network {network!r}: use one of {', '.join(NETWORKS)}.")
    _check_level(level)
    return statements_from_rows(store.read(STATEMENTS_CYPHER[network]).records(), level, network)


def accusation_network(store: Store, level: Level = "entity") -> nx.DiGraph:
    return statement_network(store, "accusations", level)


def denial_network(store: Store, level: Level = "entity") -> nx.DiGraph:
    return statement_network(store, "denials", level)


def strike_network(store: Store, level: Level = "entity") -> nx.DiGraph:
    return statement_network(store, "strikes", level)


def citations_from_rows(rows: Iterable[Mapping[str, Any]], level: Level = "entity") -> nx.DiGraph:
    """Fold CITES rows into Publication -> cited Actor edges weighted by the number of attributions."""
    _check_level(level)
    g = nx.DiGraph(network=CITATIONS, level=level)
    for row in rows:
        pub = row["publication"] or "unknown"
        p = f"publication:{pub}"
        _add_node(g, p, {"name": row["publication_name"] or pub, "kind": PUBLICATION_KIND})
        v, va = _end(row, "target", level)
        _add_node(g, v, va, row["target_name"] if level == "state" else None)
        _fold(g, p, v, row)
    for _, _, e in g.edges(data=True):
        e["dates"].sort()
    return g


def citation_network(store: Store, level: Level = "entity") -> nx.DiGraph:
    """Publications -> the actors their articles cite as sources (node ids of publications: ``publication:ID``).

    Articles without a publication are grouped under ``publication:unknown``.
    """
    _check_level(level)
    return citations_from_rows(store.read(CITATIONS_CYPHER).records(), level)


def full_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and every relationship with its properties, one edge per edge: the GraphML export's graph.

    Node keys are ``"Label:id"`` so an Actor and an Article never collide; a node's ``type`` is its label and its
    ``label`` a display name (see `graph.networkx_graph`). For ad hoc analysis in notebooks.
    """
    g = to_networkx(store)
    g.graph["network"] = "full"
    return g


def project(store: Store, graph: str, level: Level = "entity") -> nx.DiGraph:
    """The named projection: ``accusations``, ``denials``, ``strikes``, ``statements`` or ``citations``."""
    if graph == CITATIONS:
        return citation_network(store, level)
    if graph in NETWORKS:
        return statement_network(store, graph, level)
    raise InputError(f"Unknown graph {graph!r}: use one of {', '.join(GRAPHS)}.")


def find_actor(g: nx.DiGraph, name: str) -> str:
    """The node whose id or name is `name` (case-insensitive); an error suggests near names otherwise."""
    wanted = name.strip().casefold()
    for node, data in g.nodes(data=True):
        if str(node).casefold() == wanted or str(data.get("name", "")).casefold() == wanted:
            return node
    names = sorted({str(d.get("name", n)) for n, d in g.nodes(data=True)})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else " List actors with `narrative metrics`."
    raise InputError(f"No actor named {name!r} in the statement network.{hint}")


def actor_network(store: Store, name: str, level: Level = "entity", radius: int = 1) -> nx.DiGraph:
    """One actor's neighbourhood in the combined accusation/denial/strike network (edges keep their types)."""
    g = statement_network(store, "statements", level)
    centre = find_actor(g, name)
    ego = nx.ego_graph(g, centre, radius=radius, undirected=True).copy()
    ego.graph.update(network="actor", centre=centre)
    return ego
