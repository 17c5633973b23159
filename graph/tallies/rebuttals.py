"""Rebuttal tallies: one node per (accuser, accused) pair where the accused also denies the accuser's claims.

Why: the accused-and-denied report joins the accusations src -> dst with the denials dst -> src. The pair
tallies hold every measure it needs, but joining them at read time means one id lookup per denying pair
(~61,000 on a 100k-article graph: most of a second). This family keeps the join itself, only for pairs with
both an accusation and a denial (in the widest variant, so in some variant), per variant (see base).

It is derived from the pair tallies, not the edges: a rebuttal is exactly the ACCUSES pair tally src > dst
next to the DENIES pair tally dst > src, so recomputing a touched key is two id lookups. The declaration says
so (`after`), and the engine runs it after both pair summaries, in an update and in a rebuild alike.
"""
from __future__ import annotations

from graph.model import Label, RelType
from graph.tallies.base import T, Touched
from graph.tallies.engine import DELETE_IDS, Summary, sorted_rows
from graph.tallies.pairs import family as pair_family
from graph.tallies.pairs import NAME as PAIRS

ACT = Label.ACTOR
ACCUSES, DENIES = RelType.ACCUSES.value, RelType.DENIES.value
LEVELS = ("entity", "state")
#: This family's measure <- (pair tally, its measure): a = ACCUSES src > dst, d = DENIES dst > src.
MEASURES = {"acc": "a.n", "afirst": "a.first", "aex": "a.example",
            "den": "d.n", "threaded": "d.threaded", "dfirst": "d.first", "dex": "d.example"}


#: The report's sort key, per variant: accusations plus denials, 0 where the variant lacks either. One list read
#: per tally lets the report filter and rank ~50,000 tallies before reading anything else.
TOTAL = "[v IN range(0, 3) | CASE WHEN a.n[v] > 0 AND d.n[v] > 0 THEN a.n[v] + d.n[v] ELSE 0 END]"


def family(level: str) -> str:
    return f"rebuttal:{level}"


def _key(level: str) -> str:
    return f"'{family(level)}:' + src + '>' + dst"


def _create_tail(level: str) -> str:
    """From rows (src, dst): find both pair tallies and create the rebuttal when both exist."""
    sets = ", ".join(f"x.{name} = {expr}" for name, expr in MEASURES.items()) + f", x.total = {TOTAL}"
    return (f"MATCH (a:{T} {{id: '{pair_family(ACCUSES, level)}:' + src + '>' + dst}}) "
            f"MATCH (d:{T} {{id: '{pair_family(DENIES, level)}:' + dst + '>' + src}}) "
            f"CREATE (x:{T} {{id: {_key(level)}, family: '{family(level)}', src: src, dst: dst}}) SET {sets}")


# $pairs: (accuser, accused) entity pairs; the state level maps them to state pairs with the stored rollups.
_ENTITY_PAIRS = "UNWIND $pairs AS p WITH DISTINCT p.src AS src, p.dst AS dst "
_STATE_PAIRS = (f"UNWIND $pairs AS p MATCH (s0:{ACT} {{id: p.src}}) MATCH (t0:{ACT} {{id: p.dst}}) "
                "WITH DISTINCT coalesce(s0.rollup, s0.id) AS src, coalesce(t0.rollup, t0.id) AS dst ")
_PAIRS = {"entity": _ENTITY_PAIRS, "state": _STATE_PAIRS}


def _recompute(level: str) -> tuple[str, ...]:
    if level == "entity":  # ids known without the store: deleted with the other summaries' (`DELETE_IDS`)
        return (_PAIRS[level] + _create_tail(level),)
    return (_PAIRS[level] + f"MATCH (x:{T} {{id: {_key(level)}}}) DELETE x", _PAIRS[level] + _create_tail(level))


def _build(level: str) -> str:
    return (f"MATCH (den:{T} {{family: '{pair_family(DENIES, level)}'}}) "
            "WITH den.dst AS src, den.src AS dst " + _create_tail(level))


def accuser_pairs(touched: Touched) -> list[dict[str, str]]:
    """The (accuser, accused) keys a batch touched: accusations as they are, denials turned around."""
    keys = [(r.source, r.target) for r in touched.of(ACCUSES) if r.source and r.target]
    keys += [(r.target, r.source) for r in touched.of(DENIES) if r.source and r.target]
    return sorted_rows(keys, ("src", "dst"))


def _keys(touched: Touched):
    pairs = accuser_pairs(touched)
    return {"pairs": pairs, "ids": [f"{family('entity')}:{p['src']}>{p['dst']}" for p in pairs]} if pairs else None


SUMMARIES: tuple[Summary, ...] = (Summary(
    name="rebuttal", families=tuple(family(lv) for lv in LEVELS), reads=(ACCUSES, DENIES), keys=_keys,
    recompute=(DELETE_IDS, *(q for lv in LEVELS for q in _recompute(lv))), build=tuple(_build(lv) for lv in LEVELS),
    after=(PAIRS,),
    what="accuser and accused, where the accused denies: both pair tallies side by side"),)
CYPHER_STATEMENTS: tuple[str, ...] = tuple(q for s in SUMMARIES for q in s.cypher)
