"""STRIKES: active and passive verbs ("X shelled Y", "Y was killed by X"), attack nouns ("X's strikes on Y",
"attacks conducted by X"), weapon use ("X used chemical weapons against Y") and claims of responsibility.

The target is the actor struck; civilians when the victims are named but no actor; otherwise the place. No agent
named, no edge: an attack "by unknown assailants" is not evidence against anyone.
"""
from __future__ import annotations

from graph.model import RelType
from loaders.extract import strike_agents as who
from loaders.extract import strike_roles as roles
from loaders.extract.lexicon import load_lexicon
from loaders.extract.pronouns import REFLEXIVE
from loaders.extract.raw import Raw
from loaders.extract.resolve import CIVILIANS, Ref, Resolver

_LEX = load_lexicon()
OF_TARGET_NOUNS = _LEX.words("strike", "of_target_nouns")
NON_COMBATANT_KINDS = {"media", "ngo", "international_org"}
ARMED_KINDS = {"military", "armed_group", "coalition", "state", "government_body"}
TARGET_PREPS = ("on", "against", "at", "upon", "targeting", "toward", "towards", "into")


LEFT_HARMED = _LEX.words("strike", "left_harmed")  # "leaving 12 civilians dead"
NOMINAL_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "appos", "attr", "compound"}


def _nominal(trig, sets: dict) -> bool:
    """An attack noun the tagger read as a verb ("killed in shelling by X", "in Russian airstrikes on Y"): its
    place in the tree, not its tag, says it is a noun. A real verb has a subject or an object of its own."""
    if trig.lower_ not in sets["strike_nouns"] or trig.tag_ == "VBD":
        return False
    own = {c.dep_ for c in trig.children}
    if own & {"nsubj", "nsubjpass", "dobj", "aux", "auxpass", "ccomp", "xcomp"}:
        return False
    if trig.dep_ in NOMINAL_DEPS:
        return True
    return trig.dep_ in ("pcomp", "advcl", "conj") and trig.tag_ in ("VBG", "VBZ") and (
        trig.i > 0 and trig.doc[trig.i - 1].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP", "NUM"))


def strikes(trig, res: Resolver, sets: dict) -> list[Raw]:
    if trig.pos_ in ("VERB", "AUX") and _nominal(trig, sets):
        return _noun(trig, res, sets)
    if trig.pos_ == "VERB" or (trig.pos_ == "AUX" and trig.lemma_ != "be"):
        return _verb(trig, res, sets)
    if trig.pos_ in ("NOUN", "PROPN") and trig.lower_ in sets["strike_nouns"]:
        return _noun(trig, res, sets)
    if trig.pos_ == "NOUN" and trig.lemma_.lower() in sets["weapon_verbs"] and _weapon_of(trig, sets):
        return _noun(trig, res, sets, kind=_weapon_of(trig, sets))  # "the use of chemical weapons by X"
    return []


def _weapon_of(n, sets) -> str | None:
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for t in c.subtree:
                if t.lemma_.lower() in sets["weapons"]:
                    return next((sets["event_kinds"][x.lemma_.lower()] for x in c.subtree
                                 if x.lemma_.lower() in sets["event_kinds"]), "attack")
    return None


def _victims_in_sentence(sent, res: Resolver, sets: dict) -> list[Ref]:
    """Victims named by an agentless killing verb of the same sentence ("where 60 civilians were killed")."""
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ == "VERB" and (lemma in sets["patient_verbs"] or lemma in ("target", "hit", "die") or (
                lemma == "leave" and _left_harmed(t))):
            own = [c for c in t.children if c.dep_ in ("nsubj", "agent") and c.lower_ not in ("which", "that")]
            if lemma != "die" and any(res.np_actors(c, victims=False) for c in own):
                continue
            for c in t.children:
                if c.dep_ in ("dobj", "nsubjpass", "nsubj") and (c.dep_ != "nsubj" or lemma in ("leave", "die")):
                    refs = [r for r in res.np_actors(c) if r.actor == CIVILIANS]
                    if refs:
                        return refs
    return []


def _left_harmed(v) -> bool:
    """"leaving 12 civilians dead", "left three people wounded" (the adjective hung anywhere nearby)."""
    for c in v.children:
        if c.dep_ == "dobj":
            nxt = c.doc[c.right_edge.i + 1] if c.right_edge.i + 1 < len(c.doc) else None
            if any(x.lower_ in LEFT_HARMED for x in c.subtree) or (nxt is not None and nxt.lower_ in LEFT_HARMED):
                return True
        elif c.lower_ in LEFT_HARMED:
            return True
    return False


def _prefer_actors(targets: list[Ref], res: Resolver) -> list[Ref]:
    actors = [t for t in targets if not t.actor.startswith("place_")]
    return actors or targets


def _emit(agents, targets, trig, conf, kind=None, res: Resolver | None = None) -> list[Raw]:
    out = []
    agents = [a for a in agents if a.actor != CIVILIANS]  # victims never strike: a misread headline
    if res is not None and who.disjunctive(agents, res):
        return out  # "Syrian regime or Russian air strikes": the text does not say whose
    if res is not None:
        agents = who.with_coordinated(who.not_origins(agents, res), res)  # "Syrian and Russian jets": both
        agents = who.named_over_generic(agents, res)  # "al-Nusra Front (al-Qaeda's branch) terrorists"
    if res is not None and targets and not agents:
        res.unclaimed.append((trig.i, targets))
    elif res is not None and agents and not targets and trig.pos_ != "VERB":
        targets = res.earlier_victims(trig)  # "A car bomb killed 16 people. IS claimed the attack."
        if not who.anaphoric(trig, res):  # "rare strikes in the province" is a new attack, not that place's
            targets = [t for t in targets if not t.actor.startswith("place_")]
    if res is not None and agents and not targets:
        # no actor and no victims named: the place the sentence puts it in (the guideline's last resort)
        clause = trig
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head  # its own clause's places: "hit Tyre ... after X launched rockets towards Y"
        # not the places of a noun's relative clause ("data used by Kyiv"); an adverbial clause's are the event's
        targets = roles.places_within(clause, res, limit=1, locative=True, skip_deps=("relcl", "acl"))
    verbal = res is not None and trig.lemma_.lower() in res.s["verbal_attack_verbs"] and kind not in (
        "air strike", "shelling", "bombing", "chemical attack", "suicide attack", "missile strike", "drone strike")
    for a in agents:
        if res is not None and res.kind(a.actor) in NON_COMBATANT_KINDS:
            continue  # a broadcaster's "hits" or a charity's "attack on" a policy are not strikes
        for t in targets:
            if a.actor == t.actor or res is not None and res.doc[t.i].lower_ in REFLEXIVE:
                continue
            if t.i == a.i and not (t.coref or a.coref):
                continue  # "Kyiv airstrikes" on Kyiv: the one name is the author, not a second target
            if verbal and (res.kind(a.actor) == "person" or (
                    res.kind(t.actor) == "person" and res.kind(a.actor) not in ARMED_KINDS)):
                if t.actor == CIVILIANS or t.actor.startswith("place_"):
                    continue
                # politicians "attack" each other with words: that is criticism, not a strike
                out.append(Raw(RelType.ACCUSES, a, t, trig, confidence=0.6, speaker=a))
                continue
            out.append(Raw(RelType.STRIKES, a, t, trig, confidence=conf, kind_hint=kind))
    if res is not None and out:
        who.log_strike(res, trig, [r for r in out if r.type == RelType.STRIKES])
    return out


def _obj_targets(v, res: Resolver) -> list[Ref]:
    out: list[Ref] = []
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            out += roles.patients(c, res)
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    out += roles.patients(p, res)
    return out


def _no_object(v) -> bool:
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") or (c.dep_ == "prep" and c.lower_ in
                                                                           TARGET_PREPS) for c in v.children)


def _combat_side(v, res: Resolver) -> list[Ref]:
    """"Twenty rebels were killed in clashes with army troops": the dead fell to the side they fought, the one
    after "with" (a fight "between" two sides names no killer)."""
    return [r for c in v.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
            for p in c.children if p.dep_ == "pobj" and p.lower_ in roles.words(res, "strike", "combat_nouns")
            for w in p.children if w.dep_ == "prep" and w.lower_ == "with"
            for o in w.children if o.dep_ == "pobj"
            for r in res.np_actors(o, victims=False)]


def _verb(v, res: Resolver, sets: dict) -> list[Raw]:
    lemma = v.lemma_.lower()
    if who.elaborates_under_attack(v, res):
        return []  # "X came under attack, with Y striking at Z": the frame's noun emits it, X is the target
    if v.dep_ in ("amod", "compound", "nmod"):
        return []  # "UK hit singles", "a hit-and-run": not a clause
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
    patients = [c for c in v.children if c.dep_ == "nsubjpass"]
    stolen = roles.stolen_object(v) if not passive and not any(c.dep_ == "dobj" for c in v.children) else None
    if not passive and lemma in sets["patient_verbs"] and _no_object(v) and stolen is None:
        # "the fighters killed in the attack", headline "Scores of rebels killed in raid": a verb that needs an
        # object and has none is a reduced passive, its noun is the victim, never the killer
        if v.dep_ == "acl" and v.tag_ == "VBN":
            patients, passive = [v.head], True
        elif v.tag_ in ("VBN", "VBD") and not any(c.dep_ == "aux" for c in v.children):
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if subj:
                patients, passive = subj, True
    if lemma in sets["weapon_verbs"] and not passive and any(
            c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in sets["strike_verb_lemmas"] for c in v.children):
        return []  # "used artillery to target X": the infinitive emits it (roles.user_of)
    if lemma in sets["weapon_verbs"] and not passive:
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if obj is None or not any(t.lemma_.lower() in sets["weapons"] for t in obj.subtree):
            return []
        agents = res.subject_of(v)
        targets = [r for c in (*v.children, *obj.children) if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                   for p in c.children if p.dep_ == "pobj"
                   for r in roles.patients(p, res)]
        if not targets:
            targets = [r for c in v.children if c.dep_ == "prep" and c.lower_ == "in" for r in res.places_in(c)]
        if not targets and v.dep_ == "ROOT":
            targets = res.places_in(v.sent.root, limit=2)  # a subordinate clause does not own the main one's places
        kind = next((sets["event_kinds"][t.lemma_.lower()] for t in obj.subtree
                     if t.lemma_.lower() in sets["event_kinds"]), "attack")
        if agents and (not targets or all(t.actor.startswith("place_") for t in targets)):
            targets = _victims_in_sentence(v.sent, res, sets) or targets
        return _emit(agents, targets, v, 0.75, kind, res)
    if lemma in sets["carry_verbs"] and not who.carry_as_strike(v, res):
        return []  # the attack noun it carries does the work
    if lemma not in sets["strike_verb_lemmas"]:
        return []
    if passive:
        targets = [r for c in patients for r in roles.patients(c, res)]
        agents = [r for c in v.children if c.dep_ == "agent" for r in res._pobj_agents(c)]
        if not agents:  # "killed by an IS car bomb", "wounded by mines planted by Daesh"
            agents = [r for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                      for r in who.instrument_agents(p, res)]
        if not agents:
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "by", "during"):
                    for p in c.children:
                        if p.dep_ == "pobj" and res.is_strike_noun(p):
                            agents += res.event_agent(p)
        if not agents:
            agents = _combat_side(v, res)
        if not targets and v.dep_ == "conj":
            targets = [r for c in v.head.children if c.dep_ == "nsubjpass" for r in roles.patients(c, res)]
        if not agents and v.dep_ == "conj":
            agents = [r for c in v.children if c.dep_ == "agent" for r in res._pobj_agents(c)]
        if not agents:
            # "X was hit and killed by an allied air raid": the agent hangs on the last conjunct.
            for c in v.children:
                if c.dep_ == "conj":
                    agents = [r for g in c.children if g.dep_ == "agent" for r in res._pobj_agents(g)]
        return _emit(agents, targets, v, 0.85, sets["event_kinds"].get(lemma), res)
    if roles.casualties_of_aimed_strike(v, res, TARGET_PREPS):
        return []  # "a US strike on an airfield killed five people": the strike's target is the airfield's owner
    it = who.it_attack(v, res)  # "the attack was horrific ... it had killed": the attack's author, not a state
    agents = it if it is not None else who.user_of(v, res) or who.blamed_for(v, res) or res.subject_of(v) or \
        who.controller(v, res) or \
        who.headline_subject(v, res) or [
        r for c in v.children if c.dep_ == "nsubj" for r in who.instrument_agents(c, res) or (
            who.government_of(c, res) if c.lower_ in res.s["instrument"] or res.is_strike_noun(c) else [])]
    if not agents:
        victims = [r for r in _obj_targets(v, res) if not r.actor.startswith("place_")]
        if victims:
            res.unclaimed.append((v.i, victims))  # "A car bomb killed 16 people": whose, a later line may say
        return []
    targets = _obj_targets(v, res) or (roles.patients(stolen, res) if stolen is not None else [])
    if not targets and v.dep_ == "conj" and v.head.lemma_.lower() in sets["strike_verb_lemmas"]:
        targets = _obj_targets(v.head, res)
    if not targets:
        # "targeted and killed scores of civilians": a conjunct's object.
        for c in v.children:
            if c.dep_ == "conj" and c.lemma_.lower() in sets["strike_verb_lemmas"]:
                targets = _obj_targets(c, res)
    if not targets:
        targets = [r for c in v.children if c.dep_ == "prep" and c.lower_ == "in" for r in res.places_in(c)]
    if not targets or all(t.actor.startswith("place_") for t in targets):
        targets = _victims_in_sentence(v.sent, res, sets) or targets
    return _emit(agents, _prefer_actors(targets, res), v, 0.85, sets["event_kinds"].get(lemma), res)


def _noun(n, res: Resolver, sets: dict, kind: str | None = None) -> list[Raw]:
    under = who.under_attack(n, res)
    if under is not None:
        return _emit(under[0], under[1], n, 0.8, sets["event_kinds"].get(n.lemma_.lower()), res)
    if who.sub_trigger(n, sets) or who.either_or(n) or who.unasserted(n, res):
        return []  # "rocket attacks": the head noun is the trigger; "X or Y strikes": whose is not said
    if n.dep_ in ("nsubj",) and n.head.lemma_.lower() in sets["strike_verb_lemmas"] and n.head.pos_ == "VERB" \
            and not any(c.dep_ == "prep" and (c.lower_ in TARGET_PREPS or (c.lower_ == "of" and n.lower_ in
                                                                             OF_TARGET_NOUNS)) for c in n.children):
        return []  # "a U.S. strike hit the headquarters": the verb emits it
    if n.dep_ == "pobj" and n.head.dep_ == "agent" and n.head.head.lemma_.lower() in sets["strike_verb_lemmas"]:
        return []  # "was killed by a coalition airstrike": the passive verb emits it
    if n.dep_ == "dobj" and n.head.lemma_.lower() in sets["weapon_verbs"] and n.lemma_.lower() in sets["weapons"]:
        return []  # "launched 59 cruise missiles at the airfield": the weapon verb emits it
    agents = who.own_deed(n, res) or who.blamed_for(n, res) or who.not_origins(res.event_agent(n), res)
    if not agents:
        agents = who.government_of(n, res)  # "government air raids", in an article about one state
    if not agents and n.dep_ == "dobj" and (n.head.lemma_.lower() in sets["carry_verbs"] or n.head.lemma_.lower()
                                            in roles.words(res, "strike", "continue_verbs")):
        agents = res.subject_of(n.head)  # "Russia renewed attacks, launching strikes from Belarus"
    if not agents:
        return []
    if kind is not None and all(a.coref for a in agents):
        return []  # "the use of chemical weapons in Idlib": a weapon's use names its user, not the last attacker
    same = who.same_attack_targets(n, agents, res, TARGET_PREPS)
    if same:  # "The attack was reported by the head of the administration in Sevastopol": the attack told before
        return _emit(agents, same, n, 0.8, kind or sets["event_kinds"].get(n.lemma_.lower()), res)
    targets: list[Ref] = []
    preps = [c for c in n.children if c.dep_ == "prep"]
    preps += [g for c in n.children if c.dep_ == "acl" for g in c.children if g.dep_ == "prep"]
    for c in preps:
        if c.lower_ in TARGET_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    targets += roles.patients(p, res, limit=4)
        elif c.dep_ == "prep" and c.lower_ == "of" and n.lower_ in OF_TARGET_NOUNS:
            for p in c.children:  # "the killing of X", "Russia's shelling of Kharkiv"
                if p.dep_ == "pobj":
                    targets += roles.patients(p, res)
        elif c.dep_ in ("relcl", "acl") and c.lemma_.lower() in sets["strike_verb_lemmas"]:
            targets += _obj_targets(c, res)
            for g in c.children:
                if g.dep_ == "conj":
                    targets += _obj_targets(g, res)
    if not targets:
        # "U.S. airstrikes weaken al-Qaida": what the strikes wear down is what they hit
        harm = [n.head] if n.dep_ == "nsubj" else []
        harm += [c for c in n.children if c.dep_ in ("xcomp", "acl", "relcl")]
        targets = [r for h in harm if h.lower_ in sets["harm_verbs"]
                   for c in h.children if c.dep_ == "dobj" for r in res.np_actors(c)]
    if not targets or all(t.actor.startswith("place_") for t in targets):
        targets = _victims_in_sentence(n.sent, res, sets) or targets
    if not targets:
        targets = [r for c in n.children if c.dep_ == "prep" and c.lower_ == "in" for r in res.places_in(c)]
    if not targets and n.dep_ in ("pobj", "pcomp") and n.head.lower_ in ("in", "by", "during") \
            and n.head.head.pos_ == "VERB" and (n.head.lower_ == "in" or n.head.head.lemma_.lower() in
                                                 sets["strike_verb_lemmas"]):
        # "... killed in an air strike claimed by X": the clause's victims
        v = n.head.head
        targets = [r for c in v.children if c.dep_ == "nsubjpass" for r in roles.patients(c, res)]
        if not targets and v.dep_ == "conj":  # "were killed and injured in multiple bombings"
            targets = [r for c in v.head.children if c.dep_ == "nsubjpass" for r in roles.patients(c, res)]
    if not targets and n.dep_ == "pobj" and n.head.head.lower_ in roles.words(res, "strike", "death_nouns"):
        k = n.head.head
        targets = [r for c in k.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p)]
    if not targets:
        targets = res.places_in(n, limit=3)
    targets = _prefer_actors(targets, res)
    kind = kind or sets["event_kinds"].get(n.lemma_.lower())
    for c in n.children:
        if c.lemma_.lower() in sets["event_kinds"] and c.dep_ in ("compound", "amod"):
            kind = sets["event_kinds"][c.lemma_.lower()]
    return _emit(agents, targets, n, 0.8, kind, res)
