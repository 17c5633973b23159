"""The Neo4j store: the official driver, for production servers, clusters and Aura.

Reads run in READ-mode sessions inside `execute_read`, so the server itself refuses a write (and a cluster may
route them to a follower). A server that ignores the access mode (ArcadeDB does) is held to it all the same:
a read whose text has a write clause is refused before it is sent (`graph.cypher_text.write_clause`), and one
that the server reports as writing (the summary's query type or update counters: a procedure that writes) is
rolled back and refused. ArcadeDB's EXPLAIN calls every statement a write, so it cannot serve as the check. Writes run as managed transactions (`execute_write`), which the driver retries on
transient errors such as deadlocks and leader switches; a batch from `write_atomic` is one such transaction, so
it lands whole or not at all. Credentials come from the caller (the CLI reads NEO4J_USER / NEO4J_PASSWORD) and
never appear in messages or in `describe()`.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Duration

from graph.cypher_text import check_params, write_clause
from graph.errors import NarrativeError, QueryError, StoreUnavailable
from graph.schema import neo4j_schema_statements
from graph.store import Params, Result, Store

DEFAULT_USER = "neo4j"
#: The local password of `docker-compose.yml` (its NEO4J_PASSWORD default): used only when none is given.
DEFAULT_PASSWORD = "narrative-local"
#: Nodes deleted per transaction by `clear()`, so a big graph never needs one huge transaction.
CLEAR_BATCH = 10_000
#: Seconds to wait for a TCP connection before calling the server unreachable.
CONNECT_TIMEOUT = 10.0

CLEAR_BATCH_CYPHER = "MATCH (n) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS deleted"
#: Statements of this module, for the Cypher linter (`graph.cypher_registry`).
CYPHER_STATEMENTS = (CLEAR_BATCH_CYPHER,)

_START_HINT = "start it with `docker compose up -d --wait` or use the embedded store"

# The driver logs its own account of a failure (e.g. "Unable to retrieve routing information") before raising;
# without a handler Python would print it to stderr next to our one clear line. Apps that configure logging
# still receive it through propagation.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


def plain(value: Any) -> Any:
    """Driver values as plain Python: nodes, relationships and paths become dicts; temporal/spatial become str."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": {k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": {k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {
            "nodes": [plain(n) for n in value.nodes],
            "relationships": [plain(r) for r in value.relationships],
        }
    if isinstance(value, (Point, Duration)):  # tuples underneath, but one value each
        return str(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    return str(value)  # neo4j.time.Date/DateTime/Duration, spatial points, ...: their ISO/WKT-like text


def _public_url(url: str) -> str:
    """The URL without any user:password part, safe to print."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _is_read_only_violation(exc: Neo4jError) -> bool:
    code = exc.code or ""
    return code.endswith("AccessMode") or "ForbiddenOnReadOnlyDatabase" in code or (
        "read access mode" in (exc.message or "").lower()
    )


class _WroteInReadMode(Exception):
    """A read that the server says wrote: raised inside the read transaction so the driver rolls it back."""


class Neo4jStore(Store):
    engine = "neo4j"

    def __init__(self, driver: neo4j.Driver, url: str, user: str, database: str | None) -> None:
        self._driver = driver
        self.url = _public_url(url)
        self.user = user
        self.database = database or None

    @classmethod
    def open(
        cls, url: str, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> "Neo4jStore":
        """Connect and check the server answers and accepts the credentials (one clear error if not)."""
        user = user or DEFAULT_USER
        public = _public_url(url)
        try:
            driver = GraphDatabase.driver(
                url, auth=(user, password or DEFAULT_PASSWORD), connection_timeout=CONNECT_TIMEOUT
            )
        except (ConfigurationError, ValueError) as exc:
            # The driver's message quotes the whole URL, password included: say what is wrong without it.
            if public != url:
                why = "it must not contain user:password (set NEO4J_USER and NEO4J_PASSWORD instead)"
            else:
                why = str(exc).rstrip(".")
            raise NarrativeError(
                f"Bad Neo4j URL {public!r}: {why}. Use bolt://host:7687 or neo4j://host:7687."
            ) from exc
        store = cls(driver, url, user, database)
        try:
            driver.verify_connectivity()
        except AuthError as exc:
            driver.close()
            raise StoreUnavailable(
                f"Neo4j at {public} refused the credentials of user '{user}': "
                "set NEO4J_USER and NEO4J_PASSWORD to the server's user and password."
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            driver.close()
            raise StoreUnavailable(f"Neo4j is not reachable at {public}: {_START_HINT}.") from exc
        except (DriverError, Neo4jError) as exc:
            driver.close()
            raise StoreUnavailable(f"Neo4j at {public} could not be used ({exc}): {_START_HINT}.") from exc
        return store

    # -- statements -------------------------------------------------------------------------------------
    def _session(self, access_mode: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=access_mode)

    def _fail(self, exc: Exception, read_only: bool = False) -> NarrativeError:
        """Our error for a driver error: the message says what to do."""
        if isinstance(exc, AuthError):
            return StoreUnavailable(
                f"Neo4j at {self.url} refused the credentials of user '{self.user}': "
                "set NEO4J_USER and NEO4J_PASSWORD to the server's user and password."
            )
        if isinstance(exc, (ServiceUnavailable, SessionExpired)):
            return StoreUnavailable(f"Neo4j is not reachable at {self.url}: {_START_HINT}.")
        if isinstance(exc, Neo4jError):
            code = exc.code or ""
            if code.endswith("DatabaseNotFound"):
                return StoreUnavailable(
                    f"Neo4j at {self.url} has no database {self.database!r}: set NEO4J_DATABASE to an existing one "
                    "(or unset it for the default database)."
                )
            if read_only and _is_read_only_violation(exc):
                return QueryError(
                    f"Cypher error: this statement writes, and reads run read-only ({exc.message}): "
                    "pass --write to allow writes."
                )
            return QueryError(f"Cypher error: {exc.message or exc}")
        return StoreUnavailable(f"Neo4j at {self.url} failed: {exc}")

    def _run(self, cypher: str, params: Params | None, read_only: bool) -> Result:
        check_params(params)
        clause = write_clause(cypher) if read_only else None
        if clause:
            raise QueryError(f"Cypher error: this statement writes ({clause}), and reads run read-only: "
                             "pass --write to allow writes.")
        self._trace(cypher, params)

        def work(tx: neo4j.ManagedTransaction) -> Result:
            res = tx.run(cypher, params or {})
            columns = list(res.keys())
            rows = [[plain(v) for v in record.values()] for record in res]
            if read_only:
                summary = res.consume()
                counters = summary.counters
                if summary.query_type in ("w", "rw") or counters.contains_updates or counters.contains_system_updates:
                    raise _WroteInReadMode(summary.query_type)  # the transaction function rolls back
            return Result(columns=columns, rows=rows)

        mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        try:
            with self._session(mode) as session:
                return session.execute_read(work) if read_only else session.execute_write(work)
        except _WroteInReadMode as exc:
            raise QueryError(f"Cypher error: the server reports that this statement writes (query type {exc}), "
                             "and reads run read-only, so it was rolled back: pass --write to allow writes.") from None
        except (Neo4jError, DriverError) as exc:
            raise self._fail(exc, read_only=read_only) from exc

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

        def work(tx: neo4j.ManagedTransaction) -> None:
            for cypher, params in statements:
                tx.run(cypher, params or {}).consume()

        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                session.execute_write(work)
        except (Neo4jError, DriverError) as exc:
            err = self._fail(exc)
            if isinstance(err, QueryError):
                err = QueryError(f"Cypher error in a write batch (nothing of it was written): {exc}")
            raise err from exc

    # -- schema and maintenance -------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Constraints and indexes, each IF NOT EXISTS: a no-op when they are there already."""
        for statement in neo4j_schema_statements():
            try:
                self.write(statement)
            except QueryError as exc:
                # An equivalent rule under another name (created by hand) is as good as ours.
                cause = exc.__cause__
                if isinstance(cause, ClientError) and "AlreadyExists" in (cause.code or ""):
                    continue
                raise

    def clear(self) -> None:
        """Delete every node and relationship, in batches so no transaction grows with the graph."""
        while self.write(CLEAR_BATCH_CYPHER, {"batch": CLEAR_BATCH}).value(0):
            pass

    def describe(self) -> str:
        return f"Neo4j at {self.url} (database {self.database or 'default'}, user {self.user})"

    def close(self) -> None:
        try:
            self._driver.close()
        except Exception:  # closing twice is harmless
            pass
