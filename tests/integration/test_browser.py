"""The seed dashboard in a real headless Chromium, with every host unresolvable: charts must draw.

Skipped only when chromium is missing AND the CI variable is unset; under CI a missing browser
is a failure (the offline guarantee must be checked somewhere).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Counts drawn plots after plotly has had time to render (each drawn plot has 3 .main-svg).
PROBE = ('<div id="gs-probe"></div><script>setTimeout(function () {'
         'document.getElementById("gs-probe").textContent = "PROBE plots=" + '
         'document.querySelectorAll(".js-plotly-plot .main-svg").length + " plotly=" + (typeof window.Plotly);'
         "}, 1500);</script>")




@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    from govstats.ingest import ingest
    from govstats.report.pages import Page, render_pages

    d = tmp_path_factory.mktemp("browser")
    ingest(ROOT / "data" / "raw" / "咸阳市", d / "processed", workers=1)
    # the path `govstats build` takes: render_pages in a warm kernel
    (r,) = render_pages([Page("dashboard", "咸阳市", "2025Q1")], d / "processed", d / "reports", workers=1)
    assert r.error is None, r.error
    return r.path


def _dump_dom(chromium: str, page: Path) -> str:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
            f"--user-data-dir={profile}",
            # every host name fails to resolve: any external fetch would fail, so drawing proves offline
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=5000", "--window-size=1200,3000", "--dump-dom", page.resolve().as_uri(),
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


@pytest.mark.slow
def test_seed_dashboard_draws_offline(chromium, seed_page, tmp_path):
    html = seed_page.read_text(encoding="utf-8")
    probe = seed_page.with_name("probe.html")  # beside the page: its relative link to the shared plotly.js holds
    probe.write_text(html.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    dom = _dump_dom(chromium, probe)
    m = re.search(r"PROBE plots=(\d+) plotly=(\w+)", dom)
    assert m, "probe did not run (page script error?)"
    assert m.group(2) == "object"
    assert int(m.group(1)) >= 4 * 3, f"only {int(m.group(1)) // 3} chart(s) drew"
    text = re.sub(r"<[^>]+>", " ", dom)
    assert "293" in text and "97.95" in text and "2025年第一季度" in text


def test_seed_html_has_no_external_urls(seed_page):
    from govstats.report.render import external_urls

    html = seed_page.read_text(encoding="utf-8")
    assert external_urls(html) == []
    # belt and braces, independent of external_urls(): no script/link/img/iframe loads anything remote
    tags = re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html, re.I)
    assert not [t for t in tags if re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", t, re.I)]
    # plotly.js is not inlined: one script loads the shared copy beside the pages by a relative path
    srcs = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert len(srcs) == 1 and srcs[0].startswith("../plotly-") and not re.findall(r"plotly\.js v\d", html)
    shared = (seed_page.parent / srcs[0]).resolve()
    assert len(re.findall(r"plotly\.js v\d", shared.read_text(encoding="utf-8")[:2000])) == 1
