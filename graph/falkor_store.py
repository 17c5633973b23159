"""The embedded store: FalkorDB in a redis-server we manage (see `graph.embedded`).

Reads go through GRAPH.RO_QUERY, so the engine itself refuses writes in read mode. Atomic batches use a Redis
MULTI/EXEC block: no other client sees half of it, and the append-only file records it as one unit, so a crash
mid-batch replays none of it.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node
from falkordb.path import Path as FPath

from graph import embedded
from graph.errors import QueryError, StoreUnavailable
from graph.schema import FALKOR_EDGE_INDEXES, FALKOR_NODE_INDEXES
from graph.store import Params, Result, Store


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


def _header(params: Params | None) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{k}={stringify_param_value(v)}" for k, v in params.items()) + " "


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
    def _run(self, cypher: str, params: Params | None, read_only: bool) -> Result:
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
        pipe = self._db.connection.pipeline(transaction=True)
        for cypher, params in statements:
            self._trace(cypher, params)
            pipe.execute_command("GRAPH.QUERY", self.graph_name, _header(params) + cypher, "--compact")
        try:
            replies = pipe.execute(raise_on_error=False)
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailable(f"The embedded store at {self.socket} stopped answering ({exc}).") from exc
        errors = [r for r in replies if isinstance(r, Exception)]
        if errors:
            raise QueryError(f"Cypher error in a write batch: {errors[0]}")

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
