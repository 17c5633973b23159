"""`python -m benchmarks [--corpus DIR] [--workers N] [--out results.json] [--quick]`: every figure, one sitting.

Figures (each a ratio against a baseline measured here and now, or an absolute where the issue sets one):
1. ingest / bare `nlp.pipe` of the same texts;  2. re-ingest / first ingest;  3. loader statements/s / raw
UNWIND statements/s;  4. p50/p95 of every canned report on the corpus graph and on a synthetic 100k-article
graph, vs `MATCH (n) RETURN count(n)`;  5. peak RSS of the ingest at 4x / 1x the corpus;  6. time and size of
`narrative viz accusations` on the synthetic graph. A figure that fails to run is one line and a null in the
JSON; the rest still runs and the exit code is 1.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from benchmarks.machine import describe, one_line

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc"
FIGURES = ("ingest", "reports", "load", "memory", "synthetic", "viz")

#: key -> (comparison, target), from the issue.
TARGETS = {
    "ingest_ratio": ("<=", 0.90),
    "reingest_ratio": ("<=", 0.03),
    "load_ratio": (">=", 0.6),
    "report_p95_ms": ("<=", 150.0),
    "rss_ratio": ("<=", 1.2),
    "viz_seconds": ("<=", 5.0),
    "viz_bytes": ("<=", 5_000_000),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of articles (default: bbc-news)")
    ap.add_argument("--workers", type=int, default=1, help="spaCy processes, for the ingest and its baseline")
    ap.add_argument("--out", type=Path, default=Path("results.json"), help="JSON file to write")
    ap.add_argument("--quick", action="store_true", help="a tiny sample everywhere (the smoke test)")
    ap.add_argument("--model", default=None, help="installed spaCy pipeline (default: the project's default)")
    ap.add_argument("--articles", type=int, default=None, help="use only N articles of the corpus (spread evenly)")
    ap.add_argument("--rss-articles", type=int, default=None,
                    help="1x size of the memory figure (default 500; 4x is four distinct copies)")
    ap.add_argument("--load-articles", type=int, default=None, help="articles extracted for the load figure (500)")
    ap.add_argument("--synthetic-articles", type=int, default=None, help="size of the synthetic graph (100000)")
    ap.add_argument("--runs", type=int, default=None, help="samples per report (default 20)")
    ap.add_argument("--report-budget", type=float, default=None, help="seconds per report at most (default 15)")
    ap.add_argument("--viz-timeout", type=float, default=None, help="stop the viz run after S seconds (180)")
    ap.add_argument("--cache-dir", type=Path, default=None, help="where synthetic graphs are kept between runs")
    ap.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated subset of {','.join(FIGURES)}")
    ap.add_argument("--markdown", action="store_true", help="also print the table as Markdown (for the README)")
    a = ap.parse_args(argv)
    quick = a.quick
    a.articles = a.articles or (20 if quick else None)
    a.rss_articles = a.rss_articles or (a.articles if quick else 500)
    a.load_articles = a.load_articles or (a.articles if quick else 500)
    a.synthetic_articles = a.synthetic_articles or (2000 if quick else 100_000)
    a.runs = a.runs or (5 if quick else 20)
    a.viz_timeout = a.viz_timeout or (120.0 if quick else 180.0)
    a.report_budget = a.report_budget or (5.0 if quick else 15.0)
    a.only = {f.strip() for f in a.only.split(",") if f.strip()}
    unknown = a.only - set(FIGURES)
    if unknown:
        ap.error(f"unknown figure(s) {', '.join(sorted(unknown))}; choose from {', '.join(FIGURES)}")
    return a


class Run:
    """Holds the results and runs each step so that one failure is one line, not the end of the sitting."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        self.args = args
        self.console = console
        self.results: dict = {
            "ingest_ratio": None, "reingest_ratio": None, "load_ratio": None, "report_p95_ms": {},
            "rss_ratio": None, "viz_seconds": None, "viz_bytes": None,
            "machine": describe(),
            "settings": {k: (str(v) if isinstance(v, Path) else sorted(v) if isinstance(v, set) else v)
                         for k, v in vars(args).items()},
            "details": {}, "errors": {},
        }
        self.servers: list[Path] = []

    @contextlib.contextmanager
    def step(self, name: str):
        t0 = time.perf_counter()
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - report and go on with the next figure
            msg = f"{type(exc).__name__}: {exc}"
            self.results["errors"][name] = msg
            self.console.print(f"[bold red]{name} failed:[/] {msg}", highlight=False, soft_wrap=True)
        finally:
            self.results["details"].setdefault("step_seconds", {})[name] = round(time.perf_counter() - t0, 1)

    def stop_servers(self) -> None:
        from graph import embedded

        for d in self.servers:
            with contextlib.suppress(Exception):
                embedded.stop(d)


def run(args: argparse.Namespace, console: Console) -> dict:
    from benchmarks import corpus as corpora
    from benchmarks import ingest, load, reports, synthetic, viz
    from loaders.pipeline import DEFAULT_BATCH_SIZE

    r = Run(args, console)
    res, details = r.results, r.results["details"]
    tmp = Path(tempfile.mkdtemp(prefix="nb-"))  # short: the store's socket lives in here
    steps = ["prepare"] + [f for f in FIGURES if f in args.only]
    progress = Progress(TextColumn("[bold]{task.description:<28}"), BarColumn(), TextColumn("{task.completed}/"
                        "{task.total} steps"), TimeElapsedColumn(), console=console, transient=False)
    task = progress.add_task("benchmarks", total=len(steps))

    def advance(label: str) -> None:
        progress.update(task, description=label)

    first = None
    files: list[Path] = []
    work = tmp / "corpus"
    store_dir = tmp / "store"
    r.servers.append(store_dir)
    try:
        progress.start()
        advance("prepare corpus")
        with r.step("prepare"):
            src = args.corpus.resolve()
            files = corpora.sample(corpora.article_files(src), args.articles)
            corpora.materialise(src, files, work)
            details["corpus"] = {"path": str(args.corpus), "articles": len(files)}
        progress.advance(task)

        if "ingest" in args.only and files:
            advance("bare parse (baseline)")
            with r.step("ingest"):
                bare = ingest.bare_parse(work, args.workers, args.model)
                advance("ingest (fresh store)")
                first = ingest.ingest(work, store_dir, args.workers, args.model)
                advance("re-ingest (unchanged)")
                again = ingest.ingest(work, store_dir, args.workers, args.model)
                figs = ingest.figures(bare, first, again)
                res["ingest_ratio"], res["reingest_ratio"] = figs["ingest_ratio"], figs["reingest_ratio"]
                details["ingest"] = figs["details"]
            progress.advance(task)

        if "reports" in args.only and first is not None:
            advance("reports (corpus graph)")
            with r.step("reports-corpus"):
                from graph.falkor_store import FalkorStore

                with FalkorStore.open(store_dir) as store:
                    details["reports_corpus"] = reports.measure(store, args.runs, args.report_budget)
            progress.advance(task)

        if "load" in args.only and files:
            advance("load vs raw UNWIND")
            with r.step("load"):
                n = min(args.load_articles, len(files))
                load_corpus = work if n == len(files) else corpora.materialise(
                    args.corpus.resolve(), corpora.sample(files, n), tmp / "load-corpus")
                records = tmp / "records.jsonl"
                ingest.extract(load_corpus, records, args.workers, args.model)
                from graph import embedded

                embedded.ensure_running(store_dir)
                figs = load.measure(records, store_dir, DEFAULT_BATCH_SIZE)
                res["load_ratio"], details["load"] = figs["load_ratio"], figs["details"]
            progress.advance(task)

        if "memory" in args.only and files:
            with r.step("memory"):
                src = args.corpus.resolve()
                n = min(args.rss_articles, len(files))
                sample = corpora.sample(files, n)
                if first is not None and n == len(files):
                    one = first  # the ingest of figure 1 is the 1x run
                else:
                    advance(f"memory: ingest 1x ({n})")
                    one_dir = tmp / "rss1"
                    r.servers.append(one_dir)
                    one = ingest.ingest(corpora.materialise(src, sample, tmp / "rss1-corpus"), one_dir,
                                        args.workers, args.model)
                advance(f"memory: ingest 4x ({4 * n})")
                four_dir = tmp / "rss4"
                r.servers.append(four_dir)
                four = ingest.ingest(corpora.materialise(src, sample, tmp / "rss4-corpus", copies=4), four_dir,
                                     args.workers, args.model)
                res["rss_ratio"] = round(four.peak_rss / one.peak_rss, 3)
                details["memory"] = {
                    "articles_1x": n, "articles_4x": 4 * n, "ingested_1x": one.result["new"],
                    "ingested_4x": four.result["new"],
                    "peak_rss_1x_mib": round(one.peak_rss / 2**20, 1),
                    "peak_rss_4x_mib": round(four.peak_rss / 2**20, 1),
                    "seconds_1x": round(one.result["seconds"], 1), "seconds_4x": round(four.result["seconds"], 1),
                }
            progress.advance(task)

        syn_dir = None
        if {"synthetic", "viz"} & args.only:
            advance(f"synthetic graph ({args.synthetic_articles:,})")
            with r.step("synthetic"):
                def built(done: int, total: int) -> None:
                    progress.update(task, description=f"synthetic graph {done:,}/{total:,}")

                syn_dir, graph_name, info = synthetic.ensure_graph(args.synthetic_articles, args.cache_dir,
                                                                   progress=built)
                r.servers.append(syn_dir)
                details["synthetic"] = info
                if "synthetic" in args.only:
                    from graph.falkor_store import FalkorStore
                    from graph.stats import counts

                    with FalkorStore.open(syn_dir, graph=graph_name) as store:
                        details["synthetic"]["counts"] = counts(store)
                        advance("reports (synthetic graph)")
                        measured = reports.measure(
                            store, args.runs, args.report_budget,
                            on_report=lambda name: progress.update(task, description=f"report {name}"))
                    details["reports_synthetic"] = measured
                    res["report_p95_ms"] = {k: v["p95_ms"] for k, v in measured.items()
                                            if "p95_ms" in v and k != reports.BASELINE_NAME}
                    res["report_baseline_p95_ms"] = measured[reports.BASELINE_NAME]["p95_ms"]
                    failed = {k: v.get("error") or v.get("skipped") for k, v in measured.items() if "p95_ms" not in v}
                    if failed:
                        r.results["errors"]["reports"] = "; ".join(f"{k}: {v}" for k, v in failed.items())
            progress.advance(task)

        if "viz" in args.only and syn_dir is not None:
            advance("viz accusations (synthetic)")
            with r.step("viz"):
                figs = viz.measure(syn_dir, synthetic.GRAPH_NAME, tmp, args.viz_timeout)
                res["viz_seconds"], res["viz_bytes"] = figs["viz_seconds"], figs["viz_bytes"]
                details["viz"] = figs
            progress.advance(task)
    finally:
        progress.stop()
        r.stop_servers()
        shutil.rmtree(tmp, ignore_errors=True)
    res["targets"] = check_targets(res)
    return res


def _passes(value: float | None, rule: tuple[str, float]) -> bool | None:
    if value is None:
        return None
    op, target = rule
    return value <= target if op == "<=" else value >= target


def check_targets(res: dict) -> dict:
    out: dict[str, bool | None] = {}
    for key, rule in TARGETS.items():
        if key == "report_p95_ms":
            for name, p95 in res["report_p95_ms"].items():
                out[f"report_p95_ms.{name}"] = _passes(p95, rule)
        else:
            out[key] = _passes(res.get(key), rule)
    if res["details"].get("viz", {}).get("viz_timed_out"):
        out["viz_bytes"] = False  # no page at all
    return out


def rows(res: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, result) for the table and the README."""
    d = res["details"]
    t = res["targets"]

    def verdict(key: str) -> str:
        return {True: "pass", False: "FAIL", None: "n/a"}[t.get(key)]

    def fmt(v, spec: str) -> str:
        return "n/a" if v is None else format(v, spec)

    def target(key: str, unit: str = "") -> str:
        op, value = TARGETS[key]
        return f"{op} {value:g}{unit}"

    out = []
    ing = d.get("ingest", {})
    out.append(("ingest / bare nlp.pipe", fmt(res["ingest_ratio"], ".3f") + (
        f" ({ing['ingest_seconds']} s vs {ing['bare_parse_seconds']} s, {ing['articles']} articles; "
        f"CPU-time ratio {ing['cpu_ratio']})" if ing else ""),
        target("ingest_ratio"), verdict("ingest_ratio")))
    out.append(("re-ingest / ingest", fmt(res["reingest_ratio"], ".4f") + (
        f" ({ing['reingest_seconds']} s)" if ing else ""), target("reingest_ratio"), verdict("reingest_ratio")))
    ld = d.get("load", {})
    out.append(("load / raw UNWIND (statements/s)", fmt(res["load_ratio"], ".3f") + (
        f" ({ld['loader_statements_per_second']:,} vs {ld['raw_statements_per_second']:,}/s, "
        f"{ld['statements']} statements)" if ld else ""), target("load_ratio"), verdict("load_ratio")))
    syn = d.get("reports_synthetic", {})
    corp = d.get("reports_corpus", {})
    base = syn.get("baseline: MATCH (n) RETURN count(n)")
    n_syn = d.get("synthetic", {}).get("articles")
    if base:
        out.append((f"baseline count(n), {n_syn:,}-article graph", f"p50 {base['p50_ms']} / p95 {base['p95_ms']} ms",
                    "", ""))
    for name in sorted(set(syn) | set(corp)):
        if name.startswith("baseline"):
            continue
        s, c = syn.get(name, {}), corp.get(name, {})
        value = (f"p50 {s['p50_ms']} / p95 {s['p95_ms']} ms (x{s['ratio_p50']} baseline)" if "p95_ms" in s
                 else s.get("error") or s.get("skipped") or "n/a")
        if "p95_ms" in c:
            value += f"; corpus graph p95 {c['p95_ms']} ms"
        out.append((f"report {name}", value, "p95 " + target("report_p95_ms", " ms"), verdict(f"report_p95_ms.{name}")))
    mem = d.get("memory", {})
    out.append(("peak RSS 4x / 1x", fmt(res["rss_ratio"], ".3f") + (
        f" ({mem['peak_rss_4x_mib']} MiB at {mem['articles_4x']} vs {mem['peak_rss_1x_mib']} MiB at "
        f"{mem['articles_1x']} articles)" if mem else ""), target("rss_ratio"), verdict("rss_ratio")))
    stopped = d.get("viz", {}).get("viz_timed_out")
    out.append(("viz accusations, seconds", (f"> {res['viz_seconds']:.0f} (stopped)" if stopped
                                             else fmt(res["viz_seconds"], ".2f")), target("viz_seconds", " s"), verdict("viz_seconds")))
    out.append(("viz accusations, bytes", fmt(res["viz_bytes"], ",d"), "<= 5,000,000", verdict("viz_bytes")))
    return out


def table(res: dict) -> Table:
    t = Table(title="narrative-graph benchmarks", header_style="bold", title_justify="left",
              caption=one_line(res["machine"]))
    for col in ("figure", "value", "target", "result"):
        t.add_column(col, overflow="fold")
    for fig, value, target, verdict in rows(res):
        style = "red" if verdict == "FAIL" else "green" if verdict == "pass" else None
        t.add_row(fig, value, target, verdict, style=style)
    return t


def markdown(res: dict) -> str:
    lines = ["| figure | value | target | result |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(res)]
    lines.append("")
    lines.append(f"Machine: {one_line(res['machine'])}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(stderr=True)
    started = time.perf_counter()
    res = run(args, console)
    res["seconds"] = round(time.perf_counter() - started, 1)
    res["machine"]["load_avg_end"] = describe()["load_avg"]  # others' work on a shared machine skews timings
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1, default=str) + "\n", encoding="utf-8")
    Console().print(table(res))
    if args.markdown:
        print(markdown(res))
    console.print(f"results written to {args.out} ({res['seconds']} s)")
    fatal = {k: v for k, v in res["errors"].items() if k != "reports"}
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main())
