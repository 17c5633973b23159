"""The metrics table behind `narrative metrics`: every measure of one projection, as plain rows.

Kept apart from the measures so each stays a one-purpose function, and apart from the CLI so notebooks get the
same table (``pandas.DataFrame(metrics_rows(g))``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph import relations
from graph.metrics.betweenness import betweenness
from graph.metrics.camps import camps
from graph.metrics.degree import in_degree, out_degree
from graph.metrics.diversity import source_diversity
from graph.metrics.overlap import source_overlap
from graph.metrics.pagerank import pagerank
from graph.metrics.polarization import polarization
from graph.metrics.reciprocity import mutual_pairs, reciprocity

__all__ = ["actor_rows", "publication_rows", "summary", "citation_summary", "metrics_rows"]


def _name(g: nx.DiGraph, n: Any) -> str:
    return str(g.nodes[n].get("name") or n)


def _count(x: float) -> int | float:
    """Statement counts print as integers (weights are counts unless a caller made them otherwise)."""
    return int(x) if float(x).is_integer() else x


def actor_rows(
    g: nx.DiGraph, top: int | None = None, camp: Mapping[Any, int] | None = None
) -> list[dict[str, Any]]:
    """One row per node of a statement network, most blamed first (statements received, then PageRank).

    ``made`` / ``received`` are statement counts, ``targets`` / ``sources`` distinct actors, ``camp`` numbers
    start at 1 (camp 1 is the largest), as on the network pages. Pass `camp` (from `camps(g)`) to reuse it.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("a", "b", {"weight": 2}), ("c", "b", {"weight": 1})])
    >>> [(r["id"], r["received"], r["made"]) for r in actor_rows(g, top=2)]
    [('b', 3, 0), ('a', 0, 2)]
    """
    pr, bt, cp = pagerank(g), betweenness(g), camps(g) if camp is None else camp
    ind, outd = in_degree(g), out_degree(g)
    ins, outs = in_degree(g, weighted=False), out_degree(g, weighted=False)
    rows = [
        {
            "id": n,
            "name": _name(g, n),
            "kind": g.nodes[n].get("kind", "other"),
            "camp": cp[n] + 1 if n in cp else None,
            "made": _count(outd[n]),
            "received": _count(ind[n]),
            "targets": int(outs[n]),
            "sources": int(ins[n]),
            "pagerank": round(pr.get(n, 0.0), 4),
            "betweenness": round(bt.get(n, 0.0), 4),
        }
        for n in g
    ]
    rows.sort(key=lambda r: (-r["received"], -r["pagerank"], -r["made"], str(r["id"])))
    return rows[:top] if top else rows


def publication_rows(g: nx.DiGraph, top: int | None = None) -> list[dict[str, Any]]:
    """One row per publication of a citation network, most citing first.

    ``diversity`` is `source_diversity` (bits over cited kinds), ``main_kind`` the kind cited most,
    ``closest`` the publication with the highest `source_overlap` (and that Jaccard value).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("p", "a", {"weight": 3}), ("q", "a", {"weight": 1})])
    >>> g.nodes["a"]["kind"] = "state"
    >>> [(r["id"], r["citations"], r["main_kind"], r["closest"], r["overlap"]) for r in publication_rows(g)]
    [('p', 3, 'state', 'q', 1.0), ('q', 1, 'state', 'p', 1.0)]
    """
    div, ovl, outd = source_diversity(g), source_overlap(g), out_degree(g)
    rows = []
    for p in div:
        mix: Counter[str] = Counter()
        for _, v, w in g.out_edges(p, data="weight", default=1):
            mix[g.nodes[v].get("kind") or "other"] += w
        pairs = [(q if a == p else a, j) for (a, q), j in ovl.items() if p in (a, q)]
        best = min(pairs, key=lambda t: (-t[1], str(t[0])), default=(None, 0.0))
        rows.append({
            "id": p,
            "name": _name(g, p),
            "citations": _count(outd[p]),
            "sources": g.out_degree(p),
            "diversity": round(div[p], 4),
            "main_kind": max(sorted(mix), key=mix.get) if mix else None,
            "closest": _name(g, best[0]) if best[0] is not None else None,
            "overlap": round(best[1], 4),
        })
    rows.sort(key=lambda r: (-r["citations"], str(r["id"])))
    return rows[:top] if top else rows


def summary(g: nx.DiGraph, camp: Mapping[Any, int] | None = None) -> dict[str, Any]:
    """Whole-graph figures: size, reciprocity, mutual pairs, camps and polarization (pass `camp` to reuse it).

    Examples
    --------
    >>> import networkx as nx
    >>> s = summary(nx.DiGraph([("a", "b"), ("b", "a")]))
    >>> s["statements"], s["reciprocity"], s["mutual_pairs"]
    (2, 1.0, ['a <-> b (1/1)'])
    """
    cp = camps(g) if camp is None else camp
    return {
        "actors": g.number_of_nodes(),
        "pairs": g.number_of_edges(),
        "statements": _count(float(sum(w for *_, w in g.edges(data="weight", default=1)))),
        "reciprocity": round(reciprocity(g), 4),
        "mutual_pairs": [
            f"{_name(g, u)} <-> {_name(g, v)} ({w:g}/{b:g})" for u, v, w, b in mutual_pairs(g)[:10]
        ],
        "camps": len(set(cp.values())),
        "polarization": round(polarization(g, cp), 4),
    }


def citation_summary(g: nx.DiGraph) -> dict[str, Any]:
    """Whole-graph figures of a citation network: size, mean source diversity, the most overlapping outlets.

    Examples
    --------
    >>> import networkx as nx
    >>> s = citation_summary(nx.DiGraph([("p", "a"), ("q", "a"), ("q", "b")], network="citations"))
    >>> s["publications"], s["sources"], s["citations"], s["overlap"]
    (2, 2, 3, ['p ~ q 0.5'])
    """
    div, ovl = source_diversity(g), source_overlap(g)
    pairs = sorted(ovl.items(), key=lambda kv: (-kv[1], str(kv[0])))[:10]
    return {
        "publications": len(div),
        "sources": sum(1 for n in g if g.in_degree(n)),
        "citations": _count(float(sum(w for *_, w in g.edges(data="weight", default=1)))),
        "mean_diversity": round(sum(div.values()) / len(div), 4) if div else 0.0,
        "overlap": [f"{_name(g, p)} ~ {_name(g, q)} {j:.2g}" for (p, q), j in pairs if j > 0],
    }


#: Networks whose sources are articles (grouped by publication): their table is one row per publication.
_ARTICLE_NETWORKS = frozenset(relations.get(t).network for t in relations.article_types())


def metrics_rows(
    g: nx.DiGraph, top: int | None = None, camp: Mapping[Any, int] | None = None
) -> list[dict[str, Any]]:
    """The table for this projection: publication rows for a citation network, actor rows otherwise.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph([("p", "a")], network="citations")
    >>> [r["id"] for r in metrics_rows(g)], [r["id"] for r in metrics_rows(nx.DiGraph([("p", "a")]))]
    (['p'], ['a', 'p'])
    """
    if g.graph.get("network") in _ARTICLE_NETWORKS:
        return publication_rows(g, top)
    return actor_rows(g, top, camp)
