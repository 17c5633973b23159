"""Scoring semantics (same as the gold sets' score.py) and the F1 floors on the seeds and the dev set."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.evaluate import GoldSet, articles_dir_for, score_rows

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"


def _gold(tmp_path) -> GoldSet:
    actors = [
        {"id": "russia", "name": "Russia", "kind": "state", "parent": None, "aliases": ["Moscow"]},
        {"id": "lavrov", "name": "Sergei Lavrov", "kind": "person", "parent": "russia", "aliases": ["Lavrov"]},
        {"id": "ukraine", "name": "Ukraine", "kind": "state", "parent": None, "aliases": []},
    ]
    rels = [
        {"article": "a1.txt", "type": "ACCUSES", "source": "lavrov", "target": "ukraine"},
        {"article": "a1.txt", "type": "CITES", "source": "article", "target": "lavrov"},
        {"article": "a1.txt", "type": "DENIES", "source": "russia", "target": "unspecified"},
    ]
    (tmp_path / "actors.jsonl").write_text("\n".join(json.dumps(a) for a in actors))
    (tmp_path / "relations.jsonl").write_text("\n".join(json.dumps(r) for r in rels))
    return GoldSet(tmp_path)


def test_rollup_org_level_and_unspecified(tmp_path):
    g = _gold(tmp_path)
    rows = [
        {"article": "a1", "type": "ACCUSES", "source": {"name": "Moscow"}, "target": "Ukraine"},  # rollup match
        {"article": "a1.txt", "type": "CITES", "source": {"name": "article"}, "target": {"name": "Lavrov"}},
        {"article": "a1", "type": "DENIES", "source": "Lavrov", "target": "NATO"},  # ignored: unnamed gold
        {"article": "a1", "type": "STRIKES", "source": "Russia", "target": "Ukraine"},  # false positive
    ]
    s = score_rows(g, rows)
    assert s.per_type["ACCUSES"]["tp"] == 1 and s.per_type["CITES"]["tp"] == 1
    assert s.per_type["DENIES"]["fp"] == 0
    assert s.per_type["STRIKES"]["fp"] == 1
    assert s.micro["tp"] == 2 and s.micro["fp"] == 1 and s.micro["fn"] == 0


def test_unknown_names_fall_back_to_rollup_name(tmp_path):
    g = _gold(tmp_path)
    rows = [{"article": "a1", "type": "ACCUSES", "source": {"name": "Maria Zakharova", "rollup": "Russia"},
             "target": {"name": "Kyiv officials", "rollup": "Ukraine"}}]
    assert score_rows(g, rows).per_type["ACCUSES"]["tp"] == 1


def test_articles_folder_defaults(tmp_path):
    (tmp_path / "articles").mkdir()
    assert articles_dir_for(tmp_path) == tmp_path / "articles"


@pytest.mark.shared
@pytest.mark.parametrize("name, micro_floor, type_floor", [("seeds", 0.80, 0.70), ("dev", 0.75, None)])
def test_f1_floors(name, micro_floor, type_floor):
    from _extract_support import extractor
    from loaders.evaluate import evaluate

    score, rows = evaluate(GOLD / name, extractor=extractor())
    assert rows
    assert score.micro["f1"] >= micro_floor, score.micro
    if type_floor is not None:
        for t, r in score.per_type.items():
            assert r["f1"] >= type_floor, (t, r["f1"])
