"""Parse only what extraction reads: the sentences that hold a trigger, an actor's name or the article's own voice.

Why: the rules never look at a sentence that has no trigger word, no actor and no first-person voice, yet a
plain `nlp.pipe` pays the tagger, parser, lemmatizer and NER for every token of it. A cheap first pass
(tokenizer, the line-break rule and the pipeline's small `senter`) cuts the text into sentences; the compiled
trigger and alias matchers pick the ones extraction needs; the full pipeline parses each run of picked sentences
as a document of its own, and the result is copied back into the full-text `Doc`. Token indices and character
offsets therefore stay those of the original text. Skipped sentences keep their boundaries (a flat tree under
their first token, labelled `dep`) but carry no tags, lemmas or entities.

Context the rules carry across sentences stays within reach (see `Selector`): a pronoun or a definite
description ("the ministry", "he") brings the earlier sentences that may name whom it means, a short name brings
the sentence with the full name, and a text that may be an official statement in the first person (its issuer is
counted over the whole text) brings every sentence that may name a body. `$NARRATIVE_PARSE_ALL=1` (or
`Extractor(parse_all=True)`) parses everything: the reference to compare with.
"""
from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IS_STOP, IS_TITLE, IS_UPPER, LEMMA, LENGTH, LOWER, MORPH,
                         ORTH, POS, SENT_START, SPACY, TAG)
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from loaders.extract.attribute_table import compile_ruler
from loaders.extract.lemma_table import compile_lemmatizer
from loaders.extract.lexicon import load_lexicon
from loaders.extract.pronouns import FIRST_PERSON, PRONOUNS
from loaders.extract.resolve import DEFINITE
from loaders.extract.voice import CREDIT_RE, find_quotes

#: Set to 1 to parse every sentence (the reference behaviour; the benchmark's check).
PARSE_ALL_ENV = "NARRATIVE_PARSE_ALL"
COPIED = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
VOICE_WORDS = load_lexicon().words("mention", "voice_words")


def parse_all_default() -> bool:
    return os.environ.get(PARSE_ALL_ENV, "").strip().lower() in ("1", "true", "yes", "on")


#: Capitalised words that start names of nobody ("Mr Blair": "Blair" is the name).
HONORIFICS = load_lexicon().exact("mention", "honorifics")
PRONOUN_BACK = 3  # resolve.coref looks three sentences back
DEFINITE_BACK = 5  # resolve.definite ("the ministry") five


class Selector:
    """Which sentences of a tokenized, segmented doc the rules can read (token ranges to parse).

    A sentence is parsed when it holds a trigger, a dictionary actor or a cue of voice ("according to", a colon
    early in the line, a credit line). With it go the sentences before it that may name whom its pronouns and
    descriptions point to (a capitalised word, within the distance the resolver looks back), and every earlier
    sentence with a full name that ends in a capitalised word it has ("Mr Blair said" needs "Tony Blair", and
    his title, to know who he is). When the text may be an official statement in the first person (the issuer
    rule), its first-person sentences and every sentence that may name a body go too.

    Every test is an array lookup over the tokens' ids: the selection must cost far less than the parse it saves.
    """

    def __init__(self, vocab, triggers, alias_matchers, actor_keys) -> None:
        self.triggers = triggers  # engine.TriggerTable
        self.aliases = alias_matchers
        self.actor_keys = actor_keys

        def ids(words) -> numpy.ndarray:
            return numpy.array(sorted({vocab.strings.add(w) for w in words}), dtype="uint64")

        self.voice = ids(VOICE_WORDS)
        self.colon = vocab.strings.add(":")
        self.pronouns = ids(PRONOUNS - FIRST_PERSON)
        self.definite = ids(DEFINITE)
        self.first = ids(FIRST_PERSON)
        self.us = vocab.strings.add("US")
        self.honorifics = ids(HONORIFICS)

    def runs(self, doc: Doc) -> list[tuple[int, int]]:
        n = len(doc)
        if not n:
            return []
        arr = doc.to_array([SENT_START, LOWER, ORTH, IS_TITLE, IS_UPPER, IS_STOP, LENGTH])
        starts_mask = arr[:, 0].astype("int64") == 1
        starts_mask[0] = True
        sid = numpy.cumsum(starts_mask) - 1
        starts = numpy.flatnonzero(starts_mask)
        k_sents = len(starts)
        if k_sents == 1:
            return [(0, n)]
        lower, orth = arr[:, 1], arr[:, 2]
        offset = numpy.arange(n) - starts[sid]  # position inside the sentence
        need = numpy.zeros(k_sents, dtype=bool)
        hit = numpy.isin(lower, self.triggers.any) | numpy.isin(lower, self.voice) | (
            (orth == self.colon) & (offset < 8))
        need[sid[hit]] = True
        for m in self.aliases:
            for key, s, _e in m(doc):
                if key in self.actor_keys:
                    need[sid[s]] = True
        text = doc.text
        for m in CREDIT_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span):
                need[sid[span.start]:sid[span.end - 1] + 1] = True
        # a capitalised word that may name someone: not "Mr", not a sentence's first word if that is a stop word
        name = ((arr[:, 3] == 1) & ~numpy.isin(orth, self.honorifics)) | ((arr[:, 4] == 1) & (arr[:, 6] >= 2))
        name &= (offset > 0) | (arr[:, 5] == 0)
        has_name = numpy.zeros(k_sents, dtype=bool)
        has_name[sid[name]] = True
        picked = need.copy()
        # an official statement speaks in the first person: its issuer is whoever is most often its subject
        fp_tokens = numpy.flatnonzero(numpy.isin(lower, self.first) & (orth != self.us))
        if len(fp_tokens):
            quotes = find_quotes(text)
            qstarts = [q[0] for q in quotes]
            fp = set()
            for i in fp_tokens.tolist():
                idx = doc[i].idx
                q = bisect_right(qstarts, idx) - 1
                if not (q >= 0 and quotes[q][0] <= idx < quotes[q][1]):
                    fp.add(int(sid[i]))
            if len(fp) >= 2 or (fp and min(fp) <= 3):
                picked[sorted(fp)] = True
                picked |= has_name
        # antecedents of pronouns and definite descriptions in the needed sentences
        for ids, back in ((self.pronouns, PRONOUN_BACK), (self.definite, DEFINITE_BACK)):
            for k in numpy.unique(sid[numpy.isin(lower, ids)]).tolist():
                if need[k]:
                    lo = max(0, k - back)
                    picked[lo:k] |= has_name[lo:k]
        # earlier full names whose last word a needed sentence uses
        tail = name & numpy.concatenate(([False], name[:-1])) & (offset > 0)
        if tail.any():
            first_tail: dict[int, int] = {}
            for i in numpy.flatnonzero(tail).tolist():
                first_tail.setdefault(int(lower[i]), int(sid[i]))
            for i in numpy.flatnonzero(name & need[sid]).tolist():
                j = first_tail.get(int(lower[i]))
                if j is not None and j < sid[i]:
                    picked[j] = True
        runs: list[tuple[int, int]] = []
        ends = numpy.append(starts[1:], n)
        for k in numpy.flatnonzero(picked).tolist():
            a, b = int(starts[k]), int(ends[k])
            if runs and runs[-1][1] == a:
                runs[-1] = (runs[-1][0], b)
            else:
                runs.append((a, b))
        return runs


class FocusedParse:
    """A pipeline component that runs `nlp`'s own components on the picked sentences only."""

    def __init__(self, nlp: Language, selector: Selector, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.selector = selector
        self.batch_size = batch_size
        self.pre = [proc for name, proc in nlp.pipeline if name == "narrative_line_breaks"]
        self.senter = nlp.get_pipe("senter")
        # the same components in the same order; the attribute ruler and the rule lemmatizer as exact, far
        # cheaper versions of themselves (attribute_table.py, lemma_table.py: same attributes on every token)
        self.components = [compile_ruler(proc) or compile_lemmatizer(proc) or proc for _name, proc in nlp.pipeline]
        self.dep_label = nlp.vocab.strings.add("dep")
        self.root_label = nlp.vocab.strings.add("ROOT")
        self.outside_ent = 2  # IOB "O"

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            yield from self._batch(list(batch))

    def plan(self, text: str) -> tuple[Doc, list[tuple[int, int]]]:
        """The cheap pass alone: the segmented, unparsed doc and the token ranges that would be parsed."""
        doc = self._segment([self.nlp.make_doc(text)])[0]
        return doc, self.selector.runs(doc)

    def _segment(self, docs: list[Doc]) -> list[Doc]:
        for proc in self.pre:
            docs = [proc(d) for d in docs]
        return list(self.senter.pipe(docs))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        docs = self._segment(docs)
        plans = [self.selector.runs(d) for d in docs]
        subs = [sub for d, runs in zip(docs, plans) for sub in self._cut(d, runs)]
        for proc in self.components:
            subs = list(proc.pipe(subs, batch_size=self.batch_size)) if hasattr(proc, "pipe") else [
                proc(s) for s in subs]
        it = iter(subs)
        return [self._merge(d, runs, [next(it) for _ in runs]) for d, runs in zip(docs, plans)]

    def _cut(self, doc: Doc, runs: list[tuple[int, int]]) -> list[Doc]:
        """Each run as a fresh, unannotated doc (words and spaces read as arrays: no Token objects)."""
        strings = self.nlp.vocab.strings
        rows = doc.to_array([ORTH, SPACY]).tolist() if runs else []
        return [Doc(self.nlp.vocab, words=[strings[o] for o, _sp in rows[a:b]],
                    spaces=[bool(sp) for _o, sp in rows[a:b]]) for a, b in runs]

    def _merge(self, doc: Doc, runs: list[tuple[int, int]], subs: list[Doc]) -> Doc:
        n = len(doc)
        if not n:
            return doc
        arr = numpy.zeros((n, len(COPIED)), dtype="uint64")
        # skipped sentences: a flat tree under their first token keeps the senter's boundaries through from_array
        starts = doc.to_array([SENT_START]).astype("int64") == 1
        starts[0] = True
        head = numpy.flatnonzero(starts)[numpy.cumsum(starts) - 1] - numpy.arange(n)  # offset to the first token
        arr[:, COPIED.index(HEAD)] = head.astype("uint64")
        arr[:, COPIED.index(DEP)] = numpy.where(head == 0, self.root_label, self.dep_label).astype("uint64")
        arr[:, COPIED.index(ENT_IOB)] = self.outside_ent
        for (a, b), sub in zip(runs, subs):
            arr[a:b] = sub.to_array(COPIED)
        doc.from_array(COPIED, arr)
        return doc


def focused_pipeline(nlp: Language, selector: Selector) -> Language:
    """A Language sharing `nlp`'s vocab, tokenizer and components whose one component parses selectively;
    `nlp.pipe(..., n_process=k)` works on it as on the full pipeline (the workers run the selection too)."""
    import spacy

    # Registering the instance under one fixed name (the newest replaces the last) keeps the registry from
    # holding every Extractor's pipeline alive; add_pipe takes the instance at once.
    Language.component("narrative_focused_parse", func=FocusedParse(nlp, selector))
    # `spacy.blank` would build (and load the special cases of) a tokenizer only to replace it: 0.15 CPU-s a run
    wrapper = spacy.util.get_lang_class(nlp.lang)(vocab=nlp.vocab, create_tokenizer=lambda _wrapper: nlp.tokenizer)
    wrapper.add_pipe("narrative_focused_parse")
    return wrapper
