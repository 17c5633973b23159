"""ACCUSES: blame verbs ("X condemned Y's strikes"), demands to stop ("X warned Y to stop bombing"), holding
responsible, voiced concern ("X expressed concern at Y's attacks") and blame language inside what a speaker says
("Syria told the UN the coalition committed a war crime").

The target is the one whose conduct is blamed: the agent of the condemned attack, the possessor of the misdeed,
the subject of the wrongdoing clause — never the speaker itself, and never the victims.
"""
from __future__ import annotations

from graph.model import RelType
from loaders.extract.raw import Raw
from loaders.extract.resolve import CIVILIANS, Ref, Resolver


def _emit(sources, targets, trig, conf, speaker=None) -> list[Raw]:
    out = []
    for s in sources:
        for t in targets:
            if s.actor != t.actor and t.actor != CIVILIANS:
                out.append(Raw(RelType.ACCUSES, s, t, trig, confidence=conf, speaker=speaker or s))
    return out


def _direct_targets(tok, res: Resolver) -> list[Ref]:
    """An actor named as the object, or the culprits of the misdeed named as the object."""
    refs = [r for r in res.np_actors(tok, victims=False) if res.kind(r.actor) != "location"]
    return refs or res.culprits(tok)


def accuse_verb(v, res: Resolver, sets: dict) -> list[Raw]:
    lemma = v.lemma_.lower()
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    if lemma in sets["dismay_verbs"]:
        if not passive:
            return []
        sources = [r for c in v.children if c.dep_ == "nsubjpass" for r in res.np_actors(c, victims=False)]
        targets = [r for c in v.children if c.dep_ in ("agent", "prep") for p in c.children if p.dep_ == "pobj"
                   for r in res.culprits(p)]
        return _emit(sources, targets, v, 0.75)
    if passive:
        targets = [r for c in v.children if c.dep_ == "nsubjpass" for r in res.np_actors(c, victims=False)]
        sources = [r for c in v.children if c.dep_ == "agent" for r in res._pobj_agents(c)]
        return _emit(sources, targets, v, 0.85)
    sources = res.speaker_of(v)
    if not sources:
        return []
    targets: list[Ref] = []
    if any(c.dep_ == "dobj" and c.lower_ in ("other", "another") for c in v.children):
        # "Azerbaijan and Armenia accuse each other": every side blames the others
        return [r for s in sources for t in sources if s.actor != t.actor
                for r in _emit([s], [t], v, 0.85)]
    for c in v.children:
        if c.dep_ == "dobj":
            targets += _direct_targets(c, res)
            if lemma == "blame" and not targets:
                # "blamed the attack on Hezbollah" (the parser hangs "on" on the noun)
                targets += [r for g in c.children if g.dep_ == "prep" and g.lower_ == "on"
                            for p in g.children if p.dep_ == "pobj"
                            for r in res.np_actors(p, victims=False) if res.kind(r.actor) != "location"]
        elif c.dep_ == "prep" and c.lower_ in ("for", "over", "about", "of", "on"):
            if not targets:
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        targets += res.culprits(p)
                        if c.lower_ == "on":  # "blamed the attack on Hezbollah"
                            targets += [r for r in res.np_actors(p, victims=False) if res.kind(r.actor) != "location"]
    if lemma == "charge" and not any(c.dep_ == "prep" and c.lower_ == "with" for c in v.children):
        return []
    return _emit(sources, targets, v, 0.9)


def addressee_verb(v, res: Resolver, sets: dict) -> list[Raw]:
    """"warned X to stop", "called on X to end", "urged X to press Y to cease", "call for an end to X's attacks"."""
    stop = sets["stop_verbs"]
    sources = res.subject_of(v)
    if not sources:
        return []
    targets: list[Ref] = []
    for t in v.subtree:
        if t.i == v.i:
            continue
        if t.lemma_.lower() in stop and t.pos_ == "VERB" and t.head is not None:
            agents = res.subject_of(t)
            culprits = [r for c in t.children if c.dep_ == "dobj" for r in res.culprits(c)]
            targets += culprits or agents
        elif t.lower_ in sets["end_nouns"] and t.pos_ == "NOUN":
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in ("to", "of"):
                    targets += [r for p in c.children if p.dep_ == "pobj" for r in res.culprits(p)]
    if not targets:
        # "X warned Y that striking ... is not acceptable": blame language about the addressee's own attacks
        return []
    return _emit(sources, targets, v, 0.8)


def hold_responsible(v, res: Resolver, sets: dict) -> list[Raw]:
    if not any(t.lower_ in sets["responsible"] for t in v.subtree):
        return []
    sources = res.subject_of(v)
    targets = [r for c in v.children if c.dep_ == "dobj" for r in res.np_actors(c, victims=False)]
    return _emit(sources, targets, v, 0.85)


def concern(n, res: Resolver, sets: dict) -> list[Raw]:
    """"expressed concern at Y's strikes", "had concerns about the tactics of Y", "disagreement with Y's strikes"."""
    v = n.head
    if n.dep_ != "dobj" or v.lemma_.lower() not in sets["concern_verbs"]:
        return []
    sources = res.subject_of(v)
    targets: list[Ref] = []
    for holder in (n, v):
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in ("at", "about", "over", "with", "regarding", "on", "for"):
                for p in c.children:
                    if p.dep_ in ("pobj", "pcomp"):
                        targets += res.culprits(p) or [r for r in res.np_actors(p, victims=False)
                                                       if res.kind(r.actor) not in ("location",)]
    if not targets:
        # "raised concerns about the plant's safety, saying Russia has used artillery there to target ...": the
        # concern is about the conduct the speaker goes on to describe
        targets = [r for c in v.children if c.dep_ in ("advcl", "xcomp") and c.lower_ in sets["verbish"]
                   for cc in c.children if cc.dep_ == "ccomp" for r in res.culprits(cc)]
    if not targets:
        # "expressed its concerns to Moscow about these attacks": the addressee is the one blamed
        targets = [r for c in v.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                   for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p, victims=False)]
    return _emit(sources, targets, n, 0.75)


def blame_language(sent, cue_tokens, voice: Ref | None, explicit: bool, res: Resolver, sets: dict) -> list[Raw]:
    """Blame words inside what a speaker says: the culprit is the subject or owner of the misdeed."""
    if voice is None:
        return []
    weak = sets["weak_cues"]
    out: list[Raw] = []
    for c in cue_tokens:
        lemma = c.lemma_.lower()
        if lemma in weak and not explicit:
            continue
        if any(x.dep_ == "neg" for x in (*c.children, *c.head.children)):
            continue  # "it is not illegal"
        m = res.t.at(c.i)
        if m is not None and m.actor and m.end - m.start > 1:
            continue  # a word of a name ("the Computer Crime Unit") blames no one
        if lemma in sets["responsible"] and not _for_misdeed(c, res, sets):
            continue  # "responsible for security" is a duty; "responsible for the gas attack" is blame
        if lemma in sets["punish_verbs"]:
            # "X must be punished for the shelling": the one to be punished is the culprit
            if not _for_misdeed(c, res, sets):
                continue
            targets = [r for x in c.children if x.dep_ == "nsubjpass" for r in res.np_actors(x, victims=False)]
        else:
            targets = _cue_culprits(c, res, sets)
        if lemma in weak:
            # weak words blame only a culprit the sentence names ("they help countries cope" names no one)
            targets = [t for t in targets if res.kind(t.actor) != "person" and not t.coref]
        out += _emit([voice], targets, c, 0.6 if lemma in weak else 0.7, speaker=voice)
    return out


def _for_misdeed(c, res: Resolver, sets: dict) -> bool:
    """"responsible for the attack / the killings / war crimes": a "for" whose object is an attack or a misdeed."""
    for p in c.children:
        if p.dep_ == "prep" and p.lower_ == "for":
            for o in p.children:
                if o.dep_ in ("pobj", "pcomp") and (res.is_strike_noun(o) or o.lemma_.lower() in sets["conduct_nouns"]
                                                    or o.lower_ in sets["cue_nouns"] or o.lemma_.lower() in
                                                    sets["cue_nouns"] or o.lower_ in sets["strike_verbs"]):
                    return True
    return False


def _cue_culprits(c, res: Resolver, sets: dict) -> list[Ref]:
    conduct = sets["conduct_nouns"]
    out: list[Ref] = []
    # owner of the misdeed: "Daesh's cowardice", "barbarity of the regime", "criminal activities of ISIS"
    noun = c if c.pos_ in ("NOUN", "PROPN") else (c.head if c.dep_ == "amod" else None)
    if noun is not None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in sets["oppose_verbs"]:
        return []  # "working to end terror": who fights the misdeed is not its culprit
    if noun is not None:
        for ch in noun.children:
            if ch.dep_ == "poss":
                out += res.np_actors(ch, victims=False)
            elif ch.dep_ == "conj" and res.t.at(ch.i) and res.t.at(ch.i).actor and out:
                out += res.np_actors(ch, victims=False)  # "activities of ISIS and [misparsed] al-Nusra"
            elif ch.dep_ == "relcl":
                # "the threat this terrorist group poses"
                out += [r for g in ch.children if g.dep_ == "nsubj" and g.lower_ not in ("which", "that", "who")
                        for r in res.np_actors(g, victims=False)]
            elif ch.dep_ == "prep" and ch.lower_ in ("of", "by", "at", "against") and not (
                    ch.lower_ in ("of", "against") and noun.lemma_.lower() in sets["victim_of_nouns"]):
                # ("the murders of Ukrainians", "massacre against civilians": who was killed, not who killed)
                for p in ch.children:
                    if p.dep_ == "pobj":
                        out += res.np_actors(p, victims=False) or res.culprits(p)
        if res.is_strike_noun(noun) or noun.lemma_.lower() in conduct:
            out += res.event_agent(noun)
        if out:
            return out
        carrier = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in sets["deed_nouns"]:
            carrier = noun.head.head  # "committed an act of aggression": the act carries the blame
        if carrier.dep_ in ("pobj", "conj", "compound", "appos") or carrier.head.pos_ not in ("VERB", "AUX"):
            return []  # "the Nazi threat", "talk of threats, crime and insecurity": no one is charged with it
    # the subject of the clause that carries the blame word
    h = c
    for _ in range(4):
        if h.pos_ in ("VERB", "AUX"):
            break
        if h.head is h:
            break
        h = h.head
    if h.pos_ in ("VERB", "AUX"):
        subj = next((x for x in h.children if x.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ in ("it", "this", "that", "these", "those", "which", "what"):
            return []  # "it is unacceptable": no culprit named
        out = res.subject_of(h)
        if not out:
            for x in h.children:
                if x.dep_ in ("xcomp", "ccomp", "advcl"):
                    out += res.culprits(x)
    return out


def concerned(adj, res: Resolver, sets: dict) -> list[Raw]:
    """"X said it was deeply concerned by the attack", "X is appalled at Y's shelling"."""
    if adj.dep_ not in ("acomp", "ROOT", "conj", "xcomp") and adj.pos_ != "ADJ":
        return []
    head = adj.head if adj.dep_ in ("acomp", "xcomp") else adj
    sources = res.subject_of(head)
    targets = [r for c in adj.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "at", "about", "over",
                                                                                        "with")
               for p in c.children if p.dep_ in ("pobj", "pcomp") for r in res.culprits(p)]
    return _emit(sources, targets, adj, 0.7)


def accusation_noun(n, voice: Ref | None, res: Resolver, sets: dict) -> list[Raw]:
    """"reiterating accusations that Y was arming the group", "X stands by its accusation that Y ...",
    "X's allegations against Y": the noun names an accusation; its owner (or the one who makes it) accuses the
    subject of what it says (or the one it is against). Under a denial ("rejected the accusation that") the
    noun is the denier's object, not an accusation the denier makes: DENIES reads it. `voice`: the explicit voice
    the noun is said in, the accuser when the parse names no one else."""
    if n.pos_ not in ("NOUN", "PROPN"):
        return []
    for a in n.ancestors:
        if a.lemma_.lower() in sets["deny_verbs"] or a.lower_ in sets["deny_verbs"]:
            return []
    if any(c.dep_ == "amod" and c.lower_ in sets["groundless_words"] for c in n.children) or (
            n.head.lower_ in sets["groundless_words"]):
        return []
    targets: list[Ref] = []
    for c in n.children:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            targets += [r for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                        for r in res.np_actors(s, victims=False) if res.kind(r.actor) != "location"]
        elif c.dep_ == "prep" and c.lower_ == "against":
            targets += [r for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p, victims=False)
                        if res.kind(r.actor) != "location"]
    if not targets and n.dep_ == "dobj" and n.head.lemma_.lower() in sets["accusation_verbs"]:
        # "pointed the finger at X for the attack", "laid the blame on X", "shifted the blame onto X"
        targets = [r for h in (n, n.head) for c in h.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "onto")
                   for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p, victims=False)
                   if res.kind(r.actor) != "location"]
    if not targets:
        return []
    sources = [r for c in n.children if c.dep_ == "poss" for r in res.np_actors(c, victims=False)]
    sources += [r for c in n.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p, victims=False)]
    if not sources:
        h = n.head
        if n.dep_ == "pobj" and h.dep_ == "prep":
            h = h.head  # "stands by its accusation"
        if n.dep_ in ("dobj", "pobj") and h.pos_ in ("VERB", "AUX") and (
                h.lemma_.lower() in sets["accusation_verbs"] or h.lower_ in sets["verbish"]):
            sources = res.speaker_of(h)  # "X levelled / repeated / stands by the accusation", not "X understood"
    if not sources and voice is not None:
        sources = [voice]  # "X said ... reiterating accusations that Y ...": inside X's words, X's accusation
    return _emit([s for s in sources if res.kind(s.actor) != "location"], targets, n, 0.75)
