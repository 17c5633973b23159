"""The intermediate form every pattern family produces, before provenance and ids are attached."""
from __future__ import annotations

from dataclasses import dataclass

from graph.model import RelType
from loaders.extract.resolve import Ref


@dataclass
class Raw:
    type: RelType
    source: Ref | None  # None for CITES (the article is the source)
    target: Ref
    trigger: object  # spaCy token
    confidence: float = 0.8
    speaker: Ref | None = None
    kind_hint: str | None = None  # event kind for STRIKES
    accusers: tuple = ()  # DENIES: the refs whose claim is denied
