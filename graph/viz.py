"""Interactive network pages: a NetworkX projection drawn with vis-network (through pyvis) in ONE offline file.

Why our own page instead of pyvis's template: that template links Bootstrap and vis-network from CDNs even in
"in_line" mode, and analysts open these pages on air-gapped machines or attach them to reports. Here pyvis builds
the node and edge records; the page inlines vis-network's JavaScript and CSS from the pyvis wheel, carries no URL
at all, and a Content-Security-Policy forbids the browser to fetch anything.

Everything that comes from articles (actor names, sentences, titles) is HTML-escaped before it reaches the page,
and the data is embedded as JSON with ``<``, ``>``, ``&`` and ``/`` escaped, so article text can never close the
script or inject markup. Rendering is kept apart from projection: `render_html` takes any projected graph,
`write_page` ties it to a store through the bounded projection of `graph.project_top` (the top N nodes and the
edges among them, folded in the database), so a page costs the same on a large store as on a small one.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Hashable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph import relations
from graph.errors import InputError
from graph.metrics import camps as find_camps
from graph.metrics import pagerank
from graph.project import CITATIONS, PUBLICATION_KIND
from graph.project_top import top_actor_network, top_projection
from graph.store import Store

#: Pages show at most this many nodes unless told otherwise.
DEFAULT_TOP = 50
#: A page per network of the relation table (accusations, denials, strikes, citations, ...), and one per actor.
PAGES = (*relations.networks(), "actor")
COLOR_BY = ("camp", "kind")

#: One colour per actor kind (`graph.model.ACTOR_KINDS`; tests check none is missing) and for publications.
KIND_COLORS = {
    "state": "#4e79a7", "government_body": "#76b7b2", "military": "#e15759", "armed_group": "#f28e2b",
    "coalition": "#edc948", "international_org": "#59a14f", "ngo": "#b07aa1", "media": "#ff9da7",
    "person": "#9c755f", "group": "#bab0ac", "location": "#86bcb6", "other": "#c7c7c7",
    PUBLICATION_KIND: "#34495e",
}
CAMP_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
               "#bcbd22", "#7f7f7f"]
LONE_COLOR = "#b8b8b8"
#: How an edge of each statement type reads in a tooltip ("accuses x2").
VERBS = {t: relations.get(t).verb for t in relations.statement_types()}


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis wheel, with every ``://`` written as ``:\\/\\/``.

    In JavaScript strings, regexes and comments ``\\/`` is ``/``, so the code is unchanged while the page holds
    no URL (the only ones are licence links in comments and the SVG namespace name, which is never fetched).
    """
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8").replace("://", ":\\/\\/")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "://" in css or re.search(r"</(script|style)", js + css, re.IGNORECASE):
        raise RuntimeError("vis-network assets changed: they would break the offline page; check graph/viz.py")
    return js, css


def _json(data: Any) -> str:
    """JSON safe inside a <script>: no markup characters and no URL can appear in the raw text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("/", "\\/")):
        text = text.replace(ch, esc)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())  # whitespace runs to one space (a regex costs more, per sentence)
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _made(g: nx.DiGraph, n: Hashable) -> float:
    """Statements `n` made: the network-wide total a bounded projection carries, else its degree in `g`."""
    made = g.nodes[n].get("made")
    return float(made) if made is not None else float(g.out_degree(n, weight="weight"))


def _received(g: nx.DiGraph, n: Hashable) -> float:
    received = g.nodes[n].get("received")
    return float(received) if received is not None else float(g.in_degree(n, weight="weight"))


def top_nodes(g: nx.DiGraph, top: int) -> list[Hashable]:
    """The `top` nodes by statement weight (in + out), ties by id; the page's cut of a large graph."""
    strength = {n: _made(g, n) + _received(g, n) for n in g}
    ranked = sorted(g, key=lambda n: (-strength[n], str(n)))
    return ranked[: max(top, 0)] if top else ranked


def _node_title(g: nx.DiGraph, n: Hashable, pr: float, camp: int | None) -> str:
    d = g.nodes[n]
    made, received = _made(g, n), _received(g, n)
    parts = [f"<b>{_e(d.get('name') or n)}</b>", f"kind: {_e(d.get('kind') or 'other')}"]
    if camp is not None:
        parts.append(f"camp {camp + 1}")
    parts.append(f"statements made: {made:g} \u00b7 received: {received:g} \u00b7 PageRank {pr:.3f}")
    members = [m for m in d.get("members") or [] if m != d.get("name")]
    if members:
        parts.append("includes: " + _e(", ".join(members[:8])) + (" \u2026" if len(members) > 8 else ""))
    return "<br>".join(parts)


def _edge_title(g: nx.DiGraph, u: Hashable, v: Hashable) -> str:
    d = g.edges[u, v]
    w = d.get("weight", 1)
    types = d.get("types") or {}
    kinds = ", ".join(f"{VERBS.get(t, t.lower())} \u00d7{c}" for t, c in sorted(types.items())) if types else ""
    head = (f"<b>{_e(g.nodes[u].get('name') or u)} \u2192 {_e(g.nodes[v].get('name') or v)}</b>: "
            f"{w:g} statement{'s' if w != 1 else ''}" + (f" ({_e(kinds)})" if len(types) > 1 else ""))
    lines = [head]
    if d.get("hedged"):
        lines.append(f"hedged: {d['hedged']}")
    if d.get("dates"):
        lines.append(f"dates: {_e(d['dates'][0])} \u2013 {_e(d['dates'][-1])}")
    blocks = ""
    if d.get("sentences"):
        blocks += "<br><i>examples</i><ul>" + "".join(
            f"<li>\u201c{_e(_short(s, 240))}\u201d</li>" for s in d["sentences"]) + "</ul>"
    if d.get("titles"):
        blocks += "<i>articles</i><ul>" + "".join(f"<li>{_e(_short(t, 120))}</li>" for t in d["titles"]) + "</ul>"
    return "<br>".join(lines) + blocks


def to_pyvis(
    g: nx.DiGraph,
    top: int = DEFAULT_TOP,
    color_by: str = "camp",
) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of the `top` strongest nodes, and what the page needs to explain it.

    Node size follows PageRank and colour the camp (or kind), both computed on the whole of `g` so the cut does
    not change them; a page from `write_page` passes the bounded projection (its top N nodes), so there they are
    those of that N-node subgraph. Edge width follows the statement count. Returns ``(network, info)`` with
    ``info`` holding ``shown``, ``total`` (``g.graph["total_nodes"]`` when the projection was bounded) and
    ``legend`` (a list of (colour, label)).
    """
    if color_by not in COLOR_BY:
        raise InputError(f"Unknown colouring {color_by!r}: use 'camp' or 'kind'.")
    pr = pagerank(g)
    camp = find_camps(g) if color_by == "camp" else {}
    sizes = Counter(camp.values())
    keep = top_nodes(g, top)
    sub = g.subgraph(keep)
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    max_pr = max((pr[n] for n in keep), default=1.0) or 1.0
    max_w = max((w for *_, w in sub.edges(data="weight", default=1)), default=1) or 1
    legend: dict[str, str] = {}
    for n in keep:
        d = g.nodes[n]
        kind = d.get("kind") or "other"
        if color_by == "camp" and sizes.get(camp.get(n), 0) < 2:
            color = LONE_COLOR  # a camp of one is no camp: grey, so the real blocs stand out
            legend.setdefault(color, "no ally found")
        elif color_by == "camp":
            c = camp.get(n, 0)
            color = CAMP_COLORS[c % len(CAMP_COLORS)]
            legend.setdefault(color, f"camp {c + 1}")
        else:
            color = KIND_COLORS.get(kind, KIND_COLORS["other"])
            legend.setdefault(color, kind.replace("_", " "))
        net.add_node(
            str(n),
            label=_short(d.get("name") or n, 32),
            title=_node_title(g, n, pr.get(n, 0.0), camp.get(n) if color_by == "camp" else None),
            color=color,
            size=round(8 + 32 * math.sqrt(pr.get(n, 0.0) / max_pr), 2),
            shape="square" if kind == PUBLICATION_KIND else "dot",
        )
    for u, v, d in sub.edges(data=True):
        w = d.get("weight", 1)
        net.add_edge(str(u), str(v), width=round(1 + 9 * w / max_w, 2), title=_edge_title(g, u, v),
                     color={"color": "#8a8a8a", "highlight": "#222222", "opacity": 0.8})
    if color_by == "camp":
        # name each camp after its most central shown members, so the legend says who is in it
        members: dict[str, list[Hashable]] = {}
        for n in sorted(keep, key=lambda x: -pr.get(x, 0.0)):
            if sizes.get(camp.get(n), 0) >= 2:
                members.setdefault(CAMP_COLORS[camp.get(n, 0) % len(CAMP_COLORS)], []).append(n)
        for color, ns in members.items():
            names = ", ".join(_short(g.nodes[x].get("name") or x, 24) for x in ns[:3])
            legend[color] = f"{legend[color]}: {names}" + (", \u2026" if len(ns) > 3 else "")
    order = {c: i for i, c in enumerate(CAMP_COLORS if color_by == "camp" else KIND_COLORS.values())}
    items = sorted(legend.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[1]))
    info = {"shown": len(keep), "total": max(int(g.graph.get("total_nodes", 0)), g.number_of_nodes()),
            "legend": items}
    return net, info


OPTIONS = {
    "autoResize": True,
    "layout": {"randomSeed": 7},  # the same graph gives the same picture
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "keyboard": True},
    "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3,
                                         "strokeColor": "#ffffff"}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
              "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15}},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
    },
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; \
style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>
html, body {{ margin: 0; height: 100%; font-family: sans-serif; color: #222; background: #fff; }}
#head {{ padding: 8px 14px; border-bottom: 1px solid #ddd; }}
#head h1 {{ font-size: 18px; margin: 0 0 4px 0; }}
#head p {{ margin: 2px 0; font-size: 13px; color: #555; }}
#legend {{ display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-top: 4px; }}
#legend span.sw {{ display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 4px;
  vertical-align: -1px; }}
#net {{ position: absolute; top: var(--head, 110px); bottom: 0; left: 0; right: 0; }}
#empty {{ padding: 40px; font-size: 16px; color: #777; }}
div.vis-tooltip {{ max-width: 460px; white-space: normal; font-family: sans-serif; font-size: 12px;
  line-height: 1.35; }}
div.vis-tooltip ul {{ margin: 2px 0 4px 0; padding-left: 18px; }}
</style>
</head>
<body data-ready="0">
<div id="head">
<h1>{title}</h1>
<p id="shown">{shown_line}</p>
<p>Node size: PageRank. Edge width: number of statements. Hover a node or an edge for evidence; drag to
rearrange, scroll to zoom.</p>
<div id="legend">{legend}</div>
</div>
<div id="net">{empty}</div>
<script>{vis_js}</script>
<script>
(function () {{
  var head = document.getElementById("head");
  document.documentElement.style.setProperty("--head", head.offsetHeight + "px");
  function tip(html) {{ var d = document.createElement("div"); d.innerHTML = html; return d; }}
  var nodes = {nodes};
  var edges = {edges};
  if (!nodes.length) {{ document.body.dataset.ready = "1"; return; }}
  nodes.forEach(function (n) {{ n.title = tip(n.title); }});
  edges.forEach(function (e) {{ e.title = tip(e.title); }});
  var network = new vis.Network(document.getElementById("net"),
    {{nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)}}, {options});
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{physics: {{enabled: false}}}});
    network.fit();
    document.body.dataset.ready = "1";
  }});
  window.narrativeNetwork = network;
}})();
</script>
</body>
</html>
"""


def render_html(
    g: nx.DiGraph,
    title: str = "Narrative network",
    top: int = DEFAULT_TOP,
    color_by: str | None = None,
    noun: str | None = None,
) -> str:
    """The whole offline page for a projected graph, as text.

    Parameters
    ----------
    g : networkx.DiGraph
        A projection from `graph.project` (or any DiGraph with ``weight`` on edges, ``name``/``kind`` on nodes).
    title : str
        Page heading (escaped).
    top : int
        Keep the `top` nodes by statement weight; 0 keeps all.
    color_by : {"camp", "kind"}, optional
        Default: kind for citation networks, camp otherwise.
    noun : str, optional
        What the nodes are called in "showing N of M ...": default "actors" ("nodes" for citations).
    """
    citations = g.graph.get("network") == CITATIONS
    net, info = to_pyvis(g, top=top, color_by=color_by or ("kind" if citations else "camp"))
    noun = noun or ("nodes (publications and sources)" if citations else "actors")
    shown = f"showing {info['shown']} of {info['total']} {noun}"
    if info["shown"] < info["total"] and g.graph.get("centre") in g:
        centre = g.nodes[g.graph["centre"]].get("name") or g.graph["centre"]
        shown += f" (those with the most statements to or from {centre})"
    elif info["shown"] < info["total"]:
        shown += f" (the {info['shown']} with the most statements)"
    legend = "".join(
        f'<span><span class="sw" style="background:{c}"></span>{_e(label)}</span>' for c, label in info["legend"]
    )
    if citations:
        legend += "<span>\u25a0 publication \u00b7 \u25cf cited source</span>"
    vis_js, vis_css = _vis_assets()
    empty = "" if info["total"] else '<p id="empty">No statements in this graph yet: ingest some articles first.</p>'
    page = PAGE.format(
        title=_e(title),
        shown_line=_e(shown),
        legend=legend,
        empty=empty,
        vis_css=vis_css,
        vis_js=vis_js,
        nodes=_json(net.nodes),
        edges=_json(net.edges),
        options=_json(OPTIONS),
    )
    return page


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def page_title(graph: str, level: str, actor: str | None = None) -> str:
    """The heading of a page: the network's title from the relation table, or the actor's statement networks."""
    if graph == "actor":
        what = f"Around {actor}: {_and([relations.get(t).network for t in relations.statement_types()])}"
    else:
        what = relations.by_network(graph).title
    return f"{what} ({'states' if level == 'state' else 'entities'})"


def build_graph(
    store: Store, graph: str, level: str = "entity", actor: str | None = None, top: int = DEFAULT_TOP
) -> nx.DiGraph:
    """The bounded projection a page of this name shows: its `top` nodes (0: all) and the edges among them."""
    if graph not in PAGES:
        raise InputError(f"Unknown page {graph!r}: use one of {', '.join(PAGES)}.")
    if graph == "actor":
        if not actor:
            raise InputError("The actor page needs a name: narrative viz actor NAME.")
        return top_actor_network(store, actor, level=level, top=top)  # type: ignore[arg-type]
    return top_projection(store, graph, level=level, top=top)  # type: ignore[arg-type]


def default_path(graph: str, actor: str | None = None) -> Path:
    if graph == "actor" and actor:
        return Path(f"actor-{re.sub(r'[^a-z0-9]+', '-', actor.lower()).strip('-') or 'actor'}.html")
    return Path(f"{graph}.html")


def write_page(
    store: Store,
    graph: str,
    out_path: str | Path | None = None,
    *,
    top: int = DEFAULT_TOP,
    level: str = "entity",
    actor: str | None = None,
    color_by: str | None = None,
) -> Path:
    """Project `graph` from the store and write its offline page; returns the path written.

    `graph` is one of ``accusations``, ``denials``, ``strikes``, ``citations`` or ``actor`` (then `actor` names
    the actor, by id or name). The default path is ``<graph>.html`` (``actor-<name>.html``). Only the `top`
    nodes are read from the store (see `graph.project_top`): PageRank and camps on the page are those of that
    subgraph.
    """
    g = build_graph(store, graph, level, actor, top)
    name = g.nodes[g.graph["centre"]].get("name", actor) if graph == "actor" else None
    page = render_html(g, title=page_title(graph, level, name), top=top, color_by=color_by)
    path = Path(out_path) if out_path else default_path(graph, actor)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot write the page to {path}: {exc.strerror or exc}; choose another --out.") from exc
    return path


def iframe(page: str, height: int = 640) -> str:
    """An <iframe srcdoc=...> holding a page, for notebooks (``IPython.display.HTML(iframe(page))``)."""
    return (f'<div><iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:{int(height)}px;'
            'border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>')
