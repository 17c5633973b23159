"""Node labels: the closed set of names Cypher text may contain for nodes.

Why a module of its own: the relation table (`graph.relations`) says which labels each type joins, and the data
model (`graph.model`) builds `RelType` from that table, so the labels sit below both and import nothing.
"""
from __future__ import annotations

from enum import Enum


class Label(str, Enum):
    ARTICLE = "Article"
    PUBLICATION = "Publication"
    ACTOR = "Actor"
    EVENT = "Event"
    LOCATION = "Location"

    def __str__(self) -> str:  # so f"{Label.ACTOR}" gives the bare label
        return self.value


class Derived(str, Enum):
    """Labels of derived data (summaries the writer keeps for the reports): never exported, always rebuildable."""

    TALLY = "Tally"

    def __str__(self) -> str:
        return self.value
