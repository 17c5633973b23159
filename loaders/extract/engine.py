"""The rule engine: one spaCy parse in, one `ArticleGraph` out, every statement with the sentence that proves it.

Everything is compiled once per Extractor (alias matchers, one trigger table); per document, compiled matchers and
array lookups scan the text and Python only looks at the sentences and tokens they flag, so extraction adds little
to the parse. Only the sentences the rules can read are parsed (`focus.py`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.language import Language

from loaders.publications import PublicationResolver
from graph.model import (ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement,
                         stable_id)
from loaders.actors import ActorDictionary, load_dictionary
from loaders.document import Document
from loaders.extract import accuses, denies, events, focus, generic_authors, provenance, strikes, voice
from loaders.extract.lexicon import Lexicon, load_lexicon
from loaders.extract.mentions import ActorIndex, find_mentions, slug
from loaders.extract.pronouns import naming_words
from loaders.extract.raw import Raw
from loaders.extract.resolve import CIVILIANS, Ref, Resolver

GENERIC = {CIVILIANS: ("civilians", "group"), denies.UNSPECIFIED: ("unspecified", "other")}


@Language.component("narrative_line_breaks")
def line_breaks(doc):
    """Headlines and datelines end at the line break: the parser must neither glue them to the next sentence nor
    split a short headline ("US and allies committed 'war crime' ..., Syrian government tells UN") in two."""
    # Written into one SENT_START array and set once: each `token.is_sent_start = ...` scans the whole Doc (spaCy
    # checks it has no parse yet), which made long articles quadratic (100,000 characters: 11 s in this loop).
    starts = doc.to_array(SENT_START).astype(numpy.int64)  # -1 / 0 / 1
    start = 0
    n = len(doc)
    for t in doc:
        if t.is_space and "\n" in t.text:
            _line(doc, starts, start, t.i)
            if t.i + 1 < n:
                starts[t.i + 1] = 1
            start = t.i + 1
    _line(doc, starts, start, n)
    if n:
        doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))
    return doc


def _line(doc, starts, a: int, b: int) -> None:
    if b - a < 3 or b - a > 40:
        return
    if any(doc[k].text in (".", "!", "?", ";") for k in range(a, b - 1)):
        return  # a paragraph of sentences: the parser splits it
    starts[a + 1:b] = -1


def ensure_line_breaks(nlp) -> None:
    if "narrative_line_breaks" in nlp.pipe_names:
        return
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("narrative_line_breaks", before="parser")


def build_sets(lex: Lexicon) -> dict:
    d = lex.data
    strike_nouns = set()
    for w in d["strike"]["nouns"]:
        strike_nouns |= {w.split()[-1], w.split()[-1] + "s", w.split()[-1] + "es"}
    strike_nouns |= lex.words("strike", "plural_nouns")
    return {
        "strike_nouns": frozenset(strike_nouns),
        "strike_verbs": frozenset(lex.forms("strike", "verbs")),
        "strike_verb_lemmas": lex.words("strike", "verbs"),
        "weapon_verbs": lex.words("strike", "weapon_verbs"),
        "weapons": lex.words("strike", "weapons"),
        "carry_verbs": lex.words("strike", "carry_verbs"),
        "needs_violent_object": lex.words("strike", "needs_violent_object"),
        "event_kinds": {k.lower(): v for k, v in d["strike"]["event_kinds"].items()},
        "stop_verbs": lex.words("accuse", "stop_verbs"),
        "concern_verbs": lex.words("accuse", "concern_verbs"),
        "responsible": lex.words("accuse", "responsible"),
        "weak_cues": lex.words("accuse", "weak_cues"),
        "conduct_nouns": lex.words("accuse", "conduct_nouns"),
        "claim_nouns": lex.words("deny", "claim_nouns"),
        "not_claims": frozenset(w.lower() for w in d["deny"].get("not_claims", [])),
        "say_weak": lex.words("say", "weak_verbs"),
        "document_nouns": lex.words("say", "document_nouns"),
        "speaker_nouns": lex.words("say", "speaker_nouns"),
        "victims": frozenset(w.lower() for w in d["victims"]),
        "instrument": lex.words("accuse", "instrument_nouns"),
        "deed_nouns": lex.words("accuse", "deed_nouns"),
        "oppose_verbs": lex.words("accuse", "oppose_verbs") | lex.words("accuse", "stop_verbs"),
        "quantity": frozenset(w.lower() for w in d["quantity_nouns"]),
        "author_nouns": lex.words("say", "author_nouns"),
        "involve_verbs": lex.words("strike", "involve_verbs"),
        "physical_objects": lex.words("strike", "physical_objects"),
        "harm_verbs": frozenset(lex.forms("strike", "harm_verbs")),
        "verbal_attack_verbs": lex.words("strike", "verbal_attack_verbs"),
        "passive_by": lex.words("say", "passive_by"),
        "titles": lex.words("say", "titles"),
        "cue_nouns": lex.words("accuse", "cues"),
        "verbish": frozenset(lex.forms("accuse", "verbs") | lex.forms("say", "verbs") | lex.forms("deny", "verbs")),
        "hedges": lex.words("provenance", "hedges"),
        "negations": lex.words("provenance", "negations"),
        "negating_heads": lex.words("provenance", "negating_heads"),
        "modal_aux": lex.words("provenance", "modal_aux"),
        "hypothetical_heads": lex.words("provenance", "hypothetical_heads"),
        "hypothetical_marks": lex.words("provenance", "hypothetical_marks"),
        "deny_verbs": lex.words("deny", "verbs"),
        "groundless_words": frozenset(lex.forms("deny", "adjectives")),
        "accusation_verbs": lex.words("accuse", "accusation_verbs"),
        "infinitive_acts": lex.words("say", "infinitive_acts"),
        "collective_nouns": lex.words("say", "collective_nouns"),
        "victim_of_nouns": lex.words("accuse", "victim_of_nouns"),
        "punish_verbs": lex.words("accuse", "punish_verbs"),
        "event_modifiers": lex.words("strike", "event_modifiers"),
        "patient_verbs": lex.words("strike", "patient_verbs"),
        "dismay_verbs": lex.words("accuse", "dismay_verbs"),
        "end_nouns": lex.words("accuse", "end_nouns"),
        "relayed_claims": lex.words("deny", "relayed_claims"),
        "claim_subjects": lex.words("deny", "claim_subjects"),
        "cite_words": lex.words("say", "cite_words"),
        "owner_verbs": lex.words("refer", "owner_verbs"),
        "role_nouns": lex.words("refer", "role_nouns"),
        "part_words": lex.words("refer", "part_words"),
        "aspect_verbs": lex.words("refer", "aspect_verbs"),
        "blame_verbs": lex.words("refer", "blame_verbs"),
        "series_nouns": lex.words("refer", "series_nouns"),
    }


def trigger_forms(lex: Lexicon, sets: dict) -> dict[str, set[str]]:
    """Trigger family -> the lower-case word forms that flag it (one token each)."""
    return {
        "STRIKE": set(sets["strike_verbs"]) | set(sets["strike_nouns"]) | lex.forms("strike", "weapon_verbs"),
        "ACCUSE": lex.forms("accuse", "verbs"),
        "ACCUSATION": lex.forms("accuse", "nouns"),
        "ADDRESS": lex.forms("accuse", "addressee_verbs"),
        "HOLD": set(lex.words("accuse", "hold_forms")),
        "CONCERN": lex.forms("accuse", "concern_nouns"),
        "CONCERNED": set(lex.words("accuse", "concern_adjectives")),
        "DENY": lex.forms("deny", "verbs"),
        "GROUNDLESS": lex.forms("deny", "adjectives"),
        "CUE": lex.forms("accuse", "cues") | {w.split()[-1] for w in lex.data["accuse"]["cues"]},
        "SAY": lex.forms("say", "verbs") | {"says"},
    }


class TriggerTable:
    """Trigger words found by one array lookup: every trigger is a single lower-case token, so a membership test
    of the tokens' LOWER ids finds what a token Matcher would, in text order, for a fraction of its cost."""

    def __init__(self, vocab, forms: dict[str, set[str]]) -> None:
        self.ids = {key: numpy.array(sorted(vocab.strings.add(w) for w in ws), dtype="uint64")
                    for key, ws in forms.items()}
        self.any = numpy.unique(numpy.concatenate(list(self.ids.values())))

    def positions(self, lower: numpy.ndarray) -> dict[str, numpy.ndarray]:
        """Family -> token indices, given `doc.to_array(LOWER)`."""
        hit = numpy.isin(lower, self.any)
        if not hit.any():
            return {}
        found = {key: numpy.flatnonzero(hit & numpy.isin(lower, ids)) for key, ids in self.ids.items()}
        return {key: idx for key, idx in found.items() if len(idx)}


class Extractor:
    """Articles in, typed graphs out. Knows no database."""

    def __init__(self, nlp=None, model: str | None = None, actors_file: str | Path | None = None,
                 dictionary: ActorDictionary | None = None, parse_all: bool | None = None) -> None:
        if nlp is None:
            from loaders.nlp import load_pipeline

            nlp = load_pipeline(model)
        self.nlp = nlp
        ensure_line_breaks(self.nlp)
        self.dictionary = dictionary or load_dictionary(actors_file)
        self.lex = load_lexicon()
        self.sets = build_sets(self.lex)
        self.index = ActorIndex(self.nlp, self.dictionary, titles=self.sets["titles"],
                                stop_heads=self.sets["strike_nouns"] | self.lex.words("strike", "nouns")
                                | self.lex.words("strike", "weapon_names"))
        self.triggers = TriggerTable(self.nlp.vocab, trigger_forms(self.lex, self.sets))
        self.sets["alias_lower"] = self.index.alias_lower
        self.kinds = {a.id: a.kind for a in self.dictionary.actors.values()}
        self.publications = PublicationResolver.from_dictionary(self.dictionary)
        # Unnamed, generic groups ("officials", "militants", "activists"): citable, never blamed or blaming.
        military_of: dict[str, str] = {}
        for a in self.dictionary.actors.values():
            if a.kind == "military" and a.parent and self.kinds.get(a.parent) == "state":
                military_of.setdefault(a.parent, a.id)
            elif a.kind == "military" and a.parent:
                top = self.dictionary.rollup(a.id)
                if self.kinds.get(top) == "state" and top not in military_of and "military" in a.name.lower():
                    military_of[top] = a.id
        self.sets["military_of"] = military_of
        places = self.dictionary.places
        self.sets["city"] = lambda pid: pid in places and places[pid].kind != "country"
        self.sets["generic"] = frozenset(self.lex.data["generic_actors"]) | frozenset(
            a.id for a in self.dictionary.actors.values() if a.id.startswith("unidentified"))
        for gid, (_name, kind) in GENERIC.items():
            self.kinds.setdefault(gid, kind)
        #: statement id -> (source surface, target surface) of the last graphs built (for evaluation)
        self.surfaces: dict[str, tuple[str | None, str]] = {}
        # The rules read few sentences of a news story: parse those (loaders/extract/focus.py), unless told to
        # parse everything ($NARRATIVE_PARSE_ALL=1) or the pipeline has no `senter` to segment cheaply with.
        if parse_all is None:
            parse_all = focus.parse_all_default()
        self.parser = self.nlp
        if not parse_all and "senter" in self.nlp.component_names and "parser" in self.nlp.pipe_names:
            selector = focus.Selector(self.nlp.vocab, self.triggers, (self.index.exact, self.index.lower),
                                      self.index.key_actor)
            self.parser = focus.focused_pipeline(self.nlp, selector)

    # ---- public interface ----------------------------------------------------------------------------------
    def extract(self, doc: Document) -> ArticleGraph:
        return self._build(doc, self.parser(doc.text))

    def extract_many(self, docs: Iterable[Document], batch_size: int = 32, n_process: int = 1,
                     ) -> Iterator[tuple[Document, ArticleGraph]]:
        pairs = ((d.text, d) for d in docs)
        for sdoc, d in self.parser.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield d, self._build(d, sdoc)

    # ---- one document --------------------------------------------------------------------------------------
    def _build(self, doc: Document, sdoc) -> ArticleGraph:
        sets = self.sets
        table = find_mentions(sdoc, self.index)
        kinds = dict(self.kinds)
        for d in table.discovered.values():
            kinds[d.id] = d.kind
        res = Resolver(sdoc, table, self.lex, kinds, sets)
        by_key: dict[str, list] = defaultdict(list)
        for key, idx in self.triggers.positions(sdoc.to_array(LOWER)).items():
            by_key[key] = [sdoc[i] for i in idx.tolist()]
        voices = voice.analyse(sdoc, res, by_key["SAY"], sets)
        raws: list[Raw] = [Raw(RelType.CITES, None, c.ref, c.trigger, confidence=0.8, speaker=c.ref)
                           for c in voices.cites]
        res.speakers = sorted({c.trigger.i: c.ref for c in voices.cites if c.ref is not res.issuer}.items())
        for tok in by_key["STRIKE"]:
            found = strikes.strikes(tok, res, sets)
            if found:
                res.strikes_seen.append((tok.i, [r.source for r in found if r.type == RelType.STRIKES]))
            raws += found
        raws = generic_authors.name_generic_authors(raws, kinds, sets)
        for tok in by_key["ACCUSE"]:
            if tok.pos_ == "VERB":
                raws += accuses.accuse_verb(tok, res, sets)
        for tok in by_key["ACCUSATION"]:
            raws += accuses.accusation_noun(tok, voices.said_by(tok), res, sets)
        for tok in by_key["ADDRESS"]:
            if tok.pos_ == "VERB":
                raws += accuses.addressee_verb(tok, res, sets)
        for tok in by_key["HOLD"]:
            raws += accuses.hold_responsible(tok, res, sets)
        for tok in by_key["CONCERN"]:
            raws += accuses.concern(tok, res, sets)
        for tok in by_key["CONCERNED"]:
            raws += accuses.concerned(tok, res, sets)
        for tok in by_key["DENY"]:
            raws += denies.deny_verb(tok, res, sets)
        for tok in by_key["GROUNDLESS"]:
            raws += denies.groundless(tok, voices.speaker.get(tok.sent.start), res, sets)
        for tok in by_key["CUE"]:
            sp, explicit = voices.voice_for(tok)
            raws += accuses.blame_language(tok.sent, [tok], sp, explicit, res, sets)
        raws = denies.thread(raws, res, sets, self.dictionary.rollup)
        raws += voice.statement_cites(raws, sets, self.dictionary.rollup)
        return self._assemble(doc, sdoc, table, res, voices, raws, kinds)

    def _assemble(self, doc, sdoc, table, res, voices, raws, kinds) -> ArticleGraph:
        sets = self.sets
        generic = sets["generic"]
        stmts: dict[tuple, Statement] = {}
        used: set[str] = set()
        evs = {}
        places = events.place_records(table, self.dictionary)
        for r in raws:
            sent = r.trigger.sent
            src = r.source.actor if r.source else None
            key = (r.type, src, r.target.actor, sent.start)
            if key in stmts or (r.source and r.source.actor == r.target.actor):
                continue
            armed = r.type == RelType.STRIKES and kinds.get(src) == "armed_group"  # "terrorists fired rockets"
            if r.type != RelType.CITES and ((src in generic and not armed) or (
                    r.type != RelType.STRIKES and r.target.actor in generic)):
                continue  # an unnamed group neither blames nor is blamed, and strikes need a named agent
            if r.type != RelType.CITES and src and self.dictionary.rollup(src) == self.dictionary.rollup(
                    r.target.actor) and r.type != RelType.STRIKES:
                continue  # self-directed at state level: never an accusation or a denial
            hedged, negated, hypo = provenance.flags(r.trigger, sets)
            q = voices.quote_at(r.trigger.idx)
            if q is None and r.type == RelType.CITES:
                q = next((k for k, sp in voices.quote_speaker.items() if sp.actor == r.target.actor
                          and k[0] < sent.end_char and k[1] > sent.start_char), None)
            speaker = r.speaker.actor if r.speaker else None
            if r.type == RelType.CITES:
                speaker = r.target.actor
            conf = r.confidence - (0.1 if hedged else 0) - (0.1 if (r.source and r.source.coref) or
                                                                r.target.coref else 0)
            sid = stable_id(doc.id, r.type.value, src, r.target.actor, sent.start_char, r.trigger.i)
            st = Statement(
                id=sid, type=r.type, source=src, target=r.target.actor, sentence=sent.text.strip(),
                start=sent.start_char, end=sent.end_char, trigger=r.trigger.text,
                quote=sdoc.text[q[0]:q[1]] if q else None, speaker=speaker, hedged=hedged, negated=negated,
                hypothetical=hypo, confidence=round(max(0.1, min(1.0, conf)), 2))
            if r.type == RelType.STRIKES and not (negated or hypo):
                place = res.place_of.get(r.target.actor)
                for scope in (r.trigger, r.trigger.head, sent.root):
                    if place is not None:
                        break
                    near = [res.place_of[n.actor] for n in res.places_in(scope, limit=5, locative=True)]
                    place = min(near, key=self._place_rank) if near else None
                if place and place not in places:
                    place = None
                ev = events.event_for(doc.id, sent, r.trigger, r.kind_hint, place, doc.date)
                ekey = (ev.location, ev.date, sent.start)  # one sentence, one place: one event
                if ekey not in evs:
                    evs[ekey] = ev
                elif evs[ekey].kind in events.VAGUE_KINDS and ev.kind not in events.VAGUE_KINDS:
                    evs[ekey].kind = ev.kind
                st.event = evs[ekey].id
            stmts[key] = st
            self.surfaces[sid] = (_surface(r.source, kinds) if r.source else None, _surface(r.target, kinds))
            st.source_text, st.target_text = self.surfaces[sid]
            used.add(r.target.actor)
            if src:
                used.add(src)
        # Thread denials to the accusation they answer when it is in the same graph.
        accusations = {(s.source, s.target): s.id for s in stmts.values() if s.type == RelType.ACCUSES}
        for s in stmts.values():
            if s.type == RelType.DENIES and s.target != denies.UNSPECIFIED:
                s.answers = accusations.get((s.target, s.source)) or accusations.get(
                    (s.target, self.dictionary.rollup(s.source)))
        mentions = Counter(m.actor for m in table.mentions if m.actor)
        actors = self._actor_records(used | set(mentions), table, kinds)
        pub = self.publications.resolve(doc.publication, doc.url)
        return ArticleGraph(
            article=ArticleRecord(id=doc.id, title=doc.title, source=doc.source, url=doc.url, date=doc.date,
                                  byline=doc.byline, text_hash=doc.text_hash, words=len(doc.text.split()),
                                  publication=pub.id if pub else None),
            publication=pub,
            actors=actors,
            mentions={k: v for k, v in mentions.items() if k in {a.id for a in actors}},
            locations=list(places.values()),
            events=list(evs.values()),
            statements=list(stmts.values()),
        )

    def _place_rank(self, pid: str) -> int:
        """The most specific place wins: a site over a town over a region over a country."""
        p = self.dictionary.places.get(pid)
        return {"site": 0, "town": 1, "city": 1, "region": 2, "country": 3}.get(p.kind, 1) if p else 1

    def _actor_records(self, ids: set[str], table, kinds) -> list[ActorRecord]:
        out: dict[str, ActorRecord] = {}

        def chain_of(aid: str) -> list[str]:
            d = table.discovered.get(aid)
            if d is not None:
                return [aid] + ([d.parent] + self.dictionary.ancestors(d.parent) if d.parent else [])
            return [aid] + self.dictionary.ancestors(aid)

        for aid in ids:
            chain = chain_of(aid)
            top = chain[-1]
            for k, cid in enumerate(chain):
                if cid in out:
                    continue
                entry = self.dictionary.get(cid)
                d = table.discovered.get(cid)
                parent = chain[k + 1] if k + 1 < len(chain) else None
                top_entry = self.dictionary.get(top) or table.discovered.get(top)
                top_name = top_entry.name if top_entry else GENERIC.get(top, (top,))[0]
                if entry is not None:
                    out[cid] = ActorRecord(id=cid, name=entry.name, kind=entry.kind, parent=parent, rollup=top,
                                           rollup_name=top_name, wikidata=entry.wikidata)
                elif d is not None:
                    out[cid] = ActorRecord(id=cid, name=d.name, kind=d.kind, parent=parent, rollup=top,
                                           rollup_name=top_name, role=d.role, known=False,
                                           confidence=d.confidence)
                elif cid in GENERIC:
                    name, kind = GENERIC[cid]
                    out[cid] = ActorRecord(id=cid, name=name, kind=kind, rollup=cid, rollup_name=name)
        return list(out.values())


def _surface(ref: Ref, kinds) -> str | None:
    """How the text names the actor (for a pronoun or a title: how it named the antecedent); never a pronoun."""
    return naming_words(ref.surface)


__all__ = ["Extractor"]
