"""The raw `UNWIND ... CREATE` statements that write the synthetic benchmark graph (`benchmarks.synthetic`).

Why apart: they are the generator's vocabulary, one per label and relationship type it writes, the statement
types taken from the relation table (`graph.relations`) so a registered type is generated like the others.
"""
from __future__ import annotations

from graph import relations
from graph.model import Label, RelType

A, P, ACT, EV, LOC = Label.ARTICLE, Label.PUBLICATION, Label.ACTOR, Label.EVENT, Label.LOCATION

CREATE_NODES = {label: f"UNWIND $rows AS r CREATE (n:{label}) SET n += r" for label in (A, P, ACT, EV, LOC)}
CREATE_PUBLISHED = (
    f"UNWIND $rows AS r MATCH (p:{P} {{id: r.publication}}) MATCH (a:{A} {{id: r.id}}) "
    f"CREATE (p)-[:{RelType.PUBLISHED}]->(a)"
)
CREATE_MENTIONS = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (x:{ACT} {{id: r.actor}}) "
    f"CREATE (a)-[:{RelType.MENTIONS} {{count: r.count}}]->(x)"
)
CREATE_ACTOR_PARENTS = (
    f"UNWIND $rows AS r MATCH (c:{ACT} {{id: r.child}}) MATCH (p:{ACT} {{id: r.parent}}) "
    f"CREATE (c)-[:{RelType.PART_OF}]->(p)"
)
CREATE_LOCATION_COUNTRY = (
    f"UNWIND $rows AS r MATCH (l:{LOC} {{id: r.id}}) MATCH (c:{LOC} {{id: r.country}}) "
    f"CREATE (l)-[:{RelType.PART_OF}]->(c)"
)
CREATE_EVENT_LOCATION = (
    f"UNWIND $rows AS r MATCH (e:{EV} {{id: r.id}}) MATCH (l:{LOC} {{id: r.location}}) CREATE (e)-[:{RelType.IN}]->(l)"
)
CREATE_REPORTS = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (e:{EV} {{id: r.event}}) "
    f"CREATE (a)-[x:{RelType.REPORTS}]->(e) SET x += r.props"
)
CREATE_STATEMENTS = {
    rel: (
        f"UNWIND $rows AS r MATCH (s:{ACT} {{id: r.source}}) MATCH (t:{ACT} {{id: r.target}}) "
        f"CREATE (s)-[x:{rel}]->(t) SET x += r.props"
    )
    for rel in map(RelType, relations.statement_types())
}
CREATE_CITES = (
    f"UNWIND $rows AS r MATCH (a:{A} {{id: r.article}}) MATCH (t:{ACT} {{id: r.target}}) "
    f"CREATE (a)-[x:{RelType.CITES}]->(t) SET x += r.props"
)

#: Every statement the generator runs, for the Cypher linter (tests/test_benchmarks.py).
CYPHER_STATEMENTS: tuple[str, ...] = (
    *CREATE_NODES.values(), CREATE_PUBLISHED, CREATE_MENTIONS, CREATE_ACTOR_PARENTS, CREATE_LOCATION_COUNTRY,
    CREATE_EVENT_LOCATION, CREATE_REPORTS, *CREATE_STATEMENTS.values(), CREATE_CITES,
)
