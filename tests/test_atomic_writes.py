"""A write batch on the embedded store lands whole or not at all, even when a statement in the middle fails.

Redis MULTI/EXEC (what the store used before) isolates a batch but does not roll it back: in a batch of five
whose second statement fails, the first, third and fifth landed. The store now folds a batch into one FalkorDB
query, which the engine rolls back whole. These tests fail a statement in the middle of a real batch (the
writer's own, tally updates included) on the real server and compare the whole graph before and after.
"""
from __future__ import annotations

import random

import pytest

from graph import tallies
from graph.errors import QueryError
from graph.falkor_store import FalkorStore
from graph.writer import write_graphs
from test_tallies import _article, _assert_exact, _snapshot

DUMP_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id, labels"
DUMP_EDGES = ("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props "
              "ORDER BY a, t, b, r.id")


def _dump(store) -> tuple[list, list]:
    return store.read(DUMP_NODES).rows, store.read(DUMP_EDGES).rows


def _five(fail: str) -> list[tuple[str, dict]]:
    return [
        ("CREATE (:Actor {id: $id})", {"id": "first"}),
        (fail, {"id": "second"}),
        ("CREATE (:Actor {id: $id})", {"id": "third"}),
        ("MATCH (a:Actor {id: 'seed'}) SET a.n = a.n + 1", {}),  # not idempotent, like a tally increment
        ("CREATE (:Actor {id: $id})", {"id": "fifth"}),
    ]


@pytest.mark.parametrize("fail", [
    "CREATE (:Actor {id: $id, n: 1 / 0})",  # fails while running
    "CREATE (:Actor {id: $id, bad: {nested: 1}})",  # a value FalkorDB cannot store
    "CREATE (:Actor {id: $id) RETURN",  # does not compile
])
def test_a_failing_statement_in_the_middle_leaves_the_graph_as_it_was(store, fail):
    store.write("CREATE (:Actor {id: 'seed', n: 1})")
    before = _dump(store)
    with pytest.raises(QueryError, match="nothing of it was written"):
        store.write_atomic(_five(fail))
    assert _dump(store) == before
    store.write_atomic(_five("CREATE (:Actor {id: $id})"))  # the same batch without the fault lands whole
    ids = store.read("MATCH (a:Actor) RETURN a.id AS id ORDER BY id").rows
    assert ids == [["fifth"], ["first"], ["second"], ["seed"], ["third"]]
    assert store.read("MATCH (a:Actor {id: 'seed'}) RETURN a.n").value() == 2


def test_each_statement_sees_the_writes_of_the_ones_before_it(store):
    """In one folded query a statement still sees what the earlier ones wrote, new labels and types included."""
    store.write_atomic([
        ("UNWIND $rows AS r CREATE (:Fresh {id: r})", {"rows": [1, 2]}),
        ("MATCH (a:Fresh {id: 1}) MATCH (b:Fresh {id: 2}) CREATE (a)-[:NEW_TYPE {w: $w}]->(b)", {"w": 5}),
        ("MATCH (:Fresh)-[r:NEW_TYPE]->(:Fresh) WITH count(r) AS n CREATE (:Seen {n: n})", {}),
        ("MATCH (:Fresh)-[r:NEW_TYPE]->() WITH sum(r.w) AS w MERGE (s:Sum {id: 1}) SET s.w = w RETURN w", {}),
        ("MATCH (a:Fresh {id: 2}) DETACH DELETE a", {}),
        ("MATCH (a:Fresh) WITH count(a) AS n MERGE (s:Sum {id: 1}) SET s.left = n", {}),
    ])
    assert store.read("MATCH (s:Seen) RETURN s.n").value() == 1
    assert store.read("MATCH (s:Sum) RETURN s.w, s.left").rows == [[5, 1]]


def test_the_same_parameter_name_in_several_statements_keeps_each_value(store):
    store.write_atomic([("CREATE (:P {id: $id, s: '$id'})", {"id": i}) for i in range(3)])
    assert store.read("MATCH (p:P) RETURN p.id, p.s ORDER BY p.id").rows == [[0, "$id"], [1, "$id"], [2, "$id"]]


class _FailingStore(FalkorStore):
    """The real store, with a failing statement put into the middle of its next write batch (fault injection)."""

    fail_next = False

    def write_atomic(self, statements):
        if self.fail_next and len(statements) > 2:
            self.fail_next = False
            statements = list(statements)
            statements.insert(len(statements) // 2, ("RETURN 1 / 0 AS boom", {}))
        super().write_atomic(statements)


def test_a_failed_writer_batch_changes_nothing_and_tallies_equal_a_rebuild(server_dir):
    store = _FailingStore.open(server_dir, graph="atomic_writer")
    store.clear()
    store.ensure_schema()
    try:
        rng = random.Random(5)
        first = [_article(rng, f"a{i}", 0, rng.randint(1, 8)) for i in range(12)]
        write_graphs(store, first)
        before = _dump(store)
        # a second batch: new articles and new versions of old ones (removes and rewrites their statements)
        second = [_article(rng, f"a{i}", 1, rng.randint(0, 8)) for i in range(0, 12, 3)]
        second += [_article(rng, f"b{i}", 0, rng.randint(1, 8)) for i in range(6)]
        store.fail_next = True
        with pytest.raises(QueryError, match="nothing of it was written"):
            write_graphs(store, second)
        assert _dump(store) == before
        _assert_exact(store)  # tallies (with their non-idempotent counts) equal a rebuild from the edges
        write_graphs(store, second)  # the retry lands it all
        kept = _snapshot(store)
        _assert_exact(store)
        assert _snapshot(store) == kept
    finally:
        store.clear()
        store.close()
