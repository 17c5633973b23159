"""Hedges, negation and hypotheticals: what keeps a reported claim from being read as a fact.

Negated ("did not strike") and hypothetical ("would strike", "threatened to strike") statements are kept with a
flag, so the evidence is not lost, and the default reports leave them out.
"""
from __future__ import annotations


def flags(trig, sets: dict) -> tuple[bool, bool, bool]:
    """(hedged, negated, hypothetical) for the statement a trigger token proves."""
    neg = sets["negations"]
    sent = trig.sent
    hedged = any(t.lower_ in sets["hedges"] for t in sent)
    negated = False
    hypothetical = False
    chain = [trig]
    h = trig
    # the verb that governs a noun trigger ("did not carry out strikes"), and the infinitive's governor
    for _ in range(2):
        if h.dep_ in ("dobj", "nsubjpass", "xcomp", "pcomp", "pobj", "conj") and h.head is not h:
            h = h.head
            chain.append(h)
        else:
            break
    for k, t in enumerate(chain):
        # "said it was not responsible and accused Israel": "not" stays in its own conjunct (but "not X or Y")
        own = k == 0 or chain[k - 1].dep_ != "conj" or any(
            c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in t.children)
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in neg):
                if (t is trig or t.pos_ in ("VERB", "AUX")) and own:
                    negated = True
            if c.dep_ == "aux" and c.lower_ in sets["modal_aux"] and not (
                    t is trig and trig.lemma_.lower() in sets.get("punish_verbs", ())):
                hypothetical = True  # (but "X must be punished for ..." is the blame itself, not a maybe)
            if c.dep_ == "mark" and c.lower_ in sets["hypothetical_marks"]:
                hypothetical = True
        if t is not trig and t.lemma_.lower() in sets["hypothetical_heads"] and t.pos_ == "VERB":
            hypothetical = True
        if t is not trig and (t.lower_ in sets["negating_heads"] or t.lemma_.lower() in sets["negating_heads"]) or (
                t.dep_ == "pobj" and t.head.head.lower_ in sets["negating_heads"]):
            negated = True
    if any(c.dep_ == "mark" and c.lower_ in sets["hypothetical_marks"] for a in trig.ancestors for c in a.children):
        hypothetical = True  # anywhere inside "if ...": "If Parliament wanted to make it a criminal offence"
    if trig.head.lower_ == "of" and trig.head.head.lower_ in sets["negating_heads"]:
        negated = True
    if trig.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") and trig.head.lemma_.lower() in sets["deny_verbs"]:
        negated = True  # "Moscow denied targeting civilians": nobody asserts the strike
    return hedged, negated, hypothetical
