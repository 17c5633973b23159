"""The one gateway to a graph database: every Cypher statement of the project goes through a Store.

Two implementations share this interface: the embedded FalkorDB server (default, no Docker needed) and Neo4j
through the official driver (production, clusters, Aura). Callers never see driver objects: results come back
as plain Python values.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Params = dict[str, Any]
#: Optional hook called with (cypher, params) before each statement, for debugging and tests.
Tracer = Callable[[str, Params], None]


@dataclass
class Result:
    """Rows of plain values in column order (nodes and relationships become dicts)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def value(self, default: Any = None) -> Any:
        """The first column of the first row: handy for counts."""
        return self.rows[0][0] if self.rows and self.rows[0] else default

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self.rows)


class Store(ABC):
    """A graph database connection. Use as a context manager so it is closed once."""

    #: "embedded" or "neo4j": lets schema DDL and the few engine differences pick their dialect.
    engine: str = ""
    tracer: Tracer | None = None

    @abstractmethod
    def read(self, cypher: str, params: Params | None = None) -> Result:
        """Run a read-only statement; the engine itself refuses writes."""

    @abstractmethod
    def write(self, cypher: str, params: Params | None = None) -> Result:
        """Run one statement that may write."""

    @abstractmethod
    def write_atomic(self, statements: Sequence[tuple[str, Params]]) -> None:
        """Run several statements so that they all land or none does (one batch of articles)."""

    @abstractmethod
    def ensure_schema(self) -> None:
        """Create constraints/indexes for the natural keys; safe to call on every start."""

    @abstractmethod
    def clear(self) -> None:
        """Delete the whole graph (`narrative db reset`)."""

    @abstractmethod
    def describe(self) -> str:
        """Where the data lives, for `narrative info` (never includes secrets)."""

    def close(self) -> None:  # pragma: no cover - trivial default
        pass

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _trace(self, cypher: str, params: Params | None) -> None:
        if self.tracer is not None:
            self.tracer(cypher, params or {})


def is_bolt_url(store: str | None) -> bool:
    return bool(store) and store.split("://", 1)[0] in {
        "bolt",
        "bolt+s",
        "bolt+ssc",
        "neo4j",
        "neo4j+s",
        "neo4j+ssc",
    }


def open_store(
    store: str | None = None,
    *,
    data_dir: str | Path = ".narrative",
    graph: str = "narrative",
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    ensure_schema: bool = True,
) -> Store:
    """Open the store named by `store`: None/"embedded" for FalkorDB in `data_dir`, or a bolt/neo4j URL."""
    if store in (None, "", "embedded"):
        from graph.falkor_store import FalkorStore

        s: Store = FalkorStore.open(Path(data_dir), graph=graph)
    elif is_bolt_url(store):
        from graph.neo4j_store import Neo4jStore

        s = Neo4jStore.open(store, user=user, password=password, database=database)
    else:
        from graph.errors import NarrativeError

        raise NarrativeError(
            f"Unknown store {store!r}: use 'embedded' or a bolt://, neo4j:// URL "
            "(for example bolt://localhost:7687)."
        )
    if ensure_schema:
        s.ensure_schema()
    return s
