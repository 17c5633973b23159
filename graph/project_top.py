"""Bounded projections for pages: the N strongest nodes of a network and the edges among them, folded in Cypher.

Why not `graph.project.project` and a cut: a page shows 50 nodes, but the full projection reads one row per
statement (a million on a large store) and folds them in Python, which takes minutes. Here the database does the
folding: one read ranks every node by statement weight (made + received, ties by id: the same rule as
`graph.viz.top_nodes`) returning counts only, a second reads the edges among the top N already aggregated per
pair (weight, hedged count, first and last date, type counts, the first few distinct sentences and articles in
the store's order), and small reads name the nodes and title the example articles. What comes back is bounded by
the N nodes shown, whatever the size of the store.

What differs from the full projection, by design: nodes keep ``made`` and ``received`` (their totals over the
whole network, which the page's tooltips and cut use), edges keep only the first and last date in ``dates`` and
only the example articles in ``articles``, the graph keeps ``total_nodes`` (how many nodes the whole network
has), example sentences are the first in the store's order rather than by statement id, and state members are
ordered by statement count. Metrics computed on the result (PageRank, camps) are
those of the N-node subgraph, not of the whole network. Negated and hypothetical statements stay out, and at
``level="state"`` statements inside one state are dropped, as in `graph.project`.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.model import Label, RelType
from graph.project import (
    CITATIONS,
    GRAPHS,
    LEVELS,
    MAX_SENTENCES,
    MAX_TITLES,
    NETWORKS,
    PUBLICATION_KIND,
    Level,
    _check_level,
)
from graph.store import Store

ACT, ART, PUB = Label.ACTOR, Label.ARTICLE, Label.PUBLICATION
_REAL = "coalesce(r.negated, false) = false AND coalesce(r.hypothetical, false) = false"
#: Networks a page can show: the statement networks plus citations (Publication -> cited Actor).
PAGE_NETWORKS = (*NETWORKS, CITATIONS)
#: The actor page's network: every statement type, edges keep their type counts.
ACTOR_NETWORK = "statements"


def _key(x: str, level: str) -> str:
    """The node id of actor `x` at `level`: its rollup actor at state level, unless that actor is missing.

    `$orphans` lists the actors whose rollup names no stored actor: they stand for themselves, as in
    `graph.project` (which looks the rollup actor up per statement; here that is one small read per page).
    """
    if level == "state":
        return f"CASE WHEN {x}.id IN $orphans THEN {x}.id ELSE coalesce({x}.rollup, {x}.id) END"
    return f"{x}.id"


def _pattern(network: str) -> str:
    if network == CITATIONS:
        return f"(a:{ART})-[r:{RelType.CITES}]->(t:{ACT})"
    types = "|".join(rel.value for rel in NETWORKS[network])
    return f"(s:{ACT})-[r:{types}]->(t:{ACT})"


def _source_key(network: str, level: str) -> str:
    if network == CITATIONS:
        return "'publication:' + coalesce(a.publication, 'unknown')"
    return _key("s", level)


def _within(network: str, level: str) -> str:
    """Both ends among the page's nodes (`$ids`; publications by their own id in `$pubs`)."""
    if network == CITATIONS:
        return f"coalesce(a.publication, 'unknown') IN $pubs AND {_key('t', level)} IN $ids AND "
    return f"{_key('s', level)} IN $ids AND {_key('t', level)} IN $ids AND "


def rank_cypher(network: str, level: str) -> str:
    """Every node's statements made and in all, strongest first (ties by id); the top `$top` come back.

    At state level a statement inside one state counts for neither end (it is no edge), but its state is still a
    node of the network, with weight 0, as in `graph.project`.
    """
    if level == "state" and network != CITATIONS:
        count = ("WITH a, b, CASE WHEN a = b THEN 0 ELSE 1 END AS c UNWIND [[a, c, c], [b, 0, c]] AS pair "
                 "WITH pair[0] AS node, sum(pair[1]) AS made, sum(pair[2]) AS weight ")
    else:
        count = "UNWIND [[a, 1], [b, 0]] AS pair WITH pair[0] AS node, sum(pair[1]) AS made, count(*) AS weight "
    return (
        f"MATCH {_pattern(network)} WHERE {_REAL} "
        f"WITH {_source_key(network, level)} AS a, {_key('t', level)} AS b "
        f"{count}"
        "WITH node, made, weight ORDER BY weight DESC, node "
        "WITH collect([node, made, weight]) AS ranked "
        "RETURN size(ranked) AS total, ranked[0..$top] AS top"
    )


def edges_cypher(network: str, level: str, within: bool = True) -> str:
    """The statements among the given nodes folded per pair, with their first distinct sentences and articles.

    "First" in the store's own order: sorting every statement of the page by id first would double the read's
    time for examples that are no more telling.
    """
    if network == CITATIONS:
        types, articles = "", f"collect(DISTINCT a.id)[0..$max_titles] AS articles, " \
                              f"collect(DISTINCT a.title)[0..$max_titles] AS titles"
        carry = "r, a"
    else:
        types = "".join(f"count(CASE WHEN type(r) = '{rel.value}' THEN 1 END) AS n_{rel.value}, "
                        for rel in NETWORKS[network])
        articles = "collect(DISTINCT r.article)[0..$max_titles] AS articles, [] AS titles"
        carry = "r"
    inside = f"WITH u, v, {carry} WHERE u <> v " if level == "state" and network != CITATIONS else ""
    return (
        f"MATCH {_pattern(network)} WHERE {_within(network, level) if within else ''}{_REAL} "
        f"WITH {_source_key(network, level)} AS u, {_key('t', level)} AS v, {carry} "
        f"{inside}"
        f"WITH u, v, count(r) AS weight, count(CASE WHEN r.hedged THEN 1 END) AS hedged, "
        f"min(r.date) AS first, max(r.date) AS last, {types}"
        f"collect(DISTINCT r.sentence)[0..$max_sentences] AS sentences, {articles} "
        "RETURN u, v, weight, hedged, first, last, sentences, articles, titles"
        + "".join(f", n_{rel.value}" for rel in NETWORKS.get(network, ()))
        + " ORDER BY u, v"
    )


def members_cypher(network: str) -> str:
    """The actors standing for the given state nodes, with their statement counts in the network (`members`)."""
    level = "state"
    # every statement counts here, negated ones too: filtering on them triples the read's time on a large store
    # to drop, at most, an entity whose only statements are denied ones from the list of names
    if network == CITATIONS:
        link = f"OPTIONAL MATCH (m)<-[r:{RelType.CITES}]-(:{ART}) "
    else:
        types = "|".join(rel.value for rel in NETWORKS[network])
        link = f"OPTIONAL MATCH (m)-[r:{types}]-(:{ACT}) "
    return (
        f"MATCH (m:{ACT}) WHERE {_key('m', level)} IN $ids {link}"
        f"WITH m, count(r) AS statements "
        f"RETURN {_key('m', level)} AS node, m.id AS id, m.name AS name, m.kind AS kind, "
        "m.rollup_name AS rollup_name, statements"
    )


ORPHANS_CYPHER = (
    f"MATCH (s:{ACT}) WHERE s.rollup IS NOT NULL AND s.rollup <> s.id "
    f"OPTIONAL MATCH (sr:{ACT} {{id: s.rollup}}) WITH s, sr WHERE sr IS NULL RETURN s.id AS id"
)
ACTORS_CYPHER = f"MATCH (x:{ACT}) WHERE x.id IN $ids RETURN x.id AS id, x.name AS name, x.kind AS kind"
PUBLICATIONS_CYPHER = f"MATCH (p:{PUB}) WHERE p.id IN $ids RETURN p.id AS id, p.name AS name"
TITLES_CYPHER = f"MATCH (a:{ART}) WHERE a.id IN $ids RETURN a.id AS id, a.title AS title"
#: Actor page: the centre by id or name (lower case), at each level.
CENTRE_CYPHER = {
    "entity": f"MATCH (x:{ACT}) WHERE toLower(x.id) = $name OR toLower(x.name) = $name RETURN x.id AS node",
    "state": (
        f"MATCH (x:{ACT}) WITH x, {_key('x', 'state')} AS node "
        "WHERE toLower(node) = $name OR toLower(x.rollup_name) = $name "
        "OR (node = x.id AND toLower(x.name) = $name) RETURN DISTINCT node"
    ),
}
#: Actor page: the actor's neighbours, most statements exchanged with it first (ties by id), the top `$top`.
NEIGHBOURS_CYPHER = {
    level: (
        f"MATCH (c:{ACT})-[r:{'|'.join(rel.value for rel in NETWORKS[ACTOR_NETWORK])}]-(o:{ACT}) "
        f"WHERE {_key('c', level)} = $centre AND {_REAL} "
        f"WITH {_key('o', level)} AS node, count(r) AS exchanged "
        "WITH node, exchanged ORDER BY exchanged DESC, node "
        "WITH collect(node) AS ranked "
        "RETURN size(ranked) AS total, size([n IN ranked WHERE n = $centre]) AS itself, ranked[0..$top] AS top"
    )
    for level in LEVELS
}
NAMES_CYPHER = {
    "entity": f"MATCH (x:{ACT}) RETURN DISTINCT x.name AS name",
    "state": f"MATCH (x:{ACT}) RETURN DISTINCT coalesce(x.rollup_name, x.name) AS name",
}

#: Every statement this module runs, for the Cypher linter.
CYPHER_STATEMENTS: tuple[str, ...] = tuple(dict.fromkeys((
    *(rank_cypher(n, lv) for n in PAGE_NETWORKS for lv in LEVELS),
    *(edges_cypher(n, lv, w) for n in PAGE_NETWORKS for lv in LEVELS for w in (False, True)),
    *(members_cypher(n) for n in PAGE_NETWORKS),
    ORPHANS_CYPHER, ACTORS_CYPHER, PUBLICATIONS_CYPHER, TITLES_CYPHER,
    *CENTRE_CYPHER.values(), *NEIGHBOURS_CYPHER.values(), *NAMES_CYPHER.values(),
)))


class _Reader:
    """One page's reads: the level's parameters (`$orphans`) added to every statement that needs them."""

    def __init__(self, store: Store, level: str) -> None:
        self.store, self.level = store, level
        self.orphans: list[str] = (
            [row[0] for row in store.read(ORPHANS_CYPHER).rows] if level == "state" else []
        )

    def read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        if "$orphans" in cypher:
            params["orphans"] = self.orphans
        return self.store.read(cypher, params).records()


def _split(nodes: Iterable[str], network: str) -> tuple[list[str], list[str]]:
    """(actor ids, publication ids) of page nodes; publications are ``publication:ID``."""
    actors, pubs = [], []
    for n in nodes:
        if network == CITATIONS and n.startswith("publication:"):
            pubs.append(n[len("publication:"):])
        else:
            actors.append(n)
    return actors, pubs


def _node_attrs(rd: _Reader, network: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Name, kind and members of page nodes."""
    actors, pubs = _split(ids, network)
    attrs: dict[str, dict[str, Any]] = {}
    if pubs:
        names = {r["id"]: r["name"] for r in rd.read(PUBLICATIONS_CYPHER, ids=pubs)}
        for p in pubs:
            attrs[f"publication:{p}"] = {"name": names.get(p) or p, "kind": PUBLICATION_KIND, "members": []}
    if not actors:
        return attrs
    own = {r["id"]: r for r in rd.read(ACTORS_CYPHER, ids=actors)}
    if rd.level == "entity":
        for n in actors:
            me = own.get(n, {})
            attrs[n] = {"name": me.get("name") or n, "kind": me.get("kind") or "other", "members": []}
        return attrs
    by_node: dict[str, list[dict[str, Any]]] = {}
    for r in rd.read(members_cypher(network), ids=actors):
        if r["statements"]:
            by_node.setdefault(r["node"], []).append(r)
    for n in actors:
        active = sorted(by_node.get(n, []), key=lambda r: (-r["statements"], str(r["name"] or r["id"])))
        me = own.get(n, {})
        # as in graph.project: the members' rollup name first, then the rollup actor's own name and kind
        name = next((r["rollup_name"] for r in active if r["rollup_name"]), None) or me.get("name")
        kind = me.get("kind") or next((r["kind"] for r in active if r["kind"]), None)
        members = list(dict.fromkeys(str(r["name"] or r["id"]) for r in active))
        attrs[n] = {"name": name or n, "kind": kind or "other", "members": members}
    return attrs


def _add_edges(rd: _Reader, g: nx.DiGraph, network: str, within: bool) -> None:
    """The edges among the nodes of `g`, read already folded per pair."""
    actors, pubs = _split(g.nodes, network)
    rows = rd.read(edges_cypher(network, rd.level, within), ids=actors, pubs=pubs,
                   max_sentences=MAX_SENTENCES, max_titles=MAX_TITLES)
    titles: dict[str, str] = {}
    if network != CITATIONS:
        wanted = sorted({a for r in rows for a in r["articles"] or []})
        titles = {r["id"]: r["title"] for r in rd.read(TITLES_CYPHER, ids=wanted)} if wanted else {}
    for r in rows:
        u, v = r["u"], r["v"]
        if u not in g or v not in g:
            continue
        if network == CITATIONS:
            found = [t for t in r["titles"] or [] if t]
            types: dict[str, int] = {}
        else:
            found = [titles.get(a) for a in r["articles"] or []]
            types = {rel.value: int(r[f"n_{rel.value}"]) for rel in NETWORKS[network] if r[f"n_{rel.value}"]}
        g.add_edge(u, v, weight=int(r["weight"]), hedged=int(r["hedged"]), types=types,
                   dates=[d for d in dict.fromkeys((r["first"], r["last"])) if d],
                   sentences=[x for x in r["sentences"] or [] if x][:MAX_SENTENCES],
                   titles=list(dict.fromkeys(t for t in found if t))[:MAX_TITLES],
                   articles=list(r["articles"] or []))


def _subgraph(rd: _Reader, network: str, nodes: Sequence[Any], total: int, within: bool) -> nx.DiGraph:
    """The page graph of `nodes` (``[id, made, weight]`` or bare ids) out of `total` in the network.

    `within` False reads every edge of the network: only when every node of it is shown.
    """
    g = nx.DiGraph(network=network, level=rd.level, bounded=True, total_nodes=int(total))
    ids = [str(n[0]) if isinstance(n, (list, tuple)) else str(n) for n in nodes]
    attrs = _node_attrs(rd, network, ids)
    for n, node in zip(ids, nodes):
        counts = ({"made": int(node[1]), "received": int(node[2]) - int(node[1])}
                  if isinstance(node, (list, tuple)) else {})
        g.add_node(n, **attrs[n], **counts)
    if ids:
        _add_edges(rd, g, network, within)
    return g


def top_projection(store: Store, graph: str, level: Level = "entity", top: int = 50) -> nx.DiGraph:
    """The `top` nodes of a page's network with the most statements (0: all) and the edges among them.

    `graph` is ``accusations``, ``denials``, ``strikes``, ``statements`` or ``citations``. Nodes carry ``name``,
    ``kind``, ``members``, ``made`` and ``received`` (totals over the whole network); edges carry ``weight``,
    ``hedged``, ``types``, ``dates`` (first and last), ``sentences``, ``titles`` and ``articles`` (examples);
    ``g.graph["total_nodes"]`` counts the nodes of the whole network.
    """
    if graph not in PAGE_NETWORKS:
        raise InputError(f"Unknown graph {graph!r}: use one of {', '.join(GRAPHS)}.")
    _check_level(level)
    rd = _Reader(store, level)
    rows = rd.read(rank_cypher(graph, level), top=top if top > 0 else 2**31 - 1)
    total, ranked = (int(rows[0]["total"]), rows[0]["top"]) if rows else (0, [])
    # every node shown: read all edges without the (then useless) membership test
    return _subgraph(rd, graph, ranked, total, within=len(ranked) < total)


def _neighbours(rd: _Reader, centre: str, top: int) -> tuple[int, list[str]]:
    """(nodes of the centre's neighbourhood, itself included; its `top` - 1 first neighbours)."""
    rows = rd.read(NEIGHBOURS_CYPHER[rd.level], centre=centre, top=top if top > 0 else 2**31 - 1)
    if not rows or not rows[0]["total"]:
        return 0, []
    # the centre is among its own neighbours when it has statements about itself: counted once
    total = int(rows[0]["total"]) + (0 if rows[0]["itself"] else 1)
    shown = [n for n in rows[0]["top"] if n != centre]
    return total, shown[: max(top - 1, 0)] if top > 0 else shown


def _resolve(rd: _Reader, name: str, top: int) -> tuple[str, int, list[str]]:
    """The centre node named `name` (an id match first) and its neighbours, or an error naming near names."""
    wanted = name.strip().lower()
    found = [r["node"] for r in rd.read(CENTRE_CYPHER[rd.level], name=wanted)]
    for node in sorted(found, key=lambda n: (str(n).lower() != wanted, str(n))):
        # a node with no statement is not in the network (at state level, one about itself counts)
        total, shown = _neighbours(rd, node, top)
        if total:
            return node, total, shown
    names = sorted({str(r["name"]) for r in rd.read(NAMES_CYPHER[rd.level]) if r["name"]})
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else " List actors with `narrative metrics`."
    raise InputError(f"No actor named {name!r} in the statement network.{hint}")


def top_actor_network(store: Store, name: str, level: Level = "entity", top: int = 50) -> nx.DiGraph:
    """One actor, the `top` - 1 actors it exchanged most statements with (0: all), and the statements among them.

    The radius-1 neighbourhood of `graph.project.actor_network`, cut the way an analyst reads it: neighbours by
    the number of accusations, denials and strikes between them and the actor, ties by id. Nodes carry no
    ``made``/``received`` (their degrees on the page are what the tooltips show). The actor is found by id or
    name, case-insensitively; an unknown name raises `InputError` with near names.
    """
    _check_level(level)
    rd = _Reader(store, level)
    centre, total, neighbours = _resolve(rd, name, top)
    g = _subgraph(rd, ACTOR_NETWORK, [centre, *neighbours], total, within=True)
    g.graph.update(network="actor", centre=centre)
    return g
