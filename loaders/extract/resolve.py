"""Who a phrase denotes: noun phrases, pronouns, definite descriptions and the agents of attack nouns.

Every relation family asks the same questions of the parse ("who is the subject of this verb", "whose strikes
are these"), so they live here once. Pronouns resolve only when the evidence is clear (a compatible actor within
a few sentences); otherwise they stay unresolved and no edge is emitted.
"""
from __future__ import annotations

from loaders.extract.agents import Agents
from loaders.extract.coref import DEFINITE, Coref  # noqa: F401  (re-exported: focus.py reads DEFINITE)
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import Discovered, MentionTable, slug
from loaders.extract.pronouns import PRONOUNS, RELATIVE
from loaders.extract.refs import CIVILIANS, GROUP_KINDS, Ref, dedupe  # noqa: F401  (re-exported)


class Resolver(Coref, Agents):
    """Every relation family's questions to the parse: the phrase-level ones here, pronouns in `coref.py`, doers
    and culprits in `agents.py`."""

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
                out.append(self._bare_description(m) or Ref(m.actor, m.surface, tok.i))
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
            if not out and (low in self.s["speaker_nouns"] or low in self.s["role_nouns"]
                            or low in self.s["document_nouns"]):
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "for", "from", "with", "by"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                out += self.np_actors(p, depth + 1, places=False, victims=False)
            if not out:
                for c in tok.children:
                    if c.dep_ == "acl" and c.lemma_ in self.s["owner_verbs"]:
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
        return dedupe(out)

    def _bare_description(self, m) -> Ref | None:
        """"Army units killed ...": the tagger makes a name of a capitalised "Army" that names no army of its own;
        it is the definite description "the army" (whose army the article already said), not an actor apart."""
        words = [w for w in m.surface.lower().split() if w != "the"]
        if m.actor not in self.t.discovered or len(words) != 1 or DEFINITE.get(words[0], (None,))[0] != "military":
            return None
        return self.definite(self.doc[m.end - 1])

    def _generic_surface(self, tok, m) -> str:
        """"a witness in Akcakale", "a nurse at the clinic in Saraqib": one unnamed source is known by
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

    def speaker_of(self, v, events: bool = True) -> list[Ref]:
        """The doer of a verb of saying, accusing or denying: `subject_of`, else the unnamed group its subject
        names ("much of the world community pointed the finger at ...")."""
        out = self.subject_of(v, events=events)
        if out:
            return out
        if v.dep_ not in ("ROOT", "conj"):
            return []  # "we demand [that] the international community condemn ...": a wish, not its statement
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        r = self.unnamed_group(subj) if subj is not None else None
        return [r] if r else []

    def unnamed_group(self, tok) -> Ref | None:
        """A speaker the dictionary and the recogniser do not name, written as a collective noun phrase
        ("the international community", "a popular Russian military account", "the alliance's presidency"): an
        actor under the text's words (known=false). The head nouns that name such groups are data
        (lexicon say.collective_nouns)."""
        if tok.lower_ in self.s["quantity"] or tok.lower_ in self.s["part_words"]:
            tok = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                        for p in c.children if p.dep_ == "pobj"), None)  # "much of the international community"
        if tok is None or tok.pos_ != "NOUN" or tok.lemma_.lower() not in self.s["collective_nouns"] or self.t.at(tok.i):
            return None
        toks = [t for t in self.doc[tok.left_edge.i:tok.i + 1]]
        while toks and toks[0].lower_ in ("the", "a", "an", "this", "that"):
            toks = toks[1:]
        if not toks or any(t.lower_ in PRONOUNS or t.pos_ in ("VERB", "PUNCT") and t.text != "-" for t in toks):
            return None
        name = self.doc[toks[0].i:tok.i + 1].text
        aid = "group_" + slug(name)
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
