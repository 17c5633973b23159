"""Measure extraction against a gold folder, in memory, scored the way the gold set's own scorer scores.

Gold format (`actors.jsonl` + `relations.jsonl`): see the seeds' GUIDELINE.md. Levels: ACCUSES, DENIES and
STRIKES compare top-level actors (rollup); CITES compares organisations (a person folds into its parent). System
actors are matched to the gold inventory by name or alias (case and a leading article ignored); an unnamed-target
gold denial neither rewards nor penalises a system denial by the same source.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph import relations
from graph.errors import InputError
from graph.naming import display_name
from graph.model import ArticleGraph, RelType
from loaders.document import Document

#: The types scored: every extracted type of the relation table (a gold set without one scores it empty).
TYPES = relations.extracted_types()


def statements_to_rows(graph: ArticleGraph, surfaces: dict | None = None) -> list[dict]:
    """One row per asserted statement (negated and hypothetical ones left out), in the scorer's format."""
    actors = {a.id: a for a in graph.actors}
    article = graph.article.source or graph.article.id
    surfaces = surfaces or {}

    def side(aid: str, surface: str | None) -> dict:
        a = actors.get(aid)
        if a is None:
            return {"name": surface or aid, "kind": "other", "rollup": surface or aid}
        name = display_name(a.name, a.kind, a.known, surface)
        return {"name": name, "kind": a.kind, "rollup": a.rollup_name or a.name}

    rows = []
    for s in graph.statements:
        if s.negated or s.hypothetical:
            continue
        src_surf, tgt_surf = surfaces.get(s.id, (s.source_text, s.target_text))
        rows.append({
            "article": article,
            "type": s.type.value,
            "source": {"name": "article"} if s.type == RelType.CITES else side(s.source, src_surf),
            "target": side(s.target, tgt_surf),
            "sentence": s.sentence,
            "trigger": s.trigger,
            "hedged": s.hedged,
            "confidence": s.confidence,
        })
    return rows


# ---- scoring (same semantics as the gold set's score.py) -------------------------------------------------------
def _norm(s: str | None) -> str:
    s = (s or "").strip().lower()
    s = re.sub(r"[\u2019']s\b", "", s)
    s = re.sub(r"^(the|a|an)\s+", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _art_key(a) -> str:
    return re.sub(r"\.(txt|html?|json|md)$", "", os.path.basename(str(a)))


def _jsonl(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as exc:
                    raise InputError(f"{path}:{n}: not valid JSON ({exc.msg}); fix the gold file.") from None
    return out


class GoldSet:
    def __init__(self, gold_dir: Path) -> None:
        gold_dir = Path(gold_dir)
        for f in ("actors.jsonl", "relations.jsonl"):
            if not (gold_dir / f).exists():
                raise InputError(f"{gold_dir}: no {f}; a gold folder holds actors.jsonl and relations.jsonl.")
        self.dir = gold_dir
        self.actors = {a["id"]: a for a in _jsonl(gold_dir / "actors.jsonl")}
        self.rels = _jsonl(gold_dir / "relations.jsonl")
        self.alias: dict[str, str] = {}
        for a in self.actors.values():
            for s in [a["name"], a["id"].replace("_", " "), *a.get("aliases", [])]:
                self.alias.setdefault(_norm(s), a["id"])

    def lookup(self, name):
        return self.alias.get(_norm(name))

    def rollup(self, i):
        seen = set()
        while i in self.actors and self.actors[i].get("parent") and i not in seen:
            seen.add(i)
            i = self.actors[i]["parent"]
        return i

    def org(self, i):
        a = self.actors.get(i)
        return a["parent"] if a and a.get("kind") == "person" and a.get("parent") else i

    def articles(self) -> set[str]:
        return {_art_key(r["article"]) for r in self.rels}

    def system_id(self, name, roll, level):
        i = self.lookup(name) if name else None
        if level == "rollup":
            if i:
                return self.rollup(i)
            j = self.lookup(roll) if roll else None
            return self.rollup(j) if j else "UNK:" + _norm(roll or name)
        return self.org(i) if i else "UNK:" + _norm(name)


def _field(r: dict, side: str):
    v = r.get(side, r.get(side + "_name"))
    roll = r.get(side + "_rollup")
    if isinstance(v, dict):
        roll = v.get("rollup", roll)
        v = v.get("name")
    return v, roll


@dataclass
class Score:
    per_type: dict = field(default_factory=dict)
    micro: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {**self.per_type, "micro": self.micro}


def score_rows(gold: GoldSet, rows: Iterable[dict], only: set[str] | None = None) -> Score:
    arts = gold.articles() & only if only else gold.articles()
    gold_sets, unspecified = defaultdict(set), defaultdict(set)
    for r in gold.rels:
        a = _art_key(r["article"])
        if a not in arts:
            continue
        t = r["type"]
        if t == "CITES":
            gold_sets[t].add((a, "article", gold.org(r["target"])))
        elif r["target"] == "unspecified":
            unspecified[t].add((a, gold.rollup(r["source"])))
        else:
            gold_sets[t].add((a, gold.rollup(r["source"]), gold.rollup(r["target"])))
    pred = defaultdict(set)
    evidence: dict = {}
    for r in rows:
        a = _art_key(r.get("article", ""))
        t = str(r.get("type", "")).upper()
        if a not in arts or t not in TYPES:
            continue
        sn, sr = _field(r, "source")
        tn, tr = _field(r, "target")
        if t == "CITES":
            k = (a, "article", gold.system_id(tn, tr, "org"))
        else:
            k = (a, gold.system_id(sn, sr, "rollup"), gold.system_id(tn, tr, "rollup"))
            if k not in gold_sets[t] and (a, k[1]) in unspecified[t]:
                continue
        pred[t].add(k)
        evidence.setdefault((t, k), r.get("sentence"))
    out = Score()
    TP = FP = FN = 0
    for t in TYPES:
        tp = len(gold_sets[t] & pred[t])
        fp = len(pred[t] - gold_sets[t])
        fn = len(gold_sets[t] - pred[t])
        TP, FP, FN = TP + tp, FP + fp, FN + fn
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * rc / (p + rc) if p + rc else 0.0
        out.per_type[t] = dict(tp=tp, fp=fp, fn=fn, p=round(p, 3), r=round(rc, 3), f1=round(f, 3),
                               missed=[list(k) for k in sorted(gold_sets[t] - pred[t])],
                               spurious=[list(k) + [evidence.get((t, k))] for k in sorted(pred[t] - gold_sets[t])])
    p = TP / (TP + FP) if TP + FP else 0.0
    rc = TP / (TP + FN) if TP + FN else 0.0
    out.micro = dict(tp=TP, fp=FP, fn=FN, p=round(p, 3), r=round(rc, 3),
                     f1=round(2 * p * rc / (p + rc), 3) if p + rc else 0.0)
    return out


def articles_dir_for(gold_dir: Path, articles: Path | None = None) -> Path:
    """GOLD_DIR/articles when present, else the seeds folder beside the gold folders."""
    gold_dir = Path(gold_dir)
    for cand in ([Path(articles)] if articles else [gold_dir / "articles", gold_dir.parent.parent / "seeds"]):
        if cand.is_dir():
            return cand
    raise InputError(f"No articles folder for {gold_dir}: pass --articles DIR (the folder of the gold's articles).")


def gold_folders(paths: Iterable[Path]) -> list[Path]:
    """Each path is a gold folder (it has relations.jsonl) or holds gold folders one level down, in name order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if (p / "relations.jsonl").is_file():
            out.append(p)
        elif p.is_dir() and (subs := sorted(c for c in p.iterdir() if (c / "relations.jsonl").is_file())):
            out += subs
        else:
            raise InputError(f"{p}: not a gold folder (no relations.jsonl in it or in its subfolders); "
                             "pass a folder with actors.jsonl and relations.jsonl.")
    return out


def load_articles(folder: Path, names: set[str]) -> list[Document]:
    docs = []
    for p in sorted(Path(folder).iterdir()):
        if p.is_file() and _art_key(p.name) in names:
            text = p.read_text(encoding="utf-8", errors="replace")
            docs.append(Document.from_text(text, id=_art_key(p.name), source=p.name))
    return docs


def evaluate(gold_dir: Path, articles: Path | None = None, extractor=None, progress=None) -> tuple[Score, list]:
    """Extract the gold's articles in memory and score them; returns the score and the system rows."""
    from loaders.extract import Extractor

    gold = GoldSet(Path(gold_dir))
    folder = articles_dir_for(gold_dir, articles)
    docs = load_articles(folder, gold.articles())
    if not docs:
        raise InputError(f"{folder}: none of the gold's articles are there; pass the right --articles DIR.")
    ex = extractor or Extractor()
    rows: list[dict] = []
    for _doc, graph in ex.extract_many(docs):
        rows += statements_to_rows(graph, ex.surfaces)
        if progress:
            progress()
    return score_rows(gold, rows), rows
