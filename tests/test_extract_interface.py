"""The interface the ingest pipeline calls, and provenance on every statement."""
from __future__ import annotations

from _extract_support import extractor, run

from graph.model import ArticleGraph, RelType
from loaders.document import Document
from loaders.evaluate import statements_to_rows

TEXT = ("Russian jets bomb rebels near Idlib\n\n"
        "Russian jets bombed rebel positions near Idlib on Friday, killing 9 fighters, the defence ministry said. "
        "\"The terrorists were destroyed,\" said Russian Defence Ministry spokesman Igor Konashenkov. "
        "Rebels said the strikes reportedly hit a hospital.")


def test_extract_many_keeps_order_and_pairs_documents():
    docs = [Document.from_text(TEXT, id=f"d{i}") for i in range(3)]
    out = list(extractor().extract_many(docs, batch_size=2))
    assert [d.id for d, _ in out] == ["d0", "d1", "d2"]
    assert all(isinstance(g, ArticleGraph) and g.article.id == d.id for d, g in out)


def test_every_statement_carries_its_evidence():
    g = run(TEXT)
    text = Document.from_text(TEXT, id="t").text
    assert g.statements
    for s in g.statements:
        assert s.sentence == text[s.start:s.end].strip()
        assert s.trigger and s.trigger in s.sentence
        assert 0 < s.confidence <= 1
        if s.type == RelType.CITES:
            assert s.source is None and s.speaker == s.target
    quoted = [s for s in g.statements if s.quote]
    assert quoted and all(s.quote in text for s in quoted)


def test_hedge_is_flagged():
    g = run("Rebels said Russian strikes reportedly hit a hospital in Idlib.")
    st = [s for s in g.statements if s.type == RelType.STRIKES]
    assert st and all(s.hedged for s in st)


def test_headline_is_its_own_sentence():
    g = run(TEXT)
    assert any(s.sentence == "Russian jets bomb rebels near Idlib" for s in g.statements)
    assert all("\n" not in s.sentence for s in g.statements)


def test_rows_for_the_scorer():
    g = run(TEXT)
    rows = statements_to_rows(g)
    assert rows
    for r in rows:
        assert r["article"] == "t.txt"
        assert set(r) >= {"article", "type", "source", "target", "sentence", "trigger", "hedged", "confidence"}
        if r["type"] == "CITES":
            assert r["source"] == {"name": "article"}
        else:
            assert set(r["source"]) == {"name", "kind", "rollup"}
        assert r["target"]["rollup"]
