"""The analyst's .figures.yml through `govstats ingest`: figures.parquet records the source, the
checks run on the corrected figures, the input hash and page hashes move, the dashboard marks the
figure, and a bad sidecar skips its bulletin with one line naming the file and the key.

Real seed bulletin, real .source.yml provenance, the real CLI in a subprocess.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govstats.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def tables(out: Path) -> dict:
    from govstats.store import read_manifest, read_tables

    return {**read_tables(out), "_hash": read_manifest(out)["input_hash"]}


def test_sidecar_through_ingest(tmp_path):
    from govstats.report.dashboard import load
    from govstats.report.pages import Page, page_hashes

    raw, out = tmp_path / "raw", tmp_path / "processed"
    p = raw / "咸阳市" / "2025Q1" / SEED.name
    p.parent.mkdir(parents=True)
    data = SEED.read_bytes()
    p.write_bytes(data)
    p.with_name(p.name + ".source.yml").write_text(
        yaml.safe_dump({"url": "https://example.gov.cn/x", "sha256": hashlib.sha256(data).hexdigest()}), encoding="utf-8")

    r = cli("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert r.returncode == 0, r.stderr
    before = tables(out)
    assert set(before["figures"]["source"]) == {"text"}
    nm = before["checks"].set_index("check").loc["newmedia_pass_rate"]
    assert bool(nm["ok"]) is True  # 287/293 printed 97.95 %
    page = Page("dashboard", "咸阳市", "2025Q1")

    # the analyst says 300 accounts were checked: 294/300 = 98.00 %, so the printed 97.95 % is now an error
    side = p.with_name(p.name + ".figures.yml")
    side.write_text("newmedia_checked: 300\n", encoding="utf-8")
    r = cli("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert r.returncode == 0, r.stderr
    after = tables(out)
    f = after["figures"]
    row = f[f["measure"].eq("newmedia_checked")].iloc[0]
    assert (row["value"], row["source"]) == (300, "analyst")
    assert set(f[f["measure"].ne("newmedia_checked")]["source"]) == {"text"}
    nm = after["checks"].set_index("check").loc["newmedia_pass_rate"]
    assert bool(nm["ok"]) is False and nm["severity"] == "error" and "300" in nm["message"]
    assert after["_hash"] != before["_hash"]
    assert page_hashes([page], after)[page] != page_hashes([page], before)[page]
    d = load("咸阳市", "2025Q1", tables=after)
    head = d.headline_frame().set_index("项目")
    assert head.loc["检查数量", "政务新媒体"].endswith("※") and not head.loc["检查数量", "政府网站"].endswith("※")
    assert "分析人员核定" in str(d.headline())
    assert p.read_bytes() == data  # data/raw is never written

    # an edit of the sidecar alone moves the input hash again
    side.write_text("newmedia_checked: 293\n", encoding="utf-8")
    assert cli("ingest", str(raw), "--out", str(out), "--workers", "1").returncode == 0
    assert tables(out)["_hash"] not in (before["_hash"], after["_hash"])

    # a bad key: the bulletin is skipped with one line naming the sidecar and the key, exit 2
    side.write_text("newmedia_checkd: 293\n", encoding="utf-8")
    r = cli("ingest", str(raw), "--out", str(out), "--workers", "1")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "figures.yml" in ln]
    assert len(lines) == 1 and "unknown figure key 'newmedia_checkd'" in lines[0] and SEED.name in lines[0], r.stderr
