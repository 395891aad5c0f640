"""Packaging: environment.yml and pyproject.toml agree; `import govstats` stays light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins_pyproject() -> dict[str, str]:
    proj = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(proj["dependencies"]) + [r for extra in proj["optional-dependencies"].values() for r in extra]
    out = {}
    for r in reqs:
        name, _, ver = r.partition("==")
        out[_norm(name)] = ver
    return out


def _pins_environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for r in dep.get("pip", []):
                name, _, ver = r.partition("==")
                out[_norm(name)] = ver
        else:
            name, _, ver = dep.partition("=")
            out[_norm(name)] = ver
    out.pop("python", None)
    out.pop("pip", None)
    return out


def test_environment_yml_matches_pyproject():
    assert _pins_environment() == _pins_pyproject()


def test_import_is_light():
    code = (
        "import sys, govstats, govstats.corpus, govstats.report.display, govstats.report.docs;"
        "heavy = [m for m in ('great_expectations', 'plotly', 'papermill', 'nbclient', 'nbconvert', 'openpyxl',"
        " 'lxml', 'opencc')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_every_module_imports():
    import importlib
    import pkgutil

    import govstats

    for m in pkgutil.walk_packages(govstats.__path__, "govstats."):
        importlib.import_module(m.name)
