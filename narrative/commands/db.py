"""`db status|stop|reset`: manage the embedded server and the stored graph."""
from __future__ import annotations

from typing import Annotated

import typer

from graph import embedded
from narrative.context import console, fail, handle_errors, settings, store_for

db_app = typer.Typer(help="Manage the store: status, stop the embedded server, reset the graph, retally.", no_args_is_help=True)


@db_app.command("status")
@handle_errors
def status(ctx: typer.Context) -> None:
    """Say whether the embedded server runs, with its pid, socket and data directory."""
    s = settings(ctx)
    if not s.embedded:
        with store_for(ctx, ensure_schema=False) as store:
            store.read("RETURN 1 AS ok")
            console.print(f"reachable: {store.describe()}")
        return
    st = embedded.status(s.data_dir)
    state = f"running (pid {st['pid']})" if st["running"] else "stopped"
    console.print(f"embedded store: {state}")
    console.print(f"data dir: {st['data_dir']}")
    console.print(f"socket: {st['socket']}")
    console.print(f"persistence: {st['persistence_bytes']} bytes")


@db_app.command("stop")
@handle_errors
def stop(ctx: typer.Context) -> None:
    """Stop the embedded server (its data stays on disk)."""
    s = settings(ctx)
    if not s.embedded:
        fail("`db stop` manages the embedded store only; stop Neo4j with `docker compose down`.")
    console.print("stopped" if embedded.stop(s.data_dir) else "not running")


@db_app.command("reset")
@handle_errors
def reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete every node and relationship of the graph."""
    if not yes and not typer.confirm("Delete the whole graph?"):
        raise typer.Exit(1)
    with store_for(ctx, ensure_schema=False) as store:
        store.clear()
        store.ensure_schema()
        console.print(f"graph reset: {store.describe()}")


@db_app.command("retally")
@handle_errors
def retally(ctx: typer.Context) -> None:
    """Rebuild the report summaries (tallies) from the statements.

    Ingest and load keep them current by themselves; run this after importing a graph by other means
    (a Cypher script, neo4j-admin), after the actor dictionary moved actors under another state, or when a
    report says the tallies are missing or out of date.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph import tallies
    from loaders.pipeline import write_lock

    with store_for(ctx) as store, write_lock(store, on_wait=console.print):
        with Progress(TextColumn("[bold]retally"), BarColumn(), MofNCompleteColumn(), TextColumn("steps"),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("retally", total=None)
            tallies.rebuild(store, on_step=lambda i, n: bar.update(task, completed=i, total=n))
        n = store.read(tallies.COUNT).value(0)
        console.print(f"tallies rebuilt: {n} summaries (version {tallies.VERSION}) in {store.describe()}")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
