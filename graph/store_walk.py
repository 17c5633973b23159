"""Walk the whole graph out of a store: every node by label, every relationship by start node, in pages.

Why one walk: the Cypher script, GraphML/GEXF, neo4j-admin CSV, `narrative push` and the NetworkX conversion all
read the same two streams, and reading them in pages keyed on the indexed `id` means a large graph never comes
back as one giant result. The labels and relationship types walked are those of the model and the relation
table (`graph.relations`), so a type registered there is exported like the others.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph import relations
from graph.model import Label, RelType
from graph.store import Store

#: Rows read per page.
PAGE = 2000

#: The endpoints each relationship type joins (other pairs found in a store are handled the same way).
ENDPOINTS: dict[RelType, tuple[tuple[Label, Label], ...]] = {
    RelType(r.type): r.ends for r in relations.RELATIONS.values()
}

#: Relationship types keyed by their own `id` (one edge per statement); the others are one edge per node pair.
KEYED_TYPES = frozenset(RelType(t) for t in relations.keyed_types())

NODE_IDS = {label: f"MATCH (n:{label}) WHERE n.id IS NOT NULL RETURN n.id AS id" for label in Label}
READ_NODES = {label: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, properties(n) AS props"
              for label in Label}
READ_EDGES = {
    label: f"UNWIND $ids AS id MATCH (a:{label} {{id: id}})-[r]->(b) "
    "RETURN a.id AS start, type(r) AS type, labels(b) AS end_labels, b.id AS end, properties(r) AS props"
    for label in Label
}

#: Every statement this module runs, for the Cypher linter.
CYPHER_STATEMENTS: tuple[str, ...] = (*NODE_IDS.values(), *READ_NODES.values(), *READ_EDGES.values())


@dataclass
class Node:
    label: Label
    id: str
    props: dict[str, Any]  # without nulls; includes `id`


@dataclass
class Edge:
    type: RelType
    start_label: Label
    start: str
    end_label: Label
    end: str
    props: dict[str, Any]

    @property
    def key(self) -> str | None:
        return self.props.get("id") if relations.get(self.type).keyed else None


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def id_pages(store: Store, label: Label, page: int = PAGE) -> Iterator[list[str]]:
    """The ids of one label in sorted pages: one cheap read of every id, then index lookups page by page.

    (Keyset paging with `WHERE n.id > $after ORDER BY n.id LIMIT n` re-sorts the rest of the label on every
    page in FalkorDB, which is quadratic on a large graph.)
    """
    ids = sorted(str(r[0]) for r in store.read(NODE_IDS[label]).rows)
    for i in range(0, len(ids), page):
        yield ids[i: i + page]


def iter_nodes(store: Store, page: int = PAGE) -> Iterator[Node]:
    """Every node of our labels, label by label, in id order (nodes without an id cannot be keyed: skipped)."""
    for label in Label:
        for ids in id_pages(store, label, page):
            rows = store.read(READ_NODES[label], {"ids": ids}).records()
            for r in sorted(rows, key=lambda r: r["id"]):
                yield Node(label, r["id"], _clean(r["props"]))


def iter_edges(store: Store, page: int = PAGE) -> Iterator[Edge]:
    """Every relationship of the table's types between nodes of our labels, grouped by start node.

    Sorted within each page (start, type, end, properties), so an export is the same on every engine and run."""
    labels = {lab.value: lab for lab in Label}
    for label in Label:
        for ids in id_pages(store, label, page):
            rows = store.read(READ_EDGES[label], {"ids": ids}).records()
            rows.sort(key=lambda r: (str(r["start"]), str(r["type"]), str(r["end"]),
                                     json.dumps(r["props"], sort_keys=True, default=str)))
            for r in rows:
                end_label = next((labels[x] for x in r["end_labels"] or [] if x in labels), None)
                if r["type"] not in relations.RELATIONS or end_label is None or r["end"] is None:
                    continue
                yield Edge(RelType(r["type"]), label, r["start"], end_label, r["end"], _clean(r["props"]))
