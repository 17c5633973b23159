"""Focused parsing (loaders/extract/focus.py): only the sentences the rules read are parsed, and what extraction
finds in them is what a full parse finds."""
from __future__ import annotations

from functools import lru_cache

import pytest
from _extract_support import extractor

from loaders.document import Document
from loaders.extract import focus

FILLER = ("The weather stayed mild for most of the week. Few shops in the old quarter opened early. "
          "A new bridge over the river is due to open next spring. ")

STORY = ("Tony Marwick, the chairman of Halvard Shipping, arrived in the capital on Monday. "
         + FILLER +
         "Mr Marwick said the company would expand its fleet. "
         "Russian jets bombed rebel positions near Idlib on Friday, the defence ministry said. "
         + FILLER +
         "The United Nations accused the Syrian government of shelling a market. "
         "He said the talks were over.")


@lru_cache(maxsize=1)
def _full():
    from loaders.extract import Extractor

    return Extractor(nlp=extractor().nlp, parse_all=True)


def focused():
    ex = extractor()
    if ex.parser is ex.nlp:
        pytest.skip("the installed pipeline has no senter: everything is parsed")
    return ex


def component(ex):
    return ex.parser.get_pipe("narrative_focused_parse")


def rows(graph):
    return sorted((s.id, s.type.value, s.source, s.target, s.start, s.end, s.trigger, s.quote, s.speaker,
                   s.negated, s.hypothetical, s.event) for s in graph.statements)


def doc_of(text: str, id: str = "t") -> Document:
    return Document.from_text(text, id=id, source=f"{id}.txt", date="2017-06-12")


def test_filler_sentences_are_not_parsed_and_keep_their_boundaries():
    ex = focused()
    text = doc_of(STORY).text
    sdoc = ex.parser(text)
    assert sdoc.text == text
    filler = [s for s in sdoc.sents if s.text.strip().startswith(("The weather", "Few shops", "A new bridge"))]
    assert len(filler) == 6  # every filler sentence is still a sentence of its own
    for s in filler:
        assert all(t.lemma_ == "" and t.tag_ == "" and t.ent_type_ == "" for t in s)
    parsed = next(s for s in sdoc.sents if s.text.startswith("Russian jets"))
    assert parsed.root.lemma_ == "say" and any(t.dep_ == "nsubj" for t in parsed)
    assert any(e.label_ == "DATE" for e in parsed.ents)


def test_focused_extraction_equals_the_full_parse():
    ex = focused()
    d = doc_of(STORY)
    got, want = ex.extract(d), _full().extract(d)
    assert want.statements  # the story has something to find
    assert rows(got) == rows(want)
    assert sorted(a.id for a in got.actors) == sorted(a.id for a in want.actors)
    text = d.text
    for s in got.statements:
        assert s.sentence == text[s.start:s.end].strip()  # offsets index the original text


def test_a_name_met_earlier_comes_with_the_sentence_that_uses_it():
    ex = focused()
    sdoc, runs = component(ex).plan(doc_of(STORY).text)
    parsed = {t.i for a, b in runs for t in sdoc[a:b]}
    first = next(s for s in sdoc.sents if s.text.startswith("Tony Marwick"))
    assert first.start in parsed  # "Mr Marwick said" needs "Tony Marwick" (and his title) to know who he is
    weather = next(s for s in sdoc.sents if s.text.startswith("The weather"))
    assert weather.start not in parsed


def test_a_pronoun_brings_the_sentences_before_it():
    ex = focused()
    text = ("Maria Kovalenko chaired the meeting in Vienna. The hall was full. Coffee was served at noon. "
            "She said Russian forces had shelled the town.")
    sdoc, runs = component(ex).plan(text)
    parsed = {t.i for a, b in runs for t in sdoc[a:b]}
    assert 0 in parsed  # the antecedent, three sentences back
    d = doc_of(text)
    assert rows(ex.extract(d)) == rows(_full().extract(d))


def test_a_statement_in_the_first_person_is_parsed_for_its_issuer():
    ex = focused()
    text = ("The Ministry of Foreign Affairs of Freedonia issued the following statement.\n\n"
            "We are following events in the region closely. Our embassy remains open. "
            "The Ministry calls on all parties to respect the ceasefire.")
    sdoc, runs = component(ex).plan(text)
    assert sum(b - a for a, b in runs) == len(sdoc)
    d = doc_of(text)
    assert rows(ex.extract(d)) == rows(_full().extract(d))


def test_parse_all_switch(monkeypatch):
    from loaders.extract import Extractor

    monkeypatch.setenv(focus.PARSE_ALL_ENV, "1")
    ex = Extractor(nlp=extractor().nlp)
    assert ex.parser is ex.nlp
    monkeypatch.setenv(focus.PARSE_ALL_ENV, "0")
    nlp = extractor().nlp
    if "senter" in nlp.component_names and "parser" in nlp.pipe_names:
        assert Extractor(nlp=nlp).parser is not nlp
    assert Extractor(nlp=nlp, parse_all=True).parser is nlp


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "Hello.", "Russia denied it", FILLER])
def test_odd_texts_parse(text):
    ex = focused()
    sdoc = ex.parser(text)
    assert sdoc.text == text
    if len(sdoc):
        assert "".join(s.text_with_ws for s in sdoc.sents) == text


def test_worker_processes_give_the_same_graphs():
    ex = focused()
    docs = [doc_of(STORY, id=f"s{i}") for i in range(3)] + [doc_of(FILLER, id="f")]
    one = [(d.id, rows(g)) for d, g in ex.extract_many(docs, batch_size=2, n_process=1)]
    two = [(d.id, rows(g)) for d, g in ex.extract_many(docs, batch_size=2, n_process=2)]
    assert one == two
