"""Source diversity: does a publication hear from many kinds of sources, or lean on one?

Shannon entropy (bits) of the citations of each publication over the cited actors' ``kind`` (state,
military, ngo, ...). 0 means every citation goes to one kind of source; log2(k) is an even spread over k kinds.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable

import networkx as nx

__all__ = ["source_diversity"]


def source_diversity(g: nx.DiGraph, attribute: str = "kind") -> dict[Hashable, float]:
    """Entropy in bits of each citing node's citations over the cited nodes' `attribute`.

    Parameters
    ----------
    g : networkx.DiGraph
        A citation projection: publications -> cited actors, edge ``weight`` = number of attributions.
    attribute : str
        Node attribute of the cited side to group by (missing values count as ``"other"``).

    Returns
    -------
    dict
        Citing node (every node with an out-edge) -> entropy >= 0.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from([("gov", {"kind": "state"}), ("army", {"kind": "military"}), ("ngo", {"kind": "ngo"})])
    >>> g.add_edges_from([("p", "gov", {"weight": 2}), ("p", "ngo", {"weight": 2}), ("q", "gov", {"weight": 5})])
    >>> source_diversity(g)
    {'p': 1.0, 'q': 0.0}
    """
    out: dict[Hashable, float] = {}
    for n in g:
        mix: Counter[str] = Counter()
        for _, v, w in g.out_edges(n, data="weight", default=1):
            mix[g.nodes[v].get(attribute) or "other"] += w
        total = sum(mix.values())
        if total:
            h = -sum((c / total) * math.log2(c / total) for c in mix.values() if c)
            out[n] = abs(h)  # -0.0 -> 0.0
    return out
