"""Camps: groups of actors that line up together, found from whom they address, not from what they are.

Allies accuse the same targets and are accused by the same rivals; publications of one camp cite the same
sources. So two nodes are similar when their out-profiles (whom they accuse / cite, weighted) and their
in-profiles (who accuses / cites them) point the same way, measured by cosine similarity. Statements between the
two count against them: hostility = share of their statements addressed to each other, and the alignment is
``cos(out) + cos(in) - 2 * hostility`` (a pair that only talks about each other is as far apart as a pair can
be, while a single spat inside a bloc does not split it). Louvain communities of the graph of positive
alignments (each node keeping its strongest few, seeded so runs repeat) are the camps.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Mapping

import networkx as nx

__all__ = ["similarity_graph", "camps"]


def _cosine(a: Mapping[Hashable, float], b: Mapping[Hashable, float], na: float, nb: float) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(x * b[k] for k, x in a.items() if k in b)
    return dot / (na * nb) if dot else 0.0


#: Each node keeps only its strongest alignments: a sparse k-nearest-neighbour graph finds the same blocs as the
#: dense one (which grows quadratically around much-accused hubs) and keeps community detection fast.
NEIGHBOURS = 15


def similarity_graph(g: nx.DiGraph, neighbours: int | None = NEIGHBOURS) -> nx.Graph:
    """Undirected graph of alignment: edge weight = cos(out) + cos(in) - 2 * hostility, kept when positive.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (edge attribute ``weight`` = statement count, missing means 1).
    neighbours : int or None
        Keep an edge only if it is among the `neighbours` strongest of one of its ends (None keeps all).

    Returns
    -------
    networkx.Graph
        Every node of `g`; an edge (weight in (0, 2]) for each pair with a shared target or a shared accuser
        whose alignment is positive.

    Examples
    --------
    a and b both accuse c; c accuses d:

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d")])
    >>> s = similarity_graph(g)
    >>> list(s.edges(data="weight"))
    [('a', 'b', 1.0)]
    """
    outs = {n: {v: float(w) for _, v, w in g.out_edges(n, data="weight", default=1) if v != n} for n in g}
    ins = {n: {u: float(w) for u, _, w in g.in_edges(n, data="weight", default=1) if u != n} for n in g}
    norm_out = {n: math.sqrt(sum(x * x for x in p.values())) for n, p in outs.items()}
    norm_in = {n: math.sqrt(sum(x * x for x in p.values())) for n, p in ins.items()}
    made = {n: sum(p.values()) for n, p in outs.items()}
    order = {n: i for i, n in enumerate(g)}
    s = nx.Graph()
    s.add_nodes_from(g)
    for n in g:
        # candidates: co-accusers (share a target) and co-targets (share an accuser)
        cands = {u for t in outs[n] for u in ins[t]} | {v for a in ins[n] for v in outs[a]}
        cands.discard(n)
        scored = []
        for m in cands:
            direct = outs[n].get(m, 0.0) + outs[m].get(n, 0.0)
            hostility = direct / (made[n] + made[m]) if direct else 0.0
            w = (_cosine(outs[n], outs[m], norm_out[n], norm_out[m]) + _cosine(ins[n], ins[m], norm_in[n], norm_in[m])
                 - 2 * hostility)
            if w > 0:
                scored.append((-w, order[m], m))
        if neighbours is not None:
            scored = heapq.nsmallest(neighbours, scored)
        for neg_w, _, m in scored:  # symmetric weight: an edge kept by either end is the same edge
            s.add_edge(n, m, weight=round(-neg_w, 12))
    return s


def camps(g: nx.DiGraph, resolution: float = 1.0, seed: int = 0) -> dict[Hashable, int]:
    """Camp number of every node: Louvain communities of `similarity_graph` (seeded, so repeatable).

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (accusations, citations, ...).
    resolution : float
        Modularity resolution: above 1 gives more, smaller camps.
    seed : int
        Louvain visits nodes in random order; a fixed seed gives the same camps on every run.

    Returns
    -------
    dict
        Node -> camp number; camp 0 is the largest (ties: the camp holding the smallest node id); a node with no
        ally is a camp of its own.

    Examples
    --------
    Russia and Syria both accuse the US; the US and the UK both accuse Russia:

    >>> import networkx as nx
    >>> g = nx.DiGraph([("russia", "us"), ("syria", "us"), ("us", "russia"), ("uk", "russia"), ("us", "syria")])
    >>> c = camps(g)
    >>> c["russia"] == c["syria"], c["us"] == c["uk"], c["us"] == c["russia"]
    (True, True, False)
    """
    s = similarity_graph(g)
    if s.number_of_edges() == 0:
        groups = [{n} for n in s]
    else:
        groups = [set(c) for c in nx.community.louvain_communities(s, weight="weight", resolution=resolution,
                                                                    seed=seed)]
    groups.sort(key=lambda c: (-len(c), min(str(n) for n in c)))
    return {n: i for i, c in enumerate(groups) for n in sorted(c, key=str)}
