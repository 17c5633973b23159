"""A first, naive extraction path (walking skeleton): entities become actors, a few verbs become edges.

Replaced by the rule engine of the extraction issue; the interface stays.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement, stable_id
from loaders.document import Document
from loaders.nlp import load_pipeline

VERBS = {
    "accuse": RelType.ACCUSES, "blame": RelType.ACCUSES, "condemn": RelType.ACCUSES,
    "deny": RelType.DENIES, "reject": RelType.DENIES,
    "strike": RelType.STRIKES, "bomb": RelType.STRIKES, "attack": RelType.STRIKES, "shell": RelType.STRIKES,
}
SAY = {"say", "tell", "report", "state", "announce"}
KINDS = {"PERSON": "person", "ORG": "other", "NORP": "state", "GPE": "state"}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"


class Extractor:
    def __init__(self, nlp=None, model: str | None = None) -> None:
        self.nlp = nlp or load_pipeline(model)

    def extract(self, doc: Document) -> ArticleGraph:
        return self._build(doc, self.nlp(doc.text))

    def extract_many(
        self, docs: Iterable[Document], batch_size: int = 32, n_process: int = 1
    ) -> Iterator[tuple[Document, ArticleGraph]]:
        pairs = ((d.text, d) for d in docs)
        for sdoc, d in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield d, self._build(d, sdoc)

    def _build(self, doc: Document, sdoc) -> ArticleGraph:
        actors: dict[str, ActorRecord] = {}
        mentions: Counter[str] = Counter()
        ent_actor = {}
        for ent in sdoc.ents:
            if ent.label_ not in KINDS:
                continue
            aid = slug(ent.text)
            actors.setdefault(aid, ActorRecord(id=aid, name=ent.text, kind=KINDS[ent.label_], rollup=aid,
                                               rollup_name=ent.text, known=False, confidence=0.5))
            mentions[aid] += 1
            for tok in ent:
                ent_actor[tok.i] = aid
        stmts: list[Statement] = []
        for tok in sdoc:
            if tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i in ent_actor), None)
            if subj is None:
                continue
            sent = tok.sent
            src = ent_actor[subj.i]
            rel = VERBS.get(tok.lemma_)
            obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i in ent_actor), None)
            if rel and obj is not None and ent_actor[obj.i] != src:
                stmts.append(self._stmt(doc, rel, src, ent_actor[obj.i], sent, tok))
            if tok.lemma_ in SAY:
                stmts.append(self._stmt(doc, RelType.CITES, None, src, sent, tok))
        pub = PublicationRecord(id=slug(doc.publication), name=doc.publication) if doc.publication else None
        return ArticleGraph(
            article=ArticleRecord(id=doc.id, title=doc.title, source=doc.source, url=doc.url, date=doc.date,
                                  byline=doc.byline, text_hash=doc.text_hash, words=len(doc.text.split()),
                                  publication=pub.id if pub else None),
            publication=pub,
            actors=list(actors.values()),
            mentions=dict(mentions),
            statements=stmts,
        )

    @staticmethod
    def _stmt(doc: Document, rel: RelType, src, tgt, sent, tok) -> Statement:
        return Statement(
            id=stable_id(doc.id, rel.value, src, tgt, sent.start_char, tok.i),
            type=rel, source=src, target=tgt, sentence=sent.text, start=sent.start_char, end=sent.end_char,
            trigger=tok.text, confidence=0.5,
        )
