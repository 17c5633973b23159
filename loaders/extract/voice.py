"""Whose voice each sentence is in, and the CITES edges that follow from it.

A claim counts for whoever the text attributes it to: the subject of a verb of saying, the speaker of a quote
(also when the quote runs over several sentences and the attribution comes at its end), the speaker of a block
introduced by "X said:", "according to X", a headline "X: ...", or — in an official statement written in the
first person — the issuing body itself.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from loaders.extract.pronouns import FIRST_PERSON, PLURAL_PRON
from loaders.extract.resolve import Ref, Resolver
from loaders.extract.speakers import (_document_as_actor, _document_author, _headline_speaker, _trailing_speaker,
                                      statement_cites)  # noqa: F401  (statement_cites: the engine calls voice's)

CREDIT_RE = re.compile(r"(?m)^[ \t]*(?:--|\u2014|\u2013|-)[ \t]*([A-Z][\w.&' -]{1,40}?)[ \t]*$"
                       r"|([A-Z][\w.&' -]{1,40}?) contributed (?:reporting )?to this (?:report|story)")
QUOTE_CHARS = re.compile("[\u201c\u201d\"\n]")
SINGLE_QUOTE_RE = re.compile(r"‘[^’\n]{12,}’|(?<![\w])'[^'\n]{12,}'(?![\w])")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Outermost quotations, one line at most: “...”, "...", and the mixed “..." that copy-editing leaves;
    a straight-quoted passage may hold “inner” quotes. Long single-quoted spans count too."""
    out: list[tuple[int, int]] = []
    start, opener = None, None
    for mark in QUOTE_CHARS.finditer(text):  # only the quote marks and line ends, not every character
        i, ch = mark.start(), mark.group()
        if ch == "\n":
            start = opener = None
        elif start is None:
            if ch in "“\"":
                start, opener = i, ch
        elif (opener == "“" and ch in "”\"") or (opener == "\"" and ch == "\""):
            if i - start > 3:
                out.append((start, i + 1))
            start = opener = None
    taken = out[:]
    for m in SINGLE_QUOTE_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append((m.start(), m.end()))
    return sorted(out)


ISSUER_KINDS = {"state", "government_body", "international_org", "military", "ngo"}
END_PUNCT = tuple(".!?\"”’:;)'")


@dataclass
class Cite:
    ref: Ref
    trigger: object  # the token (or first token) that attributes
    sent: object


@dataclass
class Voices:
    cites: list[Cite] = field(default_factory=list)
    speaker: dict[int, Ref] = field(default_factory=dict)  # sentence start -> voice of that sentence
    explicit: dict[int, bool] = field(default_factory=dict)  # voice named in the text (not the issuer)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    say_verbs: dict[int, list] = field(default_factory=dict)  # sentence start -> [(verb, refs)]
    say_at: dict[int, Ref] = field(default_factory=dict)  # token index of a verb of saying -> its speaker
    quote_speaker: dict[tuple[int, int], Ref] = field(default_factory=dict)

    def voice_for(self, tok) -> tuple[Ref | None, bool]:
        """The voice a word is said in: the verb of saying that governs it, its quote, else its sentence's."""
        q = self.quote_at(tok.idx)
        for anc in tok.ancestors:
            if q is not None and not (q[0] <= anc.idx < q[1]):
                break  # a quote speaks for its speaker, not for the verb that reports it
            r = self.say_at.get(anc.i)
            if r is not None and not (tok.head is anc and tok.dep_ == "dobj"):  # "telling lies" is no content
                return r, True
        if q is not None and q in self.quote_speaker:
            return self.quote_speaker[q], True
        start = tok.sent.start
        return self.speaker.get(start), self.explicit.get(start, False)

    def said_by(self, tok) -> Ref | None:
        """The speaker whose words contain `tok`: the verb of saying it depends on, else its quote's speaker.
        Unlike `voice_for`, never the sentence's voice, which may frame the sentence without saying it."""
        q = self.quote_at(tok.idx)
        for anc in tok.ancestors:
            if q is not None and not (q[0] <= anc.idx < q[1]):
                break
            r = self.say_at.get(anc.i)
            if r is not None:
                return r
        return self.quote_speaker.get(q) if q is not None else None

    def quote_at(self, char: int) -> tuple[int, int] | None:
        k = bisect_right(self.quotes, (char, 10**12)) - 1
        if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]:
            return self.quotes[k]
        return None


def analyse(sdoc, res: Resolver, say_tokens: list, sets: dict) -> Voices:
    v = Voices(quotes=find_quotes(sdoc.text))
    sents = list(sdoc.sents)
    weak = sets["say_weak"]
    doc_nouns = sets["document_nouns"]
    # 1. verbs of saying and their subjects
    for tok in say_tokens:
        if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.lower_ == "says"):
            continue
        if v.quote_at(tok.idx):
            continue
        lemma = tok.lemma_.lower()
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if passive and lemma not in sets["passive_by"]:
            continue  # "the zone had been declared by the coalition" is not the coalition speaking
        trailing = _trailing_speaker(tok, res)
        refs = trailing or res.speaker_of(tok, events=False)
        if not refs:
            refs = _document_author(tok, res, doc_nouns) or _document_as_actor(tok, res, sets)
        refs = [r for r in refs if not (r.coref and res.doc[r.i].lower_ in PLURAL_PRON)]
        if not refs:
            continue
        if lemma in weak and not _has_content(tok, sdoc, doc_nouns, sets["infinitive_acts"]) and not any(
                qs < tok.sent.end_char and qe > tok.sent.start_char for qs, qe in v.quotes) and not (
                trailing and any(c.dep_ in ("dobj", "dative") and res.np_actors(c, victims=False)
                                 for c in tok.children)):
            continue  # ("... a source told SANA": the addressee makes it speech, the clause before its content)
        if trailing:
            v.speaker.setdefault(tok.sent.start, refs[0])
            v.explicit[tok.sent.start] = True
        v.say_verbs.setdefault(tok.sent.start, []).append((tok, refs))
        v.say_at[tok.i] = refs[0]
        for r in refs:
            v.cites.append(Cite(r, tok, tok.sent))
    # 2. "according to X", "citing X", "reporting by X"
    for s in sents:
        for tok in s:
            low = tok.lower_
            if low == "according":
                for p in _pobjs(tok, ("to",)):
                    named = res.named_group(p)  # "according to Downing Street": a source, whatever NER thought
                    for r in res.np_actors(p, victims=False) or _document_author(p, res, doc_nouns, noun=True) or (
                            [named] if named else []):
                        v.cites.append(Cite(r, tok, s))
                        if _has_speaker(s, sets):
                            continue  # "he said, according to RIA": RIA relays him, the voice is his
                        v.speaker.setdefault(s.start, r)
                        v.explicit[s.start] = True
            elif low in sets["cite_words"]:
                for c in tok.children:
                    if c.dep_ == "dobj":
                        for r in res.np_actors(c, victims=False) or _document_author(c, res, doc_nouns, noun=True):
                            v.cites.append(Cite(r, tok, s))
            elif low == "reporting" and tok.pos_ == "NOUN":
                for p in _pobjs(tok, ("by", "from")):
                    for r in res.np_actors(p, victims=False):
                        if res.kind(r.actor) != "person":  # a reporter's byline is authorship, not a source
                            v.cites.append(Cite(r, tok, s))
    # 2b. wire credit lines: "--Reuters", "— AFP", "Reuters contributed to this report"
    for m in CREDIT_RE.finditer(sdoc.text):
        g = 1 if m.group(1) else 2
        span = sdoc.char_span(m.start(g), m.end(g), alignment_mode="expand")
        if span is None or not len(span):
            continue
        mention = res.t.at(span.start)
        aid = mention.actor if mention is not None else sets["alias_lower"].get(m.group(g).strip().lower())
        if aid and res.kind(aid) == "media":  # "--Reuters" is one token: look the name up directly
            v.cites.append(Cite(Ref(aid, m.group(g).strip(), span.start), span[0], span[0].sent))
    # 3. quotes take the voice of their attribution, even when it comes sentences later
    for qs, qe in v.quotes:
        span = sdoc.char_span(qs, qe, alignment_mode="expand")
        if span is None:
            continue
        q_sents = {t.sent.start for t in span}
        after = span.end < len(sdoc) and sdoc[span.end].sent.start
        speaker = None
        best = None
        for ss in sorted(q_sents | ({after} if after is not False else set())):
            for tok, refs in v.say_verbs.get(ss, []):
                if not (qs <= tok.idx < qe):
                    dist = min(abs(tok.idx - qs), abs(tok.idx - qe))
                    if best is None or dist < best:
                        best, speaker = dist, refs[0]
        if speaker is None:
            prev = sdoc[span.start - 1] if span.start > 0 else None
            if prev is not None and prev.sent.start not in q_sents:
                for tok, refs in v.say_verbs.get(prev.sent.start, []):
                    speaker = refs[0]
        if speaker:
            v.quote_speaker[(qs, qe)] = speaker
            for ss in q_sents:
                v.speaker.setdefault(ss, speaker)
                v.explicit[ss] = True
    # 4. say-verb sentences speak for their subject; "X said:" opens a block in X's voice
    block: Ref | None = None
    for s in sents:
        text = s.text.rstrip()
        if s.start in v.say_verbs:
            main = [(tok, refs) for tok, refs in v.say_verbs[s.start]
                    if tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")]
            if text.endswith(":") and main:
                block = main[0][1][0]
            if block or main:
                # a subordinate "after X demanded ..." does not make the whole sentence X's
                v.speaker.setdefault(s.start, block or main[0][1][0])
                v.explicit[s.start] = True
            continue
        head = _headline_speaker(s, res)
        if head is not None:
            v.speaker.setdefault(s.start, head)
            v.explicit[s.start] = True
            v.cites.append(Cite(head, s[0], s))
            continue
        if block is not None:
            if "\n" in sdoc.text[s.end_char:s.end_char + 2] and not text.endswith(END_PUNCT):
                block = None  # a headline ends the block
            else:
                v.speaker.setdefault(s.start, block)
                v.explicit.setdefault(s.start, True)
    # 5. first person: the voice of the sentence, else the issuer of an official statement
    issuer = _issuer(sdoc, sents, v, res)
    res.issuer = issuer
    for s in sents:
        if s.start in v.speaker:
            res.first_person_voice[s.start] = v.speaker[s.start]
    if issuer is not None:
        v.cites.append(Cite(issuer, sdoc[issuer.i], sdoc[issuer.i].sent))
        for s in sents:
            if s.start not in v.speaker:
                v.speaker[s.start] = issuer
                v.explicit[s.start] = True  # an official statement's own voice is as explicit as a quote
    return v


def _has_speaker(s, sets) -> bool:
    """A verb of saying with a subject of its own, resolved or not ("he said")."""
    verbs = sets["verbish"]
    return any(t.lower_ in verbs and t.pos_ in ("VERB", "AUX") and any(c.dep_ == "nsubj" for c in t.children)
               for t in s)


def _pobjs(tok, preps):
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p


def _has_content(tok, sdoc, doc_nouns, acts=frozenset()) -> bool:
    """Weak verbs ("issued", "called", "released") attribute only with a content or a document; for the verbs
    in `acts` ("agreed to provide") an infinitive is a deed, not a content."""
    for c in tok.children:
        if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and tok.lemma_.lower() not in acts):
            return True
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in doc_nouns:
            return True
        if c.dep_ == "agent":
            return True
    nxt = sdoc[tok.i + 1] if tok.i + 1 < len(sdoc) else None
    return nxt is not None and nxt.text in (":", "“", '"')


def _issuer(sdoc, sents, v: Voices, res: Resolver) -> Ref | None:
    """Official statements speak in the first person; their voice is the body most often their subject."""
    first_person = []
    for k, s in enumerate(sents):
        if s.start in v.speaker:
            continue
        if any(t.lower_ in FIRST_PERSON and t.dep_ in ("nsubj", "poss") and t.text != "US"
               and not v.quote_at(t.idx) for t in s):
            first_person.append(k)
    # a statement speaks in the first person from its start, or throughout; a news story may quote one "we"
    if not first_person or (len(first_person) < 2 and first_person[0] > 3):
        return None
    counts: Counter = Counter()
    first: dict[str, Ref] = {}
    statement_verbs = res.s["verbish"]
    for s in sents:
        for t in s:
            if t.dep_ == "nsubj" and t.head.dep_ in ("ROOT", "conj"):
                if v.quote_at(t.idx):
                    continue
                m = res.t.at(t.i)
                if m and m.actor and res.kind(m.actor) in ISSUER_KINDS:
                    counts[m.actor] += 2 if t.head.lower_ in statement_verbs else 1
                    first.setdefault(m.actor, Ref(m.actor, m.surface, t.i))
    if not counts:
        return None
    best = max(counts, key=lambda a: (counts[a], -first[a].i))
    return first[best]
