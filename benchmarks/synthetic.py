"""A synthetic narrative graph of any size, for report and viz latency at 100,000 articles.

Why synthetic: no public corpus of 100k conflict articles ships with the project, and extracting one would take
days on a laptop. What matters for query latency is the graph's shape, so the generator copies it: Zipf-like actor
popularity (a few states and armies are in most statements, a long tail appears once), a few hundred
publications (also Zipf), ~10 statements per article of every type, events shared by several reports, locations
with countries, and exactly the labels, relationship types and properties `graph.writer` writes.

It writes with raw `UNWIND ... CREATE` batches on a fresh graph (a MERGE per row is not needed when every id is
new), then rewrites the append-only file so the next run loads the cached graph in seconds instead of rebuilding.
"""
from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic_cypher import (  # noqa: F401  (importable from here, as before the split)
    A,
    ACT,
    CREATE_ACTOR_PARENTS,
    CREATE_CITES,
    CREATE_EVENT_LOCATION,
    CREATE_LOCATION_COUNTRY,
    CREATE_MENTIONS,
    CREATE_NODES,
    CREATE_PUBLISHED,
    CREATE_REPORTS,
    CREATE_STATEMENTS,
    CYPHER_STATEMENTS,
    EV,
    LOC,
    P,
)
from graph import relations, tallies
from graph.model import ACTOR_KINDS as MODEL_KINDS
from graph.model import RelType, stable_id

#: Bump when the shape or the properties change: cached graphs of another version are rebuilt.
GENERATOR_VERSION = 3  # 3: the tail draws actor kinds from graph.model (now with `location`)
GRAPH_NAME = "synthetic"
MARKER = "synthetic.json"

#: Share of each extracted type (CITES dominate news text; strikes and denials are rarer); a type registered in
#: the relation table (`graph.relations`) without a share here gets OTHER_SHARE, and its verb as trigger word.
SHARES = {RelType.CITES: 0.40, RelType.ACCUSES: 0.30, RelType.DENIES: 0.15, RelType.STRIKES: 0.15}
OTHER_SHARE = 0.05
TYPE_SHARES = tuple(SHARES.items()) + tuple(
    (RelType(t), OTHER_SHARE) for t in relations.extracted_types() if t not in SHARES)
#: Actor kinds of the tail (the head are states, armies, governments): every kind of the data model.
ACTOR_KINDS = MODEL_KINDS
EVENT_KINDS = ("air strike", "shelling", "bombing", "drone strike", "missile strike", "attack", "raid")
TRIGGERS = {
    RelType.ACCUSES: ("accused", "blamed", "condemned", "charged"),
    RelType.DENIES: ("denied", "rejected", "dismissed"),
    RelType.STRIKES: ("struck", "bombed", "shelled", "hit"),
    RelType.CITES: ("said", "told", "announced", "stated"),
}
TRIGGERS.update({rel: (relations.verb(rel),) for rel, _ in TYPE_SHARES if rel not in TRIGGERS})
WORDS = (
    "the government forces officials said on monday that attacks near border town had killed civilians while "
    "ministry spokesman rejected claims army troops shelled positions overnight according to statement issued "
    "by foreign office which called reports baseless and urged international observers to investigate incident "
    "residents described heavy fighting around villages after talks collapsed last week amid rising tensions"
).split()
SYLLABLES = ("ka", "ra", "to", "mi", "sa", "lo", "ve", "na", "dor", "bar", "tek", "ul", "an", "is", "or", "em")


@dataclass(frozen=True)
class Shape:
    """How many of each thing: scaled from the article count, capped where real corpora level off."""

    articles: int
    publications: int
    actors: int
    locations: int
    countries: int
    statements_per_article: float = 10.0
    mentions_per_article: float = 5.0
    zipf_s: float = 1.1
    seed: int = 7

    @classmethod
    def for_articles(cls, n: int, seed: int = 7) -> "Shape":
        return cls(
            articles=n,
            publications=max(8, min(300, n // 300)),
            actors=max(200, min(8000, n // 12)),
            locations=max(60, min(1500, n // 60)),
            countries=max(10, min(120, n // 800)),
            seed=seed,
        )

    def key(self) -> str:
        return f"v{GENERATOR_VERSION}-n{self.articles}-s{self.seed}"


class Zipf:
    """Draw ranks 0..n-1 with P(rank k) ~ 1/(k+1)^s: a few very popular items and a long tail."""

    def __init__(self, n: int, s: float, rng: random.Random) -> None:
        import numpy as np

        w = 1.0 / np.arange(1, n + 1) ** s
        self._p = w / w.sum()
        self._n = n
        self._np = np.random.default_rng(rng.randrange(2**32))
        self._buf: list[int] = []

    def draw(self) -> int:
        if not self._buf:
            self._buf = self._np.choice(self._n, size=65536, p=self._p).tolist()
        return self._buf.pop()

    def distinct(self, k: int) -> list[int]:
        out: list[int] = []
        for _ in range(k * 6):
            r = self.draw()
            if r not in out:
                out.append(r)
                if len(out) == k:
                    break
        return out


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts + rng.randrange(2))).capitalize()


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


class Generator:
    """Yields node rows first (publications, actors, locations), then one chunk of article rows at a time."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)
        rng = self.rng
        self.sentences = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 34))).capitalize() + "."
                          for _ in range(4000)]
        self.publications = []
        for i in range(shape.publications):
            name = f"The {_name(rng)} {rng.choice(('Times', 'Post', 'News', 'Herald', 'Agency', 'Daily'))} {i}"
            self.publications.append({"id": _slug(name), "name": name, "domain": f"{_slug(name)}.example"})
        self.countries = []
        for i in range(shape.countries):
            name = f"{_name(rng, 3)} {i}"
            self.countries.append({"id": "loc-" + _slug(name), "name": name})
        self.locations = list(self.countries)
        for i in range(shape.locations - shape.countries):
            name = f"{_name(rng)} {i}"
            country = self.countries[min(int(rng.paretovariate(1.0)) - 1, len(self.countries) - 1)]["id"]
            self.locations.append({"id": "loc-" + _slug(name), "name": name, "country": country})
        # Actors in popularity order: the head are states, armies, governments; the tail people and groups.
        self.actors = []
        for i in range(shape.actors):
            head = i < max(20, shape.actors // 50)
            kind = rng.choice(("state", "military", "government_body", "armed_group")) if head else \
                rng.choice(ACTOR_KINDS)
            name = f"{_name(rng, 2 if head else 3)} {kind.replace('_', ' ').title()} {i}"
            row = {"id": _slug(name), "name": name, "kind": kind, "known": head or rng.random() < 0.3,
                   "confidence": 1.0 if head else round(rng.uniform(0.4, 1.0), 2)}
            self.actors.append(row)
        for i, row in enumerate(self.actors):
            if i >= 20 and rng.random() < 0.25:  # a quarter belong to one of the big ones (rollup follows)
                parent = self.actors[rng.randrange(min(20, i))]
                row["parent"] = parent["id"]
                row["rollup"], row["rollup_name"] = parent["id"], parent["name"]
            else:
                row["rollup"], row["rollup_name"] = row["id"], row["name"]
            if row["kind"] == "person":
                row["role"] = rng.choice(("spokesman", "foreign minister", "commander", "president"))
            if row["known"] and rng.random() < 0.6:
                row["wikidata"] = f"Q{rng.randrange(10**3, 10**8)}"
        self.actor_name = {a["id"]: a["name"] for a in self.actors}
        self.actor_zipf = Zipf(shape.actors, shape.zipf_s, rng)
        self.pub_zipf = Zipf(shape.publications, shape.zipf_s, rng)
        self.loc_zipf = Zipf(shape.locations, shape.zipf_s, rng)
        self._events: list[dict] = []

    # -- static nodes -----------------------------------------------------------------------------------
    def static_batches(self) -> Iterator[tuple[str, list[dict]]]:
        yield CREATE_NODES[P], self.publications
        yield CREATE_NODES[ACT], self.actors
        yield CREATE_NODES[LOC], self.locations
        yield CREATE_ACTOR_PARENTS, [{"child": a["id"], "parent": a["parent"]} for a in self.actors
                                     if a.get("parent")]
        yield CREATE_LOCATION_COUNTRY, [r for r in self.locations if r.get("country")]

    # -- articles ---------------------------------------------------------------------------------------
    def _date(self) -> str:
        day = self.rng.randrange(4 * 365)
        y, d = 2022 + day // 365, day % 365
        m = min(12, d // 31 + 1)
        return f"{y:04d}-{m:02d}-{d % 28 + 1:02d}"

    def _event_for(self, art_date: str) -> tuple[dict, bool]:
        rng = self.rng
        if self._events and rng.random() < 0.4:  # another report of a recent event
            return self._events[-1 - rng.randrange(min(300, len(self._events)))], False
        loc = self.locations[self.loc_zipf.draw()]
        ev = {"id": "ev-" + stable_id(len(self._events), self.shape.seed), "kind": rng.choice(EVENT_KINDS),
              "date": art_date, "location": loc["id"]}
        if rng.random() < 0.6:
            ev["killed"] = int(rng.paretovariate(1.2))
        if rng.random() < 0.5:
            ev["injured"] = int(rng.paretovariate(1.1) * 2)
        self._events.append(ev)
        return ev, True

    def article_chunk(self, start: int, stop: int) -> list[tuple[str, list[dict]]]:
        """Every row for articles start..stop-1, in dependency order (nodes before the edges that use them)."""
        rng, shape = self.rng, self.shape
        arts, events, ev_in, published, mentions, reports, cites = [], [], [], [], [], [], []
        stmts: dict[RelType, list] = {r: [] for r in CREATE_STATEMENTS}
        types = [t for t, _ in TYPE_SHARES]
        weights = [w for _, w in TYPE_SHARES]
        for i in range(start, stop):
            aid = "doc-" + stable_id("article", i, shape.seed)
            pub = self.publications[self.pub_zipf.draw()]
            day = self._date()
            words = rng.randint(150, 1200)
            arts.append({"id": aid, "title": f"Article {i}: " + rng.choice(self.sentences)[:60],
                         "source": f"{pub['id']}/{i}.txt", "url": f"https://{pub['domain']}/{i}", "date": day,
                         "byline": f"By {_name(rng)} {_name(rng)}", "text_hash": stable_id("text", i, n=64),
                         "words": words, "publication": pub["id"]})
            published.append({"id": aid, "publication": pub["id"]})
            ranks = self.actor_zipf.distinct(max(2, int(rng.gauss(shape.mentions_per_article, 2))))
            cast = [self.actors[r]["id"] for r in ranks]
            if len(cast) < 2:
                cast.append(next(a["id"] for a in self.actors if a["id"] not in cast))
            mentions += [{"article": aid, "actor": a, "count": 1 + int(rng.expovariate(0.5))} for a in cast]
            n_stmts = max(1, int(rng.gauss(shape.statements_per_article, 3)))
            event = None
            accusations: list[tuple[str, str, str]] = []
            offset = 0
            for j, rel in enumerate(rng.choices(types, weights, k=n_stmts)):
                sentence = rng.choice(self.sentences)
                src, tgt = rng.sample(cast, 2)
                sid = stable_id(aid, rel.value, j)
                props = {"article": aid, "publication": pub["id"], "date": day, "sentence": sentence,
                         "start": offset, "end": offset + len(sentence), "trigger": rng.choice(TRIGGERS[rel]),
                         "hedged": rng.random() < 0.1, "negated": rng.random() < 0.03,
                         "hypothetical": rng.random() < 0.03, "confidence": round(rng.uniform(0.5, 1.0), 2)}
                offset += len(sentence) + 1
                if rng.random() < 0.3:
                    props["quote"] = sentence[: rng.randint(20, 80)]
                if rel != RelType.CITES and rng.random() < 0.3:
                    props["speaker"] = src
                if rel == RelType.CITES:
                    props["target_text"] = self.actor_name[tgt]
                    cites.append({"article": aid, "target": tgt, "props": {"id": sid, **props}})
                    continue
                if rel == RelType.ACCUSES:
                    accusations.append((sid, src, tgt))
                elif rel == RelType.DENIES and accusations:
                    acc_id, acc_src, acc_tgt = rng.choice(accusations)
                    src, tgt = acc_tgt, acc_src  # the accused denies the accuser
                    props["answers"] = acc_id
                elif rel == RelType.STRIKES:
                    if event is None:
                        event, new = self._event_for(day)
                        if new:
                            events.append(event)
                            ev_in.append({"id": event["id"], "location": event["location"]})
                        reports.append({"article": aid, "event": event["id"], "props": {
                            k: v for k, v in (("sentence", sentence), ("killed", event.get("killed")),
                                              ("injured", event.get("injured"))) if v is not None}})
                    props["event"] = event["id"]
                props["source_text"], props["target_text"] = self.actor_name[src], self.actor_name[tgt]
                stmts[rel].append({"source": src, "target": tgt, "props": {"id": sid, **props}})
        steps: list[tuple[str, list[dict]]] = [
            (CREATE_NODES[A], arts),
            (CREATE_NODES[EV], events),
            (CREATE_PUBLISHED, published),
            (CREATE_MENTIONS, mentions),
            (CREATE_EVENT_LOCATION, ev_in),
            (CREATE_REPORTS, reports),
            *[(CREATE_STATEMENTS[rel], rows) for rel, rows in stmts.items()],
            (CREATE_CITES, cites),
        ]
        return [(q, rows) for q, rows in steps if rows]


def _chunks(rows: list[dict], size: int) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i: i + size]


def build(graph, shape: Shape, chunk_articles: int = 1000, batch_rows: int = 5000,
          progress: Callable[[int], None] | None = None) -> dict:
    """Write the synthetic graph into `graph` (a falkordb Graph, already indexed). Returns row counts."""
    gen = Generator(shape)
    rows_written = 0

    def run(query: str, rows: list[dict]) -> None:
        nonlocal rows_written
        for part in _chunks(rows, batch_rows):
            graph.query(query, {"rows": part})
        rows_written += len(rows)

    for q, rows in gen.static_batches():
        run(q, rows)
    done = 0
    for start in range(0, shape.articles, chunk_articles):
        stop = min(shape.articles, start + chunk_articles)
        for q, rows in gen.article_chunk(start, stop):
            run(q, rows)
        done = stop
        if progress:
            progress(done)
    return {"articles": done, "events": len(gen._events), "rows": rows_written}


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "narrative-graph" / "benchmarks"


def _rewrite_aof(conn, timeout: float = 600) -> None:
    """Compact the append-only file into an RDB preamble, so the next start loads instead of replaying."""
    conn.execute_command("BGREWRITEAOF")
    deadline = time.monotonic() + timeout
    time.sleep(0.2)
    while time.monotonic() < deadline:
        info = conn.info("persistence")
        if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
            return
        time.sleep(0.25)


def ensure_graph(n_articles: int, cache_dir: Path | None = None, seed: int = 7,
                 progress: Callable[[int, int], None] | None = None) -> tuple[Path, str, dict]:
    """A data dir holding the synthetic graph of `n_articles` (built once, then reused). Server left running.

    Returns (data_dir, graph name, info) where info says whether it was built now and how long that took.
    """
    from graph import embedded
    from graph.falkor_store import FalkorStore

    shape = Shape.for_articles(n_articles, seed=seed)
    data_dir = (cache_dir or default_cache_dir()) / f"synthetic-{shape.key()}"
    marker = data_dir / MARKER
    store = FalkorStore.open(data_dir, graph=GRAPH_NAME)
    try:
        if marker.exists():
            info = json.loads(marker.read_text())
            have = store.read(f"MATCH (a:{A}) RETURN count(a) AS n").value(0)
            if have == n_articles:
                if tallies.stored_version(store) != tallies.VERSION:  # cached before tallies (or an older kind)
                    store.ensure_schema()
                    info["tally_seconds"] = _tally(store)
                    _rewrite_aof(store._db.connection)
                    marker.write_text(json.dumps(info, indent=1))
                return data_dir, GRAPH_NAME, {**info, "built_now": False}
        store.clear()
        store.ensure_schema()
        t0 = time.perf_counter()
        built = build(store._graph, shape, progress=(lambda done: progress(done, n_articles)) if progress else None)
        seconds = time.perf_counter() - t0
        tally_seconds = _tally(store)
        _rewrite_aof(store._db.connection)
        info = {"shape": shape.__dict__, "build_seconds": round(seconds, 1), "tally_seconds": tally_seconds,
                **built}
        marker.write_text(json.dumps(info, indent=1))
        return data_dir, GRAPH_NAME, {**info, "built_now": True}
    finally:
        store.close()


def _tally(store) -> float:
    """Build the report summaries the writer would have kept (raw CREATE bypasses it); returns seconds."""
    t0 = time.perf_counter()
    tallies.rebuild(store)
    return round(time.perf_counter() - t0, 1)


def stop(data_dir: Path) -> None:
    from graph import embedded

    embedded.stop(data_dir)
