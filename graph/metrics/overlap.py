"""Source overlap: how far two publications rely on the same sources (Jaccard similarity of cited actors).

High overlap between outlets of different countries means a shared pool of voices; low overlap means each
tells the story through its own sources.
"""
from __future__ import annotations

from collections.abc import Hashable
from itertools import combinations

import networkx as nx

__all__ = ["source_overlap"]


def source_overlap(g: nx.DiGraph) -> dict[tuple[Hashable, Hashable], float]:
    """Jaccard similarity of the cited-actor sets of every pair of citing nodes.

    Parameters
    ----------
    g : networkx.DiGraph
        A citation projection: publications -> cited actors (weights ignored: a source is used or not).

    Returns
    -------
    dict
        ``(p, q) -> |S_p & S_q| / |S_p | S_q|`` for each pair of nodes with out-edges, ``p < q`` by their text.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("p", "a"), ("p", "b"), ("q", "b"), ("q", "c"), ("r", "d")])
    >>> source_overlap(g)
    {('p', 'q'): 0.3333333333333333, ('p', 'r'): 0.0, ('q', 'r'): 0.0}
    """
    cited = {n: set(g.successors(n)) for n in g if g.out_degree(n)}
    pubs = sorted(cited, key=str)
    return {(p, q): len(cited[p] & cited[q]) / len(cited[p] | cited[q]) for p, q in combinations(pubs, 2)}
