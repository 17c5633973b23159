"""Statements as JSON lines or CSV, one per line: the input of the gold sets' `score.py` and of spreadsheets.

Why apart from the other exports: this is not the graph but its statements read back as extraction gave them
(source and target as {name, kind, rollup}, the sentence, the flags), article by article in text order. Every
extracted type of the relation table (`graph.relations`) has its read: actor statements by their two actors,
article-sourced ones (CITES) with the article as the source.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from graph import relations
from graph.errors import InputError
from graph.model import Label, RelType
from graph.naming import display_name
from graph.store import Store
from graph.store_walk import PAGE, id_pages

_TARGET = ("t.id AS t_id, t.name AS t_name, t.kind AS t_kind, coalesce(t.rollup_name, t.name) AS t_rollup, "
           "t.known AS t_known, properties(r) AS props")


def _read(rel: str) -> str:
    if relations.get(rel).statement:
        # no endpoint labels: with them FalkorDB scans the label instead of using the edge index on `article`
        return (f"UNWIND $ids AS aid MATCH (s)-[r:{rel} {{article: aid}}]->(t) "
                "RETURN s.id AS s_id, s.name AS s_name, s.kind AS s_kind, coalesce(s.rollup_name, s.name) AS s_rollup, "
                f"s.known AS s_known, {_TARGET}")
    return (f"UNWIND $ids AS aid MATCH (:{Label.ARTICLE} {{id: aid}})-[r:{rel}]->(t:{Label.ACTOR}) "
            f"RETURN null AS s_id, null AS s_name, null AS s_kind, null AS s_rollup, null AS s_known, {_TARGET}")


#: Extracted type -> the read of its statements for a page of article ids.
RELATIONS: dict[RelType, str] = {RelType(t): _read(t) for t in relations.extracted_types()}
ARTICLE_NAMES = (
    f"UNWIND $ids AS id MATCH (a:{Label.ARTICLE} {{id: id}}) RETURN a.id AS id, coalesce(a.source, a.id) AS name"
)
PUBLICATION_NAMES = f"MATCH (p:{Label.PUBLICATION}) RETURN p.id AS id, coalesce(p.name, p.id) AS name"
CYPHER_STATEMENTS: tuple[str, ...] = (*RELATIONS.values(), ARTICLE_NAMES, PUBLICATION_NAMES)

RELATION_FIELDS = ("article", "type", "source", "target", "sentence", "trigger", "hedged", "negated",
                   "hypothetical", "confidence", "publication", "date", "id")


def csv_cell(v: Any) -> str:
    """One CSV cell: empty for null, lower-case booleans, lists and maps as JSON."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def iter_relations(store: Store, include_unasserted: bool = False, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """One dict per statement, article by article in text order; negated/hypothetical ones only on request.

    `article` is the Article's `source` (the input file name) when known, so the gold scorer can match it.
    """
    pubs = {r["id"]: r["name"] for r in store.read(PUBLICATION_NAMES)}
    for ids in id_pages(store, Label.ARTICLE, page):
        names = {r["id"]: r["name"] for r in store.read(ARTICLE_NAMES, {"ids": ids})}
        rows = []
        for rel, q in RELATIONS.items():
            from_article = not relations.get(rel).statement
            for r in store.read(q, {"ids": ids}):
                p = r["props"]
                if not include_unasserted and (p.get("negated") or p.get("hypothetical")):
                    continue
                source = (
                    {"name": "article", "kind": "article", "rollup": "article"}
                    if from_article
                    else {"name": display_name(r["s_name"], r["s_kind"], r["s_known"], p.get("source_text")),
                          "id": r["s_id"], "kind": r["s_kind"], "rollup": r["s_rollup"]}
                )
                rows.append((p.get("article"), p.get("start") or 0, p.get("id") or "", {
                    "article": names.get(p.get("article"), p.get("article")),
                    "type": rel.value,
                    "source": source,
                    "target": {"name": display_name(r["t_name"], r["t_kind"], r["t_known"], p.get("target_text")),
                               "id": r["t_id"], "kind": r["t_kind"], "rollup": r["t_rollup"]},
                    "sentence": p.get("sentence"),
                    "trigger": p.get("trigger"),
                    "hedged": bool(p.get("hedged")),
                    "negated": bool(p.get("negated")),
                    "hypothetical": bool(p.get("hypothetical")),
                    "confidence": p.get("confidence"),
                    "publication": pubs.get(p.get("publication"), p.get("publication")),
                    "date": p.get("date"),
                    "id": p.get("id"),
                }))
        rows.sort(key=lambda t: (t[0] or "", t[1], t[2]))
        for *_, row in rows:
            yield row


def write_relations(store: Store, out: IO[str], fmt: str = "jsonl", include_unasserted: bool = False) -> int:
    """Statements as JSON lines (source/target as {name, kind, rollup}) or flat CSV; returns the count."""
    n = 0
    if fmt == "jsonl":
        for row in iter_relations(store, include_unasserted):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    if fmt != "csv":
        raise InputError(f"Unknown relations format {fmt!r}: use jsonl or csv.")
    w = csv.writer(out, lineterminator="\n")
    sides = [f"{side}_{k}" for side in ("source", "target") for k in ("name", "kind", "rollup")]
    w.writerow(["article", "type", *sides, *RELATION_FIELDS[4:]])
    for row in iter_relations(store, include_unasserted):
        flat = [row["source"][k] for k in ("name", "kind", "rollup")] + [
            row["target"][k] for k in ("name", "kind", "rollup")
        ]
        w.writerow([csv_cell(v) for v in [row["article"], row["type"], *flat, *[row[k] for k in RELATION_FIELDS[4:]]]])
        n += 1
    return n
