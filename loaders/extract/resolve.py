"""Who a phrase denotes: noun phrases, pronouns, definite descriptions and the agents of attack nouns.

Every relation family asks the same questions of the parse ("who is the subject of this verb", "whose strikes
are these"), so they live here once. Pronouns resolve only when the evidence is clear (a compatible actor within
a few sentences); otherwise they stay unresolved and no edge is emitted.
"""
from __future__ import annotations

from dataclasses import dataclass

from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import FIRST_PERSON, PRONOUNS, Discovered, MentionTable, slug

CIVILIANS = "civilians"
RELATIVE = {"who", "which", "that", "whom", "whose"}
PERSON_PRON = {"he", "she", "him", "his", "her", "himself", "herself"}
THING_PRON = {"it", "its", "itself"}
PLURAL_PRON = {"they", "them", "their", "themselves"}
GROUP_KINDS = {"military", "armed_group", "group", "coalition"}
DEFINITE = {"ministry": ("government_body", "ministry"), "department": ("government_body", "department"),
            "agency": ("media", None), "group": (None, None), "military": ("military", None),
            "army": ("military", None), "spokesman": ("person", "spokes"), "spokeswoman": ("person", "spokes"),
            "spokesperson": ("person", "spokes"), "official": ("person", None), "minister": ("person", "minister"),
            "monitor": ("ngo", None), "observatory": ("ngo", None), "organisation": (None, None),
            "organization": (None, None), "coalition": ("coalition", None), "militia": ("armed_group", None),
            "president": ("person", "president"), "government": ("state", None)}
OWNER_VERBS = {"belong", "control", "hold", "link", "back", "support", "run", "own", "operate", "loyal"}
ROLE_NOUNS_EXTRA = {"forces", "force", "troops", "fighters", "militia", "militias", "jets", "warplanes", "aircraft",
                    "planes", "government", "authorities", "army", "military", "navy", "units", "soldiers",
                    "group", "wing", "arm", "allies", "partners", "backers", "personnel", "crew",
                    "aircrew", "operatives", "network", "members", "ministers", "state", "kingdom",
                    "republic", "emirate", "people"}


@dataclass(frozen=True)
class Ref:
    """An actor as one phrase names it: `surface` is what the text says, `coref` marks a resolved pronoun."""

    actor: str
    surface: str
    i: int
    coref: bool = False


class Resolver:
    def __init__(self, sdoc, table: MentionTable, lex: Lexicon, kinds: dict[str, str], sets: dict) -> None:
        self.doc = sdoc
        self.t = table
        self.lex = lex
        self.kinds = kinds  # actor id -> kind (dictionary and discovered)
        self.s = sets
        self.first_person_voice: dict[int, Ref] = {}  # sentence start -> speaker of first-person words
        self.issuer: Ref | None = None
        self.place_of: dict[str, str] = {}  # place actor id -> LocationRecord id
        self.strikes_seen: list[tuple[int, list[Ref]]] = []  # (trigger index, agents), in text order
        self.unclaimed: list[tuple[int, list[Ref]]] = []  # (trigger index, victims) of attacks nobody was named for
        self.speakers: list[tuple[int, Ref]] = []  # (verb index, speaker), in text order
        self._sent_index = {}

    # ---- small helpers -------------------------------------------------------------------------------------
    def kind(self, aid: str) -> str:
        return self.kinds.get(aid, "other")

    def is_strike_noun(self, tok) -> bool:
        return tok.lower_ in self.s["strike_nouns"] and tok.pos_ != "VERB"

    def ref_of(self, m, i: int) -> Ref | None:
        if m.actor:
            return Ref(m.actor, m.surface, i)
        if m.place:
            return Ref(self.place_actor(m), m.surface, i)
        return None

    def place_actor(self, m) -> str:
        pid = m.place if m.place.startswith("place_") else "place_" + m.place
        self.place_of[pid] = m.place
        if pid not in self.t.discovered:
            self.t.discovered[pid] = Discovered(pid, m.surface, "location", confidence=0.8)
            self.kinds[pid] = "location"
        return pid

    def civilians(self, tok) -> Ref:
        return Ref(CIVILIANS, tok.text, tok.i)

    def is_state_place(self, m) -> bool:
        return bool(m.actor) and self.kind(m.actor) == "state"

    # ---- noun phrases --------------------------------------------------------------------------------------
    def np_actors(self, tok, depth: int = 0, places: bool = False, victims: bool = True) -> list[Ref]:
        """The actors a noun phrase headed by `tok` names (conjuncts included)."""
        if depth > 4 or tok is None:
            return []
        out: list[Ref] = []
        m = self.t.at(tok.i)
        low = tok.lower_
        if m is not None and m.actor and m.actor in self.s["generic"] and tok.i == m.end - 1:
            # "a spokesperson for Amnesty", "Houthi officials", "Al-Shabaab militants": the body they belong to
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "poss") and c.i < m.start and self.t.at(c.i) \
                        and self.t.at(c.i).actor and self.t.at(c.i).actor not in self.s["generic"]:
                    out += self.np_actors(c, depth + 1, victims=False)
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "of", "from", "with", "at"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += [r for r in self.np_actors(p, depth + 1, victims=False)
                                    if r.actor not in self.s["generic"]]
            if not out:
                if victims and tok.lemma_.lower() in self.s["victims"]:
                    out.append(self.civilians(tok))  # "killing five residents": victims, not witnesses
                else:
                    out.append(Ref(m.actor, self._generic_surface(tok, m), tok.i))
        elif m is not None and m.actor:
            if victims and m.actor in self.s["generic"] and tok.lemma_.lower() in self.s["victims"]:
                out.append(self.civilians(tok))  # "killing five residents": victims, not the witnesses
            else:
                out.append(Ref(m.actor, m.surface, tok.i))
        elif m is not None and m.place:
            if places:
                out.append(Ref(self.place_actor(m), m.surface, tok.i))
        elif low in RELATIVE and tok.head.dep_ in ("relcl", "acl") and tok.head.head is not tok:
            return self.np_actors(tok.head.head, depth + 1, places, victims)
        elif low in PRONOUNS:
            r = self.coref(tok)
            if r:
                out.append(r)
        elif victims and tok.lemma_.lower() in self.s["victims"] and tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            out.append(self.civilians(tok))
        elif low in self.s["quantity"] or (tok.like_num and tok.dep_ != "nummod"):
            # "scores of Syrian civilians", "dozens of fighters": the quantity stands for what it counts
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += self.np_actors(p, depth + 1, places, victims)
        else:
            for c in tok.children:
                if c.dep_ == "appos":
                    out += self.np_actors(c, depth + 1, places, victims=False)
            if not out and (tok.lemma_.lower() in self.s["instrument"] or low in self.s["instrument"]):
                # "Russian jets", "IDF fighter jets", "the regime's forces" — not "our Syrian partners"
                for c in tok.children:
                    if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i:
                        out += self.np_actors(c, depth + 1, places=False, victims=False)
                        if not out and c.dep_ == "compound":
                            out += [r for g in c.children if g.dep_ in ("compound", "amod", "poss")
                                    for r in self.np_actors(g, depth + 1, places=False, victims=False)]
            if not out and (low in self.s["speaker_nouns"] or low in self.s["document_nouns"]):
                for c in tok.children:
                    if c.dep_ in ("compound", "amod", "poss", "nmod") and c.i < tok.i and self.t.at(c.i):
                        out += self.np_actors(c, depth + 1, places=False, victims=False)
            if len(out) == 1 and low in self.s["speaker_nouns"] and self.doc[out[0].i].pos_ == "ADJ" and \
                    tok.tag_ in ("NN", "NNP"):
                # "the Canadian defence minister": one person the text names by role; "Canadian" alone names
                # the state, not the speaker
                first = tok.left_edge.i + (self.doc[tok.left_edge.i].lower_ in ("the", "a", "an"))
                out = [Ref(out[0].actor, self.doc[first:tok.i + 1].text, out[0].i, out[0].coref)]
            if not out and (low in self.s["speaker_nouns"] or low in ROLE_NOUNS_EXTRA
                            or low in self.s["document_nouns"]):
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "with", "by"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                out += self.np_actors(p, depth + 1, places=False, victims=False)
            if not out:
                for c in tok.children:
                    if c.dep_ == "acl" and c.lemma_ in OWNER_VERBS:
                        for g in c.children:
                            if g.dep_ in ("prep", "agent"):
                                for p in g.children:
                                    if p.dep_ == "pobj":
                                        out += self.np_actors(p, depth + 1, victims=False)
            if not out and any(c.lower_ == "the" for c in tok.children) and self.t.titles:
                r = self.by_title(tok)
                if r:
                    out.append(r)
            if not out and low in DEFINITE and any(c.lower_ in ("the", "this", "that") for c in tok.children):
                r = self.definite(tok)
                if r:
                    out.append(r)
        for c in tok.children:
            if c.dep_ == "conj":
                out += self.np_actors(c, depth + 1, places, victims)
        return _dedupe(out)

    def _generic_surface(self, tok, m) -> str:
        """"a witness in Akcakale", "a spokesman at the hospital in Kafr Takharim": one unnamed source is known by
        where it stands, so its name runs to the place that locates it (the actor stays the generic group; a
        plural group, "witnesses in the city of X", keeps its plain name)."""
        if tok.tag_ not in ("NN", "NNP"):
            return m.surface
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "at") and c.i == m.end),
                    None)
        end = self._to_place(prep) if prep is not None else None
        if end is None or end - m.start > 12:
            return m.surface
        return self.doc[m.start:end].text

    def _to_place(self, prep, depth: int = 0) -> int | None:
        """The end of the first phrase under `prep` that names a place, through nested "in"/"at"/"of"."""
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or depth > 3:
            return None
        for k in range(pobj.left_edge.i, pobj.i + 1):
            m = self.t.at(k)
            if m is not None and m.place:
                return max(pobj.i + 1, m.end)
        for c in pobj.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "of"):
                return self._to_place(c, depth + 1)
        return None

    def named_group(self, tok) -> Ref | None:
        """An organisation the dictionary and the recogniser missed, named by proper nouns ("Aleppo Police
        Command", read as the place Aleppo): an actor under the text's own name (known=false)."""
        toks = [t for t in self.doc[tok.left_edge.i:tok.i + 1] if t.lower_ not in ("the", "a", "an")]
        if tok.pos_ != "PROPN" or len(toks) < 2 or not all(t.pos_ == "PROPN" or t.is_punct for t in toks):
            return None
        name = " ".join(t.text for t in toks)
        aid = "org_" + slug(name)
        if aid not in self.t.discovered:
            self.t.discovered[aid] = Discovered(aid, name, "other", confidence=0.5)
            self.kinds[aid] = "other"
        return Ref(aid, name, tok.i)

    def places_in(self, tok, limit: int = 4, locative: bool = False) -> list[Ref]:
        """Places (not states) named inside a phrase: "in the towns of Jabla and Tartus"."""
        out = []
        for t in tok.subtree:
            m = self.t.at(t.i)
            if locative and t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj"):
                continue  # "Moscow denied ...": an actor, not where it happened
            if m is not None and m.place and t.i == m.end - 1 and (not m.actor or self.s["city"](m.place)):
                out.append(Ref(self.place_actor(m), m.surface, t.i))
                if len(out) >= limit:
                    break
        return out

    # ---- pronouns and definite descriptions ----------------------------------------------------------------
    def coref(self, tok) -> Ref | None:
        low = tok.lower_
        if low in FIRST_PERSON:
            v = self.first_person_voice.get(tok.sent.start) or self.issuer
            return Ref(v.actor, v.surface, tok.i, coref=True) if v else None
        sent = tok.sent
        # "him"/"them" as an object never refers to the subject of its own clause.
        exclude = set()
        if tok.dep_ in ("dobj", "pobj", "dative", "iobj"):
            for c in tok.head.children:
                if c.dep_ == "nsubj":
                    m = self.t.at(c.i)
                    if m and m.actor:
                        exclude.add(m.actor)
        want = self._want(low)
        if low in THING_PRON or low in PLURAL_PRON:
            # the nearest earlier argument (subject or object) of the same sentence: "press the regime to end
            # its attacks" -> the regime; "Moscow denied reports from X that its campaign ..." -> Moscow
            for m in reversed(self.t.mentions):
                if m.start >= tok.i or m.start < sent.start:
                    continue
                head = self.doc[m.end - 1]
                if m.actor and m.actor not in exclude and want(m) and head.dep_ in ("nsubj", "nsubjpass", "dobj"):
                    return Ref(m.actor, m.surface, tok.i, coref=True)
        limit = max(0, self._sent_start(sent, back=3))
        if low in PERSON_PRON:
            # centering: the last person who was a subject, else the last person named
            for m in reversed(self.t.mentions):
                if m.start >= tok.i:
                    continue
                if m.start < limit:
                    break
                head = self.doc[m.end - 1]
                if head.dep_ == "appos" and head.head.dep_ == "nsubj":
                    head = head.head  # "The mayor of Berlin, Franziska Giffey, took part ...": the subject
                if m.actor and m.actor not in exclude and want(m) and head.dep_ == "nsubj":
                    # the subject of its own sentence too when the pronoun is in a clause under it: "Giffey took
                    # part in a call with a person she said looked like Klitschko"
                    if m.start < sent.start or tok.dep_ != "nsubj" or (
                            tok.head.dep_ in ("relcl", "ccomp", "advcl", "acl") and
                            head.head in tok.head.ancestors):
                        return Ref(m.actor, m.surface, tok.i, coref=True)
        for m in reversed(self.t.mentions):
            if m.start >= tok.i:
                continue
            if m.start < limit:
                break
            if not m.actor or m.actor in exclude or m.actor == CIVILIANS:
                continue
            if want(m):
                return Ref(m.actor, m.surface, tok.i, coref=True)
        return None

    def by_title(self, tok) -> Ref | None:
        """"the Foreign Secretary" -> the person last introduced with that title."""
        words = " ".join(t.lower_ for t in self.doc[tok.left_edge.i:tok.i + 1] if t.lower_ not in ("the",)
                         and t.pos_ in ("NOUN", "PROPN", "ADJ"))
        if not words:
            return None
        for start, title, aid, name in reversed(self.t.titles):
            if start < tok.i and (title == words or title.endswith(" " + words)):
                return Ref(aid, name, tok.i, coref=True)
        return None

    def _want(self, low: str):
        if low in PERSON_PRON:
            return lambda m: self.kind(m.actor) == "person"
        if low in PLURAL_PRON:
            return lambda m: (self.kind(m.actor) in GROUP_KINDS or m.surface.endswith("s")) and \
                self.kind(m.actor) not in ("person", "location")
        return lambda m: self.kind(m.actor) not in ("person", "group", "location")

    def _sent_start(self, sent, back: int) -> int:
        start = sent.start
        doc = self.doc
        for _ in range(back):
            if start <= 0:
                return 0
            start = doc[start - 1].sent.start
        return start

    def definite(self, tok) -> Ref | None:
        kind, needle = DEFINITE[tok.lower_]
        if kind == "military":
            # "the army said": the armed forces of the state the article last named
            limit = self._sent_start(tok.sent, back=3)
            for m in reversed(self.t.mentions):
                if m.start >= tok.i:
                    continue
                if m.start < limit:
                    break
                if m.actor and self.kind(m.actor) == "state":
                    mil = self.s["military_of"].get(m.actor)
                    return Ref(mil or m.actor, f"{m.surface} {tok.text}" if mil else m.surface, tok.i, coref=True)
        limit = self._sent_start(tok.sent, back=5)
        for m in reversed(self.t.mentions):
            if m.start >= tok.i:
                continue
            if m.start < limit:
                break
            if not m.actor or m.actor in self.s["generic"]:
                continue
            k = self.kind(m.actor)
            name = m.surface.lower()
            d = self.t.discovered.get(m.actor)
            role = (d.role or "") if d else ""
            if kind == "person":
                if k == "person" and (needle is None or needle in role or needle in name):
                    return Ref(m.actor, m.surface, tok.i, coref=True)
            elif (kind is None and k in ("ngo", "armed_group", "media", "international_org", "other")) or \
                    (kind is not None and k == kind and (needle is None or needle in name)):
                return Ref(m.actor, m.surface, tok.i, coref=True)
        return None

    # ---- agents --------------------------------------------------------------------------------------------
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
            # "The Coalition that reported the attack as well as a number of Western states blamed ...": the
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
            if obj is not None and h.lemma_ not in ("continue", "begin", "start", "stop", "try"):
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
            elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("blame", "attribute"):
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
            elif n.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_ in ("series", "wave", "string", "number",
                                                                                 "campaign", "use", "spate"):
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
        return _dedupe([r for r in out if r.actor != CIVILIANS and self.kind(r.actor) != "location"])

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
        return _dedupe(out)

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
                out += self.subject_of(t)
            elif t.lemma_ == "claim" and any(c.dep_ == "agent" for c in t.children):
                out += self.subject_of(t)
            elif t.dep_ == "poss" or (t.dep_ == "pobj" and t.head.lower_ == "of" and
                                      t.head.head.lemma_.lower() in self.s["conduct_nouns"]):
                if t.head.lemma_.lower() in self.s["conduct_nouns"] or t.dep_ == "pobj":
                    out += self.np_actors(t, victims=False)
        return _dedupe([r for r in out if r.actor != CIVILIANS and self.kind(r.actor) != "location"])


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


def _dedupe(refs: list[Ref]) -> list[Ref]:
    seen, out = set(), []
    for r in refs:
        if r.actor not in seen:
            seen.add(r.actor)
            out.append(r)
    return out
