"""Speakers the plain subject of a verb of saying does not give: the author of a document ("Amnesty's report
says"), an inquiry that speaks for itself, a headline source before a colon, the speaker that closes a sentence
that lost its commas, and whoever accuses or denies (the article relays them too).
"""
from __future__ import annotations

from loaders.extract.resolve import Ref, Resolver


def _trailing_speaker(v, res: Resolver) -> list[Ref]:
    """"... to repel the assault the Syrian Observatory reported.", "... on Friday Turkish military said.":
    copy that lost its commas ends with "<speaker> said"; the parser then reads the speaker as an object or a
    prepositional object of the clause before. The speaker is the noun phrase just before the verb, when the
    verb ends its sentence (nothing after it but its addressee, a time or a place) and a clause precedes."""
    doc = res.doc
    sent = v.sent
    if v.i - 1 <= sent.start + 2 or v.dep_ in ("acl", "amod") or v.dep_ == "relcl" and v.head.i == v.i - 1 or \
            any(c.dep_ == "agent" for c in v.children):
        return []  # "one in Baghdad claimed by Daesh": a participle, not a speaker's verb
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > v.i and c.tag_ not in ("VBG", "VBN")
           or c.dep_ in ("nsubjpass", "auxpass") for c in v.children) \
            or any(c.dep_ == "nsubj" and (c.i == v.i - 1 or c.i > v.i) for c in v.children):
        return []  # a content after it, or an ordinary subject: the usual reading holds
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" and t.tag_ not in ("VBG", "VBN")
           for t in doc[v.i + 1:sent.end]):
        return []  # (a participle may follow: "... HRW said on Tuesday, contradicting repeated denials")
    head = doc[v.i - 1]
    if head.pos_ not in ("NOUN", "PROPN") or head.dep_ not in ("dobj", "pobj", "npadvmod", "appos", "compound",
                                                              "conj", "nsubj", "attr"):
        return []
    while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.lower_ in ("in", "at", "to", "of", "for",
                                                                                   "from"):
        gov = head.head.head  # "officials in Ankara", "the ambassador to the UN": who speaks is the head noun
        m = res.t.at(gov.i)
        if gov.i > head.i or not (gov.lower_ in res.s["speaker_nouns"] or (m and m.actor in res.s["generic"])):
            break
        head = gov
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[sent.start:head.left_edge.i]):
        return []  # no clause before the speaker: nothing for it to say
    found = [r for r in res.np_actors(head, victims=False) if res.kind(r.actor) != "location"]
    return found or ([r] if (r := res.named_group(head)) else [])


def _document_author(tok, res: Resolver, doc_nouns, noun: bool = False) -> list[Ref]:
    """"Amnesty's statement says", "reports from witnesses suggest", "a letter sent by the ministry"."""
    subj = tok if noun else next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lemma_.lower() not in doc_nouns:
        return []
    out = []
    for c in subj.children:
        if c.dep_ in ("poss", "compound") and res.t.at(c.i):
            out += res.np_actors(c, victims=False)
        elif c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            for p in c.children:
                if p.dep_ == "pobj":
                    out += res.np_actors(p, victims=False)
        elif c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    for p in g.children:
                        if p.dep_ == "pobj":
                            out += res.np_actors(p, victims=False)
        elif c.dep_ == "conj":
            out += _document_author(c, res, doc_nouns, noun=True)
    return out


def _document_as_actor(tok, res: Resolver, sets) -> list[Ref]:
    """"This independent investigation has concluded ...": an unnamed inquiry is a source of its own."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() not in sets["author_nouns"] or res.t.at(subj.i):
        return []
    toks = [t for t in res.doc[subj.left_edge.i:subj.i + 1] if t.lower_ not in ("the", "a", "an")]
    if not toks or not any(t.lower_ in ("this", "that", "its") or t.pos_ == "ADJ" for t in toks):
        return []
    from loaders.extract.mentions import Discovered, slug

    name = " ".join(t.text for t in toks)
    aid = "org_" + slug(name)
    res.t.discovered.setdefault(aid, Discovered(aid, name, "other", confidence=0.5))
    res.kinds[aid] = "other"
    return [Ref(aid, name, subj.i)]


def _headline_speaker(s, res: Resolver) -> Ref | None:
    """"Russian Defense Ministry: US helping ..." — a source before a colon (but not a dateline "Moscow:")."""
    for tok in s[:8]:
        if tok.text == ":":
            if tok.i == s.start:
                return None
            m = res.t.at(tok.i - 1)
            if m is None or not m.actor or m.start != s.start:
                return None
            first = res.doc[m.start]
            if first.ent_type_ == "GPE" and m.end - m.start == 1:
                return None  # a dateline
            if res.kind(m.actor) in ("location",):
                return None
            return Ref(m.actor, m.surface, m.start)
    return None


def statement_cites(raws: list, sets: dict, rollup) -> list:
    """Whoever accuses or denies says something the article relays: a CITES of that source, once per sentence
    (the guideline's "any statement attributed to X"), even when no verb of saying names it ("X blamed Y",
    "Y rejected the claims"). Only where a verb or noun of accusing or denying names the source: blame words
    ("barbaric", "illegal") take the sentence's voice, which a verb of saying or the issuer already cites, and an
    "attack on" someone may be a deed."""
    from graph.model import RelType
    from loaders.extract import provenance
    from loaders.extract.raw import Raw

    have = {(r.target.actor, r.trigger.sent.start) for r in raws if r.type == RelType.CITES}
    generic = sets["generic"]
    out = []
    for r in raws:
        if r.type not in (RelType.ACCUSES, RelType.DENIES) or r.source is None:
            continue
        src, tgt = r.source.actor, r.target.actor
        words = {r.trigger.lower_, r.trigger.lemma_.lower()}
        if src in generic or tgt in generic or rollup(src) == rollup(tgt) or words & sets["cue_nouns"] or \
                words & (sets["strike_nouns"] | sets["strike_verbs"]):
            continue  # "launched an attack on": a deed, not words
        key = (src, r.trigger.sent.start)
        if key in have or any(provenance.flags(r.trigger, sets)[1:]):
            continue
        have.add(key)
        out.append(Raw(RelType.CITES, None, r.source, r.trigger, confidence=0.7, speaker=r.source))
    return out
