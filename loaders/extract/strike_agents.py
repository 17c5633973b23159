"""The author's side of every STRIKES trigger: who struck, when the text names it in a shape the parser does not
hand over as a subject ("Syrian or Russian jets", "their bombardment", "accused X of shelling", "an IS car bomb",
"al-Nusra Front (...) terrorists", "government air raids", "the attack" told before), and the frames that say a
strike was not done ("warned against strikes", "halted raids"). The struck side is in strike_roles.py.
"""
from __future__ import annotations

from loaders.extract.refs import dedupe
from loaders.extract.resolve import CIVILIANS, Ref, Resolver
from loaders.extract.strike_roles import patients, words


def disjunctive(agents: list[Ref], res: Resolver) -> bool:
    """"Syrian regime or Russian air strikes", "Syrian or Russian jets": either one, the text does not say which
    (the gold's ruling: no STRIKES). Two authors with an "or" between them and nothing else."""
    for a in agents:
        m = res.t.at(a.i)
        first = m.start if m is not None else a.i
        tok = res.doc[a.i]
        if (first > tok.sent.start and res.doc[first - 1].lower_ == "or") or any(
                c.dep_ == "cc" and c.lower_ == "or" for c in tok.children) or any(
                c.dep_ == "cc" and c.lower_ == "or" for g in tok.children if g.i < first for c in g.children):
            return True  # "Syrian or Russian jets", "the regime or Russia"
    if len(agents) < 2:
        return False
    lo, hi = min(a.i for a in agents), max(a.i for a in agents)
    if hi - lo > 8 or res.doc[lo].sent != res.doc[hi].sent:
        return False
    between = [res.doc[k].lower_ for k in range(lo + 1, hi)]
    return "or" in between and "and" not in between


def either_or(n) -> bool:
    """"Syrian regime or Russian air strikes": the noun is the second of two alternatives."""
    if n.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in n.head.children):
        return True
    k = n.left_edge.i - 1
    return k >= n.sent.start and n.doc[k].lower_ == "or"


def sub_trigger(n, sets: dict) -> bool:
    """"rocket attacks", "missile strike": the modifier is part of its head's trigger, not a second one."""
    return n.dep_ in ("compound", "amod") and n.head.lower_ in sets["strike_nouns"] and n.head.pos_ != "VERB"


def own_deed(n, res: Resolver) -> list[Ref]:
    """"government troops and allied jets stepped up their bombardment", "Russia resumed its shelling": a
    possessive pronoun on the attack names the clause's subject, every conjunct of it."""
    if not any(c.dep_ == "poss" and c.lower_ in ("their", "its", "his", "her") for c in n.children):
        return []
    v = n.head
    while v.dep_ in ("prep", "pobj", "dobj", "conj") and v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    if v.pos_ not in ("VERB", "AUX"):
        return []
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return []
    return [r for r in res.np_actors(subj, victims=False) if r.actor != CIVILIANS and r.actor not in res.s["generic"]]


def user_of(v, res: Resolver) -> list[Ref]:
    """"X used artillery units to target Y", "X deployed drones to strike Y": whoever uses the means strikes,
    not the means (the infinitive's controller is otherwise read as the object)."""
    if v.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
        return []
    h = v.head
    if h.lemma_.lower() not in res.s["weapon_verbs"] and h.lemma_.lower() not in words(res, "strike", "dispatch_verbs"):
        return []
    return res.subject_of(h)


def with_coordinated(agents: list[Ref], res: Resolver) -> list[Ref]:
    """"Syrian and Russian jets", "US and British warplanes": the parser gives the noun its nearest modifier
    only; every coordinated actor modifier before it is an author too."""
    out = list(agents)
    seen = {a.actor for a in agents}
    for a in agents:
        m = res.t.at(a.i)
        if m is None or m.end - m.start < 2:
            continue  # only a modifier + noun mention ("Russian jets") has modifiers to share
        k = m.start - 1
        while k - 1 >= res.doc[a.i].sent.start and res.doc[k].lower_ in ("and", ","):
            prev = res.t.at(k - 1)
            if prev is None or not prev.actor or prev.end != k or res.doc[k - 1].pos_ not in ("ADJ", "PROPN", "NOUN"):
                break
            if res.doc[k - 1].dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
                break  # "Russia and Syrian jets": a noun phrase of its own, the parser's conjunct
            if prev.actor not in seen and res.kind(prev.actor) != "location":
                out.append(Ref(prev.actor, prev.surface, k - 1))
                seen.add(prev.actor)
            k = prev.start - 1
    return out


def carry_as_strike(v, res: Resolver) -> bool:
    """"executed an attack" carries the noun's attack; "executed 19 men" is the killing itself. A verb in both
    lists strikes when what it takes is not an attack noun."""
    if v.lemma_.lower() not in res.s["strike_verb_lemmas"]:
        return False
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    if v.dep_ in ("acl", "relcl") and not objs:
        objs = [v.head]  # "the attack executed by X", "men executed by X"
    return bool(objs) and not any(res.is_strike_noun(o) or res._claimed(o) or o.lower_ == "responsibility"
                                  for o in objs)


def blamed_for(t, res: Resolver) -> list[Ref]:
    """"accused government forces of gassing people", "blamed the regime for the attack", "X was accused of
    strikes": the accused is the author of the deed. Also where the parser hung "of" on the accused's noun."""
    if t.dep_ not in ("pcomp", "pobj") or t.head.lower_ not in ("of", "for"):
        return []
    blame = words(res, "accuse", "verbs")
    h = t.head.head
    if h.pos_ in ("NOUN", "PROPN") and h.dep_ in ("dobj", "nsubjpass") and h.head.lemma_.lower() in blame:
        return [r for r in res.np_actors(h, victims=False) if r.actor != CIVILIANS]
    if h.pos_ == "VERB" and h.lemma_.lower() in blame:
        who = next((c for c in h.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if who is not None:
            return [r for r in res.np_actors(who, victims=False) if r.actor != CIVILIANS]
    return []


def instrument_agents(tok, res: Resolver) -> list[Ref]:
    """The means stands for whoever uses it: "an Islamic State car bomb killed 20", "two ISIS suicide bombers",
    "Daesh mines", "mines planted by the group", "rockets fired by militants"."""
    if tok.lemma_.lower() not in words(res, "strike", "attacker_nouns") and tok.lower_ not in words(
            res, "strike", "attacker_nouns"):
        return []
    out = [r for r in res.event_agent(tok) if r.actor != CIVILIANS]
    if not out:
        for c in tok.children:
            if c.dep_ in ("acl", "relcl"):
                out += [r for g in c.children if g.dep_ == "agent" for r in res._pobj_agents(g)]
    return out


def not_origins(agents: list[Ref], res: Resolver) -> list[Ref]:
    """"missiles fired from the sea and from Belarus": a country or a place after "from" is where the strike
    was launched, not who launched it ("attacks from the coalition" still name the coalition)."""
    out = []
    for a in agents:
        tok = res.doc[a.i]
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.lower_ == "from" and res.kind(a.actor) in ("state", "location"):
            continue
        out.append(a)
    return out


def anaphoric(n, res: Resolver) -> bool:
    """"IS claimed the attack", "responsibility for this bombing": a definite attack noun points back to an
    attack already told; "rare strikes in the province" is a new one and takes no earlier victims."""
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in n.children):
        return True
    return any(t.lemma_.lower() == "claim" for t in (n.head, n.head.head))


NAMED_KINDS = {"armed_group", "military", "coalition", "government_body"}


def named_over_generic(agents: list[Ref], res: Resolver) -> list[Ref]:
    """"al-Nusra Front (al-Qaeda's branch) terrorists fired", "Al-Qaeda Terrorists attacks": a generic word
    ("terrorists", "militants") led by a group's name is that group, also when a parenthesis or a parse error
    keeps the name from being its compound."""
    out: list[Ref] = []
    for a in agents:
        if a.actor not in res.s["generic"]:
            out.append(a)
            continue
        m = res.t.at(a.i)
        start = m.start if m is not None else a.i
        tok = res.doc[a.i]
        named = None
        for c in tok.children:
            mc = res.t.at(c.i)
            if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < start and mc is not None and mc.actor \
                    and mc.actor not in res.s["generic"] and res.kind(mc.actor) in NAMED_KINDS:
                named = Ref(mc.actor, mc.surface, c.i)
        k = start - 1
        if named is None and k >= tok.sent.start and res.doc[k].text == ")":
            while k > tok.sent.start and res.doc[k].text != "(":
                k -= 1
            k -= 1
        mk = res.t.at(k) if named is None and k >= tok.sent.start else None
        if mk is not None and mk.actor and mk.end == k + 1 and mk.actor not in res.s["generic"] \
                and res.kind(mk.actor) in NAMED_KINDS:
            named = Ref(mk.actor, mk.surface, k)
        out.append(named or a)
    return dedupe(out)


def unasserted(n, res: Resolver) -> bool:
    """"warns against new US missile strikes", "halted airstrikes", "Congress debates strikes": the frame says
    the strikes are not asserted as done."""
    frames = words(res, "strike", "unasserted_frames")
    h = n.head
    if n.dep_ == "pobj" and h.lower_ in ("against", "on", "of", "for"):
        h = h.head
    elif n.dep_ not in ("dobj", "nsubjpass"):
        return False
    return h.pos_ in ("VERB", "NOUN") and h.lemma_.lower() in frames


def it_attack(v, res: Resolver) -> list[Ref] | None:
    """A subject "it" whose nearest candidate antecedent is an attack noun ("the attack was horrific and it
    killed children") is the attack: its author, or nobody. None when "it" is not the subject or names an actor
    ("Russia said it had killed 50 militants")."""
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ != "it":
        return None
    if v.dep_ == "ccomp" and v.head.lower_ in res.s["verbish"] and any(
            res.kind(r.actor) not in ("person", "location") for r in res.subject_of(v.head)):
        return None  # "the military said it had destroyed ...": the sayer
    start = res._sent_start(subj.sent, back=1)
    for k in range(subj.i - 1, start - 1, -1):
        t = res.doc[k]
        m = res.t.at(k)
        if m is not None and m.actor and res.kind(m.actor) not in ("location", "person") and k == m.end - 1:
            return None
        if res.is_strike_noun(t) and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            return [r for r in res.event_agent(t) if r.actor != CIVILIANS]
    return None


def _under(v, res: Resolver):
    """The attack noun of "X came / was / remained under attack" on verb `v`, or None."""
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ == "under":
            for p in c.children:
                if p.dep_ == "pobj" and res.is_strike_noun(p):
                    return p
    return None


def under_attack(n, res: Resolver) -> tuple[list[Ref], list[Ref]] | None:
    """"the city came under attack again, with rockets striking homes", "the town was
    under bombardment by regime forces": the subject is struck; the author is the noun's, else the one of the
    "with" clause. None when the noun is not in that frame."""
    if n.dep_ != "pobj" or n.head.lower_ != "under" or n.head.head.pos_ not in ("VERB", "AUX"):
        return None
    v = n.head.head
    subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    targets = patients(subj, res)
    if subj.lower_ == "it":  # "Kreminna ... after it came under attack": the last place named, not an actor
        targets = next(([Ref(res.place_actor(m), m.surface, m.end - 1)] for m in reversed(res.t.mentions)
                        if m.place and m.end <= subj.i and m.start >= subj.sent.start), [])
    agents = [r for r in res.event_agent(n) if r.actor != CIVILIANS]
    if not agents:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                for w in c.children:
                    if w.dep_ == "pcomp":  # "with Russian missiles striking at ...": the participle's subject
                        w = next((g for g in w.children if g.dep_ == "nsubj"), None)
                    if w is not None and w.dep_ in ("pobj", "nsubj"):
                        agents += res.np_actors(w, victims=False) or instrument_agents(w, res)
    return agents, targets


def elaborates_under_attack(v, res: Resolver) -> bool:
    """The participle of "under attack, with Russian missiles striking at ...": part of the frame."""
    if v.dep_ == "pcomp" and v.head.lower_ == "with":
        return _under(v.head.head, res) is not None
    if v.dep_ not in ("acl", "relcl", "advcl") or v.head.dep_ != "pobj" or v.head.head.lower_ != "with":
        return False
    return _under(v.head.head.head, res) is not None


def government_of(n, res: Resolver) -> list[Ref]:
    """"Government air raids killed 27", "government warplanes": a bare "government" before an attack or a force
    is the government of the state the text last named (within five sentences), as "the army" is its army."""
    mod = next((c for c in n.children if c.dep_ in ("compound", "amod", "nmod") and c.i < n.i
                and c.lower_ == "government" and res.t.at(c.i) is None), None)
    if mod is None:
        return []
    for m in res.mentions_before(mod.i, n.sent, back=5):
        if m.actor and res.kind(m.actor) == "state":
            return [Ref(m.actor, m.surface, mod.i, coref=True)]
    return []


def headline_subject(v, res: Resolver) -> list[Ref]:
    """"ISIL Beheads 8 Syria Militants": a headline verb whose actor the parser hung on it as a compound."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        return []
    for c in v.children:
        m = res.t.at(c.i)
        if c.dep_ in ("compound", "npadvmod", "amod") and c.i < v.i and m is not None and m.actor \
                and res.kind(m.actor) not in ("location",) and m.actor not in res.s["generic"]:
            return [Ref(m.actor, m.surface, c.i)]
    return []


def log_strike(res: Resolver, trig, raws: list) -> None:
    """What each strike of the article struck, in text order, for the attack nouns that point back to it."""
    if raws:
        log = res.__dict__.setdefault("strike_log", [])
        log.append((trig.i, {r.source.actor for r in raws}, [r.target for r in raws]))


def same_attack_targets(n, agents: list[Ref], res: Resolver, target_preps) -> list[Ref]:
    """"The attack was a response to ... in Idlib", "The attack was reported by ... in Sevastopol": a bare
    definite attack noun whose author came from the sentences before is that earlier attack, and struck what
    it struck, not the places this sentence names. Empty when the noun names its own target."""
    if not agents or not all(a.coref for a in agents) or not anaphoric(n, res):
        return []
    if any(c.dep_ == "prep" and (c.lower_ in target_preps or c.lower_ == "of") for c in n.children):
        return []
    limit = res._sent_start(n.sent, back=2)
    actors = {a.actor for a in agents}
    for i, sources, targets in reversed(res.__dict__.get("strike_log", [])):
        if limit <= i < n.sent.start and sources & actors:
            seen, out = set(), []
            for t in targets:
                if t.actor not in seen:
                    seen.add(t.actor)
                    out.append(Ref(t.actor, t.surface, n.i, coref=True))
            return out
    return []


def controller(v, res: Resolver) -> list[Ref]:
    """"Moscow on Friday continued to shell ...": the infinitive's doer is the governing verb's subject (a date
    after "on" is not the one acted on, as in "pressed on X to stop")."""
    if v.dep_ != "xcomp" or any(c.dep_ in ("dobj", "dative") for c in v.head.children):
        return []
    if v.head.lemma_.lower() not in words(res, "strike", "continue_verbs") | words(res, "strike", "attempt_verbs"):
        return []
    return res.subject_of(v.head)
