"""spaCy's attribute ruler as array lookups: the same attributes on the same tokens, for a fraction of the cost.

Why: the ruler of en_core_web_sm (its tag map and exceptions: ~180 one- and two-token patterns) runs a `Matcher`
over every token, and that Matcher costs more than the parser (4.4 of 23 CPU-seconds of a bare `nlp.pipe` of 300
BBC articles). Every one of those patterns is a test of a token attribute for equality, membership or a regular
expression, so one comparison over the attribute column of a whole batch of docs finds what the Matcher finds.

What keeps the result identical: the ruler applies its matches in pattern order, later ones overwriting earlier
ones, each writing plain token fields (POS, TAG, MORPH, LEMMA, DEP); here the patterns are applied in the same
order to one array per batch, so every token ends with the value of the last pattern that matched it, as in
spaCy, and the array is written back with `Doc.from_array`, which sets the same fields. A ruler with anything
else (operators, extension attributes, other attributes, fuzzy matching) is not compiled (`compile_ruler`
returns None) and the pipeline keeps spaCy's own. `tests/test_attribute_table.py` compares both on every token.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.util import minibatch

#: Token attributes a pattern may test: `Doc.to_array` reads them as the Matcher does.
READABLE = ("ORTH", "TEXT", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "IS_SPACE", "IS_PUNCT", "IS_ALPHA",
            "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM", "SHAPE")
#: Fields a pattern may write: plain token fields, none of them lexical.
WRITABLE = (POS, TAG, MORPH, LEMMA, DEP)
#: Regular-expression answers remembered at most (then forgotten at once), so a long run's memory stays flat.
REGEX_MEMO_LIMIT = 200_000


@dataclass
class _Test:
    col: int
    op: str  # "eq", "in", "not_in", "regex"
    value: object  # a uint64 for eq, a uint64 array for in / not_in, a compiled pattern for regex


@dataclass
class _Rule:
    alternatives: list[list[list[_Test]]]  # patterns -> tokens -> tests (all must hold)
    index: int  # which token of the match gets the attributes (spaCy's `index`, may be negative)
    sets: list[tuple[int, numpy.uint64]]  # (column of WRITABLE, value)


class AttributeTable:
    """A compiled attribute ruler: `__call__` and `pipe` as a pipeline component."""

    def __init__(self, vocab, read_attrs: list[int], rules: list[_Rule]) -> None:
        self.vocab = vocab
        self.read_attrs = read_attrs
        self.rules = rules
        self.write_attrs = list(WRITABLE)
        self._regex_cache: dict[tuple[int, int], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        self._apply([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            batch = list(batch)
            self._apply(batch)
            yield from batch

    def _apply(self, docs: list[Doc]) -> None:
        docs = [d for d in docs if len(d)]
        if not docs:
            return
        if len(self._regex_cache) > REGEX_MEMO_LIMIT:
            self._regex_cache.clear()
        lens = numpy.array([len(d) for d in docs])
        read = numpy.concatenate([d.to_array(self.read_attrs).reshape(len(d), -1) for d in docs])
        out = numpy.concatenate([d.to_array(self.write_attrs) for d in docs])
        owner = numpy.repeat(numpy.arange(len(docs)), lens)
        n = len(read)
        for rule in self.rules:
            hit_any = None
            for tokens in rule.alternatives:
                width = len(tokens)
                if width > n:
                    continue
                m = n - width + 1
                hit = owner[:m] == owner[width - 1:]  # a match never spans two docs
                for j, tests in enumerate(tokens):
                    for t in tests:
                        hit &= self._test(read[j:j + m, t.col], t)
                targets = numpy.flatnonzero(hit) + (rule.index if rule.index >= 0 else width + rule.index)
                hit_any = targets if hit_any is None else numpy.union1d(hit_any, targets)
            if hit_any is None or not len(hit_any):
                continue
            for col, value in rule.sets:
                out[hit_any, col] = value
        ends = numpy.cumsum(lens)
        for d, a, b in zip(docs, ends - lens, ends):
            d.from_array(self.write_attrs, out[a:b])

    def _test(self, col: numpy.ndarray, t: _Test) -> numpy.ndarray:
        if t.op == "eq":
            return col == t.value
        if t.op == "in":
            return numpy.isin(col, t.value)
        if t.op == "not_in":
            return ~numpy.isin(col, t.value)
        uniq, inverse = numpy.unique(col, return_inverse=True)
        strings = self.vocab.strings
        found = numpy.zeros(len(uniq), dtype=bool)
        for k, h in enumerate(uniq.tolist()):
            key = (id(t), h)
            got = self._regex_cache.get(key)
            if got is None:
                got = self._regex_cache[key] = bool(t.value.search(strings[h]))
            found[k] = got
        return found[inverse.reshape(-1)]


def compile_ruler(ruler) -> AttributeTable | None:
    """The table for `ruler`, or None when it holds a pattern the table cannot reproduce exactly."""
    if not isinstance(ruler, AttributeRuler):
        return None
    strings = ruler.vocab.strings
    read_attrs: list[int] = []

    def column(name: str) -> int | None:
        name = "ORTH" if name.upper() == "TEXT" else name.upper()
        if name not in READABLE:
            return None
        attr = IDS[name]
        if attr not in read_attrs:
            read_attrs.append(attr)
        return read_attrs.index(attr)

    def tests_of(spec: dict) -> list[_Test] | None:
        out = []
        for key, value in spec.items():
            col = column(key) if isinstance(key, str) else None
            if col is None:
                return None
            if isinstance(value, bool):
                out.append(_Test(col, "eq", numpy.uint64(int(value))))
            elif isinstance(value, str):
                out.append(_Test(col, "eq", numpy.uint64(strings.add(value))))  # as the Matcher's own lookup
            elif isinstance(value, dict) and len(value) == 1:
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                    ids = numpy.array(sorted({get_string_id(v) for v in arg}), dtype="uint64")
                    out.append(_Test(col, op.lower(), ids))
                elif op == "REGEX" and isinstance(arg, str):
                    out.append(_Test(col, "regex", re.compile(arg)))
                else:
                    return None
            else:
                return None
        return out

    rules: list[_Rule] = []
    for i, p in enumerate(ruler.patterns):  # pattern order is the order spaCy applies them in
        alternatives = []
        for pattern in p["patterns"]:
            tokens = [tests_of(spec) for spec in pattern]
            if not tokens or any(t is None for t in tokens):
                return None
            alternatives.append(tokens)
        index = p["index"]
        if any(not -len(a) <= index < len(a) for a in alternatives):
            return None
        sets = []
        for attr, value in ruler.attrs[i].items():
            if attr not in WRITABLE or not isinstance(value, int):
                return None
            sets.append((WRITABLE.index(attr), numpy.uint64(value)))
        rules.append(_Rule(alternatives, index, sets))
    if not read_attrs:
        return None
    return AttributeTable(ruler.vocab, read_attrs, rules)
