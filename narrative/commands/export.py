"""`export cypher|graphml|gexf|csv|relations` and `push URL`: move the graph to Neo4j, Gephi and other tools."""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph import export as gx
from graph.stats import counts
from graph.store import is_bolt_url, open_store
from narrative.context import console, err_console, fail, handle_errors, store_for
from narrative.outputs import FORCE_HELP, output_dir, output_file, writing

export_app = typer.Typer(
    help="Export the graph: a Cypher script, GraphML/GEXF (Gephi), neo4j-admin CSV, statements as JSONL/CSV.",
    no_args_is_help=True,
)


@contextlib.contextmanager
def _progress(ctx: typer.Context, what: str) -> Iterator[tuple[object, gx.Progress]]:
    """A rich progress bar over the nodes and relationships of the store."""
    with store_for(ctx) as store:
        c = counts(store)
        total = sum(c["nodes"].values()) + sum(c["relationships"].values())
        with Progress(
            TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task(what, total=total)
            yield store, lambda n: bar.advance(task, n)


def _summary(stats: gx.ExportStats, where: object) -> None:
    err_console.print(
        f"wrote {stats.node_count} nodes and {stats.relationship_count} relationships to {where}", highlight=False
    )


@export_app.command("cypher")
@handle_errors
def export_cypher(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="Script file to write.")] = Path("graph.cypher"),
    schema: Annotated[
        bool, typer.Option("--schema/--no-schema", help="Start with Neo4j constraints and indexes (Neo4j only).")
    ] = True,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """An idempotent MERGE script that recreates the graph in any Neo4j (Browser or cypher-shell -f)."""
    out = output_file(out, force, "the script", "graph.cypher")
    with _progress(ctx, "cypher") as (store, advance), writing(out, "the script"), out.open("w", encoding="utf-8") as f:
        stats = gx.write_cypher(store, f, schema=schema, progress=advance)
    _summary(stats, out)


@export_app.command("graphml")
@handle_errors
def export_graphml(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="GraphML file to write.")] = Path("graph.graphml"),
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """GraphML (yEd, Gephi, Cytoscape, NetworkX); nodes are keyed `Label:id`."""
    out = output_file(out, force, "the GraphML file", "graph.graphml")
    with _progress(ctx, "graphml") as (store, advance), writing(out, "the GraphML file"):
        stats = gx.write_graphml(store, out, progress=advance)
    _summary(stats, out)


@export_app.command("gexf")
@handle_errors
def export_gexf(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="GEXF file to write.")] = Path("graph.gexf"),
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """GEXF for Gephi; nodes are keyed `Label:id` and carry `type` (the label) and a display `label`."""
    out = output_file(out, force, "the GEXF file", "graph.gexf")
    with _progress(ctx, "gexf") as (store, advance), writing(out, "the GEXF file"):
        stats = gx.write_gexf(store, out, progress=advance)
    _summary(stats, out)


@export_app.command("csv")
@handle_errors
def export_csv(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the CSV files into.")] = Path(
        "graph-csv"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an earlier export in that directory.")] = False,
) -> None:
    """nodes_<Label>.csv and relationships_<TYPE>.csv in neo4j-admin import layout (see import.txt there)."""
    out = output_dir(out, force, "the CSV files", CSV_FILES)
    with _progress(ctx, "csv") as (store, advance), writing(out, "the CSV files"):
        stats = gx.write_csv(store, out, progress=advance)
    _summary(stats, out)


#: What `export csv` writes into its directory: an earlier export there is kept unless --force.
CSV_FILES = ("nodes_*.csv", "relationships_*.csv", "import.txt")


class RelFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


@export_app.command("relations")
@handle_errors
def export_relations(
    ctx: typer.Context,
    fmt: Annotated[RelFormat, typer.Option("--format", "-f", help="jsonl (default) or csv.")] = RelFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write; default stdout.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Also negated and hypothetical statements (flagged in each line).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """One statement per line: article, type, source/target {name, kind, rollup}, sentence, trigger, flags."""
    if out is not None:
        out = output_file(out, force, "the statements", f"relations.{fmt.value}")
    with store_for(ctx) as store:
        if out is None:
            n = gx.write_relations(store, sys.stdout, fmt.value, include_unasserted=all_)
        else:
            with writing(out, "the statements"), out.open("w", encoding="utf-8", newline="") as f:
                n = gx.write_relations(store, f, fmt.value, include_unasserted=all_)
    err_console.print(f"{n} statements" + (f" written to {out}" if out else ""), highlight=False)


def push(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The Neo4j to copy into, e.g. bolt://localhost:7687.")],
    database: Annotated[
        Optional[str], typer.Option("--database", help="Neo4j database (default: NEO4J_DATABASE or the server's).")
    ] = None,
) -> None:
    """Copy the current graph into Neo4j (MERGE on ids: pushing twice changes nothing).

    Credentials come only from NEO4J_USER / NEO4J_PASSWORD.
    """
    if not is_bolt_url(url):
        fail(f"push needs a bolt:// or neo4j:// URL, got {url!r} (for example bolt://localhost:7687).")
    with _progress(ctx, "push") as (store, advance):
        with open_store(
            url,
            user=os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE"),
        ) as dst:
            stats = gx.copy_graph(store, dst, progress=advance)
            where = dst.describe()
    _summary(stats, where)
    console.print(f"pushed {stats.node_count} nodes and {stats.relationship_count} relationships to {where}")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.command("push")(handle_errors(push))
