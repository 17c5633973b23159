"""Figures are written as real PNGs with content, from hand-built projections and from a store."""
from __future__ import annotations

import networkx as nx
import pytest
from PIL import Image

from graph.errors import InputError
from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.plots import source_reliance, timeline, top_accusers, write_plot
from graph.writer import write_graphs


def _statements():
    g = nx.DiGraph(network="statements")
    for n, name in [("ru", "Russia"), ("us", "United States"), ("sy", "Syria")]:
        g.add_node(n, name=name, kind="state")
    g.add_edge("ru", "us", weight=3, dates=["2017-04-07", "2017-04-09", "2017-06-01"])
    g.add_edge("us", "sy", weight=2, dates=["2017-04-07"])  # one undated
    g.add_edge("sy", "us", weight=1, dates=["2017-05-20"])
    return g


def _citations():
    c = nx.DiGraph(network="citations")
    c.add_node("publication:rt", name="RT", kind="publication")
    c.add_node("publication:bbc", name="BBC", kind="publication")
    for n, k in [("mod", "military"), ("ngo", "ngo"), ("kremlin", "state")]:
        c.add_node(n, name=n, kind=k)
    c.add_edges_from([("publication:rt", "kremlin", {"weight": 3}), ("publication:rt", "mod", {"weight": 1}),
                      ("publication:bbc", "ngo", {"weight": 2}), ("publication:bbc", "kremlin", {"weight": 1})])
    return c


def _check_png(path, min_bytes=10_000):
    assert path.exists() and path.stat().st_size > min_bytes
    img = Image.open(path).convert("L")
    assert img.size[0] > 600
    dark = sum(1 for p in img.tobytes() if p < 200)
    assert dark > 2000  # lines, bars and text, not a blank canvas


@pytest.mark.parametrize("draw,graph", [(timeline, _statements), (top_accusers, _statements),
                                        (source_reliance, _citations)])
def test_figures(tmp_path, draw, graph):
    out = draw(graph(), tmp_path / "sub" / f"{draw.__name__}.png")
    _check_png(out)


def test_empty_graphs_still_give_a_figure(tmp_path):
    for draw in (timeline, top_accusers, source_reliance):
        out = draw(nx.DiGraph(), tmp_path / f"{draw.__name__}.png")
        assert out.stat().st_size > 3000


def test_write_plot_from_store(store, tmp_path):
    actors = [ActorRecord(id="ru", name="Russia", kind="state", rollup="ru"),
              ActorRecord(id="us", name="United States", kind="state", rollup="us")]
    write_graphs(store, [ArticleGraph(
        article=ArticleRecord(id="a1", title="T", text_hash="h", date="2018-04-14", publication="rt"),
        publication=PublicationRecord(id="rt", name="RT"), actors=actors,
        statements=[Statement(id="s1", type=RelType.ACCUSES, source="ru", target="us", sentence="Moscow blamed.",
                              start=0, end=14, trigger="blamed"),
                    Statement(id="s2", type=RelType.CITES, source=None, target="ru", sentence="Moscow said.",
                              start=15, end=27, trigger="said")])])
    for name in ("timeline", "top-accusers", "source-reliance"):
        _check_png(write_plot(store, name, tmp_path / f"{name}.png"))
    with pytest.raises(InputError, match="Unknown plot"):
        write_plot(store, "pie", tmp_path / "x.png")
    with pytest.raises(InputError, match="Use a .png"):
        write_plot(store, "timeline", tmp_path / "x.docx")
    (tmp_path / "file").write_text("")
    with pytest.raises(InputError, match="choose another --out"):
        write_plot(store, "timeline", tmp_path / "file" / "x.png")
