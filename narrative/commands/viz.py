"""`viz`, `metrics` and `plot`: the network as an offline page, a table of measures, and report figures.

Thin wrappers: projection, measures and drawing live in `graph.project`, `graph.metrics`, `graph.viz` and
`graph.plots`, so notebooks get exactly what the CLI prints. The measures and plots are imported inside their
commands: matplotlib alone costs a second of start-up, and `viz` is timed as analysts run it.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from graph.errors import InputError
from graph.store import Result
from graph.project import CITATIONS, GRAPHS
from graph.viz import DEFAULT_TOP, PAGES, default_path, write_page
from narrative.context import console, handle_errors, store_for
from narrative.outputs import FORCE_HELP, output_file
from narrative.output import Format, show


#: `viz` pages: one per network of the relation table (accusations, denials, strikes, citations, ...) and `actor`.
Page = Enum("Page", {name: name for name in PAGES}, type=str, module=__name__)
#: `metrics --graph` networks: those of the relation table.
GraphName = Enum("GraphName", {name: name for name in GRAPHS}, type=str, module=__name__)


class Level(str, Enum):
    entity = "entity"
    state = "state"


class ColorBy(str, Enum):
    camp = "camp"
    kind = "kind"


class PlotName(str, Enum):
    timeline = "timeline"
    top_accusers = "top-accusers"
    source_reliance = "source-reliance"


LEVEL_HELP = "entity, or state to fold ministries, armies and officials into their top-level actor."


def viz(
    ctx: typer.Context,
    what: Annotated[Page, typer.Argument(help="Which network to draw; `actor` needs a NAME.")],
    name: Annotated[Optional[str], typer.Argument(help="Actor id or name, for `viz actor NAME`.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="HTML file to write.")] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=0, help="Keep the N actors with most statements (0: all).")]
    = DEFAULT_TOP,
    level: Annotated[Level, typer.Option("--level", help=LEVEL_HELP)] = Level.entity,
    color: Annotated[Optional[ColorBy], typer.Option("--color", help="Colour nodes by camp or by kind.")] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """Write one self-contained, offline HTML page of a network and print its path (default: NETWORK.html)."""
    if what == Page.actor and not name:
        raise InputError("Name the actor: narrative viz actor NAME (an id or a name, e.g. 'Russia').")
    if what != Page.actor and name:
        raise InputError(f"`viz {what.value}` takes no NAME; did you mean `narrative viz actor {name}`?")
    out = output_file(out or default_path(what.value, name), force, "the page", default_path(what.value, name).name)
    with store_for(ctx) as store:
        path = write_page(store, what.value, out, top=top, level=level.value, actor=name,
                          color_by=color.value if color else None)
    sys.stdout.write(f"{path}\n")


def metrics(
    ctx: typer.Context,
    graph: Annotated[GraphName, typer.Option("--graph", "-g", help="Which network to measure.")]
    = GraphName.accusations,
    level: Annotated[Level, typer.Option("--level", help=LEVEL_HELP)] = Level.entity,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Rows to show (default: all).")] = None,
) -> None:
    """Degree, PageRank, betweenness and camps per actor (or source diversity and overlap per publication),
    with reciprocity, mutual pairs and polarization for the whole network."""
    from graph.metrics import camps
    from graph.metrics.table import citation_summary, metrics_rows, summary
    from graph.project import project

    with store_for(ctx) as store:
        g = project(store, graph.value, level=level.value)  # type: ignore[arg-type]
    if graph.value == CITATIONS:
        rows, head = metrics_rows(g, top), citation_summary(g)
    else:
        camp = camps(g)  # the costliest measure: computed once for the rows and the summary
        rows, head = metrics_rows(g, top, camp), summary(g, camp)
    if fmt == Format.json:
        doc = {"graph": graph.value, "level": level.value, "summary": head, "rows": rows}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n")
        return
    columns = list(rows[0]) if rows else ["id", "name"]
    result = Result(columns=columns, rows=[[r[c] for c in columns] for r in rows])
    if fmt != Format.table:
        show(result, fmt)
        return
    if "id" in columns and "name" in columns:  # the terminal is narrow: the name is enough to read
        keep = [i for i, c in enumerate(columns) if c != "id"]
        result = Result(columns=[columns[i] for i in keep], rows=[[row[i] for i in keep] for row in result.rows])
    show(result, fmt, title=f"{graph.value} ({level.value} level)")
    for key, value in head.items():
        if isinstance(value, list):
            value = "; ".join(value) if value else "none"
        console.print(f"[bold]{key.replace('_', ' ')}:[/] {value}", highlight=False)


def plot(
    ctx: typer.Context,
    which: Annotated[PlotName, typer.Argument(help="timeline, top-accusers or source-reliance.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Image file to write (.png, .svg, .pdf).")],
    level: Annotated[Level, typer.Option("--level", help=LEVEL_HELP)] = Level.entity,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Actors or publications shown.")] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
) -> None:
    """Draw a report figure and print its path."""
    from graph.plots import write_plot  # matplotlib: a second of start-up every other command need not pay

    out = output_file(out, force, "the figure", f"{which.value}.png")
    with store_for(ctx) as store:
        path = write_plot(store, which.value, out, level=level.value, top=top)
    sys.stdout.write(f"{path}\n")


def register(app: typer.Typer) -> None:
    app.command("viz")(handle_errors(viz))
    app.command("metrics")(handle_errors(metrics))
    app.command("plot")(handle_errors(plot))
