"""End to end, hostile: kill -9 / kill of a running `govstats ingest` (issue 22.1).

The run is two thousand bulletins, so the pool is busy when the signal lands; afterwards the
workers must be gone within seconds and the next ingest must be let in, not refused with
"another govstats run (pid N) is writing".
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.helpers.procs import alive, children

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
GOVSTATS = [sys.executable, "-m", "govstats.cli"]


def _add(raw: Path, rel: str, data: bytes) -> None:
    p = raw / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    side = {"url": "https://example.gov.cn/x", "sha256": hashlib.sha256(data).hexdigest()}
    p.with_name(p.name + ".source.yml").write_text(yaml.safe_dump(side), encoding="utf-8")




@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
@pytest.mark.timeout(300)
def test_killed_ingest_leaves_no_workers_and_no_lock(tmp_path, sig):
    raw, out = tmp_path / "raw", tmp_path / "out"
    text = SEED.read_text(encoding="utf-8")
    for i in range(2000):  # enough that an idle 2-core machine is still parsing after the pause below
        _add(raw, f"咸阳市/2025Q1/copy{i:04d}.txt", text.replace("咸阳市人民政府办公室", f"咸阳市人民政府办公室{i}").encode())
    proc = subprocess.Popen([*GOVSTATS, "ingest", str(raw), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        end = time.monotonic() + 120
        while time.monotonic() < end and len(workers) < 2 and proc.poll() is None:
            workers = children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest never started its pool workers"
        time.sleep(0.5)  # the pool is parsing: well into the run, as in the report
        assert proc.poll() is None, "the ingest finished before it could be killed; use more files"
        proc.send_signal(sig)
        proc.wait(timeout=30)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 5 and any(alive(p) for p in workers):
            time.sleep(0.05)
        left = [p for p in workers if alive(p)]
        assert left == [], f"pool workers {left} outlived the killed ingest"
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in workers:
            if alive(p):
                os.kill(p, signal.SIGKILL)
    small = tmp_path / "small"
    _add(small, "咸阳市/2025Q1/xianyang-2025q1.txt", SEED.read_bytes())
    r = subprocess.run([*GOVSTATS, "ingest", str(small), "--out", str(out)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert not [p for p in out.iterdir() if p.name.startswith(".gen-") and p.name != os.readlink(out / "current")
                and p.name != (os.readlink(out / "previous") if (out / "previous").is_symlink() else None)]


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs (root only; skipped where mounting is not permitted)."""
    d = tmp_path / "disk"
    d.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(d)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {r.stderr.strip()}")
    try:
        yield d
    finally:
        subprocess.run(["umount", str(d)], check=False)


@pytest.mark.parametrize("room", [0, 8192])
@pytest.mark.timeout(300)
def test_full_disk_leaves_no_partial_generation(tmp_path, small_disk, room):
    """A real full disk (issue 22.8): ingest exits 2 with one line naming the path, removes its
    partial generation, keeps the published tables; with room again the next ingest succeeds."""
    raw, out = tmp_path / "raw", small_disk / "processed"
    _add(raw, "咸阳市/2025Q1/xianyang-2025q1.txt", SEED.read_bytes())
    first = subprocess.run([*GOVSTATS, "ingest", str(raw), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert first.returncode == 0, first.stderr
    published = os.readlink(out / "current")
    st = os.statvfs(small_disk)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - room))  # a generation needs more than 8 KB
    r = subprocess.run([*GOVSTATS, "ingest", str(raw), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0] and str(out) in lines[0], lines
    assert [p.name for p in out.iterdir() if p.name.startswith(".gen-")] == [published]
    assert os.readlink(out / "current") == published
    filler.unlink()
    again = subprocess.run([*GOVSTATS, "ingest", str(raw), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
