"""The closed vocabulary of the graph and the typed records extraction hands to the writer.

Labels and relationship types are enums so Cypher text only ever contains these names; every user value
travels as a parameter. `ArticleGraph` is the contract between extraction (which knows no database) and the
writer (which knows no NLP); it is also the line format of `narrative extract` record files.
"""
from __future__ import annotations

import hashlib
from enum import Enum
from typing import Literal, get_args

from pydantic import BaseModel, Field, field_validator

from graph import relations
from graph.labels import Derived, Label  # noqa: F401  (they live below the relation table; imported from here too)

#: Version of the record files written by `narrative extract` and read by `narrative load`.
FORMAT_VERSION = 1


class _RelTypeBase(str, Enum):
    """Relationship type names as enum members, so Cypher text only ever contains names from the table."""

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> "_RelTypeBase | None":
        """A type registered in `graph.relations` after this module was imported becomes a member on first use,
        so `RelType("THREATENS")` works like `RelType.ACCUSES` (iterating `RelType` lists only the first ones:
        read the table, `graph.relations.RELATIONS`, for every type)."""
        if not isinstance(value, str) or value not in relations.RELATIONS:
            return None
        member = str.__new__(cls, value)
        member._name_ = member._value_ = value
        cls._value2member_map_[value] = member
        return member


#: One member per row of the relation table at import time (ACCUSES, DENIES, STRIKES, CITES, REPORTS, ...).
RelType = _RelTypeBase("RelType", [(r.type, r.type) for r in relations.RELATIONS.values()], module=__name__)

#: Relationship types that are statements between actors (each edge carries provenance), at import time;
#: `graph.relations.statement_types()` also has the ones registered since.
STATEMENT_TYPES = tuple(RelType(t) for t in relations.statement_types())
#: Every type extraction emits as a statement (CITES has the article as its source), at import time.
EXTRACTED_TYPES = tuple(RelType(t) for t in relations.extracted_types())

ActorKind = Literal[
    "state",
    "government_body",
    "military",
    "armed_group",
    "coalition",
    "international_org",
    "ngo",
    "media",
    "person",
    "group",
    "location",
    "other",
]
#: The kinds in order (the curated dictionary uses all but `location`, which extraction gives to places it
#: finds named as actors); pages colour by them, plots order by them, the synthetic graph draws from them.
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)


def stable_id(*parts: object, n: int = 16) -> str:
    """A short deterministic id, so re-running an ingest produces the same keys."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return h[:n]


class ActorRecord(BaseModel):
    """An actor as stored: dictionary actors have curated ids, discovered ones get `known=False`."""

    id: str
    name: str
    kind: str = "other"
    parent: str | None = None
    rollup: str | None = None  # top-level actor id (follow parent); filled by extraction
    rollup_name: str | None = None
    role: str | None = None  # "foreign minister", "spokesman", ...
    known: bool = True  # from the shipped/user dictionary
    confidence: float = 1.0
    wikidata: str | None = None


class PublicationRecord(BaseModel):
    id: str
    name: str
    domain: str | None = None


class ArticleRecord(BaseModel):
    id: str
    title: str | None = None
    source: str | None = None  # input file name (or record id) the analyst recognises
    url: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    byline: str | None = None
    text_hash: str
    words: int = 0
    publication: str | None = None  # Publication id


class LocationRecord(BaseModel):
    id: str
    name: str
    country: str | None = None  # Location id of the country, when known


class EventRecord(BaseModel):
    """A strike/attack. `id` is local to the article; the writer resolves it to a shared Event."""

    id: str
    kind: str  # "air strike", "shelling", "bombing", "chemical attack", "attack", ...
    date: str | None = None
    location: str | None = None  # LocationRecord id
    killed: int | None = None
    injured: int | None = None
    sentence: str | None = None


class Statement(BaseModel):
    """One extracted statement (ACCUSES, DENIES, STRIKES, CITES, ...) with the evidence that proves it."""

    id: str
    type: RelType
    source: str | None  # actor id; None for CITES (the article is the source)
    target: str  # actor id
    sentence: str
    start: int  # character offsets of the sentence in the article text
    end: int
    trigger: str
    source_text: str | None = None  # the words naming the source / target in the text ("Moscow", "Lavrov")
    target_text: str | None = None
    quote: str | None = None
    speaker: str | None = None  # actor id of the one who says it; None = the article's own voice
    hedged: bool = False
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 1.0
    answers: str | None = None  # DENIES: the id of the statement it answers, when in the same graph
    event: str | None = None  # STRIKES: EventRecord id

    @field_validator("type", mode="before")
    @classmethod
    def _extracted_type(cls, value: object) -> RelType:
        """Any type of the relation table that extraction emits, registered before or after this import."""
        rel = relations.get(getattr(value, "value", value))
        if not rel.extracted:
            known = ", ".join(relations.extracted_types())
            raise ValueError(f"{rel.type} is not a statement type (use one of {known})")
        return RelType(rel.type)


class ArticleGraph(BaseModel):
    """Everything extraction found in one article; the unit of atomic writes."""

    format_version: int = FORMAT_VERSION
    article: ArticleRecord
    publication: PublicationRecord | None = None
    actors: list[ActorRecord] = Field(default_factory=list)  # every actor referenced, with ancestors
    mentions: dict[str, int] = Field(default_factory=dict)  # actor id -> mentions in the article
    locations: list[LocationRecord] = Field(default_factory=list)
    events: list[EventRecord] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
