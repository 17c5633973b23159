"""Camps: groups of actors that line up together, found from whom they address, not from what they are.

Allies accuse the same targets and are accused by the same rivals; publications of one camp cite the same
sources. So two nodes are similar when their out-profiles (whom they accuse / cite, weighted) and their
in-profiles (who accuses / cites them) point the same way, measured by cosine similarity. Statements between the
two count against them: hostility = share of their statements addressed to each other, and the alignment is
``cos(out) + cos(in) - 2 * hostility`` (a pair that only talks about each other is as far apart as a pair can
be, while a single spat inside a bloc does not split it). Communities of the graph of positive alignments
(greedy modularity, deterministic) are the camps.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import networkx as nx

__all__ = ["similarity_graph", "camps"]


def _cosine(a: Mapping[Hashable, float], b: Mapping[Hashable, float]) -> float:
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    dot = sum(a[k] * b[k] for k in shared)
    return dot / (math.sqrt(sum(x * x for x in a.values())) * math.sqrt(sum(x * x for x in b.values())))


def similarity_graph(g: nx.DiGraph) -> nx.Graph:
    """Undirected graph of alignment: edge weight = cos(out) + cos(in) - 2 * hostility, kept when positive.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (edge attribute ``weight`` = statement count, missing means 1).

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
    s = nx.Graph()
    s.add_nodes_from(g)
    order = {n: i for i, n in enumerate(g)}
    for n in g:
        # candidates: co-accusers (share a target) and co-targets (share an accuser)
        cands = {u for t in outs[n] for u in ins[t]} | {v for a in ins[n] for v in outs[a]}
        for m in cands:
            if order[m] <= order[n]:
                continue
            direct = outs[n].get(m, 0.0) + outs[m].get(n, 0.0)
            hostility = direct / (sum(outs[n].values()) + sum(outs[m].values())) if direct else 0.0
            w = _cosine(outs[n], outs[m]) + _cosine(ins[n], ins[m]) - 2 * hostility
            if w > 0:
                s.add_edge(n, m, weight=round(w, 12))
    return s


def camps(g: nx.DiGraph, resolution: float = 1.0) -> dict[Hashable, int]:
    """Camp number of every node: communities of `similarity_graph` by greedy modularity.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (accusations, citations, ...).
    resolution : float
        Modularity resolution: above 1 gives more, smaller camps.

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
        groups = [set(c) for c in nx.community.greedy_modularity_communities(s, weight="weight",
                                                                              resolution=resolution)]
    groups.sort(key=lambda c: (-len(c), min(str(n) for n in c)))
    return {n: i for i, c in enumerate(groups) for n in sorted(c, key=str)}
