"""The precision-read sampler: a fixed seed gives the same statements, each shown with the text before it."""
from __future__ import annotations

import json

from benchmarks import read_sample


def _rows(n: int) -> list[dict]:
    return [{"article": f"a{i % 3}.txt", "type": "ACCUSES" if i % 2 else "CITES",
             "source": {"name": f"S{i}"}, "target": {"name": f"T{i}"}, "trigger": "said",
             "sentence": f"Sentence number {i} is here."} for i in range(n)]


def test_same_seed_same_sample_and_type_filter():
    rows = _rows(40)
    a = read_sample.sample(rows, 10, 3, None)
    assert a == read_sample.sample(rows, 10, 3, None)
    assert a != read_sample.sample(rows, 10, 4, None)
    only = read_sample.sample(rows, 50, 3, ["ACCUSES"])
    assert len(only) == 20 and {r["type"] for r in only} == {"ACCUSES"}


def test_prints_the_sentence_before(tmp_path, capsys):
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a1.txt").write_text("The minister spoke first. Sentence number 1 is here.", encoding="utf-8")
    rel = tmp_path / "rel.jsonl"
    rel.write_text("\n".join(json.dumps(r) for r in _rows(2)), encoding="utf-8")
    assert read_sample.main([str(rel), "--articles", str(tmp_path / "arts"), "--n", "2"]) == 0
    out = capsys.readouterr().out
    assert "before: ...The minister spoke first." in out and "[2]" in out
