"""Metrics on tiny graphs whose values are worked out by hand, plus every docstring example."""
from __future__ import annotations

import doctest
import importlib
import math
import pkgutil

import networkx as nx
import pytest

import graph.metrics
from graph.metrics import (
    betweenness,
    camps,
    in_degree,
    mutual_pairs,
    out_degree,
    pagerank,
    polarization,
    reciprocity,
    similarity_graph,
    source_diversity,
    source_overlap,
)
from graph.metrics.table import actor_rows, metrics_rows, publication_rows, summary


def _g(*edges):
    g = nx.DiGraph()
    for u, v, w in edges:
        g.add_edge(u, v, weight=w)
    return g


# Two blocs blaming each other: russia+syria vs us+uk, with one internal spat (syria -> russia).
DISPUTE = _g(("russia", "us", 3), ("syria", "us", 1), ("us", "russia", 2), ("uk", "russia", 1),
             ("us", "syria", 1), ("syria", "russia", 1))


def test_degrees():
    assert in_degree(DISPUTE) == {"russia": 4.0, "us": 4.0, "syria": 1.0, "uk": 0.0}
    assert out_degree(DISPUTE) == {"russia": 3.0, "us": 3.0, "syria": 2.0, "uk": 1.0}
    assert in_degree(DISPUTE, weighted=False)["russia"] == 3.0


def test_pagerank_by_hand():
    # a <-> b with weights 3 and 1, c -> a. No dangling nodes: x_a = 0.05 + 0.85 (x_b + x_c),
    # x_b = 0.05 + 0.85 x_a, x_c = 0.05 -> x_a = (0.05 + 0.85 (0.05 + 0.05)) / (1 - 0.85**2)
    g = _g(("a", "b", 3), ("b", "a", 1), ("c", "a", 1))
    pr = pagerank(g)
    xa = (0.05 + 0.85 * 0.1) / (1 - 0.85**2)
    assert pr["c"] == pytest.approx(0.05, abs=1e-8)
    assert pr["a"] == pytest.approx(xa, abs=1e-8)
    assert pr["b"] == pytest.approx(0.05 + 0.85 * xa, abs=1e-8)
    # weights matter: a splits its vote 3:1 between b and c
    w = pagerank(_g(("a", "b", 3), ("a", "c", 1)))
    assert w["b"] > w["c"]


def test_betweenness_weighted_prefers_strong_ties():
    # a -> b -> d (weights 4, 4: distance 0.5) and a -> c -> d (weights 1, 1: distance 2): the pair (a, d)
    # runs through b only; unweighted both paths tie and share it.
    g = _g(("a", "b", 4), ("b", "d", 4), ("a", "c", 1), ("c", "d", 1))
    assert betweenness(g, normalized=False) == {"a": 0.0, "b": 1.0, "d": 0.0, "c": 0.0}
    assert betweenness(g, weighted=False, normalized=False) == {"a": 0.0, "b": 0.5, "d": 0.0, "c": 0.5}
    assert betweenness(g)["b"] == pytest.approx(1 / 6)  # 4 nodes: 3 * 2 ordered pairs of the others


def test_reciprocity_and_mutual_pairs():
    # 6 edges; mutual: russia<->us (2 edges), us<->syria... syria->us and us->syria (2 edges),
    # russia<->syria? only syria->russia. So 4 of 6.
    assert reciprocity(DISPUTE) == pytest.approx(4 / 6)
    assert mutual_pairs(DISPUTE) == [("russia", "us", 3.0, 2.0), ("syria", "us", 1.0, 1.0)]
    assert reciprocity(_g(("a", "a", 1))) == 0.0


def test_camps_two_blocs():
    c = camps(DISPUTE)
    assert c["russia"] == c["syria"] != c["us"] == c["uk"]
    assert set(c.values()) == {0, 1}
    s = similarity_graph(DISPUTE)
    assert not s.has_edge("russia", "us")  # they mostly address each other: opponents
    # russia / syria: out {us: 3} vs {us: 1, russia: 1} -> 1/sqrt(2); in {us: 2, uk: 1, syria: 1} vs {us: 1}
    # -> 2/sqrt(6); one syria -> russia statement of their 5: hostility 0.2
    assert s.edges["russia", "syria"]["weight"] == pytest.approx(1 / math.sqrt(2) + 2 / math.sqrt(6) - 0.4)
    # us and uk: out-profiles {russia: 2, syria: 1} vs {russia: 1}: cos = 2 / sqrt(5); in-profiles share nothing
    assert s.edges["us", "uk"]["weight"] == pytest.approx(2 / math.sqrt(5))


def test_camps_isolated_nodes_get_their_own():
    g = _g(("a", "b", 1))
    g.add_node("z")
    c = camps(g)
    assert len(set(c.values())) == 3 and c == {"a": c["a"], "b": c["b"], "z": c["z"]}


def test_polarization_by_hand():
    part = {"russia": 0, "syria": 0, "us": 1, "uk": 1}
    # external 3 + 1 + 2 + 1 + 1 = 8, internal 1 (syria -> russia): (8 - 1) / 9
    assert polarization(DISPUTE, part) == pytest.approx(7 / 9)
    assert polarization(DISPUTE) == pytest.approx(7 / 9)  # the camps it finds itself are the same
    assert polarization(DISPUTE, {n: 0 for n in DISPUTE}) == -1.0
    assert polarization(nx.DiGraph()) == 0.0


def _citations():
    g = nx.DiGraph(network="citations")
    kinds = {"kremlin": "state", "mod": "military", "sohr": "ngo", "pentagon": "military", "un": "international_org"}
    for n, k in kinds.items():
        g.add_node(n, kind=k, name=n.upper())
    for p in ("rt", "bbc", "cnn"):
        g.add_node(p, kind="publication", name=p.upper())
    for u, v, w in [("rt", "kremlin", 3), ("rt", "mod", 1), ("bbc", "sohr", 1), ("bbc", "pentagon", 1),
                    ("bbc", "un", 1), ("bbc", "kremlin", 1), ("cnn", "pentagon", 2)]:
        g.add_edge(u, v, weight=w)
    return g


def test_source_diversity_by_hand():
    d = source_diversity(_citations())
    # rt: 3 state, 1 military -> H(3/4, 1/4); bbc: four kinds once each -> 2 bits; cnn: one kind -> 0
    assert d["rt"] == pytest.approx(-(0.75 * math.log2(0.75) + 0.25 * math.log2(0.25)))
    assert d["bbc"] == pytest.approx(2.0)
    assert d["cnn"] == 0.0
    assert set(d) == {"rt", "bbc", "cnn"}


def test_source_overlap_by_hand():
    o = source_overlap(_citations())
    assert o == {("bbc", "cnn"): 1 / 4, ("bbc", "rt"): 1 / 5, ("cnn", "rt"): 0.0}


def test_tables():
    rows = actor_rows(DISPUTE)
    assert [r["id"] for r in rows][:2] in (["russia", "us"], ["us", "russia"])
    assert {r["id"]: r["made"] for r in rows} == out_degree(DISPUTE)
    assert {r["id"]: r["camp"] for r in rows} == {n: c + 1 for n, c in camps(DISPUTE).items()}
    assert len(actor_rows(DISPUTE, top=2)) == 2
    s = summary(DISPUTE)
    assert s["camps"] == 2 and s["statements"] == 9.0 and s["polarization"] == round(7 / 9, 4)
    pubs = publication_rows(_citations())
    assert [(r["id"], r["citations"], r["main_kind"]) for r in pubs] == [
        ("bbc", 4.0, "international_org"), ("rt", 4.0, "state"), ("cnn", 2.0, "military")]
    assert pubs[0]["closest"] == "CNN" and pubs[0]["overlap"] == 0.25
    assert metrics_rows(_citations()) == pubs


def test_empty_graph_everywhere():
    g = nx.DiGraph()
    assert pagerank(g) == {} and betweenness(g) == {} and camps(g) == {}
    assert actor_rows(g) == [] and summary(g)["statements"] == 0.0


def _metric_modules():
    return [f"graph.metrics.{m.name}" for m in pkgutil.iter_modules(graph.metrics.__path__)]


@pytest.mark.parametrize("name", _metric_modules())
def test_docstring_examples(name):
    module = importlib.import_module(name)
    assert module.__all__, f"{name} declares no __all__"
    for fn in module.__all__:
        assert "Examples" in (getattr(module, fn).__doc__ or ""), f"{name}.{fn} has no doctest example"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
