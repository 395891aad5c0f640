"""A hung LibreOffice never stays behind (issue 22.3).

A LibreOffice that hangs on a file cannot be produced on demand, so a stand-in `soffice` on PATH
behaves like one: a launcher that starts a child (as soffice starts soffice.bin) and both wait
forever. What is tested is real: the process group is killed when the conversion limit or the
caller's per-file alarm fires, and the conversion limit fits inside the per-file limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from govstats.errors import BulletinError
from tests.helpers.procs import alive

ROOT = Path(__file__).resolve().parents[3]



@pytest.fixture
def hung_soffice(tmp_path, monkeypatch):
    """PATH with a `soffice` that hangs; yields the file its processes write their pids to."""
    bin_dir, marks = tmp_path / "bin", tmp_path / "pids"
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    exe.write_text(f'#!/bin/sh\necho $$ >> "{marks}"\nsleep 300 &\necho $! >> "{marks}"\nwait\n', encoding="utf-8")
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    yield marks
    if marks.exists():  # never leave them behind, whatever the test found
        for pid in map(int, marks.read_text().split()):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def _pids(marks: Path) -> list[int]:
    end = time.monotonic() + 10
    while time.monotonic() < end and (not marks.exists() or len(marks.read_text().split()) < 2):
        time.sleep(0.05)
    return [int(x) for x in marks.read_text().split()]


def _doc(tmp_path: Path) -> Path:
    p = tmp_path / "通报.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 2000)
    return p


def test_conversion_limit_fits_inside_the_per_file_limit(tmp_path, hung_soffice):
    from govstats.ingest import _time_limit
    from govstats.readers.convert import read_legacy

    t0 = time.monotonic()
    with _time_limit(8.0), pytest.raises(BulletinError) as exc:  # ingest's per-file alarm, 8 s
        read_legacy(_doc(tmp_path))
    took = time.monotonic() - t0
    assert "LibreOffice did not convert the file within 6 s" in str(exc.value)  # its own limit fired first
    assert took < 8.0
    pids = _pids(hung_soffice)
    assert len(pids) == 2 and not [p for p in pids if alive(p)], "soffice (or its child) left running"


def test_per_file_alarm_during_conversion_kills_soffice(tmp_path, hung_soffice, monkeypatch):
    """Even when the alarm fires inside the wait (a caller's limit shorter than the conversion's)."""
    from govstats import ingest
    from govstats.readers import convert

    monkeypatch.setattr(convert, "convert_seconds", lambda: 100.0)
    with ingest._time_limit(1.5), pytest.raises(ingest.FileTimeout):
        convert.read_legacy(_doc(tmp_path))
    pids = _pids(hung_soffice)
    assert len(pids) == 2 and not [p for p in pids if alive(p)], "soffice (or its child) left running"


@pytest.mark.timeout(120)
def test_ingest_skips_a_hung_conversion_and_leaves_nothing_running(tmp_path, hung_soffice):
    import hashlib

    import yaml

    raw = tmp_path / "raw" / "咸阳市" / "2025Q1"
    raw.mkdir(parents=True)
    doc = _doc(raw)
    doc.with_name(doc.name + ".source.yml").write_text(
        yaml.safe_dump({"sha256": hashlib.sha256(doc.read_bytes()).hexdigest()}), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "ingest", str(tmp_path / "raw"), "--out",
                        str(tmp_path / "out"), "--force"], capture_output=True, text=True, timeout=100, cwd=ROOT,
                       env={**os.environ, "GOVSTATS_FILE_TIMEOUT": "8"})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "通报.doc: LibreOffice did not convert the file within 6 s" in r.stderr, r.stderr
    pids = _pids(hung_soffice)
    assert not [p for p in pids if alive(p)], "soffice (or its child) left running"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux only")
@pytest.mark.timeout(120)
def test_soffice_dies_with_a_killed_caller(tmp_path, hung_soffice):
    """kill -9 of the process converting (an ingest worker whose parent was killed gets SIGKILL):
    nothing in it can clean up, yet LibreOffice and its child end too."""
    import shutil

    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    code = f"from pathlib import Path\nfrom govstats.readers.convert import read_legacy\nread_legacy(Path({str(_doc(tmp_path))!r}))\n"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        pids = _pids(hung_soffice)
        assert len(pids) == 2 and all(alive(p) for p in pids)
    finally:
        proc.kill()
        proc.wait()
    end = time.monotonic() + 5
    while time.monotonic() < end and any(alive(p) for p in pids):
        time.sleep(0.05)
    assert not [p for p in pids if alive(p)], "soffice (or its child) outlived the killed caller"
