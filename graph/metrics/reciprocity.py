"""Reciprocity and mutual pairs: who accuses whom back.

A tit-for-tat exchange (both sides accusing each other) is the signature of a propaganda dispute, as opposed to
one-sided blame; the mutual pairs are the disputes to read first.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["reciprocity", "mutual_pairs"]


def reciprocity(g: nx.DiGraph) -> float:
    """Share of edges (pairs u -> v, self-loops ignored) whose reverse v -> u also exists.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection; weights are ignored (a single counter-accusation makes a pair mutual).

    Returns
    -------
    float
        In [0, 1]; 0.0 for a graph without edges.

    Examples
    --------
    >>> import networkx as nx
    >>> reciprocity(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    0.6666666666666666
    >>> reciprocity(nx.DiGraph())
    0.0
    """
    edges = [(u, v) for u, v in g.edges if u != v]
    if not edges:
        return 0.0
    return sum(1 for u, v in edges if g.has_edge(v, u)) / len(edges)


def mutual_pairs(g: nx.DiGraph) -> list[tuple[Hashable, Hashable, float, float]]:
    """Pairs that address each other, heaviest exchange first.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (edge attribute ``weight``, missing means 1).

    Returns
    -------
    list of tuple
        ``(u, v, weight u->v, weight v->u)`` once per pair, with u the side that says more (ties: smaller id),
        sorted by total weight descending, then by ids.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 1}), ("b", "a", {"weight": 4}), ("a", "c", {"weight": 2})])
    >>> mutual_pairs(g)
    [('b', 'a', 4.0, 1.0)]
    """
    out = []
    for u, v, w in g.edges(data="weight", default=1):
        if u == v or not g.has_edge(v, u):
            continue
        back = g.edges[v, u].get("weight", 1)
        if w > back or (w == back and str(u) < str(v)):
            out.append((u, v, float(w), float(back)))
    return sorted(out, key=lambda t: (-(t[2] + t[3]), str(t[0]), str(t[1])))
