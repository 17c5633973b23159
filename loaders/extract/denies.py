"""DENIES, threaded to the claim it answers: "Moscow denied reports from Amnesty that ..." gives
Russia DENIES Amnesty (and Amnesty ACCUSES Russia, the report being denied); "these allegations are groundless"
said by X with no accuser named gives X DENIES `unspecified`.
"""
from __future__ import annotations

from graph.model import RelType
from loaders.extract.pronouns import THIRD_PERSON_SUBJECTS
from loaders.extract.raw import Raw
from loaders.extract.resolve import Ref, Resolver

UNSPECIFIED = "unspecified"


def _accusers(claim, res: Resolver) -> list[Ref]:
    out = []
    for c in claim.children:
        if c.dep_ in ("poss", "compound", "amod") and res.t.at(c.i):
            out += res.np_actors(c, victims=False)
        elif c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            out += [r for p in c.children if p.dep_ == "pobj" for r in res.np_actors(p, victims=False)]
        elif c.dep_ == "acl":
            out += [r for g in c.children if g.dep_ == "agent" for p in g.children if p.dep_ == "pobj"
                    for r in res.np_actors(p, victims=False)]
    return [r for r in out if res.kind(r.actor) != "location"]


def _relayed(claim, accuser: Ref, res: Resolver) -> bool:
    """Only a claim the text attributes ("reports from Amnesty", "claims made by Kyiv") puts words in the
    accuser's mouth; a denier's label ("the Houthi claims were baseless") is the denier speaking, not the accused."""
    for c in claim.children:
        if c.dep_ in ("poss", "compound", "amod") and c.left_edge.i <= accuser.i <= c.right_edge.i:
            return False
    return True


def _appositive_speaker(claim, res: Resolver, sets: dict) -> list[Ref]:
    """"HRW said Israel used white phosphorus, an allegation the army rejected": the claim renames what the
    speaker said, so the speaker is the accuser."""
    if claim.dep_ not in ("appos", "npadvmod"):
        return []
    for a in claim.ancestors:
        if a.pos_ == "VERB" and a.lower_ in sets["verbish"] and a.lemma_.lower() not in sets["deny_verbs"]:
            return [r for r in res.subject_of(a) if res.kind(r.actor) != "location"]
    return []


def _earlier_speaker(claim, sources, res: Resolver) -> list[Ref]:
    """"Baku rejected the claim": the claim the last sentences attributed to someone else."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "such") for c in claim.children):
        return []
    mine = {s.actor for s in sources}
    limit = res._sent_start(claim.sent, back=2)
    for i, ref in reversed(res.speakers):
        if limit <= i < claim.sent.start and ref.actor not in mine:
            return [Ref(ref.actor, ref.surface, claim.i, coref=True)]
    return []


def _emit(sources, claim, trig, res: Resolver, sets: dict) -> list[Raw]:
    out = []
    accusers = _accusers(claim, res) if claim is not None else []
    if claim is not None and not accusers and claim.lemma_.lower() in sets["claim_nouns"]:
        accusers = _appositive_speaker(claim, res, sets) or _earlier_speaker(claim, sources, res)
    if claim is not None and not accusers and claim.lemma_.lower() not in sets["claim_nouns"]:
        accusers = [r for r in res.np_actors(claim, victims=False) if res.kind(r.actor) not in ("location", "group")]
    for s in sources:
        targets = [a for a in accusers if a.actor != s.actor]
        if not targets:
            out.append(Raw(RelType.DENIES, s, Ref(UNSPECIFIED, "unspecified", trig.i), trig, confidence=0.6,
                           speaker=s))
        for a in targets:
            out.append(Raw(RelType.DENIES, s, a, trig, confidence=0.85, speaker=s, accusers=tuple(targets)))
            if claim is not None and not a.coref and claim.lemma_.lower() in sets["relayed_claims"] and \
                    _relayed(claim, a, res):
                out.append(Raw(RelType.ACCUSES, a, s, trig, confidence=0.6, speaker=a))
                out.append(Raw(RelType.CITES, None, a, trig, confidence=0.7, speaker=a))
    return out


def deny_verb(v, res: Resolver, sets: dict) -> list[Raw]:
    if v.pos_ != "VERB":
        return []
    sources = res.speaker_of(v)
    if not sources:
        return []
    claim = next((c for c in v.children if c.dep_ == "dobj" and c.pos_ != "VERB"), None)
    if claim is None and v.dep_ == "relcl" and v.head.lemma_.lower() in sets["claim_nouns"]:
        claim = v.head  # "..., an allegation the army rejected"
    if claim is not None and claim.lemma_.lower() in sets["not_claims"]:
        return []  # "denied access to the convoy" refuses something; it rebuts no one
    if claim is None and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in v.children):
        return []
    if claim is not None and claim.lemma_.lower() not in sets["claim_nouns"] and v.lemma_ != "deny":
        # "rejected the proposal" is not a denial; "rejected the US claims" is
        if not res.t.at(claim.i) or v.lemma_ in ("dismiss",):
            return []
    return _emit(sources, claim, v, res, sets)


def groundless(adj, voice: Ref | None, res: Resolver, sets: dict) -> list[Raw]:
    """"These allegations are absolutely groundless" in a speaker's voice."""
    if voice is None:
        return []
    h = adj.head if adj.dep_ in ("acomp", "attr", "oprd", "conj") else None
    if h is None:
        return []
    subj = next((c for c in h.children if c.dep_ in ("nsubj", "dobj")), None)
    if subj is None or subj.lemma_.lower() not in sets["claim_nouns"] | sets["claim_subjects"]:
        return []
    return _emit([voice], subj, adj, res, sets)


def thread(raws: list[Raw], res: Resolver, sets: dict, rollup) -> list[Raw]:
    """Denials answer the accusation made before them: "X blamed Y for the raid, though it rejected any
    role", "Y has always denied those charges" (X accused Y a sentence earlier).

    A denial whose accuser the sentence does not name (`unspecified`, or a guess from the last speaker) takes the
    accusers of the asserted accusations against the denier in its sentence and the three before; a pronoun
    denier ("though it denied") is the one accused in its own sentence just before it."""
    from loaders.extract import provenance

    accusations = [r for r in raws if r.type == RelType.ACCUSES and r.source is not None
                   and not any(provenance.flags(r.trigger, sets)[1:])]
    if not accusations:
        return raws
    out: list[Raw] = []
    done: set[tuple] = set()
    for r in raws:
        if r.type != RelType.DENIES or not (r.target.actor == UNSPECIFIED or r.target.coref):
            out.append(r)
            continue
        trig = r.trigger
        source = r.source
        earlier = [a for a in accusations if a.trigger.i < trig.i and a.trigger.sent.start >= res._sent_start(
            trig.sent, back=3)]
        if source.coref and res.doc[source.i].lower_ in THIRD_PERSON_SUBJECTS:
            own = [a for a in earlier if a.trigger.sent.start == trig.sent.start]
            if own:  # "pointed the finger at Y ..., though it denied": the accused denies
                last = own[-1].target
                source = Ref(last.actor, last.surface, source.i, coref=True)
        mine = rollup(source.actor)
        against = [a for a in earlier if rollup(a.target.actor) == mine and rollup(a.source.actor) != mine]
        # the accusation nearest before the denial: "these allegations" are the last ones made
        accusers = [a.source for a in against if a.trigger.sent.start == against[-1].trigger.sent.start]
        if not accusers:
            out.append(r if source is r.source else Raw(r.type, source, r.target, trig, r.confidence, source))
            continue
        for a in accusers:
            key = (source.actor, a.actor, trig.i)
            if key in done:
                continue
            done.add(key)
            target = Ref(a.actor, a.surface, trig.i, coref=True)
            out.append(Raw(RelType.DENIES, source, target, trig, confidence=0.75, speaker=source,
                           accusers=tuple(accusers)))
    return out
