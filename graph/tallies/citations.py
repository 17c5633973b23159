"""Citation tallies: per (publication, cited source) at the entity and state level, and per (publication, kind).

They answer "whom does each publication cite, and how much does it rely on each kind of source" (the
source-citations and source-reliance reports) without touching the 400,000 CITES edges of a large graph:
citations and distinct citing articles per variant (see base).

Keys: a publication is the CITES edge's `publication`, '' for none (the node then has no `pub`). A batch's
(publication, source) keys are recomputed from the edges: each touched source's incoming CITES are expanded once
and kept for the touched publications only; at the state level each touched state's members are expanded once.

Most keys are one citation (half of them on the synthetic 100k graph): those tallies go in a family of their own
(`singles`), which source-citations reads only when the keys cited more than once do not fill its limit.

Kinds: source-reliance groups sources by a kind read from the actor's kind and name and its PART_OF parent
(`SOURCE_KIND`). Each entity tally stores its source's kind, and the `cites:kind` tallies hold, per publication
and kind, the sum of the entity tallies (the report reads ~3,000 nodes instead of 75,000): a summary of its own,
declared after `cites`, that sums the touched publications' entity tallies again once they are current. A kind is
read when its entity tally is recomputed: like the state level's rollups, a change to an actor's kind, name or
parent in the dictionary needs `narrative db retally`.
"""
from __future__ import annotations

from typing import Any

from graph.model import Label, RelType
from graph.tallies.base import T, Row, Touched, flagged, per_variant, state_members, variant_flags
from graph.tallies.engine import DELETE_IDS, Summary

ACT, ART = Label.ACTOR, Label.ARTICLE
CITES = RelType.CITES.value
LEVELS = ("entity", "state")
#: Every value `SOURCE_KIND` gives.
KINDS = ("anonymous officials", "state media", "media", "government", "military", "NGO", "UN and international",
         "armed group", "person", "other")
KIND = "kind"  # the per-(publication, kind) family's level name

#: How source-reliance classifies a cited actor `x` whose first PART_OF parent is `up` (null when none).
SOURCE_KIND = (
    "CASE WHEN x.kind IN ['person', 'group', 'other'] "
    "AND (toLower(x.name) CONTAINS 'official' OR toLower(x.name) CONTAINS 'source') THEN 'anonymous officials' "
    "WHEN org.kind = 'media' AND org.parent IS NOT NULL THEN 'state media' "
    "WHEN org.kind = 'media' THEN 'media' "
    "WHEN org.kind IN ['state', 'government_body'] THEN 'government' "
    "WHEN org.kind IN ['military', 'coalition'] THEN 'military' "
    "WHEN org.kind = 'ngo' THEN 'NGO' "
    "WHEN org.kind = 'international_org' THEN 'UN and international' "
    "WHEN org.kind = 'armed_group' THEN 'armed group' "
    "WHEN org.kind = 'person' THEN 'person' "
    "ELSE 'other' END"
)
#: From rows (x): x's source kind as `kind` (org: a person speaks for the organisation it belongs to).
_WITH_KIND = (
    f"OPTIONAL MATCH (x)-[:{RelType.PART_OF}]->(up:{ACT}) WITH {{carry}}x, collect(up)[0] AS up "
    "WITH {carry}x, CASE WHEN x.kind = 'person' AND up IS NOT NULL THEN up ELSE x END AS org "
    f"WITH {{carry}}x, {SOURCE_KIND} AS kind "
)


def family(level: str) -> str:
    return f"cites:{level}"


def singles(level: str) -> str:
    """The family of the keys of a single citation (counted once in the variant that counts everything)."""
    return family(level) + ":1"


def tally_id(level: str, pub: str | None, src: str) -> str:
    return f"{family(level)}:{pub or ''}>{src}"


def _write_tail(level: str) -> str:
    """From rows (src, pub, c[, kind]) with pub '' for none: aggregate and create the tallies."""
    fam = family(level)
    kind = "kind, " if level == "entity" else ""
    return (f"WITH src, pub, {kind}c, {variant_flags('c')} "
            f"WITH src, pub, {kind}{flagged(per_variant('count', '1', r='c'), 'c')} AS n, "
            f"{flagged(per_variant('count', 'c.article', r='c', distinct=True), 'c')} AS articles "
            f"CREATE (x:{T} {{id: '{fam}:' + pub + '>' + src, src: src}}) "
            f"SET x.family = CASE WHEN n[3] > 1 THEN '{fam}' ELSE '{singles(level)}' END, "
            "x.pub = CASE WHEN pub = '' THEN null ELSE pub END, x.n = n, x.articles = articles"
            + (", x.kind = kind" if level == "entity" else ""))


DELETE = DELETE_IDS

#: Entity keys of the batch: each touched source once, its incoming CITES kept for the touched publications.
CREATE_ENTITY = (
    f"UNWIND $keys AS k MATCH (x:{ACT} {{id: k.src}}) "
    + _WITH_KIND.format(carry="k, ")
    + f"MATCH (x)<-[c:{CITES}]-(:{ART}) WHERE coalesce(c.publication, '') IN k.pubs "
    "WITH x.id AS src, kind, coalesce(c.publication, '') AS pub, c "
    + _write_tail("entity")
)

_STATE_KEYS = (f"UNWIND $keys AS k MATCH (x0:{ACT} {{id: k.src}}) UNWIND k.pubs AS pub "
               "WITH DISTINCT coalesce(x0.rollup, x0.id) AS a, pub ")

DELETE_STATE = (_STATE_KEYS + f"MATCH (x:{T} {{id: '{family('state')}:' + pub + '>' + a}}) DELETE x")

#: State keys of the batch: members of a state are the actors that roll up to it, and the state itself when it
#: has no rollup of its own; each touched state's members are expanded once.
CREATE_STATE = (
    _STATE_KEYS + "WITH a, collect(pub) AS pubs "
    + state_members("pubs", "x") +
    f"MATCH (x)<-[c:{CITES}]-(:{ART}) WHERE coalesce(c.publication, '') IN pubs "
    "WITH a AS src, coalesce(c.publication, '') AS pub, c "
    + _write_tail("state")
)

_SUMS = ("WITH coalesce(x.pub, '') AS pub, x.kind AS kind, toInteger(sum(x.n[0])) AS n0, toInteger(sum(x.n[1])) AS n1, "
         "toInteger(sum(x.n[2])) AS n2, toInteger(sum(x.n[3])) AS n3 ")
_KIND_ID = f"'{family(KIND)}:' + pub + '>' + kind"
_KIND_CREATE = (f"CREATE (k:{T} {{id: {_KIND_ID}, family: '{family(KIND)}', kind: kind}}) "
                "SET k.pub = CASE WHEN pub = '' THEN null ELSE pub END, k.n = [n0, n1, n2, n3]")
_ENTITY_FAMILIES = f"['{family('entity')}', '{singles('entity')}']"
#: The kind tallies of the touched publications, summed again from their entity tallies (just recomputed: the
#: engine runs this summary after `cites`). One pass over the entity families, whatever the number of publications.
RECOMPUTE_KINDS = (
    DELETE,
    f"MATCH (x:{T}) WHERE x.family IN {_ENTITY_FAMILIES} AND coalesce(x.pub, '') IN $pubs " + _SUMS + _KIND_CREATE,
)

REBUILD = {
    "entity": (f"MATCH (x:{ACT}) " + _WITH_KIND.format(carry="")
               + f"MATCH (x)<-[c:{CITES}]-(:{ART}) WITH x.id AS src, kind, coalesce(c.publication, '') AS pub, c "
               + _write_tail("entity")),
    "state": (f"MATCH (:{ART})-[c:{CITES}]->(x:{ACT}) "
              "WITH coalesce(x.rollup, x.id) AS src, coalesce(c.publication, '') AS pub, c "
              + _write_tail("state")),
    KIND: f"UNWIND {_ENTITY_FAMILIES} AS f MATCH (x:{T} {{family: f}}) " + _SUMS + _KIND_CREATE,
}



def keys_param(rows: list[Row]) -> list[dict[str, Any]]:
    """Touched sources with the publications they were cited in, sorted so batches are reproducible."""
    pubs: dict[str, set[str]] = {}
    for r in rows:
        if r.target:
            pubs.setdefault(r.target, set()).add(r.publication or "")
    return [{"src": src, "pubs": sorted(p)} for src, p in sorted(pubs.items())]


def _keys(touched: Touched):
    keys = keys_param(list(touched.of(CITES)))
    if not keys:
        return None
    return {"keys": keys, "ids": [tally_id("entity", p, k["src"]) for k in keys for p in k["pubs"]]}


def _kind_keys(touched: Touched):
    pubs = sorted({r.publication or "" for r in touched.of(CITES) if r.target})
    return {"pubs": pubs, "ids": [tally_id(KIND, p, kind) for p in pubs for kind in KINDS]} if pubs else None


SUMMARIES: tuple[Summary, ...] = (
    Summary(name="cites", families=(*(f for lv in LEVELS for f in (family(lv), singles(lv))),), reads=(CITES,),
            keys=_keys, recompute=(DELETE, CREATE_ENTITY, DELETE_STATE, CREATE_STATE),
            build=(REBUILD["entity"], REBUILD["state"]),
            what="publication and cited source: citations and citing articles"),
    Summary(name="cites:kind", families=(family(KIND),), reads=(CITES,), keys=_kind_keys,
            recompute=RECOMPUTE_KINDS, build=(REBUILD[KIND],), after=("cites",),
            what="publication and kind of cited source: the sum of its entity tallies"),
)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
