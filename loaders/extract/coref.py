"""Pronouns, titles and definite descriptions ("he", "the Foreign Secretary", "the ministry"): the earlier actor
they point to, only when the evidence is clear (a compatible actor within a few sentences), else nothing, so a
doubtful pronoun gives no edge rather than a wrong one.
"""
from __future__ import annotations

from loaders.extract.lexicon import load_lexicon
from loaders.extract.pronouns import FIRST_PERSON, PERSON_PRON, PLURAL_PRON, THING_PRON
from loaders.extract.refs import CIVILIANS, GROUP_KINDS, Ref

#: "the ministry" -> (the kind of actor it names, a word its name or role must hold): lexicon refer.definite
DEFINITE: dict[str, tuple[str | None, str | None]] = {
    w.lower(): tuple(v) for w, v in load_lexicon().data["refer"]["definite"].items()}


class Coref:
    """Mixed into `Resolver`: needs its `doc`, `t` (mentions), `s` (sets), `kind`, `issuer`, `first_person_voice`."""

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
                    head = head.head  # "The governor of Ohio, Jane Roe, took part ...": the subject
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

    def _aliases(self, aid: str) -> list[str]:
        """The names of an actor the dictionary knows: "the regiment" is Azov when one of them says regiment."""
        return [a for a, i in self.s["alias_lower"].items() if i == aid] if self.s.get("alias_lower") else []

    def _want(self, low: str):
        if low in PERSON_PRON:
            return lambda m: self.kind(m.actor) == "person"
        if low in PLURAL_PRON:
            return lambda m: (self.kind(m.actor) in GROUP_KINDS or m.surface.endswith("s")) and \
                self.kind(m.actor) not in ("person", "location")
        return lambda m: self.kind(m.actor) not in ("person", "group", "location")

    def mentions_before(self, i: int, sent, back: int):
        """The mentions before token `i` in its sentence and the `back` sentences before, nearest first."""
        limit = self._sent_start(sent, back=back)
        for m in reversed(self.t.mentions):
            if m.start >= i:
                continue
            if m.start < limit:
                break
            yield m

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
            # "the army said": the army the article already named ("the Syrian army ... the army"), however far
            # back, since a state named in passing ("a man of French nationality") says nothing of whose army
            # acts; else the armed forces of the state the article last named
            limit = self._sent_start(tok.sent, back=3)
            armies = set(self.s["military_of"].values())
            state = None
            for m in reversed(self.t.mentions):
                if m.start >= tok.i or not m.actor:
                    continue
                if m.actor in armies:
                    return Ref(m.actor, m.surface, tok.i, coref=True)
                if state is None and m.start >= limit and self.kind(m.actor) == "state":
                    mil = self.s["military_of"].get(m.actor)
                    state = Ref(mil or m.actor, f"{m.surface} {tok.text}" if mil else m.surface, tok.i, coref=True)
            if state:
                return state
        for m in self.mentions_before(tok.i, tok.sent, back=5):
            if not m.actor or m.actor in self.s["generic"]:
                continue
            k = self.kind(m.actor)
            name = m.surface.lower()
            d = self.t.discovered.get(m.actor)
            role = (d.role or "") if d else ""
            if kind == "person":
                if k == "person" and (needle is None or needle in role or needle in name):
                    return Ref(m.actor, m.surface, tok.i, coref=True)
            elif (kind is None and k in ("ngo", "armed_group", "media", "international_org", "other") and (
                    needle is None or needle in name or any(needle in a.lower() for a in self._aliases(m.actor)))) or \
                    (kind is not None and k == kind and (needle is None or needle in name)):
                return Ref(m.actor, m.surface, tok.i, coref=True)
        return None
