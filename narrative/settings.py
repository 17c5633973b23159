"""Where the graph lives, from options first, then the environment, then defaults. Secrets stay in env."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.store import Store, open_store

DEFAULT_DATA_DIR = ".narrative"
DEFAULT_GRAPH = "narrative"


@dataclass
class Settings:
    store: str = "embedded"  # "embedded" or a bolt:// / neo4j:// URL
    data_dir: Path = Path(DEFAULT_DATA_DIR)
    graph: str = DEFAULT_GRAPH

    @classmethod
    def from_env(cls, store: str | None = None, data_dir: str | Path | None = None) -> "Settings":
        return cls(
            store=store or os.environ.get("NARRATIVE_STORE") or "embedded",
            data_dir=Path(data_dir or os.environ.get("NARRATIVE_HOME") or DEFAULT_DATA_DIR),
            graph=os.environ.get("NARRATIVE_GRAPH") or DEFAULT_GRAPH,
        )

    @property
    def embedded(self) -> bool:
        return self.store in ("", "embedded")

    def open(self, ensure_schema: bool = True) -> Store:
        """Open the configured store; Neo4j credentials come only from the environment."""
        return open_store(
            self.store,
            data_dir=self.data_dir,
            graph=self.graph,
            user=os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE"),
            ensure_schema=ensure_schema,
        )
