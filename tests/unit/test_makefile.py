"""`make all` (the main job) needs no root: the test tools (Chromium, LibreOffice, pdftoppm) are installed
for `make test` only."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_all_does_not_install_chromium():
    def plan(target: str) -> str:
        r = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout

    assert "install_test_tools" not in plan("all") and "apt-get" not in plan("all")
    assert "install_test_tools" in plan("test")
