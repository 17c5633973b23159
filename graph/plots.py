"""Static figures for reports: statements over time, the most accusing / accused actors, each outlet's sources.

Built on matplotlib's object API with the Agg canvas (no pyplot, no global backend switch), so they render on
servers without a display and do not disturb a notebook's own backend. Each figure function takes a projection
from `graph.project` and a path, and returns the path written (PNG, or whatever the suffix says).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from graph.errors import InputError
from graph.model import ACTOR_KINDS
from graph.project import citation_network, statement_network
from graph.store import Store

PLOTS = ("timeline", "top-accusers", "source-reliance")
#: Source kinds in this order in the source-reliance bars (kinds found outside it come after, by name).
KIND_ORDER = list(ACTOR_KINDS)


def _name(g: nx.DiGraph, n) -> str:
    name = str(g.nodes[n].get("name") or n)
    return name if len(name) <= 28 else name[:27] + "\u2026"


def _save(fig: Figure, out: str | Path) -> Path:
    path = Path(out)
    FigureCanvasAgg(fig)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise InputError(f"Cannot write the figure to {path}: {exc.strerror or exc}; choose another --out.") from exc
    except ValueError as exc:  # matplotlib: unknown format
        raise InputError(f"Cannot draw {path.name}: {exc}. Use a .png, .svg or .pdf file name.") from exc
    return path


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#777777")
    ax.set_axis_off()


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last (quiet months are zeros, not gaps)."""
    valid = sorted(m for m in months if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit())
    if not valid:
        return sorted(months)
    (y, mo), (y2, mo2) = (map(int, valid[0].split("-")), map(int, valid[-1].split("-")))
    out = []
    while (y, mo) <= (y2, mo2):
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def timeline(g: nx.DiGraph, out: str | Path, top: int = 6) -> Path:
    """Statements per month, stacked by who made them: the `top` most active actors, the rest as "others"."""
    made = Counter({n: g.out_degree(n, weight="weight") for n in g})
    leaders = [n for n, c in made.most_common(top) if c]
    series: dict[str, Counter] = defaultdict(Counter)
    undated = 0
    for u, _, d in g.edges(data=True):
        dates = d.get("dates") or []
        undated += max(int(d.get("weight", 1)) - len(dates), 0)
        for day in dates:
            series[u if u in leaders else "__others"][str(day)[:7]] += 1
    months = _month_range({m for c in series.values() for m in c})
    fig = Figure(figsize=(10, 5), layout="constrained")
    ax = fig.add_subplot()
    if not months:
        _empty(ax, "No dated statements yet")
    else:
        x = list(range(len(months)))
        bottom = [0] * len(months)
        palette = colormaps["tab10"]
        for i, key in enumerate([*leaders, "__others"]):
            if key not in series:
                continue
            label = "others" if key == "__others" else _name(g, key)
            heights = [series[key][m] for m in months]
            ax.bar(x, heights, bottom=bottom, label=label, width=0.85,
                   color="#c7c7c7" if key == "__others" else palette(i % 10))
            bottom = [a + b for a, b in zip(bottom, heights)]
        step = max(1, len(months) // 12)
        ax.set_xticks(x[::step], months[::step], rotation=45, ha="right")
        ax.set_ylabel("statements per month")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.grid(axis="y", alpha=0.3)
    note = f" ({undated} undated not shown)" if undated else ""
    ax.set_title(f"Statements over time by the most active actors{note}")
    return _save(fig, out)


def top_accusers(g: nx.DiGraph, out: str | Path, top: int = 10) -> Path:
    """Two bar charts side by side: who makes the most statements, and who receives the most."""
    fig = Figure(figsize=(11, max(3.5, 0.38 * top + 1.5)), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, (label, degree, color) in zip(axes, [
        ("most accusing", g.out_degree(weight="weight"), "#d62728"),
        ("most accused", g.in_degree(weight="weight"), "#1f77b4"),
    ]):
        ranked = sorted(((w, str(n)) for n, w in degree if w), key=lambda t: (-t[0], t[1]))[:top]
        if not ranked:
            _empty(ax, "No statements yet")
        else:
            names = [_name(g, n) for _, n in ranked][::-1]
            ax.barh(names, [w for w, _ in ranked][::-1], color=color)
            ax.set_xlabel("statements")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.grid(axis="x", alpha=0.3)
        ax.set_title(label.capitalize())
    return _save(fig, out)


def source_reliance(c: nx.DiGraph, out: str | Path, top: int = 15) -> Path:
    """Each publication's citations split by the kind of source cited (shares, stacked to 100%)."""
    pubs = sorted((n for n in c if c.out_degree(n)), key=lambda n: (-c.out_degree(n, weight="weight"), str(n)))
    pubs = pubs[:top]
    mixes = {}
    for p in pubs:
        mix: Counter[str] = Counter()
        for _, v, w in c.out_edges(p, data="weight", default=1):
            mix[c.nodes[v].get("kind") or "other"] += w
        mixes[p] = mix
    kinds = [k for k in KIND_ORDER if any(m[k] for m in mixes.values())]
    kinds += sorted({k for m in mixes.values() for k in m} - set(kinds))
    fig = Figure(figsize=(10, max(3.5, 0.45 * len(pubs) + 2)), layout="constrained")
    ax = fig.add_subplot()
    if not pubs:
        _empty(ax, "No citations yet")
    else:
        names = [f"{_name(c, p)} ({sum(mixes[p].values()):g})" for p in pubs][::-1]
        left = [0.0] * len(pubs)
        cmap = colormaps["tab20"]
        for i, k in enumerate(kinds):
            share = [mixes[p][k] / sum(mixes[p].values()) for p in pubs][::-1]
            ax.barh(names, share, left=left, label=k.replace("_", " "), color=cmap(i % 20))
            left = [a + b for a, b in zip(left, share)]
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of citations (number of citations in brackets)")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, frameon=False, title="cited source")
    ax.set_title("Who each publication lets speak: cited sources by kind")
    return _save(fig, out)


def write_plot(store: Store, name: str, out: str | Path, level: str = "entity", top: int | None = None) -> Path:
    """Project what the named plot needs from the store and draw it to `out`."""
    if name == "timeline":
        return timeline(statement_network(store, "statements", level), out, top=top or 6)  # type: ignore[arg-type]
    if name == "top-accusers":
        return top_accusers(statement_network(store, "accusations", level), out, top=top or 10)  # type: ignore
    if name == "source-reliance":
        return source_reliance(citation_network(store, level), out, top=top or 15)  # type: ignore[arg-type]
    raise InputError(f"Unknown plot {name!r}: use one of {', '.join(PLOTS)}.")
