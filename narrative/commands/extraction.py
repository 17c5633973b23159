"""`evaluate GOLD_DIR` (extraction scored against gold, in memory) and `actors review` (what to add to the
dictionary next): the two commands that tell an analyst how far to trust the extracted graph.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.model import Label, RelType
from narrative.context import console, err_console, handle_errors, store_for
from narrative.output import Format, show

#: Discovered or low-confidence actors, most mentioned first.
REVIEW_ACTORS = (
    f"MATCH (a:{Label.ACTOR}) WHERE a.known = false OR a.confidence < $threshold "
    f"OPTIONAL MATCH (:{Label.ARTICLE})-[m:{RelType.MENTIONS}]->(a) "
    "WITH a, sum(coalesce(m.count, 0)) AS mentions, count(m) AS articles "
    "RETURN a.id AS id, a.name AS name, a.kind AS kind, a.confidence AS confidence, mentions, articles "
    "ORDER BY mentions DESC, articles DESC, name LIMIT $limit"
)
CYPHER_STATEMENTS = {"REVIEW_ACTORS": REVIEW_ACTORS}

actors_app = typer.Typer(help="Curate the actor dictionary.", no_args_is_help=True)


class EvalFormat(str, Enum):
    table = "table"
    json = "json"


def evaluate_cmd(
    gold_dirs: Annotated[list[Path], typer.Argument(
        help="Gold folders (actors.jsonl + relations.jsonl), or a folder holding several (e.g. ../shared/gold).")],
    articles: Annotated[Optional[Path], typer.Option(
        "--articles", help="Folder of the gold's articles (one gold folder only; default: GOLD_DIR/articles, "
                           "else ../../seeds).")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.table,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline name.")] = None,
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Extra actor dictionary (JSONL).")] = None,
    show_errors: Annotated[int, typer.Option("--errors", help="Misses and false positives listed per type.")] = 15,
) -> None:
    """Extract the gold's articles in memory (no database) and score them like the gold's score.py; with several
    gold folders, one pipeline scores them all and a summary row per folder comes last."""
    from graph.errors import InputError
    from loaders.evaluate import GoldSet, articles_dir_for, evaluate, gold_folders
    from loaders.extract import Extractor

    folders = gold_folders(gold_dirs)
    if articles is not None and len(folders) > 1:
        raise InputError("--articles names the articles of one gold folder; give one GOLD_DIR with it.")
    total = 0
    for folder in folders:
        total += len(GoldSet(folder).articles())
        articles_dir_for(folder, articles)  # fail early with a clear line
    ex = Extractor(model=model, actors_file=actors)
    scores = {}
    with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("extract", total=total)
        for folder in folders:
            scores[folder], _rows = evaluate(folder, articles, extractor=ex, progress=lambda: bar.advance(task))
    if fmt == EvalFormat.json:
        out = scores[folders[0]].as_dict() if len(folders) == 1 else {
            "folders": {str(f): sc.as_dict() for f, sc in scores.items()}}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    for folder, score in scores.items():
        _print_score(folder, score, show_errors)
    if len(folders) > 1:
        _print_summary(scores)


def _print_score(folder: Path, score, show_errors: int) -> None:
    table = Table(header_style="bold", title=f"Extraction vs {folder}")
    for col in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col != "type" else "left")
    for t, r in [*score.per_type.items(), ("micro", score.micro)]:
        table.add_row(t, f"{r['p']:.3f}", f"{r['r']:.3f}", f"{r['f1']:.3f}", str(r["tp"]), str(r["fp"]),
                      str(r["fn"]))
    console.print(table)
    for t, r in score.per_type.items():
        for label, items in (("missed", r["missed"]), ("false positive", r["spurious"])):
            for item in items[:show_errors]:
                sentence = f"  | {item[3][:100]}" if len(item) > 3 and item[3] else ""
                console.print(f"[dim]{t} {label}:[/] {item[0]}: {item[1]} -> {item[2]}{sentence}",
                              highlight=False, soft_wrap=True)


def _print_summary(scores: dict) -> None:
    types = list(next(iter(scores.values())).per_type)
    table = Table(header_style="bold", title="Summary (F1 per type; micro P/R/F1)")
    for col in ("gold", *types, "P", "R", "F1"):
        table.add_column(col, justify="left" if col == "gold" else "right")
    for folder, score in scores.items():
        m = score.micro
        table.add_row(folder.name, *(f"{score.per_type[t]['f1']:.3f}" for t in types), f"{m['p']:.3f}",
                      f"{m['r']:.3f}", f"{m['f1']:.3f}")
    console.print(table)


@actors_app.command("review")
@handle_errors
def review(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Rows to show.")] = 50,
    threshold: Annotated[float, typer.Option("--threshold", help="Confidence below which a known actor is listed.")
                         ] = 0.7,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Unknown or low-confidence actors in the store by frequency: candidates for the dictionary."""
    with store_for(ctx) as store:
        result = store.read(REVIEW_ACTORS, {"threshold": threshold, "limit": limit})
    show(result, fmt, title="Actors to review")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(handle_errors(evaluate_cmd))
    app.add_typer(actors_app, name="actors")
