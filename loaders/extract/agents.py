"""Who does what: the subject of a verb (through passives, infinitives, conjuncts and the clauses the parser
misattaches) and whose attack or misdeed a noun denotes ("US strikes", "attacks by X", "the attack claimed by X").
"""
from __future__ import annotations

from loaders.extract.pronouns import PRONOUNS, RELATIVE
from loaders.extract.refs import CIVILIANS, Ref, dedupe


class Agents:
    """Mixed into `Resolver`: needs its `doc`, `t`, `s`, `kind`, `np_actors`, `_sent_start` and the strike lists."""

    def _reported_deed(self, v):
        """"X accused Y of shelling a hospital, killing four": the participle continues the deed Y is accused
        of (the parser hangs it on "accused"), so its doer is Y, never the accuser."""
        h = v.head
        if h.lower_ not in self.s["verbish"] or v.lower_ in self.s["verbish"]:
            return None  # "..., the army said, denying reports": a second act of speech stays the speaker's
        for c in h.children:
            if c.i > v.i:
                break
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
                return c
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                p = next((g for g in c.children if g.dep_ == "pcomp"), None)
                if p is not None:
                    return p
        return None

    def subject_of(self, v, depth: int = 0, events: bool = True) -> list[Ref]:
        """The doer of verb `v`: its subject, the by-agent of a passive, or the controller of an infinitive."""
        if depth > 5:
            return []
        for c in v.children:
            if c.dep_ == "agent":
                return self._pobj_agents(c)
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
        ranked = sorted(subjects, key=lambda c: abs(c.i - v.i))
        for c in ranked[:1]:
            s = c
            if s.lower_ in RELATIVE and v.dep_ in ("relcl", "acl"):
                s = v.head
            if events and (self.is_strike_noun(s) or self._claimed(s)) and not self.t.at(s.i):
                return self.event_agent(s)
            if s.lower_ == "it" and any(x.dep_ in ("ccomp", "xcomp") for x in v.children):
                return []
            out = self.np_actors(s, victims=False)
            if not out and events and self._attacker_noun(s):
                # "a suicide bomber from X blew himself up, killing ...": the bomber is X's means
                out = [r for r in self.event_agent(s) if r.actor != CIVILIANS]
            # "The alliance that announced the raid as well as several neighbours blamed ...": the
            # parser gives the verb two subjects where a coordination lost its link; both are the doers
            for other in ranked[1:]:
                if other.dep_ == "nsubj" and other.i < c.i < v.i and other.lower_ not in RELATIVE and \
                        c.left_edge.i > 0 and self.doc[c.left_edge.i - 1].dep_ == "cc":
                    out += [r for r in self.np_actors(other, victims=False) if r.actor not in {o.actor for o in out}]
            return out
        if any(c.dep_ == "nsubjpass" for c in v.children):
            return []
        if v.dep_ == "conj":
            h = v.head
            if v.tag_ == "VBD" and h.dep_ == "ccomp" and h.head.lower_ in self.s["verbish"] and (
                    (h.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in h.children))
                    or (v.lower_ in self.s["verbish"] and h.lower_ not in self.s["verbish"])):
                # "X said the West was ignoring ... and accused Washington": a simple past cannot share the
                # reported clause's "was", and "X said Y had fired ... and dismissed the allegations" reports a
                # second act of speech: both are X's verbs, hung on the reported clause by the parser
                return self.subject_of(h.head, depth + 1, events)
            return self.subject_of(h, depth + 1, events)
        if v.dep_ == "xcomp" or (v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)):
            h = v.head
            obj = next((c for c in h.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None and h.lemma_ not in self.s["aspect_verbs"]:
                return self.np_actors(obj, victims=False)
            on = next((p for c in h.children if c.dep_ == "prep" and c.lower_ == "on" for p in c.children
                       if p.dep_ == "pobj"), None)
            if on is not None:
                return self.np_actors(on, victims=False)
            return self.subject_of(h, depth + 1, events)
        if v.dep_ == "pcomp" and v.head.dep_ == "prep":
            gov = v.head.head
            obj = next((c for c in gov.children if c.dep_ == "dobj"), None)
            if v.head.lower_ in ("of", "for") and obj is not None:
                return self.np_actors(obj, victims=False)  # "accused Russia of shelling": Russia shells
            patient = next((c for c in gov.children if c.dep_ == "nsubjpass"), None)
            if v.head.lower_ in ("of", "for") and patient is not None:
                return self.np_actors(patient, victims=False)  # "X was accused by Y of massacring": X did
            return self.subject_of(gov, depth + 1, events)
        if v.dep_ in ("advcl", "ccomp") and v.tag_ in ("VBG", "VBN"):
            deed = self._reported_deed(v) if v.dep_ == "advcl" else None
            return self.subject_of(deed if deed is not None else v.head, depth + 1, events)
        if v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN"):
            return self.np_actors(v.head, victims=False)
        return []

    def _attacker_noun(self, n) -> bool:
        nouns = self.lex.words("strike", "attacker_nouns") if self.lex.data["strike"].get("attacker_nouns") else ()
        return n.lower_ in nouns or n.lemma_.lower() in nouns

    def _claimed(self, n) -> bool:
        """"one claimed by Daesh", "attacks for which X claimed responsibility"."""
        return any(c.dep_ in ("acl", "relcl") and c.lemma_.lower() in self.s["carry_verbs"] for c in n.children)

    def _pobj_agents(self, prep) -> list[Ref]:
        out = []
        for p in prep.children:
            if p.dep_ == "pobj":
                if self.is_strike_noun(p) and not self.t.at(p.i):
                    out += self.event_agent(p)
                else:
                    out += self.np_actors(p, victims=False)
        return out

    def event_agent(self, n, depth: int = 0) -> list[Ref]:
        """Whose attack a noun denotes: "US strikes", "Russia's bombing", "attacks by X", "claimed by X"."""
        if depth > 3:
            return []
        out: list[Ref] = []
        for c in n.children:
            if c.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and c.i < n.i:
                if any(self.doc[k].lower_ in self.s["verbish"] for k in range(c.i + 1, n.i)):
                    continue  # a headline verb in between: "U.S. Condemns Terrorist Attack"
                if self.t.at(c.i) or c.lower_ in PRONOUNS or c.dep_ == "poss":
                    out += self.np_actors(c, depth + 1, victims=False)
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                out += self._pobj_agents(c)
            elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in self.s["blame_verbs"]:
                # "an attack blamed on Hezbollah", "strikes attributed to Israel"
                out += [r for g in c.children if g.dep_ == "prep" and g.lower_ in ("on", "to")
                        for p in g.children if p.dep_ == "pobj" for r in self.np_actors(p, victims=False)]
            elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in self.s["carry_verbs"]:
                for g in c.children:
                    if g.dep_ == "agent":
                        out += self._pobj_agents(g)
                    elif g.dep_ == "nsubj" and g.lower_ not in RELATIVE:
                        out += self.np_actors(g, victims=False)
        if not out:
            # A compound's own compounds: "precision U.S. airstrikes" is fine, "coalition air strike" too.
            for c in n.children:
                if c.dep_ == "compound":
                    for g in c.children:
                        if g.dep_ in ("compound", "amod", "poss") and self.t.at(g.i):
                            out += self.np_actors(g, depth + 1, victims=False)
        if not out:
            h = n.head
            if n.dep_ == "compound" and h.pos_ in ("NOUN", "PROPN"):
                out = self.event_agent(h, depth + 1)
            elif n.dep_ == "dobj" and h.lemma_ in self.s["carry_verbs"]:
                out = self.subject_of(h)
            elif n.dep_ == "nsubjpass" and h.lemma_ in self.s["carry_verbs"]:
                out = self.subject_of(h)
            elif n.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_ in self.s["series_nouns"]:
                out = self.event_agent(h.head, depth + 1)
            elif n.dep_ == "dobj" and h.lemma_.lower() in self.s["stop_verbs"]:
                out = self.subject_of(h)  # "press the regime to cease airstrikes" -> the regime's airstrikes
            elif n.dep_ == "pobj" and h.head.lemma_.lower() in self.s["stop_verbs"] and h.head.pos_ == "VERB":
                out = self.subject_of(h.head)  # the same, misparsed as "cease at once [airstrikes]"
            elif n.dep_ == "pobj" and (h.lower_ in self.s["involve_verbs"] or
                                       h.head.lemma_.lower() in self.s["involve_verbs"]):
                # "X was involved in the use of ...", "X is responsible for the attack", "X was behind the raid"
                out = [r for c in _clause_subjects(h) for r in self.np_actors(c, victims=False)]
            elif n.dep_ in ("nsubj", "nsubjpass") and h.pos_ in ("VERB", "AUX"):
                # "The attacks in X demonstrate the barbarity of the regime": the misdeed's owner
                for c in h.children:
                    if c.dep_ in ("dobj", "attr") and c.lemma_.lower() in self.s["conduct_nouns"] | self.s["cue_nouns"]:
                        for g in c.children:
                            if g.dep_ == "poss":
                                out += self.np_actors(g, victims=False)
                            elif g.dep_ == "prep" and g.lower_ == "of":
                                out += [r for p in g.children if p.dep_ == "pobj"
                                        for r in self.np_actors(p, victims=False)]
        if not out and depth == 0:
            out = self._left_modifier(n)
        elif out and depth == 0:
            # "Syrian regime and Russian bombing": the parser gives the noun only its nearest author
            first = min((c.left_edge.i for c in n.children if c.i < n.i and c.dep_ in ("compound", "amod", "nmod")),
                        default=n.i)
            if first - 2 >= n.sent.start and self.doc[first - 1].lower_ in ("and", "or"):
                out += self._left_modifier(n, first - 2)
        if not out and depth == 0:
            out = self.claimant(n.sent)
        if not out and depth == 0 and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "such", "these")
                                          for c in n.children):
            out = self.earlier_attacker(n)
        return dedupe([r for r in out if r.actor != CIVILIANS and self.kind(r.actor) != "location"])

    def _left_modifier(self, n, k: int | None = None) -> list[Ref]:
        """"killed in rebel shelling", "Russian and Assad regime airstrikes": an actor written right before the
        attack noun modifies it, even where the parser hung it elsewhere. Not a clause's subject or object."""
        if k is None:
            k = n.i - 1
            while k >= n.sent.start and self.doc[k].lower_ in self.s["event_modifiers"]:
                k -= 1  # "Russian air strikes", "regime barrel bomb attacks"
        if k < n.sent.start:
            return []
        out: list[Ref] = []
        while k >= n.sent.start:
            tok = self.doc[k]
            m = self.t.at(k)
            if m is None or not m.actor or m.end - 1 != k or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
                break
            if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss") and tok.head is not n:
                break  # "the army strikes": a clause, the verb reading owns it
            if tok.pos_ == "PROPN" and self.kind(m.actor) == "state":
                break  # "Syria airstrikes" is where, "Syrian airstrikes" is whose
            out += [r for r in self.np_actors(tok, 1, victims=False) if r.actor not in self.s["generic"]]
            k = m.start - 1  # "Syrian regime and Russian bombing": each conjunct is an author
            if k - 1 < n.sent.start or self.doc[k].lower_ not in ("and", "or", ","):
                break
            k -= 1
        return dedupe(out)

    def earlier_victims(self, n) -> list[Ref]:
        """The victims of the attack a later sentence names its author for: the last attack of the two sentences
        before (or of this one) that had victims and no author."""
        limit = self._sent_start(n.sent, back=2)
        for i, targets in reversed(self.unclaimed):
            if limit <= i < n.sent.end and i != n.i:
                return [Ref(r.actor, r.surface, n.i, coref=True) for r in targets]
        return []

    def earlier_attacker(self, n) -> list[Ref]:
        """"The Afghan government condemned the attack": whoever the last sentences said carried it out."""
        limit = self._sent_start(n.sent, back=2)
        near = [(i, agents) for i, agents in reversed(self.strikes_seen) if limit <= i < n.sent.start and agents]
        # "Israeli air strikes ... the October 7 attack by Hamas ... killed in the strikes": same word, same attacks
        lemma = n.lemma_.lower()
        same = [(i, a) for i, a in near if lemma == self.doc[i].lemma_.lower()
                or any(c.lemma_.lower() == lemma for c in self.doc[i].children)]
        for _i, agents in same or near[:1]:
            return [Ref(r.actor, r.surface, n.i, coref=True) for r in agents]
        return []

    def claimant(self, sent) -> list[Ref]:
        """Who claimed the sentence's attack: "X claimed responsibility", "claimed by X"."""
        for t in sent:
            if t.lemma_.lower() != "claim" or t.pos_ != "VERB":
                continue
            agent = next((c for c in t.children if c.dep_ == "agent"), None)
            if agent is not None:
                return self._pobj_agents(agent)
            if any(c.dep_ == "dobj" and c.lemma_.lower() == "responsibility" for c in t.children):
                return [r for c in t.children if c.dep_ == "nsubj" for r in self.np_actors(c, victims=False)]
        return []

    # ---- who is to blame inside a phrase --------------------------------------------------------------------
    def culprits(self, tok, limit_to=None) -> list[Ref]:
        """Agents of the attacks and misdeeds a phrase talks about ("condemn ISIL's attacks" -> ISIL)."""
        out: list[Ref] = []
        for t in tok.subtree:
            if limit_to is not None and t.i not in limit_to:
                continue
            low = t.lower_
            if low in self.s["strike_nouns"] and t.pos_ != "VERB":
                out += self.event_agent(t)
            elif t.pos_ == "VERB" and low in self.s["strike_verbs"]:
                # "Russia has used artillery units to target ...": units name no one, so the user does it
                out += self.subject_of(t) or (self.subject_of(t.head) if t.dep_ == "xcomp" else [])
            elif t.lemma_ == "claim" and any(c.dep_ == "agent" for c in t.children):
                out += self.subject_of(t)
            elif t.dep_ == "poss" or (t.dep_ == "pobj" and t.head.lower_ == "of" and
                                      t.head.head.lemma_.lower() in self.s["conduct_nouns"]):
                if t.head.lemma_.lower() in self.s["conduct_nouns"] or t.dep_ == "pobj":
                    out += self.np_actors(t, victims=False)
        return dedupe([r for r in out if r.actor != CIVILIANS and self.kind(r.actor) != "location"])


def _clause_subjects(tok) -> list:
    """The subject of the clause a preposition or predicate adjective sits in ("X was responsible for", "X is
    behind", "X, responsible for ..."), climbing through the copula."""
    v = tok
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj
        if v.dep_ == "amod" and v.head.pos_ in ("NOUN", "PROPN"):
            return [v.head]  # "the group responsible for the bombing"
        if v.dep_ not in ("prep", "acomp", "attr", "oprd", "pcomp") or v.head.i == v.i:
            break
        v = v.head
    return []
