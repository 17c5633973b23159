"""Betweenness: actors that sit on the paths between others (brokers, go-betweens of a dispute).

Strong ties are short: a pair linked by many statements is treated as close (distance = 1 / weight), so a broker
on heavily used paths ranks above one on occasional ones.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["betweenness"]


def betweenness(g: nx.DiGraph, weighted: bool = True, normalized: bool = True) -> dict[Hashable, float]:
    """Shortest-path betweenness centrality of each node.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (edge attribute ``weight`` = statement count).
    weighted : bool
        Use distance ``1 / weight`` (many statements = close); False counts hops.
    normalized : bool
        Divide by the number of ordered pairs of other nodes, ``(n - 1)(n - 2)`` for a directed graph.

    Returns
    -------
    dict
        Node -> betweenness in [0, 1] when normalized.

    Examples
    --------
    A chain a -> b -> c: only b is between (one pair of three possible).

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(g)
    {'a': 0.0, 'b': 0.5, 'c': 0.0}
    """
    if g.number_of_nodes() == 0:
        return {}
    h = g.copy()
    for _, _, d in h.edges(data=True):
        d["_distance"] = 1.0 / float(d.get("weight", 1) or 1)
    return dict(nx.betweenness_centrality(h, weight="_distance" if weighted else None, normalized=normalized))
