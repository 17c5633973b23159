"""spaCy's rule lemmatizer with its word lists as sets and every answer remembered: the same lemma per token.

Why: the rule lemmatizer checks each candidate form against the model's index of known words, which it keeps as
lists (57,000 nouns, 21,000 adjectives...), so `form in index` scans a list; and it remembers only some of its
answers. On a fresh process that is 2.5 of the 23 CPU-seconds of a bare `nlp.pipe` of 300 BBC articles. Its
answer depends only on the token's text, part of speech and morphology, so here it is computed once per
(text, POS, morphology) by the same steps as `Lemmatizer.rule_lemmatize`, with each index turned into a set
(membership is the same), and written back with one `Doc.from_array` per doc.

Only a lemmatizer in "rule" mode that uses spaCy's own `rule_lemmatize` and `__call__` is replaced
(`compile_lemmatizer` returns None otherwise); its own `is_base_form` (the English one for English) is called as
is, and tokens with no POS, end-of-line or space tokens go to spaCy's method itself.
`tests/test_attribute_table.py` compares both on every token.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

TABLES = ("lemma_index", "lemma_exc", "lemma_rules")
#: Entries remembered at most (then forgotten at once): a few MB, so a long run's memory stays flat.
MEMO_LIMIT = 200_000


class LemmaTable:
    """A compiled rule lemmatizer: `__call__` and `pipe` as a pipeline component."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.overwrite = lemmatizer.overwrite
        self.tables = [lemmatizer.lookups.get_table(name, {}) for name in TABLES]
        self.by_pos: dict[str, tuple | None] = {}
        self.memo: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> lemma id

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        if len(self.memo) > MEMO_LIMIT:
            self.memo.clear()
        memo, overwrite = self.memo, self.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            got = memo.get(key)
            if got is None:
                token = doc[i]
                got = self.vocab.strings.add(self._lemma(token))
                if token.pos_:  # spaCy warns about a token with no POS each time: ask it each time
                    memo[key] = got
            lemmas[i] = got
        doc.from_array([LEMMA], lemmas.reshape(n, 1))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _for_pos(self, univ_pos: str) -> tuple | None:
        if univ_pos not in self.by_pos:
            index_table, exc_table, rules_table = self.tables
            if not any((index_table.get(univ_pos), exc_table.get(univ_pos), rules_table.get(univ_pos))):
                self.by_pos[univ_pos] = None
            else:
                self.by_pos[univ_pos] = (frozenset(index_table.get(univ_pos, {})), exc_table.get(univ_pos, {}),
                                         rules_table.get(univ_pos, {}))
        return self.by_pos[univ_pos]

    def _lemma(self, token: Token) -> str:
        """The first form `Lemmatizer.rule_lemmatize` gives, by the same steps."""
        string = token.text
        univ_pos = token.pos_.lower()
        if univ_pos in ("", "eol", "space"):
            return self.lemmatizer.rule_lemmatize(token)[0]
        if self.lemmatizer.is_base_form(token):
            return string.lower()
        tables = self._for_pos(univ_pos)
        if tables is None:
            return string if univ_pos == "propn" else string.lower()
        index, exceptions, rules = tables
        orig = string
        string = string.lower()
        forms: list[str] = []
        oov_forms: list[str] = []
        for old, new in rules:
            if string.endswith(old):
                form = string[: len(string) - len(old)] + new
                if not form:
                    pass
                elif form in index or not form.isalpha():
                    if form in index:
                        forms.insert(0, form)
                    else:
                        forms.append(form)
                else:
                    oov_forms.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(string, []):
            if form not in forms:
                forms.insert(0, form)
        if not forms:
            forms.extend(oov_forms)
        if not forms:
            forms.append(orig)
        return forms[0]


def compile_lemmatizer(proc) -> LemmaTable | None:
    """The table for a spaCy rule lemmatizer, or None for anything else."""
    if not isinstance(proc, Lemmatizer) or proc.mode != "rule":
        return None
    cls = type(proc)
    if cls.rule_lemmatize is not Lemmatizer.rule_lemmatize or cls.__call__ is not Lemmatizer.__call__:
        return None
    if not all(proc.lookups.has_table(name) for name in TABLES):
        return None
    return LemmaTable(proc)
