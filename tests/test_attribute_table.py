"""The attribute ruler as array lookups (loaders/extract/attribute_table.py) sets what spaCy's own ruler sets, on
every token, and the focused parse uses it."""
from __future__ import annotations

import pytest
from _extract_support import extractor
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from loaders.extract.attribute_table import AttributeTable, compile_ruler

# Written for this test: contractions, "gonna", "let's", auxiliaries, pronouns as objects, expletive "there",
# determiners used as pronouns, line breaks and runs of spaces, which the model's exception patterns are about.
TEXTS = [
    "The minister said that the army isn't gonna withdraw, and let's be clear: they've not won.\n\nI'm told "
    "there are two ways.",
    "Who gave it to you?  She asked me whether that was true, though nobody knew.  Y'all gotta come on.",
    "He doesn't have to go; we did have doubts, but this is what they had wanted all along.\n",
    "Officials in  Kyiv   accused Moscow of shelling the city on Tuesday, which it denied.\n\n\nThat's all.",
    "Ain't nobody got time for that, c'mon, said the man who'd been waiting since 9am.",
    "",
]


def _pipeline():
    nlp = extractor().nlp
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        pytest.skip("the installed pipeline has no attribute ruler")
    return nlp, ruler


def _before_ruler(nlp, texts):
    names = nlp.pipe_names
    later = names[names.index("attribute_ruler"):]
    return list(nlp.pipe(texts, disable=later))


COLS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


def test_the_table_sets_exactly_what_the_ruler_sets():
    nlp, ruler = _pipeline()
    table = compile_ruler(ruler)
    assert isinstance(table, AttributeTable)
    want = list(ruler.pipe(_before_ruler(nlp, TEXTS)))
    got = list(table.pipe(_before_ruler(nlp, TEXTS), batch_size=4))  # batches of several docs, and a lone one
    changed = 0
    for w, g in zip(want, got):
        assert [t.text for t in w] == [t.text for t in g]
        assert (w.to_array(COLS) == g.to_array(COLS)).all(), [
            (a.text, a.pos_, b.pos_, str(a.morph), str(b.morph), a.lemma_, b.lemma_)
            for a, b in zip(w, g) if (a.pos_, str(a.morph), a.lemma_) != (b.pos_, str(b.morph), b.lemma_)]
        changed += sum(1 for t in w if t.pos_)
    assert changed > 50  # the ruler did set POS on these texts: the comparison compared something
    one = table(_before_ruler(nlp, TEXTS[:1])[0])
    assert (one.to_array(COLS) == want[0].to_array(COLS)).all()


def test_a_ruler_with_a_pattern_the_table_cannot_reproduce_is_left_to_spacy():
    nlp, _ = _pipeline()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "war"}, {"LOWER": "crime", "OP": "?"}]], {"LEMMA": "war"})
    assert compile_ruler(ruler) is None
    norm = AttributeRuler(nlp.vocab)
    norm.add([[{"LOWER": "war"}]], {"NORM": "conflict"})  # NORM is also written on the lexeme: not a plain field
    assert compile_ruler(norm) is None
    entity = AttributeRuler(nlp.vocab)
    entity.add([[{"ENT_TYPE": "GPE"}]], {"POS": "PROPN"})  # an attribute the table does not read
    assert compile_ruler(entity) is None
    assert compile_ruler(object()) is None


def test_a_later_pattern_overrides_an_earlier_one_as_in_spacy():
    nlp, _ = _pipeline()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "strikes"}]], {"LEMMA": "first", "POS": "NOUN"})
    ruler.add([[{"LOWER": {"IN": ["strikes", "raids"]}}]], {"LEMMA": "second"})
    ruler.add([[{"LOWER": "air"}, {"LOWER": {"REGEX": "^str"}}]], {"LEMMA": "third"}, index=-1)
    table = compile_ruler(ruler)
    assert table is not None
    text = "Air strikes and raids hit the town; strikes followed."
    want, got = ruler(nlp.make_doc(text)), table(nlp.make_doc(text))
    assert [t.lemma_ for t in got] == [t.lemma_ for t in want]
    assert [t.pos_ for t in got] == [t.pos_ for t in want]
    assert [t.lemma_ for t in got if t.lower_ == "strikes"] == ["third", "second"]


def test_the_focused_parse_runs_the_table_in_place_of_the_ruler():
    ex = extractor()
    if ex.parser is ex.nlp:
        pytest.skip("the installed pipeline has no senter: everything is parsed")
    focused = ex.parser.get_pipe("narrative_focused_parse")
    kinds = [type(c) for c in focused.components]
    assert AttributeTable in kinds and AttributeRuler not in kinds
    assert len(kinds) == len(ex.nlp.pipeline)
