"""The attribute ruler as array lookups (loaders/extract/attribute_table.py) and the rule lemmatizer with sets and
a memo (loaders/extract/lemma_table.py) set what spaCy's own components set, on every token, and the focused
parse uses them."""
from __future__ import annotations

import pytest
from _extract_support import extractor
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler, Lemmatizer

from loaders.extract.attribute_table import AttributeTable, compile_ruler
from loaders.extract.lemma_table import LemmaTable, compile_lemmatizer

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


def _before(nlp, texts, name="attribute_ruler"):
    names = nlp.pipe_names
    return list(nlp.pipe(texts, disable=names[names.index(name):]))


def _before_ruler(nlp, texts):
    return _before(nlp, texts)


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


# Inflected and uninflected words of several parts of speech, unknown words, capitals, repeats (the memo).
LEMMA_TEXTS = TEXTS + [
    "The ministries' spokeswomen denied that soldiers had been shelling villages; the villagers were fleeing.",
    "Grumblingly, the Zorvathians blorked their flimmering ships, and the ships blorked back harder, fastest.",
    "She sang, he sings, they had sung; geese, mice and oxen ran happier than the children's ponies ran.",
]


def test_the_lemma_table_gives_every_token_the_lemmatizer_s_lemma():
    nlp = extractor().nlp
    lem = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if not isinstance(lem, Lemmatizer) or lem.mode != "rule":
        pytest.skip("the installed pipeline has no rule lemmatizer")
    table = compile_lemmatizer(lem)
    assert isinstance(table, LemmaTable)
    want = list(lem.pipe(_before(nlp, LEMMA_TEXTS, "lemmatizer")))
    for _ in range(2):  # the second pass answers from the memo
        got = list(table.pipe(_before(nlp, LEMMA_TEXTS, "lemmatizer")))
        for w, g in zip(want, got):
            assert [t.lemma_ for t in g] == [t.lemma_ for t in w], [
                (a.text, a.pos_, a.lemma_, b.lemma_) for a, b in zip(w, g) if a.lemma_ != b.lemma_]
    lemmas = {t.lemma_ for d in want for t in d}
    assert {"ministry", "deny", "shell", "mouse", "sing"} <= lemmas  # the rules did work
    assert table.memo


def test_a_lemmatizer_the_table_cannot_reproduce_is_left_to_spacy():
    nlp = extractor().nlp
    lookup = Lemmatizer(nlp.vocab, None, mode="lookup")
    assert compile_lemmatizer(lookup) is None
    assert compile_lemmatizer(object()) is None

    class Custom(Lemmatizer):
        def rule_lemmatize(self, token):
            return [token.text]

    assert compile_lemmatizer(Custom(nlp.vocab, None, mode="rule")) is None


def test_the_focused_parse_runs_the_tables_in_place_of_spacy_s_components():
    ex = extractor()
    if ex.parser is ex.nlp:
        pytest.skip("the installed pipeline has no senter: everything is parsed")
    focused = ex.parser.get_pipe("narrative_focused_parse")
    kinds = [type(c) for c in focused.components]
    assert AttributeTable in kinds and AttributeRuler not in kinds
    assert LemmaTable in kinds and not any(issubclass(k, Lemmatizer) for k in kinds)
    assert len(kinds) == len(ex.nlp.pipeline)


def test_the_memos_are_bounded_and_forgetting_changes_nothing(monkeypatch):
    from loaders.extract import attribute_table, lemma_table

    nlp = extractor().nlp
    lem = compile_lemmatizer(nlp.get_pipe("lemmatizer")) if "lemmatizer" in nlp.pipe_names else None
    ruler = compile_ruler(nlp.get_pipe("attribute_ruler")) if "attribute_ruler" in nlp.pipe_names else None
    if lem is None or ruler is None:
        pytest.skip("the installed pipeline has no rule lemmatizer or attribute ruler")
    monkeypatch.setattr(lemma_table, "MEMO_LIMIT", 5)
    monkeypatch.setattr(attribute_table, "REGEX_MEMO_LIMIT", 5)
    want = [[t.lemma_ for t in d] for d in nlp.pipe(LEMMA_TEXTS)]
    docs = _before(nlp, LEMMA_TEXTS, "attribute_ruler")
    # one doc at a time: each fills the memos past their limit, and the next clears them first
    got = [[t.lemma_ for t in lem(ruler(d))] for d in docs]
    assert got == want
    assert len(lem.memo) <= max(len(d) for d in docs)
    regex_tests = sum(t.op == "regex" for r in ruler.rules for alt in r.alternatives for tok in alt for t in tok)
    assert len(ruler._regex_cache) <= 5 + regex_tests * max(len(d) for d in docs)
