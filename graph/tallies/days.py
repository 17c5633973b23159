"""Day tallies: statements and distinct articles per (date, statement type), for the timeline report.

Why days and not months: the timeline's `from`/`to` bounds compare ISO prefixes of the date, so a month can be
cut anywhere; a day is the finest key those bounds see. An article has one date, so the distinct articles of a
month are the sum of those of its days, and the report adds day tallies up into months.

A touched day is recomputed from that day's statements: the articles of that date (the `Article.date` index),
then their edges of the type (the edge index on `article`), since statement edges carry no date index. Earlier
versions moved the counts by the batch's signed rows instead, which a re-applied update added twice; reading
the day again costs a few hundred index lookups on a busy day and is the same whatever was applied before.
It takes the writer's invariant that a statement's `date` is its article's (`rebuild` groups the edges by their
own `date`: a bulk import that breaks the invariant needs `narrative db retally`). The types are the extracted
types of `graph.relations` (actor statements and CITES).
"""
from __future__ import annotations

from graph import relations
from graph.model import Label
from graph.tallies.base import T, Touched, per_variant
from graph.tallies.engine import Summary, Tally, sorted_rows

FAMILY = "day"
TYPES = relations.extracted_types()
_ANY = "|".join(TYPES)


def tally_id(date: str, type_: str) -> str:
    return f"{FAMILY}:{date}:{type_}"


def _tally() -> Tally:
    return Tally(FAMILY, {"date": "date", "type": "type"}, f"'{FAMILY}:' + date + ':' + type",
                 {"n": per_variant("count", "r.id"), "articles": per_variant("count", "r.article", distinct=True)})


def _recompute(rel: str) -> str:
    """$dates: the touched days of this type; each one read again from its articles' edges."""
    # a day without articles any more still gives one row (aid null), so its tally is deleted
    return (f"UNWIND $dates AS date OPTIONAL MATCH (a:{Label.ARTICLE} {{date: date}}) "
            "WITH date, collect(a.id) AS aids UNWIND CASE WHEN size(aids) = 0 THEN [null] ELSE aids END AS aid "
            f"OPTIONAL MATCH ()-[r:{rel} {{article: aid}}]->() WHERE r.date = date "
            f"WITH date, '{rel}' AS type, r " + _tally().merge())


BUILD = (f"MATCH ()-[r:{_ANY}]->() WHERE r.date IS NOT NULL WITH r.date AS date, type(r) AS type, r "
         + _tally().create())
RECOMPUTE = {rel: _recompute(rel) for rel in TYPES}


def _keys(touched: Touched):
    days = {rel: [d["date"] for d in sorted_rows(((r.date,) for r in touched.of(rel) if r.date), ("date",))]
            for rel in TYPES}
    return {f"dates_{rel}": ds for rel, ds in days.items()} if any(days.values()) else None


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="day", families=(FAMILY,), reads=TYPES, keys=_keys,
    recompute=tuple(RECOMPUTE[rel].replace("$dates", f"$dates_{rel}") for rel in TYPES), build=(BUILD,),
    what="date and statement type: statements, articles"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
