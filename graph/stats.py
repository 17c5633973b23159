"""Counts per label and relationship type, for `narrative info` and ingest summaries."""
from __future__ import annotations

from graph import relations
from graph.model import Label, RelType
from graph.store import Store

COUNT_LABEL = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in Label}
COUNT_REL = {rel: f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n" for rel in map(RelType, relations.RELATIONS)}


def counts(store: Store) -> dict[str, dict[str, int]]:
    return {
        "nodes": {label.value: int(store.read(q).value(0)) for label, q in COUNT_LABEL.items()},
        "relationships": {rel.value: int(store.read(q).value(0)) for rel, q in COUNT_REL.items()},
    }
