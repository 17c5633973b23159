"""Weighted PageRank: blame that comes from actors who are themselves much blamed counts more.

In an accusation network a high PageRank marks the actor at the centre of the dispute (the one everyone's
accusations converge on), which plain in-degree misses when the accusers are marginal.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["pagerank"]


def pagerank(
    g: nx.DiGraph, alpha: float = 0.85, weight: str | None = "weight", max_iter: int = 200, tol: float = 1e-10
) -> dict[Hashable, float]:
    """PageRank of each node with edges weighted by statement count.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection (edge attribute ``weight``).
    alpha : float
        Damping factor (the usual 0.85).
    weight : str or None
        Edge attribute to weight by; None for unweighted.
    max_iter, tol : int, float
        Power iteration stops when the total change is below ``n * tol`` or after `max_iter` rounds.

    Returns
    -------
    dict
        Node -> score; scores sum to 1 (an empty graph gives an empty dict).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "c", {"weight": 1}), ("b", "c", {"weight": 1})])
    >>> pr = pagerank(g)
    >>> max(pr, key=pr.get)
    'c'
    >>> round(sum(pr.values()), 6)
    1.0
    >>> {k: round(v, 4) for k, v in pr.items()}  # x = 0.05 + 0.85 y / 3 and 2x + y = 1
    {'a': 0.2128, 'c': 0.5745, 'b': 0.2128}
    >>> pagerank(nx.DiGraph())
    {}
    """
    n = g.number_of_nodes()
    if n == 0:
        return {}
    # Power iteration in plain Python (networkx's own pagerank needs scipy): same semantics, dangling nodes
    # spread their score evenly, as in networkx.
    out_w = {u: float(sum(w for *_, w in g.out_edges(u, data=weight or "_", default=1))) for u in g}
    x = dict.fromkeys(g, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(x[u] for u in g if out_w[u] == 0) / n
        nxt = dict.fromkeys(g, (1.0 - alpha) / n + dangling)
        for u, v, w in g.edges(data=weight or "_", default=1):
            if out_w[u]:
                nxt[v] += alpha * x[u] * w / out_w[u]
        if sum(abs(nxt[u] - x[u]) for u in g) < n * tol:
            return nxt
        x = nxt
    return x
