"""Network pages: offline by construction (no URL, no external script), escaped, cut to the top N, and drawn.

The browser tests drive Debian's headless Chromium through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: no port, no extra library), with the network emulated offline, and collect every
console error, uncaught exception and network request while the page loads; then they look at a screenshot.
"""
from __future__ import annotations

import base64
import fcntl
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.model import ActorRecord, ArticleGraph, ArticleRecord, PublicationRecord, RelType, Statement
from graph.viz import CAMP_COLORS, KIND_COLORS, render_html, write_page
from graph.writer import write_graphs

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
URL = re.compile(r"https?://", re.IGNORECASE)
EVIL = '<img src=x onerror="alert(1)">'


def _dispute(n_extra: int = 0) -> nx.DiGraph:
    g = nx.DiGraph(network="accusations", level="entity")
    names = {"russia": "Russia", "syria": "Syria", "us": "United States", "uk": "United Kingdom"}
    for k, v in names.items():
        g.add_node(k, name=v, kind="state", members=[])
    for u, v, w in [("russia", "us", 3), ("syria", "us", 1), ("us", "russia", 2), ("uk", "russia", 1),
                    ("us", "syria", 1)]:
        g.add_edge(u, v, weight=w, sentences=[f"{names[u]} accused {names[v]} (see https://example.org/x)."],
                   titles=[f"Row over {names[v]} </script><script>alert(2)</script>"], dates=["2017-04-07"],
                   types={"ACCUSES": w}, hedged=0, articles=["a1"])
    for i in range(n_extra):
        g.add_node(f"minor{i}", name=f"Minor actor {i}", kind="ngo", members=[])
        g.add_edge(f"minor{i}", "us", weight=1, sentences=[], titles=[], dates=[], types={"ACCUSES": 1})
    g.nodes["uk"]["name"] = "United Kingdom " + EVIL
    return g


def test_page_is_self_contained_and_escaped():
    page = render_html(_dispute(), title="Who accuses whom " + EVIL)
    assert not URL.search(page), URL.search(page) and page[URL.search(page).start() - 80:][:200]
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "<img" not in page and "alert(2)</script>" not in page
    assert len(re.findall(r"^<script>", page, re.MULTILINE)) == 2  # vis-network, then our own code
    assert "Who accuses whom &lt;img" in page
    assert "showing 4 of 4 actors" in page
    assert "vis.Network" in page and "stabilizationIterationsDone" in page


def test_top_cut_is_announced():
    page = render_html(_dispute(n_extra=30), top=10)
    assert "showing 10 of 34 actors" in page
    data = json.loads(re.search(r"var nodes = (\[.*?\]);\n", page).group(1))
    assert len(data) == 10
    assert {n["id"] for n in data} >= {"russia", "us", "syria"}  # the strongest survive the cut
    sizes = {n["id"]: n["size"] for n in data}
    assert sizes["us"] > sizes["syria"] > sizes["minor0"]  # node size by PageRank
    edges = json.loads(re.search(r"var edges = (\[.*?\]);\n", page).group(1))
    widths = {(e["from"], e["to"]): e["width"] for e in edges}
    assert widths[("russia", "us")] > widths[("syria", "us")]  # edge width by statement count
    tip = next(e["title"] for e in edges if (e["from"], e["to"]) == ("russia", "us"))
    assert "3 statements" in tip and "Russia accused United States" in tip and "Row over" in tip


def test_empty_graph_gives_a_page():
    page = render_html(nx.DiGraph())
    assert "showing 0 of 0 actors" in page and "No statements in this graph yet" in page


def _article(aid, pub, statements, actors):
    return ArticleGraph(
        article=ArticleRecord(id=aid, title=f"Article {aid} & <i>co</i>", text_hash="h" + aid, date="2018-04-14",
                              publication=pub),
        publication=PublicationRecord(id=pub, name=pub.upper()),
        actors=actors,
        statements=statements,
    )


@pytest.fixture
def stored(store):
    actors = [ActorRecord(id=i, name=n, kind=k, rollup=i, rollup_name=n) for i, n, k in [
        ("russia", "Russia", "state"), ("us", "United States", "state"), ("syria", "Syria", "state"),
        ("opcw", "OPCW", "international_org"), ("uk", "United Kingdom", "state")]]

    def st(i, t, s, o, text):
        return Statement(id=i, type=t, source=s, target=o, sentence=text, start=0, end=len(text), trigger="x")

    A, D, C = RelType.ACCUSES, RelType.DENIES, RelType.CITES
    write_graphs(store, [
        _article("a1", "bbc", [st("1", A, "us", "syria", "Washington blamed Damascus for the gas attack."),
                               st("2", A, "uk", "syria", "London also blamed Damascus."),
                               st("3", D, "syria", "us", "Damascus denied any use of chemical weapons."),
                               st("4", A, "russia", "us", "Moscow accused the US of staging a pretext."),
                               st("5", C, None, "opcw", "Inspectors said samples were taken.")], actors),
        _article("a2", "rt", [st("6", A, "russia", "uk", "Moscow accused London of a fabrication."),
                              st("7", A, "syria", "us", "Damascus accused Washington of aggression."),
                              st("8", C, None, "russia", "The ministry said the video was staged.")], actors),
    ])
    return store


def test_write_page_from_store(stored, tmp_path):
    out = write_page(stored, "accusations", tmp_path / "acc.html", top=3, level="state")
    page = out.read_text(encoding="utf-8")
    assert out == tmp_path / "acc.html" and not URL.search(page)
    assert "showing 3 of 4 actors (the 3 with the most statements)" in page and "Who accuses whom (states)" in page
    cit = write_page(stored, "citations", tmp_path / "cit.html").read_text(encoding="utf-8")
    assert "publications and sources" in cit and KIND_COLORS["publication"] in cit
    actor = write_page(stored, "actor", tmp_path / "syria.html", actor="syria").read_text(encoding="utf-8")
    assert "Around Syria" in actor and "showing 3 of 3 actors" in actor


# ---------------------------------------------------------------- headless Chromium over the DevTools pipe

class Chromium:
    """Headless Chromium driven over ``--remote-debugging-pipe`` (fd 3: commands in, fd 4: events out)."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 900) -> None:
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()
        # keep our ends clear of fds 3 and 4, where the child expects its ends
        self._cmd_r, self._out_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (cmd_r, out_w))
        os.close(cmd_r)
        os.close(out_w)
        self._w, self._r = cmd_w, out_r

        def child_fds() -> None:
            os.dup2(self._cmd_r, 3)
            os.dup2(self._out_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--mute-audio", "--hide-scrollbars", f"--window-size={width},{height}",
             "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=child_fds,
        )
        os.close(self._cmd_r)
        os.close(self._out_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        self.session: str | None = None

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            import select

            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._r], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer over the DevTools pipe")
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 60) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read(timeout)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.events.append(self._read(end - time.monotonic()))
            except TimeoutError:
                return

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.send(f"{domain}.enable")
        self.send("Network.emulateNetworkConditions",
                  {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 90) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.evaluate(expression):
                return True
            self.pump(0.25)
        return False

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails", {}))[:400])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args", []))[:400])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", "")[:400])
        return out

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self) -> bytes:
        return base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"})["data"])

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._w)
        os.close(self._r)


@pytest.fixture
def chromium():
    if not HAVE_CHROMIUM:
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's `chromium` (make test does, as root)")
    with tempfile.TemporaryDirectory(prefix="narrative-chromium-") as profile:
        browser = Chromium(Path(profile))
        try:
            yield browser
        finally:
            browser.close()


def _canvas_pixels(png: bytes, box: dict) -> tuple[int, int, set]:
    """(non-white pixels, pixels, exact colours) inside the network's box of the screenshot."""
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    crop = img.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["w"]), int(box["y"] + box["h"])))
    raw = crop.tobytes()
    px = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    ink = sum(1 for r, g, b in px if r + g + b < 720)
    return ink, len(px), set(px)


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.browser
def test_page_draws_offline_in_chromium(chromium, tmp_path):
    path = tmp_path / "dispute.html"
    path.write_text(render_html(_dispute(n_extra=6), title="Dispute " + EVIL), encoding="utf-8")
    chromium.open(path.as_uri())
    assert chromium.wait_for("document.body && document.body.dataset.ready === '1'"), chromium.errors()
    chromium.pump(0.5)
    assert chromium.errors() == []
    assert [u for u in chromium.requests() if not u.startswith(("file:", "data:"))] == []
    assert chromium.evaluate("window.alerted === undefined && !document.querySelector('img')")
    assert chromium.evaluate("document.getElementById('shown').textContent") == "showing 10 of 10 actors"
    box = chromium.evaluate("(function(){var r=document.querySelector('#net canvas').getBoundingClientRect();"
                            "return {x:r.x,y:r.y,w:r.width,h:r.height};})()")
    png = chromium.screenshot()
    (tmp_path / "dispute.png").write_bytes(png)
    if os.environ.get("NARRATIVE_SCREENSHOTS"):  # keep a copy to look at
        Path(os.environ["NARRATIVE_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        (Path(os.environ["NARRATIVE_SCREENSHOTS"]) / "dispute.png").write_bytes(png)
    ink, total, colours = _canvas_pixels(png, box)
    assert box["w"] > 600 and box["h"] > 400
    assert ink > 0.01 * total, f"only {ink} of {total} canvas pixels are drawn"
    assert _hex(CAMP_COLORS[0]) in colours and _hex(CAMP_COLORS[1]) in colours  # two camps of nodes


@pytest.mark.browser
def test_store_pages_load_in_chromium(chromium, stored, tmp_path):
    for name in ("citations", "denials"):
        path = write_page(stored, name, tmp_path / f"{name}.html")
        chromium.open(path.as_uri())
        assert chromium.wait_for("document.body && document.body.dataset.ready === '1'"), name
    chromium.pump(0.3)
    assert chromium.errors() == []
    assert [u for u in chromium.requests() if not u.startswith(("file:", "data:"))] == []
    png = chromium.screenshot()
    if os.environ.get("NARRATIVE_SCREENSHOTS"):
        (Path(os.environ["NARRATIVE_SCREENSHOTS"]) / "denials.png").write_bytes(png)
    assert len(png) > 5000


# ---------------------------------------------------------------- the CLI

def _fill_cli_graph(cli_env):
    from graph.falkor_store import FalkorStore

    s = FalkorStore.open(Path(cli_env["NARRATIVE_HOME"]), graph=cli_env["NARRATIVE_GRAPH"])
    try:
        s.ensure_schema()
        actors = [ActorRecord(id="ru", name="Russia", kind="state", rollup="ru"),
                  ActorRecord(id="ru_mod", name="Russian Defence Ministry", kind="military", parent="ru",
                              rollup="ru", rollup_name="Russia"),
                  ActorRecord(id="ua", name="Ukraine", kind="state", rollup="ua")]
        stmts = [Statement(id=f"s{i}", type=t, source=a, target=b, sentence=f"Sentence {i}.", start=0, end=11,
                           trigger="x")
                 for i, (t, a, b) in enumerate([(RelType.ACCUSES, "ru_mod", "ua"), (RelType.ACCUSES, "ua", "ru"),
                                                (RelType.DENIES, "ru", "ua"), (RelType.CITES, None, "ru_mod")])]
        write_graphs(s, [_article("c1", "tass", stmts, actors)])
    finally:
        s.close()


def test_cli_viz(cli_env, tmp_path):
    from typer.testing import CliRunner

    from narrative.cli import app

    _fill_cli_graph(cli_env)
    runner = CliRunner()
    out = tmp_path / "acc.html"
    r = runner.invoke(app, ["viz", "accusations", "--out", str(out), "--top", "2", "--level", "state"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert "showing 2 of 2 actors" in page and not URL.search(page)
    r = runner.invoke(app, ["viz", "actor", "Russian Defence Ministry", "--out", str(tmp_path / "a.html")])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["viz", "actor", "Atlantis", "--out", str(tmp_path / "b.html")])
    assert r.exit_code == 1 and "No actor named 'Atlantis'" in r.output and not (tmp_path / "b.html").exists()
    r = runner.invoke(app, ["viz", "actor"])
    assert r.exit_code == 1 and "Name the actor" in r.output
    (tmp_path / "file").write_text("")
    r = runner.invoke(app, ["viz", "denials", "--out", str(tmp_path / "file" / "d.html")])
    assert r.exit_code == 1 and "Cannot write the page" in r.output and "Traceback" not in r.output


def test_cli_metrics(cli_env):
    from typer.testing import CliRunner

    from narrative.cli import app

    _fill_cli_graph(cli_env)
    runner = CliRunner()
    r = runner.invoke(app, ["metrics", "--level", "state", "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["summary"]["reciprocity"] == 1.0 and doc["summary"]["statements"] == 2
    assert {row["id"]: (row["made"], row["received"]) for row in doc["rows"]} == {"ru": (1, 1), "ua": (1, 1)}
    r = runner.invoke(app, ["metrics", "--graph", "citations", "--format", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("id,name,citations")
    assert "publication:tass,TASS,1,1,0.0,military" in r.stdout
    r = runner.invoke(app, ["metrics", "--graph", "denials", "--top", "1"])
    assert r.exit_code == 0 and "reciprocity" in r.stdout and "1 row(s)" in r.stdout
    r = runner.invoke(app, ["metrics", "--graph", "friends"])
    assert r.exit_code != 0


def test_cli_plot(cli_env, tmp_path):
    from typer.testing import CliRunner

    from narrative.cli import app

    _fill_cli_graph(cli_env)
    for name in ("timeline", "top-accusers", "source-reliance"):
        out = tmp_path / f"{name}.png"
        r = CliRunner().invoke(app, ["plot", name, "--out", str(out)])
        assert r.exit_code == 0, r.output
        assert r.stdout.strip() == str(out) and out.stat().st_size > 10_000
