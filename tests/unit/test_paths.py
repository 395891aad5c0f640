"""Every location comes from the package or the environment, never from the working folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _paths_from(cwd: Path, env: dict | None = None) -> dict:
    import os

    code = ("import json; from govstats import paths; print(json.dumps({k: str(getattr(paths, k)()) for k in "
            "('project_root', 'raw_dir', 'processed_dir', 'reports_dir', 'suites_dir', 'notebook')}))")
    r = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60,
                       env={**os.environ, **(env or {})})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_same_locations_from_any_working_folder(tmp_path):
    here = _paths_from(ROOT)
    assert _paths_from(tmp_path) == here == _paths_from(ROOT / "notebooks" / "reports")
    assert here["processed_dir"] == str(ROOT / "data" / "processed")


def test_environment_overrides(tmp_path):
    got = _paths_from(tmp_path, {"GOVSTATS_HOME": str(tmp_path / "home")})
    assert got["raw_dir"] == str(tmp_path / "home" / "data" / "raw")
    assert got["reports_dir"] == str(tmp_path / "home" / "reports")
    got = _paths_from(tmp_path, {"GOVSTATS_DATA": str(tmp_path / "d")})
    assert got["processed_dir"] == str(tmp_path / "d" / "processed")


def test_suites_and_notebook_are_package_data():
    from govstats import paths

    assert sorted(p.name for p in paths.suites_dir().glob("*.json")) == sorted(
        p.name for p in (ROOT / "expectations").glob("*.json"))
    assert paths.notebook().read_bytes() == (ROOT / "notebooks" / "reports" / "quarterly_dashboard.ipynb").read_bytes()
    assert paths.suites_dir().resolve().is_relative_to(paths.PACKAGE_DIR) or paths.suites_dir().is_relative_to(
        paths.PACKAGE_DIR)


def test_cli_defaults_ignore_the_working_folder(tmp_path, monkeypatch):
    """`govstats ingest` / `validate` run elsewhere use the project's folders (GOVSTATS_HOME)."""
    import os
    import shutil

    home = tmp_path / "home"
    shutil.copytree(ROOT / "data" / "raw" / "咸阳市", home / "data" / "raw" / "咸阳市")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "GOVSTATS_HOME": str(home)}
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "ingest"], cwd=elsewhere, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (home / "data" / "processed" / "bulletins.parquet").is_file()
    assert list(elsewhere.iterdir()) == []
    from govstats import load_corpus
    from govstats.corpus import default_processed_dir

    monkeypatch.setenv("GOVSTATS_HOME", str(home))
    assert default_processed_dir() == home / "data" / "processed"
    assert len(load_corpus()) == 2


def test_names_from_data_are_one_safe_component():
    """Issue 22: a region "../../X" or "/abs" made writers leave their folder; bidi/zero-width characters vanish."""
    from govstats.paths import safe_component

    assert safe_component("咸阳市-2025Q1-draft") == "咸阳市-2025Q1-draft"
    for evil in ("../../X", "/etc/passwd", "..", "a/../../b", "C:\\x", "\u202e.exe", "\x00"):
        out = safe_component(evil)
        assert "/" not in out and "\\" not in out and out not in ("", ".", "..") and not out.startswith(".")
    assert safe_component("咸阳\u202e市\u200b") == "咸阳市"
    assert len(safe_component("长" * 500).encode("utf-8")) <= 200


def test_ensure_under_refuses_targets_outside_the_folder(tmp_path):
    import pytest

    from govstats.errors import GovstatsError
    from govstats.paths import ensure_under

    assert ensure_under(tmp_path / "a" / "b.html", tmp_path) == (tmp_path / "a" / "b.html").resolve()
    for bad in (tmp_path / ".." / "x.html", Path("/etc/x"), tmp_path / "a" / ".." / ".." / "y"):
        with pytest.raises(GovstatsError, match="refusing to write outside"):
            ensure_under(bad, tmp_path)
    (tmp_path / "link").symlink_to("/tmp")
    with pytest.raises(GovstatsError):
        ensure_under(tmp_path / "link" / "x", tmp_path)
