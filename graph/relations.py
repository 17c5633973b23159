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

import re
from dataclasses import dataclass, replace

from graph.labels import Label

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


#: Names a network may not take: the actor page and the combined statement network have them.
RESERVED_NETWORKS = frozenset({"actor", "statements"})
_NETWORK_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def register(rel: Relation) -> Relation:
    """Add a relation type (or replace the row of one with the same name); a row the layers cannot treat is refused.

    An extracted type joins two actors (then it is a statement, with a network) or an article to an actor (as
    CITES does); `verb` and `title` default to the lower-case type ("threatens", "Who threatens whom").
    """
    if not rel.type.isidentifier() or rel.type.upper() != rel.type:
        raise ValueError(f"relation type {rel.type!r}: use an upper-case identifier such as THREATENS")
    if not rel.ends or not all(len(p) == 2 and all(isinstance(x, Label) for x in p) for p in rel.ends):
        raise ValueError(f"relation type {rel.type}: `ends` must be (from label, to label) pairs of graph labels")
    if rel.statement and not (rel.extracted and rel.network and rel.ends == ((A, A),)):
        raise ValueError(f"relation type {rel.type}: a statement is extracted, joins actors and names its network")
    if rel.extracted and not rel.statement and rel.ends != ((ART, A),):
        raise ValueError(f"relation type {rel.type}: an extracted type is a statement between actors "
                         "(statement=True) or joins an article to an actor, as CITES does")
    if rel.network is not None:
        taken = next((r.type for r in RELATIONS.values() if r.network == rel.network and r.type != rel.type), None)
        if not _NETWORK_NAME.match(rel.network) or rel.network in RESERVED_NETWORKS or taken:
            why = f"already the network of {taken}" if taken else "use a free lower-case name such as threats"
            raise ValueError(f"relation type {rel.type}: network {rel.network!r}: {why}")
        if not rel.extracted:
            raise ValueError(f"relation type {rel.type}: only extracted types have a network")
    if rel.event_key and not rel.statement:
        raise ValueError(f"relation type {rel.type}: only a statement has an event key")
    if rel.network and not (rel.verb and rel.title):
        verb = rel.verb or rel.type.lower()
        rel = replace(rel, verb=verb, title=rel.title or f"Who {verb} whom")
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
             title="Which sources each publication cites"),
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


def article_types() -> tuple[str, ...]:
    """Extracted types whose source is the article itself (CITES): the edge starts at the Article."""
    return tuple(r.type for r in RELATIONS.values() if r.extracted and not r.statement)


def keyed_types() -> tuple[str, ...]:
    """Types with one edge per statement, merged and indexed on the statement's `id`."""
    return tuple(r.type for r in RELATIONS.values() if r.keyed)


def starting_at(label: Label) -> tuple[str, ...]:
    """Types whose edges may start at a node of `label` (what an Article's rewrite must delete, for one)."""
    return tuple(r.type for r in RELATIONS.values() if any(start == label for start, _ in r.ends))


def verb(name: str) -> str:
    """How one edge of the type reads on a page ("accuses"); the lower-case name for a type without a verb."""
    rel = RELATIONS.get(str(name))
    return (rel.verb if rel and rel.verb else str(name).lower())
