"""Read the whole graph out of a store and write it elsewhere: a Cypher script, GraphML/GEXF, neo4j-admin CSV,
JSONL of statements, or another store (`narrative push`).

Why one module: every format walks the same two streams (nodes by label, relationships by start label), read in
pages keyed on the indexed `id` so a large graph never comes back as one giant result. Labels and types in the
Cypher text come only from the enums; data travels as `$rows` (stores) or escaped literals (scripts).
"""
from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from graph import tallies
from graph.errors import InputError
from graph.naming import display_name
from graph.model import Label, RelType
from graph.schema import neo4j_schema_statements
from graph.store import Store

#: Rows read per page and written per batch.
PAGE = 2000
BATCH = 500

Progress = Callable[[int], None]

#: The endpoints each relationship type joins (other pairs found in a store are handled the same way).
ENDPOINTS: dict[RelType, tuple[tuple[Label, Label], ...]] = {
    RelType.ACCUSES: ((Label.ACTOR, Label.ACTOR),),
    RelType.DENIES: ((Label.ACTOR, Label.ACTOR),),
    RelType.STRIKES: ((Label.ACTOR, Label.ACTOR),),
    RelType.CITES: ((Label.ARTICLE, Label.ACTOR),),
    RelType.REPORTS: ((Label.ARTICLE, Label.EVENT),),
    RelType.MENTIONS: ((Label.ARTICLE, Label.ACTOR),),
    RelType.PUBLISHED: ((Label.PUBLICATION, Label.ARTICLE),),
    RelType.PART_OF: ((Label.ACTOR, Label.ACTOR), (Label.LOCATION, Label.LOCATION)),
    RelType.IN: ((Label.EVENT, Label.LOCATION), (Label.ARTICLE, Label.LOCATION)),
}

#: Relationship types keyed by their own `id` (one edge per statement); the others are one edge per node pair.
KEYED_TYPES = frozenset({RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES})

NODE_IDS = {label: f"MATCH (n:{label}) WHERE n.id IS NOT NULL RETURN n.id AS id" for label in Label}
READ_NODES = {label: f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, properties(n) AS props"
              for label in Label}
READ_EDGES = {
    label: f"UNWIND $ids AS id MATCH (a:{label} {{id: id}})-[r]->(b) "
    "RETURN a.id AS start, type(r) AS type, labels(b) AS end_labels, b.id AS end, properties(r) AS props"
    for label in Label
}
MERGE_NODES = {label: f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props" for label in Label}


def merge_edges_statement(rel: RelType, start: Label, end: Label) -> str:
    """The batched MERGE for one relationship type between two labels (keyed by `id` for statements)."""
    key = " {id: row.id}" if rel in KEYED_TYPES else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{id: row.start}}) MATCH (b:{end} {{id: row.end}}) "
        f"MERGE (a)-[r:{rel}{key}]->(b) SET r += row.props"
    )


#: Every statement this module runs, for the Cypher linter.
ALL_STATEMENTS: tuple[str, ...] = (
    *NODE_IDS.values(),
    *READ_NODES.values(),
    *READ_EDGES.values(),
    *MERGE_NODES.values(),
    *(merge_edges_statement(rel, s, e) for rel, pairs in ENDPOINTS.items() for s, e in pairs),
)


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
        return self.props.get("id") if self.type in KEYED_TYPES else None


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


# -- reading ------------------------------------------------------------------------------------------------
def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def _id_pages(store: Store, label: Label, page: int) -> Iterator[list[str]]:
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
        for ids in _id_pages(store, label, page):
            rows = store.read(READ_NODES[label], {"ids": ids}).records()
            for r in sorted(rows, key=lambda r: r["id"]):
                yield Node(label, r["id"], _clean(r["props"]))


def iter_edges(store: Store, page: int = PAGE) -> Iterator[Edge]:
    """Every relationship of our types between nodes of our labels, grouped by start node.

    Sorted within each page (start, type, end, properties), so an export is the same on every engine and run."""
    labels = {lab.value: lab for lab in Label}
    types = {t.value: t for t in RelType}
    for label in Label:
        for ids in _id_pages(store, label, page):
            rows = store.read(READ_EDGES[label], {"ids": ids}).records()
            rows.sort(key=lambda r: (str(r["start"]), str(r["type"]), str(r["end"]),
                                     json.dumps(r["props"], sort_keys=True, default=str)))
            for r in rows:
                end_label = next((labels[x] for x in r["end_labels"] or [] if x in labels), None)
                if r["type"] not in types or end_label is None or r["end"] is None:
                    continue
                yield Edge(types[r["type"]], label, r["start"], end_label, r["end"], _clean(r["props"]))


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
def node_key(label: Label | str, id: str) -> str:
    """Ids are unique per label only, so graph nodes are keyed `Label:id`."""
    return f"{label}:{id}"


def to_networkx(store: Store, progress: Progress | None = None):
    """The whole graph as a NetworkX MultiDiGraph: node attribute `type` = label, `label` = a display name."""
    import networkx as nx

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


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


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


# -- statements as JSONL/CSV (the scorer's input) -------------------------------------------------------------
RELATIONS = {
    # no endpoint labels: with them FalkorDB scans the label instead of using the edge index on `article`
    rel: f"UNWIND $ids AS aid MATCH (s)-[r:{rel} {{article: aid}}]->(t) "
    "RETURN s.id AS s_id, s.name AS s_name, s.kind AS s_kind, coalesce(s.rollup_name, s.name) AS s_rollup, s.known AS s_known, "
    "t.id AS t_id, t.name AS t_name, t.kind AS t_kind, coalesce(t.rollup_name, t.name) AS t_rollup, t.known AS t_known, "
    "properties(r) AS props"
    for rel in (RelType.ACCUSES, RelType.DENIES, RelType.STRIKES)
}
RELATIONS[RelType.CITES] = (
    f"UNWIND $ids AS aid MATCH (:{Label.ARTICLE} {{id: aid}})-[r:{RelType.CITES}]->(t:{Label.ACTOR}) "
    "RETURN null AS s_id, null AS s_name, null AS s_kind, null AS s_rollup, null AS s_known, "
    "t.id AS t_id, t.name AS t_name, t.kind AS t_kind, coalesce(t.rollup_name, t.name) AS t_rollup, t.known AS t_known, "
    "properties(r) AS props"
)
ARTICLE_NAMES = (
    f"UNWIND $ids AS id MATCH (a:{Label.ARTICLE} {{id: id}}) RETURN a.id AS id, coalesce(a.source, a.id) AS name"
)
PUBLICATION_NAMES = f"MATCH (p:{Label.PUBLICATION}) RETURN p.id AS id, coalesce(p.name, p.id) AS name"
ALL_STATEMENTS += (*RELATIONS.values(), ARTICLE_NAMES, PUBLICATION_NAMES)

RELATION_FIELDS = ("article", "type", "source", "target", "sentence", "trigger", "hedged", "negated",
                   "hypothetical", "confidence", "publication", "date", "id")


def iter_relations(store: Store, include_unasserted: bool = False, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """One dict per statement, article by article in text order; negated/hypothetical ones only on request.

    `article` is the Article's `source` (the input file name) when known, so the gold scorer can match it.
    """
    pubs = {r["id"]: r["name"] for r in store.read(PUBLICATION_NAMES)}
    for ids in _id_pages(store, Label.ARTICLE, page):
        names = {r["id"]: r["name"] for r in store.read(ARTICLE_NAMES, {"ids": ids})}
        rows = []
        for rel, q in RELATIONS.items():
            for r in store.read(q, {"ids": ids}):
                p = r["props"]
                if not include_unasserted and (p.get("negated") or p.get("hypothetical")):
                    continue
                source = (
                    {"name": "article", "kind": "article", "rollup": "article"}
                    if rel == RelType.CITES
                    else {"name": display_name(r["s_name"], r["s_kind"], r["s_known"], p.get("source_text")),
                          "id": r["s_id"], "kind": r["s_kind"], "rollup": r["s_rollup"]}
                )
                rows.append((p.get("article"), p.get("start") or 0, p.get("id") or "", {
                    "article": names.get(p.get("article"), p.get("article")),
                    "type": rel.value,
                    "source": source,
                    "target": {"name": display_name(r["t_name"], r["t_kind"], r["t_known"], p.get("target_text")),
                               "id": r["t_id"], "kind": r["t_kind"], "rollup": r["t_rollup"]},
                    "sentence": p.get("sentence"),
                    "trigger": p.get("trigger"),
                    "hedged": bool(p.get("hedged")),
                    "negated": bool(p.get("negated")),
                    "hypothetical": bool(p.get("hypothetical")),
                    "confidence": p.get("confidence"),
                    "publication": pubs.get(p.get("publication"), p.get("publication")),
                    "date": p.get("date"),
                    "id": p.get("id"),
                }))
        rows.sort(key=lambda t: (t[0] or "", t[1], t[2]))
        for *_, row in rows:
            yield row


def write_relations(store: Store, out: IO[str], fmt: str = "jsonl", include_unasserted: bool = False) -> int:
    """Statements as JSON lines (source/target as {name, kind, rollup}) or flat CSV; returns the count."""
    n = 0
    if fmt == "jsonl":
        for row in iter_relations(store, include_unasserted):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt != "csv":
        raise InputError(f"Unknown relations format {fmt!r}: use jsonl or csv.")
    w = csv.writer(out, lineterminator="\n")
    sides = [f"{side}_{k}" for side in ("source", "target") for k in ("name", "kind", "rollup")]
    w.writerow(["article", "type", *sides, *RELATION_FIELDS[4:]])
    for row in iter_relations(store, include_unasserted):
        flat = [row["source"][k] for k in ("name", "kind", "rollup")] + [
            row["target"][k] for k in ("name", "kind", "rollup")
        ]
        w.writerow([_csv_cell(v) for v in [row["article"], row["type"], *flat, *[row[k] for k in RELATION_FIELDS[4:]]]])
        n += 1
    return n
CYPHER_STATEMENTS = ALL_STATEMENTS
