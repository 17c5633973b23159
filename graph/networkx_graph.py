"""The one conversion of a store into a NetworkX MultiDiGraph: every node and every relationship, as stored.

Why one: GraphML/GEXF exports and `graph.project.full_graph` (notebooks) both want the whole graph with its
properties; built in one place, both key nodes the same way (`Label:id`, ids being unique per label only) and
name the same attributes (`type` = label or relationship type, `label` = a display name).
"""
from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from graph.model import Label
from graph.store import Store
from graph.store_walk import iter_edges, iter_nodes

Progress = Callable[[int], None]


def node_key(label: Label | str, id: str) -> str:
    """Ids are unique per label only, so graph nodes are keyed `Label:id`."""
    return f"{label}:{id}"


def to_networkx(store: Store, progress: Progress | None = None) -> nx.MultiDiGraph:
    """The whole graph: node attributes are its properties, `type` = label and `label` = a display name; edges
    carry their properties and `type`, keyed by the statement id (one edge per statement) or the type."""
    g = nx.MultiDiGraph()
    for n in iter_nodes(store):
        display = n.props.get("name") or n.props.get("title") or n.props.get("source") or n.id
        g.add_node(node_key(n.label, n.id), **{**n.props, "type": n.label.value, "label": str(display)})
        if progress:
            progress(1)
    for e in iter_edges(store):
        key = e.key or e.type.value
        g.add_edge(node_key(e.start_label, e.start), node_key(e.end_label, e.end), key=key,
                   **{**e.props, "type": e.type.value})
        if progress:
            progress(1)
    return g
