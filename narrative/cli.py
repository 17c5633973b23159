"""Entry point: global options, then one module per command group under `narrative.commands`."""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph import relations
from narrative.settings import Settings


def _verbs() -> str:
    """"accuses, denies, strikes and cites": the verbs of every extracted type of the relation table."""
    verbs = [relations.verb(t) for t in relations.extracted_types()]
    return ", ".join(verbs[:-1]) + f" and {verbs[-1]}" if len(verbs) > 1 else "".join(verbs)


app = typer.Typer(
    name="narrative",
    help=f"Turn news articles into a graph of who {_verbs()} whom.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Each module exposes `register(app)`; add a line here to add a command group.
COMMAND_MODULES = [
    "narrative.commands.core",
    "narrative.commands.db",
    "narrative.commands.ingest",
    "narrative.commands.viz",
    "narrative.commands.reports",
    "narrative.commands.export",
    "narrative.commands.extraction",
    "narrative.commands.demo",
]


@app.callback()
def main_options(
    ctx: typer.Context,
    store: Annotated[
        Optional[str],
        typer.Option(
            "--store",
            envvar="NARRATIVE_STORE",
            help="'embedded' (default) or a Neo4j URL such as bolt://localhost:7687.",
        ),
    ] = None,
    data_dir: Annotated[
        Optional[Path],
        typer.Option("--data-dir", envvar="NARRATIVE_HOME", help="Data directory of the embedded store."),
    ] = None,
) -> None:
    """Global options shared by every command."""
    ctx.obj = Settings.from_env(store=store, data_dir=data_dir)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()
