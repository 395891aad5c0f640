"""scripts/add_raw.py writes only inside the raw folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "add_raw.py"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("region", "period"), [("../../x", "2025Q1"), ("咸阳市", "../.."), ("..", "x"), ("/abs", "2025Q1"),
                                                ("a\nb", "2025Q1")])
def test_region_or_period_cannot_leave_the_raw_folder(tmp_path, region, period):
    raw = tmp_path / "box" / "data" / "raw"
    raw.mkdir(parents=True)
    src = tmp_path / "b.txt"
    src.write_text("通报", encoding="utf-8")
    r = run(str(src), "--region", region, "--period", period, "--url", "https://x.gov.cn/", "--raw", str(raw))
    assert r.returncode != 0
    assert "single folder or file name" in r.stderr
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file() and p != src)
    assert written == [], written


def test_symlinked_region_pointing_outside_is_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (raw / "咸阳市").symlink_to(tmp_path / "elsewhere")
    src = tmp_path / "b.txt"
    src.write_text("通报", encoding="utf-8")
    r = run(str(src), "--region", "咸阳市", "--period", "2025Q1", "--url", "https://x.gov.cn/", "--raw", str(raw))
    assert r.returncode != 0 and "outside" in r.stderr
    assert not any((tmp_path / "elsewhere").rglob("*"))


def test_normal_add_writes_file_and_sidecar(tmp_path):
    raw = tmp_path / "raw"
    src = tmp_path / "b.txt"
    src.write_text("通报", encoding="utf-8")
    r = run(str(src), "--region", "咸阳市", "--period", "2025Q1", "--url", "https://x.gov.cn/", "--raw", str(raw))
    assert r.returncode == 0, r.stderr
    assert (raw / "咸阳市" / "2025Q1" / "b.txt").read_text(encoding="utf-8") == "通报"
    assert (raw / "咸阳市" / "2025Q1" / "b.txt.source.yml").is_file()
