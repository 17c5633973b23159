"""Polarization: does blame run between camps (a polarized dispute) or inside them (infighting)?

Defined as the Krackhardt-Stern E-I index of the statement weight over a camp partition:
``(E - I) / (E + I)`` where E is the weight of statements between different camps and I of statements within one
camp (self-loops ignored). +1: every accusation crosses camp lines, two or more blocs blaming each other;
-1: all blame is internal; 0: as much of one as of the other. It is a property of a partition, so it is
meaningful with the `camps` found from the same graph (the default) or with camps an analyst defines.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx

from graph.metrics.camps import camps as find_camps

__all__ = ["polarization"]


def polarization(g: nx.DiGraph, camps: Mapping[Hashable, int] | None = None) -> float:
    """E-I index of statement weight across `camps`.

    Parameters
    ----------
    g : networkx.DiGraph
        A statement projection (edge attribute ``weight``, missing means 1).
    camps : mapping, optional
        Node -> camp; nodes missing from it are ignored. Default: ``graph.metrics.camps(g)``.

    Returns
    -------
    float
        In [-1, 1]; 0.0 for a graph without edges between nodes that have a camp.

    Examples
    --------
    Two blocs {a, b} and {c, d}: three statements across, one inside.

    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "c", {"weight": 2}), ("d", "b", {"weight": 1}), ("a", "b", {"weight": 1})])
    >>> polarization(g, {"a": 0, "b": 0, "c": 1, "d": 1})
    0.5
    """
    part = find_camps(g) if camps is None else camps
    external = internal = 0.0
    for u, v, w in g.edges(data="weight", default=1):
        if u == v or u not in part or v not in part:
            continue
        if part[u] == part[v]:
            internal += w
        else:
            external += w
    total = external + internal
    return 0.0 if total == 0 else (external - internal) / total
