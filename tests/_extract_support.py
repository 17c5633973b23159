"""Shared helpers of the extraction tests: one Extractor per session (loading spaCy is the slow part)."""
from __future__ import annotations

from functools import lru_cache

import pytest

from graph.model import RelType
from loaders.document import Document


@lru_cache(maxsize=1)
def _pipeline():
    from loaders.nlp import load_pipeline

    return load_pipeline()


@lru_cache(maxsize=1)
def _extractor():
    from loaders.extract import Extractor

    return Extractor(nlp=_pipeline())


def extractor():
    """Skips only when no spaCy pipeline is installed; a broken lexicon or dictionary fails the tests loudly."""
    from graph.errors import NarrativeError

    try:
        _pipeline()
    except NarrativeError as exc:
        pytest.skip(f"no spaCy pipeline: {exc}")
    return _extractor()


def run(text: str, date: str | None = "2017-06-12"):
    """The ArticleGraph of a text written for the test."""
    return extractor().extract(Document.from_text(text, id="t", source="t.txt", date=date))


def names(graph) -> dict[str, str]:
    return {a.id: a.name for a in graph.actors}


def rollups(graph) -> dict[str, str]:
    return {a.id: a.rollup for a in graph.actors}


def pairs(graph, rel: RelType, asserted: bool = True) -> set[tuple[str | None, str]]:
    """(source rollup, target rollup) of the statements of one type; CITES sources are None."""
    roll = rollups(graph)
    out = set()
    for s in graph.statements:
        if s.type != rel or (asserted and (s.negated or s.hypothetical)):
            continue
        out.add((roll.get(s.source, s.source) if s.source else None, roll.get(s.target, s.target)))
    return out


def strike_sources(graph) -> set[str]:
    """Rollups of the asserted STRIKES authors."""
    return {s for s, _t in pairs(graph, RelType.STRIKES)}


def strike_targets(graph, source: str) -> set[str]:
    """Rollups struck by one author's asserted STRIKES."""
    return {t for s, t in pairs(graph, RelType.STRIKES) if s == source}


def cited(graph) -> set[str]:
    return {s.target for s in graph.statements if s.type == RelType.CITES}
