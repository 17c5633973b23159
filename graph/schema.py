"""Natural keys and the indexes/constraints that make MERGE on them fast and unique, per engine.

DDL is the one place the two engines differ: Neo4j gets uniqueness constraints (IF NOT EXISTS), FalkorDB gets
range indexes (created only when missing, since it has no IF NOT EXISTS).
"""
from __future__ import annotations

from graph import relations
from graph.model import Derived, Label, RelType

#: (label, key property): the natural key MERGE uses for every node label.
NODE_KEYS: tuple[tuple[Label, str], ...] = (
    (Label.ARTICLE, "id"),
    (Label.PUBLICATION, "id"),
    (Label.ACTOR, "id"),
    (Label.EVENT, "id"),
    (Label.LOCATION, "id"),
)

#: Report summaries (graph/tallies): found by id when the writer updates them, by family when a report reads.
DERIVED_KEYS: tuple[tuple[Derived, str], ...] = ((Derived.TALLY, "id"),)
DERIVED_LOOKUPS: tuple[tuple[Derived, str], ...] = ((Derived.TALLY, "family"),)

#: Secondary lookups used by reports and the event resolver.
NODE_LOOKUPS: tuple[tuple[Label, str], ...] = (
    (Label.ACTOR, "rollup"),
    (Label.ACTOR, "name"),
    (Label.ARTICLE, "date"),
    (Label.ARTICLE, "text_hash"),
    (Label.EVENT, "kind"),
    (Label.LOCATION, "name"),
)

#: Statement edges are keyed by their own id and found again by article when an article changes; a type with an
#: event key (STRIKES) also by event, for the statements that tell of an event whose toll or existence changed.
EDGE_LOOKUPS: tuple[tuple[RelType, str], ...] = tuple(
    (RelType(t), prop) for t in relations.keyed_types() for prop in ("id", "article")
) + tuple((RelType(r.type), r.event_key) for r in relations.RELATIONS.values() if r.event_key)

FALKOR_NODE_INDEXES = NODE_KEYS + NODE_LOOKUPS + DERIVED_KEYS + DERIVED_LOOKUPS
FALKOR_EDGE_INDEXES = EDGE_LOOKUPS


def neo4j_schema_statements() -> list[str]:
    """Idempotent Neo4j 5 DDL: uniqueness constraints on keys, range indexes on lookups."""
    out = [
        f"CREATE CONSTRAINT {label.value.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
        for label, prop in NODE_KEYS + DERIVED_KEYS
    ]
    out += [
        f"CREATE INDEX {label.value.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, prop in NODE_LOOKUPS + DERIVED_LOOKUPS
    ]
    out += [
        f"CREATE INDEX {rel.value.lower()}_{prop} IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.{prop})"
        for rel, prop in EDGE_LOOKUPS
    ]
    return out


def falkor_schema_statements() -> list[str]:
    """FalkorDB DDL (also valid Neo4j syntax, so the linter checks it)."""
    return [f"CREATE INDEX FOR (n:{label}) ON (n.{prop})" for label, prop in FALKOR_NODE_INDEXES] + [
        f"CREATE INDEX FOR ()-[r:{rel}]-() ON (r.{prop})" for rel, prop in FALKOR_EDGE_INDEXES
    ]
