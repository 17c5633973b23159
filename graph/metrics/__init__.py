"""Network measures of the narrative graph: pure functions of NetworkX graphs, one module per measure.

Every function takes a graph built by `graph.project` (or by hand: tests and doctests use tiny ones) and returns
one plain type, so the CLI, notebooks and pages can share them without touching the database.
"""
from graph.metrics.betweenness import betweenness
from graph.metrics.camps import camps, similarity_graph
from graph.metrics.degree import in_degree, out_degree
from graph.metrics.diversity import source_diversity
from graph.metrics.overlap import source_overlap
from graph.metrics.pagerank import pagerank
from graph.metrics.polarization import polarization
from graph.metrics.reciprocity import mutual_pairs, reciprocity

__all__ = [
    "betweenness",
    "camps",
    "similarity_graph",
    "in_degree",
    "out_degree",
    "source_diversity",
    "source_overlap",
    "pagerank",
    "polarization",
    "mutual_pairs",
    "reciprocity",
]
