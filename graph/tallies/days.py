"""Day tallies: statements and distinct articles per (date, statement type), for the timeline report.

Why days and not months: the timeline's `from`/`to` bounds compare ISO prefixes of the date, so a month can be
cut anywhere; a day is the finest key those bounds see. An article has one date, so the distinct articles of a
month are the sum of those of its days, and the report adds day tallies up into months.

Why increments instead of a recompute: both measures are sums over articles, so a tally changes by what the
batch's articles held before and hold now. Recomputing a day would read every edge of that day (hundreds of
articles); an increment reads the batch's own edges. What a replaced article held comes from the rows the
writer read before deleting its statements (-1); what a written article holds now is read from its edges by
the article index, so an edge written once for two rows, or not written at all, counts as it is. A tally whose
statements reach 0 is deleted, so the increments give exactly what `rebuild` gives.
"""
from __future__ import annotations

from collections import defaultdict

from graph.model import RelType
from graph.store import Params
from graph.tallies.base import VARIANTS, T, Touched, admitted, per_variant, variant_of

FAMILY = "day"
TYPES = (RelType.ACCUSES, RelType.DENIES, RelType.STRIKES, RelType.CITES)
_ANY = "|".join(t.value for t in TYPES)

#: Rows {id, date, type, dn, da}: add dn to the statements and da to the articles of each variant (the removed
#: statements of replaced articles, as negative numbers).
SUBTRACT = (
    f"UNWIND $rows AS r MERGE (x:{T} {{id: r.id}}) "
    f"ON CREATE SET x.family = '{FAMILY}', x.date = r.date, x.type = r.type, x.n = [0, 0, 0, 0], "
    "x.articles = [0, 0, 0, 0] "
    "SET x.n = [i IN range(0, 3) | x.n[i] + r.dn[i]], x.articles = [i IN range(0, 3) | x.articles[i] + r.da[i]] "
    "WITH x WHERE x.n[3] <= 0 DELETE x"
)


def _add(rel: RelType) -> str:
    """Add what the batch's articles hold now, read from their edges (so an edge the writer did not write, or
    wrote once for two rows, counts as it is)."""
    per_article = ", ".join(f"count(CASE WHEN {admitted(v)} THEN 1 END)" for v in VARIANTS)
    # toInteger: FalkorDB's sum() gives a float
    dn = ", ".join(f"toInteger(sum(c[{v}]))" for v in VARIANTS)
    da = ", ".join(f"count(CASE WHEN c[{v}] > 0 THEN 1 END)" for v in VARIANTS)
    return (f"UNWIND $articles AS aid MATCH ()-[r:{rel} {{article: aid}}]->() WHERE r.date IS NOT NULL "
            f"WITH aid, r.date AS date, [{per_article}] AS c "
            f"WITH date, [{dn}] AS dn, [{da}] AS da "
            f"MERGE (x:{T} {{id: '{FAMILY}:' + date + ':{rel}'}}) "
            f"ON CREATE SET x.family = '{FAMILY}', x.date = date, x.type = '{rel}', x.n = [0, 0, 0, 0], "
            "x.articles = [0, 0, 0, 0] "
            "SET x.n = [i IN range(0, 3) | x.n[i] + dn[i]], x.articles = [i IN range(0, 3) | x.articles[i] + da[i]]")


ADD = {rel: _add(rel) for rel in TYPES}
DROP = f"MATCH (x:{T} {{family: '{FAMILY}'}}) DELETE x"
REBUILD = (
    f"MATCH ()-[r:{_ANY}]->() WHERE r.date IS NOT NULL WITH r.date AS date, type(r) AS type, r "
    f"WITH date, type, {per_variant('count', '1')} AS n, {per_variant('count', 'r.article', distinct=True)} AS articles "
    f"CREATE (x:{T} {{id: '{FAMILY}:' + date + ':' + type, family: '{FAMILY}', date: date, type: type}}) "
    "SET x.n = n, x.articles = articles"
)

CYPHER_STATEMENTS: tuple[str, ...] = (SUBTRACT, *ADD.values(), DROP, REBUILD)


def tally_id(date: str, type_: str) -> str:
    return f"{FAMILY}:{date}:{type_}"


class DayTallies:
    CYPHER_STATEMENTS = CYPHER_STATEMENTS

    def update(self, touched: Touched) -> list[tuple[str, Params]]:
        # Subtract what the tallies hold for each replaced article: its removed statements, per variant and
        # (date, type), and the article once from each variant where it had any. Only the rows removed before the
        # article's first written row count: when the updates of several batches are applied together (a
        # deferred flush), a later removal takes away statements an earlier batch wrote, which no tally holds yet.
        per_article: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(VARIANTS))
        written: dict[RelType, set[str]] = {rel: set() for rel in TYPES}
        seen_written: set[str] = set()
        for r in touched.of(*(t.value for t in TYPES)):
            if r.sign > 0:
                written[RelType(r.type)].add(r.article)
                seen_written.add(r.article)
                continue
            if r.date is None or r.article in seen_written:
                continue
            counts = per_article[(r.article, r.date, r.type)]
            for v, admitted_ in enumerate(variant_of(r.negated, r.hypothetical)):
                counts[v] += admitted_
        delta: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
        for (article, date, type_), counts in per_article.items():
            dn, da = delta.setdefault((date, type_), ([0] * len(VARIANTS), [0] * len(VARIANTS)))
            for v, n in enumerate(counts):
                dn[v] -= n
                da[v] -= 1 if n and article is not None else 0
        rows = [{"id": tally_id(date, type_), "date": date, "type": type_, "dn": dn, "da": da}
                for (date, type_), (dn, da) in sorted(delta.items()) if any(dn)]
        out: list[tuple[str, Params]] = [(SUBTRACT, {"rows": rows})] if rows else []
        # Then add what the written articles hold now, read from their edges.
        out += [(ADD[rel], {"articles": sorted(arts)}) for rel, arts in written.items() if arts]
        return out

    def rebuild(self) -> list[tuple[str, Params]]:
        return [(DROP, {}), (REBUILD, {})]
