"""In- and out-degree: "who is blamed most" (in) and "who accuses most" (out).

Weighted by default because one edge folds many statements: an actor accused forty times by one rival is more
blamed than one accused once by each of three.
"""
from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

__all__ = ["in_degree", "out_degree"]


def in_degree(g: nx.DiGraph, weighted: bool = True) -> dict[Hashable, float]:
    """Statements received by each node.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection; edge attribute ``weight`` is the statement count (missing means 1).
    weighted : bool
        Sum the weights (statements) instead of counting distinct accusers.

    Returns
    -------
    dict
        Node -> in-degree, every node present (0 for none).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 3}), ("c", "b", {"weight": 1})])
    >>> in_degree(g)
    {'a': 0.0, 'b': 4.0, 'c': 0.0}
    >>> in_degree(g, weighted=False)
    {'a': 0.0, 'b': 2.0, 'c': 0.0}
    """
    return {n: float(d) for n, d in g.in_degree(weight="weight" if weighted else None)}


def out_degree(g: nx.DiGraph, weighted: bool = True) -> dict[Hashable, float]:
    """Statements made by each node.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection; edge attribute ``weight`` is the statement count (missing means 1).
    weighted : bool
        Sum the weights (statements) instead of counting distinct targets.

    Returns
    -------
    dict
        Node -> out-degree, every node present (0 for none).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 3}), ("a", "c", {"weight": 1})])
    >>> out_degree(g)
    {'a': 4.0, 'b': 0.0, 'c': 0.0}
    >>> out_degree(g, weighted=False)["a"]
    2.0
    """
    return {n: float(d) for n, d in g.out_degree(weight="weight" if weighted else None)}
