"""Headless Chromium for the page tests: offline (no host resolves), a probe script read back from the DOM."""

from __future__ import annotations

import html
import json
import re
import subprocess
import tempfile
from pathlib import Path


def run_chromium(chromium: str, page: Path, *args: str) -> subprocess.CompletedProcess:
    """Chromium headless on page with extra args (--dump-dom, --screenshot=…); every host is unresolvable,
    so anything drawn was drawn offline."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--hide-scrollbars",
               "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
               f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
               "--allow-file-access-from-files", "--virtual-time-budget=6000", "--window-size=1200,2400", *args,
               page.resolve().as_uri()]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return res


def probe(chromium: str, page: Path, script: str) -> dict:
    """Run page with script (which writes "PROBE" + JSON into #gs-probe) and return that JSON.

    The probe copy sits beside the page, so its relative link to the shared plotly.js still resolves."""
    copy = page.with_name(f".probe-{page.name}")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>", 1), encoding="utf-8")
    try:
        dom = run_chromium(chromium, copy, "--dump-dom").stdout
    finally:
        copy.unlink()
    m = re.search(r"PROBE(\{.*\})</div>", dom, re.S)
    assert m, "probe did not run (page script error?)"
    return json.loads(html.unescape(m.group(1)))
