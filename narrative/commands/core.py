"""`info` and `query`: what is in the store, and ad hoc Cypher (read-only unless --write)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from graph import tallies
from graph.stats import counts
from narrative.context import console, handle_errors, parse_params, settings, store_for
from narrative.output import Format, show


def info(ctx: typer.Context) -> None:
    """Show the store, the data directory and counts per label and relationship type."""
    with store_for(ctx) as store:
        c = counts(store)
        console.print(f"[bold]Store:[/] {store.describe()}")
        if settings(ctx).embedded:
            console.print(f"[bold]Data dir:[/] {settings(ctx).data_dir.resolve()}")
        table = Table(header_style="bold")
        table.add_column("kind")
        table.add_column("name")
        table.add_column("count", justify="right")
        for label, n in c["nodes"].items():
            table.add_row("node", label, str(n))
        for rel, n in c["relationships"].items():
            table.add_row("relationship", rel, str(n))
        console.print(table)
        console.print(f"[bold]Report summaries (tallies):[/] {tallies.describe(store)}")


def query(
    ctx: typer.Context,
    cypher: Annotated[str, typer.Argument(help="A Cypher statement; pass values with --param.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="name=value (repeatable).")] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow the statement to change the graph.")] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Run an ad hoc Cypher statement; the engine refuses writes unless --write is given."""
    params = parse_params(param)
    with store_for(ctx) as store:
        result = store.write(cypher, params) if write else store.read(cypher, params)
    show(result, fmt)


def register(app: typer.Typer) -> None:
    app.command("info")(handle_errors(info))
    app.command("query")(handle_errors(query))
