"""`python -m benchmarks.read_sample rel.jsonl --articles DIR... [--n 100] [--seed 11] [--type T]`.

The precision read of issue 11: on text without gold, the only honest measure of precision is a person reading
a random sample of what the extractor stored. This prints the sample in a fixed, seeded order, each statement
with its sentence and the sentence before it (pronouns and "he said" are judged in context), numbered so that
the reader's verdicts can be written down against the numbers. `rel.jsonl` is `narrative export relations`.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def _texts(folders: list[Path]) -> dict[str, str]:
    """Article file name -> text, for the context sentence (the export keeps only the statement's sentence)."""
    out: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            out.setdefault(path.name, path.read_text(encoding="utf-8", errors="replace"))
    return out


def _before(text: str, sentence: str, width: int = 240) -> str:
    """The text just before the sentence: enough to see whom a pronoun or "he said" points to."""
    at = text.find(sentence[:80])
    if at <= 0:
        return ""
    return " ".join(text[max(0, at - width):at].split())


def sample(rows: list[dict], n: int, seed: int, types: list[str] | None) -> list[dict]:
    pool = [r for r in rows if not types or r["type"] in types]
    return random.Random(seed).sample(pool, min(n, len(pool)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.read_sample", description=__doc__.splitlines()[0])
    ap.add_argument("relations", type=Path, help="the output of `narrative export relations`")
    ap.add_argument("--articles", type=Path, nargs="*", default=[], help="folders of the ingested .txt files")
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--type", action="append", dest="types", help="only this type (repeatable)")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.relations.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = _texts(args.articles)
    for i, r in enumerate(sample(rows, args.n, args.seed, args.types), 1):
        before = _before(texts.get(Path(r["article"]).name, ""), r["sentence"])
        print(f"[{i}] {r['type']}  {r['source']['name']} -> {r['target']['name']}  "
              f"(trigger {r['trigger']!r}, {r['article']})")
        if before:
            print(f"    before: ...{before}")
        print(f"    {' '.join(r['sentence'].split())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
