"""A wheel install finds its suites and notebook; the dashboard runs from any folder.

Slow: builds a wheel (setuptools in pip's build isolation) and starts a kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A project folder elsewhere (GOVSTATS_HOME) with 咸阳市's bulletins ingested."""
    from govstats.ingest import ingest

    h = tmp_path_factory.mktemp("home")
    shutil.copytree(ROOT / "data" / "raw" / "咸阳市", h / "data" / "raw" / "咸阳市")
    assert ingest(h / "data" / "raw", h / "data" / "processed", workers=1).bulletins == 2
    return h


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_wheel_install_finds_suites_and_notebook(tmp_path, home):
    """Not editable: the wheel's own files, run from a folder that is not the checkout."""
    wheels = tmp_path / "wheels"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                        *map(str, wheels.glob("govstats-*.whl"))], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    # the venv's dependencies, but govstats from the wheel (PYTHONPATH comes before site-packages)
    env = {**os.environ, "PYTHONPATH": str(target), "GOVSTATS_HOME": str(home)}
    work = tmp_path / "cwd"
    work.mkdir()

    def py(code: str) -> str:
        r = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        return r.stdout

    info = json.loads(py("import json, govstats, govstats.validate as v; from govstats import paths; "
                         "print(json.dumps([govstats.__file__, str(paths.suites_dir()), str(paths.notebook()), "
                         "str(v.SUITES_DIR), sorted(p.name for p in paths.suites_dir().glob('*.json'))]))"))
    pkg, suites, notebook, vsuites, names = info
    assert Path(pkg).is_relative_to(target) and Path(suites).is_relative_to(target), info
    assert Path(notebook).is_relative_to(target) and Path(notebook).is_file() and vsuites == suites
    assert names == ["bulletins.json", "checks.json", "figures.json", "new_media.json", "websites.json"]

    line = py(f"from govstats.cli import main; raise SystemExit(main(['extract', '--json', {str(SEED)!r}]))")
    assert json.loads(line)["bulletin"]["region"] == "咸阳市"
    r = subprocess.run([sys.executable, "-c", "from govstats.cli import main; raise SystemExit(main(['validate', '--docs', '']))"],
                       cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode in (0, 1) and "schema failures" in r.stdout, r.stdout + r.stderr


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_dashboard_notebook_runs_from_its_own_folder(tmp_path, home, monkeypatch):
    """JupyterLab starts the kernel in notebooks/reports/; the default data_dir must still be found."""
    import papermill as pm

    from govstats import paths
    from govstats.report.kernel import KERNEL_MANAGER

    monkeypatch.setenv("GOVSTATS_HOME", str(home))  # inherited by the kernel
    out = tmp_path / "run.ipynb"
    pm.execute_notebook(str(paths.notebook()), str(out), parameters={"region": "咸阳市", "quarter": "2025Q1"},
                        kernel_name="python3", cwd=str(ROOT / "notebooks" / "reports"), progress_bar=False,
                        shutdown_kernel="immediate", kernel_manager_class=KERNEL_MANAGER)
    text = out.read_text(encoding="utf-8")
    assert "run govstats ingest first" not in text and "咸阳市" in text


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_report_command_from_another_folder(tmp_path, home):
    env = {**os.environ, "GOVSTATS_HOME": str(home)}
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "report", "--region", "咸阳市", "--quarter", "2025Q1"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.splitlines()[-1]) == home / "reports" / "咸阳市" / "2025Q1.html"
    assert list(tmp_path.iterdir()) == []
