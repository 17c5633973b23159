"""The one table of relation types: every part of narrative-graph that treats types differently reads it here.

Why a table: the writer, the schema, the exports, the NetworkX projections, the pyvis pages, the CLI's page
names, the evaluation, the synthetic benchmark graph and the report summaries each need to know, per type,
which labels it joins, whether it is a statement with provenance, and what analysts call its network. Kept in
one place, a new relation type (THREATENS, SANCTIONS) is one row here, its lexicon entries, its rule tests and
its README line; nothing else lists types by hand.

`register` adds a row at run time (a plugin, or the test that shows a dummy type flowing end to end). Modules
build their Cypher from the table when they are imported, so register a type before importing them.
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.model import Label

A, ART, PUB, EV, LOC = Label.ACTOR, Label.ARTICLE, Label.PUBLICATION, Label.EVENT, Label.LOCATION


@dataclass(frozen=True)
class Relation:
    """One relationship type and how every layer treats it."""

    type: str  # the relationship type in the graph, upper case
    ends: tuple[tuple[Label, Label], ...]  # (from label, to label) pairs it may join
    #: A statement between two actors: one edge per statement keyed by `id`, with its sentence and flags;
    #: it has a network, pair and day summaries, and a page.
    statement: bool = False
    #: Emitted by extraction as a `Statement` (the actor statements plus CITES, whose source is the article).
    extracted: bool = False
    network: str | None = None  # CLI name of its network, page and summaries ("accusations")
    verb: str | None = None  # how one edge reads on a page ("accuses")
    title: str | None = None  # page heading ("Who accuses whom")
    #: Statement properties whose change marks the edge's event as changed (STRIKES: `event`).
    event_key: str | None = None

    @property
    def keyed(self) -> bool:
        """One edge per statement, carrying the statement's `id` (merged on it, indexed on it)."""
        return self.extracted


RELATIONS: dict[str, Relation] = {}


def register(rel: Relation) -> Relation:
    """Add a relation type (or replace the row of one with the same name)."""
    if not rel.type.isidentifier() or rel.type.upper() != rel.type:
        raise ValueError(f"relation type {rel.type!r}: use an upper-case identifier such as THREATENS")
    if rel.statement and not (rel.extracted and rel.network and rel.ends == ((A, A),)):
        raise ValueError(f"relation type {rel.type}: a statement is extracted, joins actors and names its network")
    RELATIONS[rel.type] = rel
    return rel


for _row in (
    Relation("ACCUSES", ((A, A),), statement=True, extracted=True, network="accusations", verb="accuses",
             title="Who accuses whom"),
    Relation("DENIES", ((A, A),), statement=True, extracted=True, network="denials", verb="denies",
             title="Who denies whom"),
    Relation("STRIKES", ((A, A),), statement=True, extracted=True, network="strikes", verb="strikes",
             title="Who strikes whom", event_key="event"),
    Relation("CITES", ((ART, A),), extracted=True, network="citations", verb="cites",
             title="Which outlets cite which sources"),
    Relation("REPORTS", ((ART, EV),)),
    Relation("MENTIONS", ((ART, A),)),
    Relation("PUBLISHED", ((PUB, ART),)),
    Relation("PART_OF", ((A, A), (LOC, LOC))),
    Relation("IN", ((EV, LOC), (ART, LOC))),
):
    register(_row)


def get(name: str) -> Relation:
    try:
        return RELATIONS[str(name)]
    except KeyError:
        raise ValueError(f"unknown relation type {name!r}; known: {', '.join(RELATIONS)}") from None


def statement_types() -> tuple[str, ...]:
    """Actor -> actor statements (ACCUSES, DENIES, STRIKES, ...), in table order."""
    return tuple(r.type for r in RELATIONS.values() if r.statement)


def extracted_types() -> tuple[str, ...]:
    """Every type extraction emits as a statement: the actor statements and CITES."""
    return tuple(r.type for r in RELATIONS.values() if r.extracted)


def networks() -> dict[str, str]:
    """Network / page name -> relation type, for every type that has one."""
    return {r.network: r.type for r in RELATIONS.values() if r.network}


def by_network(name: str) -> Relation:
    for r in RELATIONS.values():
        if r.network == name:
            return r
    raise ValueError(f"unknown network {name!r}; known: {', '.join(networks())}")
