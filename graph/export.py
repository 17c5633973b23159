"""Write the whole graph elsewhere: a Cypher script, GraphML/GEXF, neo4j-admin CSV, or another store
(`narrative push`); statements as JSONL/CSV are `graph.export_relations`, importable from here too.

Why one module: every format walks the same two streams (`graph.store_walk`: nodes by label, relationships by
start node, in pages keyed on the indexed `id`) and writes them in batches of one label or one (type, start
label, end label). Labels and types in the Cypher text come only from the enums and the relation table; data
travels as `$rows` (stores) or escaped literals (scripts).
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from graph import tallies
from graph.errors import InputError
from graph.export_relations import (  # noqa: F401  (importable from here, as before the split)
    ARTICLE_NAMES,
    PUBLICATION_NAMES,
    RELATION_FIELDS,
    RELATIONS,
    iter_relations,
    write_relations,
)
from graph.export_relations import csv_cell as _csv_cell
from graph.model import Label, RelType
from graph.networkx_graph import Progress, node_key, to_networkx  # noqa: F401
from graph.schema import neo4j_schema_statements
from graph.store import Store
from graph.store_walk import (  # noqa: F401
    ENDPOINTS,
    KEYED_TYPES,
    NODE_IDS,
    PAGE,
    READ_EDGES,
    READ_NODES,
    Edge,
    Node,
    iter_edges,
    iter_nodes,
)

#: Rows written per batch.
BATCH = 500

MERGE_NODES = {label: f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props" for label in Label}


def merge_edges_statement(rel: RelType, start: Label, end: Label) -> str:
    """The batched MERGE for one relationship type between two labels (keyed by `id` for statements)."""
    key = " {id: row.id}" if rel in KEYED_TYPES else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel}{key}]->(b) SET r += row.props"
    )


#: Every statement this module runs (with those of the walk and the statement export), for the Cypher linter.
ALL_STATEMENTS: tuple[str, ...] = (
    *NODE_IDS.values(),
    *READ_NODES.values(),
    *READ_EDGES.values(),
    *MERGE_NODES.values(),
    *(merge_edges_statement(rel, s, e) for rel, pairs in ENDPOINTS.items() for s, e in pairs),
    *RELATIONS.values(), ARTICLE_NAMES, PUBLICATION_NAMES,
)


@dataclass
class ExportStats:
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # nodes without an id, relationships to nodes outside our labels

    def add_node(self, n: Node) -> None:
        self.nodes[n.label.value] = self.nodes.get(n.label.value, 0) + 1

    def add_edge(self, e: Edge) -> None:
        self.relationships[e.type.value] = self.relationships.get(e.type.value, 0) + 1

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_count(self) -> int:
        return sum(self.relationships.values())


# -- reading in batches ---------------------------------------------------------------------------------------
def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _node_batches(store: Store, size: int) -> Iterator[tuple[Label, list[Node]]]:
    """Nodes in batches of one label (they arrive label by label)."""
    for label, group in groupby(iter_nodes(store), key=lambda n: n.label):
        for nodes in _batches(group, size):
            yield label, nodes


def _edge_rows(edges: list[Edge]) -> list[dict[str, Any]]:
    return [{"start": e.start, "end": e.end, "id": e.key, "props": e.props} for e in edges]


def _grouped_edges(store: Store, page: int) -> Iterator[tuple[tuple[RelType, Label, Label], list[Edge]]]:
    """Edges in batches of one (type, start label, end label), for batched MERGE statements."""
    pending: dict[tuple[RelType, Label, Label], list[Edge]] = defaultdict(list)
    for e in iter_edges(store, page):
        k = (e.type, e.start_label, e.end_label)
        pending[k].append(e)
        if len(pending[k]) >= BATCH:
            yield k, pending.pop(k)
    for k, edges in pending.items():
        yield k, edges


# -- another store (narrative push) ---------------------------------------------------------------------------
def copy_graph(src: Store, dst: Store, batch: int = BATCH, progress: Progress | None = None) -> ExportStats:
    """MERGE every node and relationship of `src` into `dst`; running it again changes nothing."""
    stats = ExportStats()
    for label, nodes in _node_batches(src, batch):
        dst.write_atomic([(MERGE_NODES[label], {"rows": [{"id": n.id, "props": n.props} for n in nodes]})])
        for n in nodes:
            stats.add_node(n)
        if progress:
            progress(len(nodes))
    for (rel, start, end), edges in _grouped_edges(src, PAGE):
        dst.write_atomic([(merge_edges_statement(rel, start, end), {"rows": _edge_rows(edges)})])
        for e in edges:
            stats.add_edge(e)
        if progress:
            progress(len(edges))
    tallies.rebuild(dst)  # the copy's report summaries, from the statements it now holds
    return stats


# -- Cypher script --------------------------------------------------------------------------------------------
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_string(s: str) -> str:
    """A single-quoted Cypher string literal; other control characters become \\uXXXX (Neo4j reads them)."""
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(value: Any) -> str:
    """Any property value as a Cypher literal, so a script carries data without parameters."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_map_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    return cypher_string(str(value))


def _map_key(key: str) -> str:
    if _IDENT.match(key):
        return key
    if "`" in key:
        raise InputError(f"Property name {key!r} contains a backtick and cannot be written to a Cypher script.")
    return f"`{key}`"


def write_cypher(store: Store, out: IO[str], schema: bool = True, batch: int = BATCH,
                 progress: Progress | None = None) -> ExportStats:
    """An idempotent script (one statement per line, each ending with ';'): constraints, then MERGE batches.

    Every statement is the same batched MERGE that `copy_graph` sends with `$rows`, with the rows written in
    as a literal list, so the script runs in Neo4j Browser or `cypher-shell -f` without parameters.
    """
    stats = ExportStats()
    out.write(f"// narrative-graph export of {store.describe()}\n")
    out.write("// Idempotent: MERGE on the `id` of every node and statement; run it again and nothing changes.\n")
    out.write("// Run: cypher-shell -u neo4j -p ... -f graph.cypher   (or paste into Neo4j Browser)\n")
    if schema:
        out.write("// Neo4j schema (uniqueness constraints make the MERGEs fast):\n")
        for ddl in neo4j_schema_statements():
            out.write(ddl + ";\n")
    for label, nodes in _node_batches(store, batch):
        rows = cypher_literal([{"id": n.id, "props": n.props} for n in nodes])
        out.write(MERGE_NODES[label].replace("$rows", rows) + ";\n")
        for n in nodes:
            stats.add_node(n)
        if progress:
            progress(len(nodes))
    for (rel, start, end), edges in _grouped_edges(store, PAGE):
        for chunk in _batches(edges, batch):
            rows = cypher_literal(_edge_rows(chunk))
            out.write(merge_edges_statement(rel, start, end).replace("$rows", rows) + ";\n")
            for e in chunk:
                stats.add_edge(e)
            if progress:
                progress(len(chunk))
    return stats


def script_statements(text: str) -> list[str]:
    """The statements of a script written by `write_cypher` (one per line, comments skipped)."""
    return [
        line.rstrip().rstrip(";")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("//")
    ]


# -- NetworkX, GraphML, GEXF ---------------------------------------------------------------------------------
def _flat(g):
    """A copy whose attributes GraphML/GEXF can hold: lists and maps as JSON, ints as floats where a key mixes."""
    g = g.copy()
    floats = set()
    for _, data in list(g.nodes(data=True)) + [(None, d) for *_, d in g.edges(data=True)]:
        floats |= {k for k, v in data.items() if isinstance(v, float)}
    for _, data in list(g.nodes(data=True)) + [(None, d) for *_, d in g.edges(data=True)]:
        for k, v in list(data.items()):
            if isinstance(v, (list, dict)):
                data[k] = json.dumps(v, ensure_ascii=False)
            elif k in floats and isinstance(v, int) and not isinstance(v, bool):
                data[k] = float(v)
    return g


def write_graphml(store: Store, path: Path, progress: Progress | None = None) -> ExportStats:
    import networkx as nx

    g = to_networkx(store, progress)
    nx.write_graphml(_flat(g), str(path))
    return _nx_stats(g)


def write_gexf(store: Store, path: Path, progress: Progress | None = None) -> ExportStats:
    """GEXF for Gephi: ids live on as `node_id`; edges carry the relationship type as `label` and `relation`."""
    import networkx as nx

    full = to_networkx(store, progress)
    g = _flat(full)
    for _, data in g.nodes(data=True):
        data["node_id"] = data.pop("id")  # GEXF takes `id` as the node id, which must stay `Label:id`
    keyed = {t.value for t in KEYED_TYPES}
    for _, _, k, data in g.edges(keys=True, data=True):
        data.pop("id", None)  # GEXF takes `id` as the edge id; ours stays as `statement`
        if data.get("type") in keyed:
            data["statement"] = k
        # GEXF reserves an edge's `type` for its direction: the relationship type becomes the edge label
        data["label"] = data["relation"] = data.pop("type")
    nx.write_gexf(g, str(path))
    return _nx_stats(full)


def _nx_stats(g) -> ExportStats:
    stats = ExportStats()
    for _, d in g.nodes(data=True):
        stats.nodes[d["type"]] = stats.nodes.get(d["type"], 0) + 1
    for *_, d in g.edges(data=True):
        stats.relationships[d["type"]] = stats.relationships.get(d["type"], 0) + 1
    return stats


# -- neo4j-admin CSV ------------------------------------------------------------------------------------------
def _csv_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return ":boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return ":long"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return ":double"
    return ""


def write_csv(store: Store, directory: Path, progress: Progress | None = None) -> ExportStats:
    """nodes_<Label>.csv and relationships_<TYPE>.csv in neo4j-admin import layout, plus import.txt.

    Ids are unique per label only, so each label is its own id space: `id:ID(Actor)` and
    `:START_ID(Actor)`. A type joining several label pairs (PART_OF) gets one file per pair.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    nodes: dict[Label, list[Node]] = defaultdict(list)
    for n in iter_nodes(store):
        nodes[n.label].append(n)
        stats.add_node(n)
        if progress:
            progress(1)
    edges: dict[tuple[RelType, Label, Label], list[Edge]] = defaultdict(list)
    for e in iter_edges(store):
        edges[(e.type, e.start_label, e.end_label)].append(e)
        stats.add_edge(e)
        if progress:
            progress(1)
    node_files, rel_files = [], []
    for label, items in nodes.items():
        keys = sorted({k for n in items for k in n.props} - {"id"})
        header = [f"id:ID({label})", ":LABEL"] + [k + _csv_type([n.props.get(k) for n in items]) for k in keys]
        path = directory / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for n in items:
                w.writerow([n.id, label.value] + [_csv_cell(n.props.get(k)) for k in keys])
        node_files.append(path.name)
    pairs_per_type: dict[RelType, int] = defaultdict(int)
    for rel, _, _ in edges:
        pairs_per_type[rel] += 1
    for (rel, start, end), items in edges.items():
        keys = sorted({k for e in items for k in e.props})
        header = [f":START_ID({start})", f":END_ID({end})", ":TYPE"] + [
            k + _csv_type([e.props.get(k) for e in items]) for k in keys
        ]
        name = f"relationships_{rel}.csv" if pairs_per_type[rel] == 1 else f"relationships_{rel}_{start}_{end}.csv"
        with (directory / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            for e in items:
                w.writerow([e.start, e.end, rel.value] + [_csv_cell(e.props.get(k)) for k in keys])
        rel_files.append(name)
    command = "neo4j-admin database import full neo4j --overwrite-destination \\\n" + " \\\n".join(
        [f"  --nodes={f}" for f in node_files] + [f"  --relationships={f}" for f in rel_files]
    )
    (directory / "import.txt").write_text(
        "# Run in this directory with Neo4j stopped (the database is replaced):\n" + command + "\n", encoding="utf-8"
    )
    return stats


CYPHER_STATEMENTS = ALL_STATEMENTS
