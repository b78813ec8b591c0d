"""The HTML briefing as a reader sees it: headless Chromium at 600 and 375 px, light and dark.

Chromium (Debian's package, installed by scripts/install-test-deps.sh) is driven over the Chrome
DevTools Protocol on a loopback websocket: the viewport width and `prefers-color-scheme` are
emulated, the layout is measured in the page, and full-page screenshots are saved as artifacts.
Nothing is injected into the product's HTML; the measuring script runs through the protocol.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import ScriptedClient, reference_draft
from websockets.sync.client import ClientConnection, connect

from briefing.brief import pipeline
from briefing.ingest import sources
from briefing.models import (
    Actor,
    Briefing,
    Claim,
    Disagreement,
    Event,
    Provenance,
    Side,
    Source,
    Usage,
)
from briefing.output import render

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Read at import: the autouse isolation fixture clears the environment before each test runs.
ARTIFACTS = Path(os.environ.get("BRIEFING_ARTIFACTS") or ROOT / "artifacts") / "browser"
WIDTHS = (600, 375)
SCHEMES = ("light", "dark")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs /usr/bin/chromium (Debian's chromium; run scripts/install-test-deps.sh)",
    ),
]


# --- Chromium over the DevTools protocol


class Page:
    """One Chromium tab, spoken to over the DevTools protocol."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.next_id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events in between are dropped)."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + 60
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") != self.next_id:
                continue
            if "error" in message:
                raise RuntimeError(f"{method}: {message['error']}")
            result: dict[str, Any] = message["result"]
            return result

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page (promises are awaited)."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, *, width: int, scheme: str) -> None:
        """Load url in a viewport width px wide with the given prefers-color-scheme."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.call(
            "Emulation.setEmulatedMedia",
            features=[{"name": "prefers-color-scheme", "value": scheme}],
        )
        # A mark on the old document tells it apart from the new one, even at the same URL.
        self.evaluate("window.leftBehind = true")
        self.call("Page.navigate", url=url)
        loaded = f"!window.leftBehind && location.href === {json.dumps(url)} && document.readyState"
        deadline = time.monotonic() + 30
        while self.evaluate(loaded) != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            time.sleep(0.05)
        self.evaluate("document.fonts.ready.then(() => true)")

    def screenshot(self, path: Path, *, width: int) -> None:
        """Save a PNG of the whole page, as tall as the document."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        shot = self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


def _devtools_port(profile: Path, proc: subprocess.Popen[bytes], log: Path) -> int:
    active = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if active.is_file() and active.read_text().strip():
            return int(active.read_text().splitlines()[0])
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"chromium gave no DevTools port (exit {proc.poll()}):\n{tail}")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    """A headless Chromium tab, started once for this module and closed after it."""
    home = tmp_path_factory.mktemp("chromium")
    profile = home / "profile"
    log = home / "chromium.log"
    args = [
        str(CHROMIUM),
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        f"--user-data-dir={profile}",
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "--window-size=600,900",
        "about:blank",
    ]
    env = {**os.environ, "HOME": str(home)}
    with log.open("wb") as err:
        proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=err, stderr=subprocess.STDOUT, env=env
        )
    try:
        port = _devtools_port(profile, proc, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as resp:
            targets = json.load(resp)
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(url, max_size=None, open_timeout=10) as ws:
            yield Page(ws)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- What is measured in the page

MEASURE = r"""
(() => {
  const rgba = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = ([r, g, b]) => {
    const lin = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  const snippet = (el) => el.textContent.trim().replace(/\s+/g, " ").slice(0, 50);
  const root = document.documentElement;
  const vw = root.clientWidth;
  const hides = (v) => v === "hidden" || v === "clip";
  const clipped = [], outside = [], spilled = [], faint = [];
  for (const el of document.body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if ((hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      clipped.push(name(el) + ": " + snippet(el));
    }
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -0.5 || r.right > vw + 0.5)) {
      outside.push(`${name(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]: ${snippet(el)}`);
    }
    // Boxes with content wider than themselves: a word that did not wrap.
    if (cs.display !== "inline" && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      spilled.push(`${name(el)} ${el.scrollWidth} > ${el.clientWidth}: ${snippet(el)}`);
    }
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own) {
      const fg = rgba(cs.color), bg = background(el);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight) >= 700;
      const need = size >= 24 || (size >= 18.5 && bold) ? 3 : 4.5;
      if (ratio < need) faint.push(`${name(el)} ${ratio.toFixed(2)} < ${need}: ${snippet(el)}`);
    }
  }
  // Text runs outside the viewport, even where an ancestor hides them.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.left < -0.5 || r.right > vw + 0.5)) {
        outside.push(`text [${Math.round(r.left)}, ${Math.round(r.right)}]: ` +
                     n.textContent.trim().slice(0, 50));
        break;
      }
    }
  }
  const bodyBg = rgba(getComputedStyle(document.body).backgroundColor);
  return {
    innerWidth: window.innerWidth, clientWidth: vw, scrollWidth: root.scrollWidth,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    bodyLuminance: luminance(bodyBg),
    darkQuery: matchMedia("(prefers-color-scheme: dark)").matches,
    clipped, outside, spilled, faint,
  };
})()
"""


# --- The briefings


def reference() -> Briefing:
    """The reference article briefed by a capable (scripted) model."""
    article = sources.load(str(ROOT / "examples" / "nato-ukraine.txt"), published="2025-02-12")
    return pipeline.generate(
        article,
        client=ScriptedClient(reference_draft()),
        options=pipeline.Options(compact=False),
    )


LONG_URL = "https://example.org/" + "a1b2c3d4e5f6g7h8" * 12
LONG_WORD = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft"


def stress() -> Briefing:
    """Everything at its longest: unbroken words and URLs, many actors, quotes and sides."""
    actors = [
        Actor(
            name=f"{LONG_WORD[: 20 + i * 6]} Minister-{i}",
            role=f"Deputy Under-Secretary for {LONG_WORD} affairs, department {i}",
            kind="person",
            stance=f"Insists on {LONG_URL} as the only source" if i % 2 else None,
            mentions=i,
        )
        for i in range(12)
    ]
    claims = [
        Claim(
            speaker=actors[i % len(actors)].name,
            statement=f"Statement {i}",
            quote=(
                f"We will publish everything at {LONG_URL} and nowhere else, "
                f"because {LONG_WORD} is what the people asked for, quote {i}."
            ),
            quote_span=(i * 10, i * 10 + 9),
            grounded=i % 3 != 0,
            direct=True,
            evidence_span=(i * 10, i * 10 + 9),
            attribution="evidence" if i % 3 else "unverified",
        )
        for i in range(16)
    ]
    claims += [
        Claim(
            speaker=actors[0].name,
            statement=f"Reported without quotation marks: {LONG_URL} {LONG_WORD}.",
            grounded=False,
            direct=False,
            attribution="model",
        )
    ]
    sides = [
        Side(actors=[a.name for a in actors[i : i + 4]], position=f"{LONG_WORD} {LONG_URL}")
        for i in range(3)
    ]
    return Briefing(
        headline=(
            f"{LONG_WORD} row deepens as ministers from twelve countries refuse to sign the "
            f"communiqué, leaving {LONG_URL} unanswered"
        ),
        summary=" ".join([f"A summary sentence with {LONG_WORD} and {LONG_URL}."] * 4),
        notes=[
            f"The article is longer than the embedded model's context ({LONG_WORD}): the "
            f"headline and summary come from its lead, {LONG_URL}."
        ],
        actors=actors,
        claims=claims,
        disagreements=[Disagreement(topic=f"{LONG_WORD} {LONG_URL}", sides=sides)] * 3,
        next_events=[
            Event(
                description=f"Ministers meet again about {LONG_WORD} at {LONG_URL}",
                date="2025-02-13" if i % 2 == 0 else None,
                when="in the second half of next year, after the regional elections" if i else None,
                actors=[a.name for a in actors[:4]],
            )
            for i in range(5)
        ],
        source=Source(url=LONG_URL, title=None, sha256="0" * 64, chars=123456),
        provenance=Provenance(
            backend="openai",
            model=f"provider/{LONG_WORD}-instruct-2025-01-01-preview",
            prompt_version="p1-stress",
            generated_at="2025-02-13T10:00:00+00:00",
            duration_s=123.4,
            attempts=3,
            usage=Usage(prompt_tokens=123456, completion_tokens=65432),
        ),
    )


def stress_german() -> Briefing:
    """The stress briefing asked in German: longer headings and German dates."""
    b = stress()
    return b.model_copy(
        update={"provenance": b.provenance.model_copy(update={"language": "German"})}
    )


BRIEFINGS = {"reference": reference, "stress": stress, "stress-de": stress_german}


def digest_page() -> str:
    """A digest of the reference and the stress briefing, as an edition emails it."""
    from briefing.brief import digest

    d = digest.build(
        [("reference.txt", reference()), ("stress.txt", stress())],
        [],
        selection=digest.Counts(seen=9, duplicates=2, filtered=3, over_cap=2),
        title="Morning edition",
        edition="morning",
    )
    return render.digest(d, "html")


def archive_page() -> str:
    """The archive's index after three editions (two days of one, one of another)."""
    from datetime import date

    from briefing.brief import digest
    from briefing.output import archive

    folder = ARTIFACTS / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    for day, name, b in (
        (date(2026, 12, 1), "morning", stress()),
        (date(2026, 12, 2), "morning", reference()),
        (date(2026, 12, 2), "energy-and-climate-policy-weekly", stress()),
    ):
        d = digest.build([("a.txt", b)], [], title=f"{name} edition", edition=name)
        archive.keep(folder, d, day=day, name=name, html=render.digest(d, "html"))
    return (folder / "index.html").read_text(encoding="utf-8")


# Whole pages in the same design: the digest's articles and the archive's index.
PAGES = {"digest": digest_page, "archive": archive_page}


@pytest.fixture(scope="module")
def html_files() -> dict[str, Path]:
    """Each briefing rendered by render.to_html, written where the artifacts go.

    "<name>-inline" is a copy without the <style> block, as a mail client that drops it (and
    its media queries) shows the message: only the inlined styles remain.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    files = {}
    renders = {name: (lambda b=build: render.to_html(b())) for name, build in BRIEFINGS.items()}
    for name, make in {**renders, **PAGES}.items():
        html = make()
        start, end = html.index("<style>"), html.index("</style>") + len("</style>")
        for key, text in ((name, html), (f"{name}-inline", html[:start] + html[end:])):
            files[key] = ARTIFACTS / f"{key}.html"
            files[key].write_text(text, encoding="utf-8")
    return files


def _show(problems: list[str]) -> str:
    return "\n  ".join(problems[:15]) + (
        f"\n  … {len(problems) - 15} more" if len(problems) > 15 else ""
    )


CASES = [
    (name, width, scheme) for name in [*BRIEFINGS, *PAGES] for width in WIDTHS for scheme in SCHEMES
] + [(f"{name}-inline", width, "light") for name in [*BRIEFINGS, *PAGES] for width in WIDTHS]


@pytest.mark.parametrize(("name", "width", "scheme"), CASES)
def test_briefing_renders_in_browser(
    page: Page, html_files: dict[str, Path], name: str, width: int, scheme: str
) -> None:
    page.open(html_files[name].as_uri(), width=width, scheme=scheme)
    shot = ARTIFACTS / f"{name}-{width}-{scheme}.png"
    m = page.evaluate(MEASURE)
    page.screenshot(shot, width=width)
    where = f"{name} at {width} px, {scheme} (screenshot: {shot})"

    assert m["innerWidth"] == width and m["clientWidth"] == width, m
    assert m["darkQuery"] is (scheme == "dark"), f"{where}: colour scheme emulation failed"
    assert m["scrollWidth"] <= m["clientWidth"], (
        f"{where}: scrolls sideways, {m['scrollWidth']} px wide:\n  {_show(m['outside'])}"
    )
    assert not m["outside"], f"{where}: beyond the viewport:\n  {_show(m['outside'])}"
    assert not m["clipped"], f"{where}: text clipped:\n  {_show(m['clipped'])}"
    assert not m["spilled"], f"{where}: content wider than its box:\n  {_show(m['spilled'])}"
    assert not m["faint"], f"{where}: text below WCAG AA contrast:\n  {_show(m['faint'])}"
    if scheme == "dark":
        assert m["bodyLuminance"] < 0.05, f"{where}: body is {m['bodyBackground']}, not dark"
    else:
        assert m["bodyLuminance"] > 0.7, f"{where}: body is {m['bodyBackground']}, not light"


def test_dark_mode_changes_the_background(page: Page, html_files: dict[str, Path]) -> None:
    colours = {}
    for scheme in SCHEMES:
        page.open(html_files["reference"].as_uri(), width=600, scheme=scheme)
        colours[scheme] = page.evaluate(
            "[document.body, document.querySelector('.card')]"
            ".map((e) => getComputedStyle(e).backgroundColor)"
        )
    assert colours["light"][0] != colours["dark"][0], colours
    assert colours["light"][1] != colours["dark"][1], colours
