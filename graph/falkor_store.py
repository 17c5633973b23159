"""The embedded store: FalkorDB in a redis-server we manage (see `graph.embedded`).

Reads go through GRAPH.RO_QUERY, so the engine itself refuses writes in read mode. An atomic batch is folded
into one query (`graph.cypher_text.fold_batch`: each statement in its own subquery, with its own parameters):
FalkorDB rolls a failed query back whole, so a statement that fails anywhere in the batch leaves the graph as it
was before it, and one query is one entry of the append-only file, so a crash mid-batch replays none of it.
(A Redis MULTI/EXEC block, used before, is isolated but does not roll back: the statements before and after a
failing one landed.) Parameter names are checked before they reach the `CYPHER k=v` header.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath

from graph import embedded, relations
from graph.cypher_text import check_params, fold_batch, schema_names
from graph.errors import QueryError, StoreUnavailable
from graph.model import Derived, Label
from graph.schema import FALKOR_EDGE_INDEXES, FALKOR_NODE_INDEXES
from graph.store import Params, Result, Store


LIST_LABELS = "CALL db.labels() YIELD label RETURN collect(label) AS labels"
LIST_TYPES = "CALL db.relationshipTypes() YIELD relationshipType RETURN collect(relationshipType) AS types"
#: Statements of this module, for the Cypher linter (`graph.cypher_registry`).
CYPHER_STATEMENTS = (LIST_LABELS, LIST_TYPES)


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def plain(value: Any) -> Any:
    """FalkorDB result values as plain Python: nodes and relationships become dicts."""
    if isinstance(value, Node):
        return {"labels": list(value.labels or []), "properties": {k: plain(v) for k, v in value.properties.items()}}
    if isinstance(value, Edge):
        return {
            "type": value.relation,
            "properties": {k: plain(v) for k, v in value.properties.items()},
        }
    if isinstance(value, FPath):
        return {
            "nodes": [plain(n) for n in value.nodes()],
            "relationships": [plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


class FalkorStore(Store):
    engine = "embedded"

    def __init__(self, data_dir: Path, socket: Path, graph: str = "narrative") -> None:
        self.data_dir = data_dir
        self.socket = socket
        self.graph_name = graph
        self._db = FalkorDB(unix_socket_path=str(socket))
        self._graph = self._db.select_graph(graph)

    @classmethod
    def open(cls, data_dir: Path, graph: str = "narrative") -> "FalkorStore":
        socket = embedded.ensure_running(Path(data_dir))
        return cls(Path(data_dir).expanduser().resolve(), socket, graph)

    # -- statements -------------------------------------------------------------------------------------
    def _run(self, cypher: str, params: Params | None, read_only: bool, trace: bool = True) -> Result:
        check_params(params)
        if trace:
            self._trace(cypher, params)
        try:
            res = self._graph.ro_query(cypher, params) if read_only else self._graph.query(cypher, params)
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailable(
                f"The embedded store at {self.socket} stopped answering ({exc}); "
                "run `narrative db status`, then retry."
            ) from exc
        except redis.exceptions.ResponseError as exc:
            msg = str(exc)
            if read_only and "empty key" in msg:
                # Nothing was ever written to this graph: create it empty so reads see an empty graph.
                self._graph.query("RETURN 1")
                return self._run(cypher, params, read_only)
            if "read-only" in msg:
                msg += " (pass --write to allow writes)"
            raise QueryError(f"Cypher error: {msg}") from exc
        columns = [h[1] for h in (res.header or [])]
        rows = [[plain(v) for v in row] for row in (res.result_set or [])]
        return Result(columns=columns, rows=rows)

    def read(self, cypher: str, params: Params | None = None) -> Result:
        return self._run(cypher, params, read_only=True)

    def write(self, cypher: str, params: Params | None = None) -> Result:
        return self._run(cypher, params, read_only=False)

    def write_atomic(self, statements: Sequence[tuple[str, Params]]) -> None:
        if not statements:
            return
        for cypher, params in statements:
            check_params(params)
            self._trace(cypher, params)
        if len(statements) > 1:
            self._register_names(statements)
            cypher, params = fold_batch(statements)
        else:
            cypher, params = statements[0]
        try:
            self._run(cypher, params, read_only=False, trace=False)
        except QueryError as exc:
            raise QueryError(f"Cypher error in a write batch (nothing of it was written): {exc.__cause__ or exc}") from exc

    def _register_names(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Make every label and relationship type the batch names known to the graph before it is compiled.

        FalkorDB resolves names when it plans a query: a MATCH on a label or type that does not exist yet finds
        nothing, even after an earlier subquery of the same query created it. So the model's names and those the
        statements name are created first, on a node and an edge deleted at once (names stay, data does not).
        """
        labels = {str(x) for x in (*Label, *Derived)}
        types = set(relations.RELATIONS)
        for cypher, _ in statements:
            found_labels, found_types = schema_names(cypher)
            labels |= found_labels
            types |= found_types
        labels -= set(self._run(LIST_LABELS, None, read_only=True, trace=False).value([]))
        types -= set(self._run(LIST_TYPES, None, read_only=True, trace=False).value([]))
        if not labels and not types:
            return
        node = "".join(f":{_quote(x)}" for x in sorted(labels))
        edges = "".join(f", (a)-[:{_quote(t)}]->(b)" for t in sorted(types))
        self._run(f"CREATE (a{node}), (b){edges} WITH a, b DETACH DELETE a, b", None, read_only=False, trace=False)

    # -- schema and maintenance -------------------------------------------------------------------------
    def _existing_indexes(self) -> set[tuple[str, str]]:
        try:
            res = self._graph.ro_query("CALL db.indexes() YIELD label, properties RETURN label, properties")
        except redis.exceptions.ResponseError:
            return set()
        return {(row[0], p) for row in res.result_set for p in row[1]}

    def ensure_schema(self) -> None:
        have = self._existing_indexes()
        wanted = [((str(label), prop), f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                  for label, prop in FALKOR_NODE_INDEXES]
        wanted += [((str(rel), prop), f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.{prop})")
                   for rel, prop in FALKOR_EDGE_INDEXES]
        for key, ddl in wanted:
            if key in have:
                continue
            try:
                self._run(ddl, None, read_only=False)
            except QueryError as exc:
                # FalkorDB has no IF NOT EXISTS: another process may have created it a moment ago.
                if "already indexed" not in str(exc):
                    raise

    def clear(self) -> None:
        try:
            self._graph.delete()
        except redis.exceptions.ResponseError:
            pass  # no such graph yet
        self._graph = self._db.select_graph(self.graph_name)

    def describe(self) -> str:
        return f"embedded FalkorDB (graph '{self.graph_name}', data in {self.data_dir}, socket {self.socket})"

    def close(self) -> None:
        try:
            self._db.connection.close()
        except Exception:  # closing twice or after the server stopped is harmless
            pass
