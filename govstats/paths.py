"""Every location govstats uses, found from the package or the environment, never from the cwd.

    GOVSTATS_HOME   the project folder (holds data/raw, data/processed, reports/, gx_docs/)
    GOVSTATS_DATA   the data folder alone (holds raw/ and processed/), when it lives elsewhere

Without GOVSTATS_HOME the project is the source checkout this package was imported from (an
editable install or a run from the repository), else ``~/.local/share/govstats`` (XDG). The
working folder never matters, so the dashboard notebook opened in JupyterLab from
``notebooks/reports/`` finds the same tables as ``govstats report`` run from the project root.

The suites and the report notebook are package data: ``govstats/expectations`` and
``govstats/notebooks`` are symlinks to the repository's ``expectations/`` and
``notebooks/reports/`` (the canonical files), which setuptools copies into wheels.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent

__all__ = [
    "PACKAGE_DIR",
    "data_dir",
    "docs_dir",
    "ledger_dir",
    "notebook",
    "notebooks_dir",
    "processed_dir",
    "project_root",
    "raw_dir",
    "reports_dir",
    "suites_dir",
]


def _env_dir(name: str) -> Path | None:
    v = os.environ.get(name, "").strip()
    return Path(v).expanduser().resolve() if v else None


def _checkout() -> Path | None:
    """The repository this package was imported from (editable install or source run), if any."""
    root = PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root
    return None


def project_root() -> Path:
    """GOVSTATS_HOME, else the source checkout of this package, else the per-user data folder."""
    home = _env_dir("GOVSTATS_HOME")
    if home is not None:
        return home
    checkout = _checkout()
    if checkout is not None:
        return checkout
    xdg = _env_dir("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return xdg / "govstats"


def data_dir() -> Path:
    """GOVSTATS_DATA, else <project>/data."""
    return _env_dir("GOVSTATS_DATA") or project_root() / "data"


def raw_dir() -> Path:
    """Immutable inputs: <data>/raw."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """The processed tables: <data>/processed (see govstats.store)."""
    return data_dir() / "processed"


def reports_dir() -> Path:
    """Dashboards, index and ledgers: <project>/reports."""
    return project_root() / "reports"


def ledger_dir() -> Path:
    return reports_dir() / "ledger"


def docs_dir() -> Path:
    """Great Expectations Data Docs: <project>/gx_docs."""
    return project_root() / "gx_docs"


def suites_dir() -> Path:
    """The Great Expectations suites shipped with the package (expectations/<table>.json)."""
    return PACKAGE_DIR / "expectations"


def notebooks_dir() -> Path:
    """The report notebooks shipped with the package (the repository's notebooks/reports/)."""
    return PACKAGE_DIR / "notebooks"


def notebook(name: str = "quarterly_dashboard") -> Path:
    """A report notebook shipped with the package (default: the quarterly dashboard)."""
    return notebooks_dir() / f"{name}.ipynb"
