"""The argument roles every STRIKES trigger shares: who or what a struck phrase names, whatever the trigger.

Verbs, passive subjects, attack nouns and their "on/against/of" objects all ask the same question of a phrase
("Russian positions", "the Syrian military airfield in Ash Shairat", "prisoners from the Azov regiment",
"infrastructure across Ukraine"), so it is answered once here, in the guideline's order: a party over a place, a
place only when no party is named. Why a separate layer: a rule written for one trigger shape (the active verb)
used to miss the same phrase under another (the passive, the noun).
"""
from __future__ import annotations

from loaders.extract.lexicon import load_lexicon
from loaders.extract.resolve import CIVILIANS, Ref, Resolver

SAY_AFTER = load_lexicon().words("strike", "saying_forms")
HELD_BY = load_lexicon().words("strike", "holder_participles")
_WORDS: dict[tuple[int, str], frozenset[str]] = {}


def words(res: Resolver, family: str, key: str) -> frozenset[str]:
    """A word list of the lexicon (lower case), read once per lexicon."""
    k = (id(res.lex), key)
    if k not in _WORDS:
        _WORDS[k] = res.lex.words(family, key) if res.lex.data[family].get(key) else frozenset()
    return _WORDS[k]


def patients(p, res: Resolver, limit: int = 2) -> list[Ref]:
    """The actors (else places) a struck phrase headed by `p` names."""
    refs = [_city(r, res) for r in res.np_actors(p, places=True) if not is_speaker(r, res)]
    if refs:
        return _longest_place(refs, p, res)
    return (party_of(p, res) or owner_of(p, res) or states_within(p, res, direct=True)
            or places_within(p, res, limit) or states_within(p, res))


def _city(ref: Ref, res: Resolver) -> Ref:
    """A capital struck is the city, not its government: "attacks on Kyiv", "strikes on Damascus"."""
    m = res.t.at(ref.i)
    if m is not None and m.place and m.actor == ref.actor and res.kind(ref.actor) == "state" \
            and res.s["city"](m.place) and m.end - m.start == 1:
        return Ref(res.place_actor(m), m.surface, ref.i)
    return ref


def is_speaker(ref: Ref, res: Resolver) -> bool:
    """A name right before a verb of saying speaks, it is not struck: "killed 1400 people Human Rights Watch
    said" (texts that lost their commas glue the speaker to the victims' phrase)."""
    m = res.t.at(ref.i)
    if m is None:
        return False
    nxt = m.end
    return nxt < len(res.doc) and res.doc[nxt].lower_ in SAY_AFTER and ref.actor != CIVILIANS


def party_of(p, res: Resolver) -> list[Ref]:
    """Places and people named by their party: "rebel areas", "Ukrainian territory", "Russian servicemen",
    "prisoners from the Azov regiment" — the party is struck (guideline). A "-held"/"-controlled" modifier only
    says whose the place is: "a Kurdish-held town" is a town."""
    low = p.lemma_.lower()
    party = words(res, "strike", "party_nouns")
    if low not in party and p.lower_ not in party:
        return []
    out: list[Ref] = []
    for c in p.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < p.i and not _held(c):
            m = res.t.at(c.i)
            if m is not None and m.actor and m.actor not in res.s["generic"]:
                out.append(Ref(m.actor, m.surface, c.i))
    for c in _preps_after(p):
        if c.lower_ in ("of", "from", "belonging"):
            for g in c.children:
                if g.dep_ == "pobj":
                    out += [r for r in res.np_actors(g, victims=False) if r.actor not in res.s["generic"]]
    return [r for r in out if res.kind(r.actor) != "location"]


def _preps_after(p) -> list:
    """The prepositions of a phrase, also the one the parser hung on the verb right after it ("killed prisoners
    from the regiment": "from" attached to "killed")."""
    out = [c for c in p.children if c.dep_ == "prep"]
    k = p.right_edge.i + 1
    if k < len(p.doc) and p.doc[k].dep_ == "prep" and p.doc[k].head.i == p.head.i != p.i:
        out.append(p.doc[k])
    return out


def _held(c) -> bool:
    """"rebel-held", "Kurdish-controlled": the modifier names the holder, not the struck."""
    doc = c.doc
    k = c.i + 1
    if k + 1 < len(doc) and doc[k].text == "-" and doc[k + 1].lower_ in HELD_BY:
        return True
    return c.head.lower_ in HELD_BY or any(g.lower_ in HELD_BY for g in c.children)


def owner_of(tok, res: Resolver) -> list[Ref]:
    """Objects stand for their owner: "al-Qaida vehicles", "the Syrian military airfield" — physical things only,
    so "attacked Tory plans" is no strike on the Tories. A state owns only military objects ("Syrian airbase"
    is Syria's; a "Syrian hospital" is a place)."""
    out = []
    low = tok.lower_
    military = low in words(res, "strike", "military_objects")
    if low not in res.s["physical_objects"] and not military:
        return out
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i]
    mods += [g for c in mods if c.dep_ == "compound" and not res.t.at(c.i)  # "Russian ammunition depot"
             for g in c.children if g.dep_ in ("amod", "compound", "poss") and g.i < c.i]
    for c in mods:
        if res.t.at(c.i) and not _held(c):
            m = res.t.at(c.i)
            if not m.actor or res.kind(m.actor) == "location" or m.actor in res.s["generic"]:
                continue
            if res.kind(m.actor) == "state" and not military:
                continue
            out.append(Ref(m.actor, m.surface, c.i))
    for c in tok.children:  # "the headquarters of the Black Sea fleet", "bases belonging to the militia"
        if not out and c.dep_ == "prep" and c.lower_ in ("of", "belonging"):
            for p in (g for g in c.subtree if g.dep_ == "pobj"):
                for r in res.np_actors(p, victims=False):
                    if r.actor not in res.s["generic"] and res.kind(r.actor) != "location" and (
                            military or res.kind(r.actor) != "state"):
                        out.append(r)
                break
    return out


def places_within(tok, res: Resolver, limit: int = 2, locative: bool = False,
                  skip_deps: tuple = ("relcl", "acl", "advcl")) -> list[Ref]:
    """Places named inside a struck phrase, not in its relative clauses ("the prisoners, who were captured in
    Mariupol") and not where a named place lies ("the town of Saraqib in rural Idlib" is Saraqib)."""
    out: list[Ref] = []
    skip: set[int] = set()
    for t in tok.subtree:
        if t.i in skip:
            continue
        if t.dep_ in skip_deps and t.i != tok.i and (t.dep_ != "acl" or t.tag_ in ("VBN", "VBD")):
            # "prisoners who were captured in X", "data used by X"; not "a tank containing acid at a plant in X"
            skip |= {x.i for x in t.subtree}
            continue
        if locative and t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj"):
            continue  # "Moscow denied ...": an actor, not where it happened
        m = res.t.at(t.i)
        if m is not None and m.place and t.i in (m.start, m.end - 1) and (not m.actor or res.s["city"](m.place)):
            out.append(Ref(res.place_actor(m), m.surface, m.end - 1))
            skip |= set(range(m.start, m.end))  # a longer name ("Saraqib Idlib") covers the shorter one in it
            nxt = res.t.at(m.end)
            if nxt is not None and nxt.place and nxt.start == m.end:
                skip |= set(range(nxt.start, nxt.end))  # "Saraqib Idlib": a text that lost its comma
            for c in t.children:  # where the place lies is not a second target
                if c.dep_ == "prep" and c.lower_ in ("in", "near", "outside", "of", "on"):
                    skip |= {x.i for x in c.subtree}
            if len(out) >= limit:
                break
    return out


def states_within(tok, res: Resolver, direct: bool = False) -> list[Ref]:
    """A struck thing whose only place is a country: "infrastructure across Ukraine", "a military airfield in
    Syria" — the country is what the text says was hit."""
    if tok.lower_ not in res.s["physical_objects"]:
        return []
    for c in (c for c in tok.children if c.dep_ == "prep") if direct else _preps_after(tok):
        if c.lower_ in ("in", "across", "throughout", "inside"):
            for g in c.children:
                m = res.t.at(g.i)
                if g.dep_ == "pobj" and m is not None and m.actor and res.kind(m.actor) == "state":
                    return [Ref(m.actor, m.surface, g.i)]
    return []


def _longest_place(refs: list[Ref], p, res: Resolver) -> list[Ref]:
    """A place named inside a longer place name stands for the longer one ("Saraqib Idlib", a lost comma)."""
    out = []
    for r in refs:
        if r.actor.startswith("place_"):
            m = res.t.at(r.i)
            longer = next((x for x in res.t.mentions if x.place and m is not None and x is not m
                           and x.start < m.start and x.end >= m.end), None)
            if longer is not None:
                r = Ref(res.place_actor(longer), res.doc[longer.start:m.start].text, r.i)
        out.append(r)
    return out


def stolen_object(v):
    """A verb followed at once by a noun phrase has that phrase as its object even when the parser gave the
    phrase to a later clause: texts without commas ("gunmen shot six guards who had
    fled ... a monitor said") and headlines ("Gunmen Kill 6 Guards"). Not a reduced passive
    ("rebels killed in clashes" is followed by a preposition)."""
    k = v.i + 1
    if k >= len(v.doc) or v.doc[k].sent != v.sent or v.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    first = v.doc[k]
    if first.pos_ not in ("NUM", "DET", "ADJ", "NOUN", "PROPN"):
        return None
    head = first
    while head.head.i != head.i and head.head.i > v.i and head.dep_ in ("nummod", "det", "amod", "compound",
                                                                          "quantmod", "nmod"):
        head = head.head
    if head.pos_ not in ("NOUN", "PROPN") or head.left_edge.i != k or head.i == v.i:
        return None
    return head


def casualties_of_aimed_strike(v, res: Resolver, target_preps) -> bool:
    """A casualty verb whose subject is an attack aimed at a party ("a US strike on a military airfield killed
    five people"), or a participle after a strike on a party ("headquarters were hit by a drone strike, wounding
    five"): the people are that strike's casualties, the party its target (a party over civilians)."""
    if v.lemma_.lower() not in res.s["patient_verbs"]:
        return False
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is not None and res.is_strike_noun(subj):
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ in target_preps:
                if any(not r.actor.startswith("place_") and r.actor != CIVILIANS
                       for p in c.children if p.dep_ == "pobj" for r in patients(p, res)):
                    return True
    if v.dep_ == "advcl" and v.tag_ == "VBG" and v.head.lemma_.lower() in res.s["strike_verb_lemmas"]:
        for c in v.head.children:
            if c.dep_ in ("nsubjpass", "dobj") and any(
                    not r.actor.startswith("place_") and r.actor != CIVILIANS for r in patients(c, res)):
                return True
    return False
