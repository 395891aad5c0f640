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
    "ensure_under",
    "ledger_dir",
    "notebook",
    "notebooks_dir",
    "processed_dir",
    "project_root",
    "raw_dir",
    "reports_dir",
    "safe_component",
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


_UNSAFE_CHARS = set('/\\<>:"|?*')
MAX_COMPONENT_BYTES = 200  # file systems allow 255 bytes a name; room for suffixes such as -review.docx


def safe_component(name: str, fallback: str = "_") -> str:
    """One file or folder name built from data (a region, a quarter), safe to join under an output folder.

    Separators and characters Windows refuses become "_", control, format (bidi, zero-width) and
    other invisible characters are dropped, leading dots and spaces go (no "..", no hidden file), and
    the name is cut to MAX_COMPONENT_BYTES of UTF-8. This is the one place such names are made
    (issue 22: a region "../../X" wrote drafts two folders up); writers also check with ensure_under.
    """
    import unicodedata

    out = "".join("_" if ch in _UNSAFE_CHARS else ch for ch in name
                  if not unicodedata.category(ch).startswith(("C", "Z")) or ch == " ")
    out = out.strip().lstrip(". ").strip()
    while len(out.encode("utf-8")) > MAX_COMPONENT_BYTES:
        out = out[:-1]
    return out or fallback


def ensure_under(path: str | Path, folder: str | Path) -> Path:
    """path, resolved, when it lies inside folder (resolved, symlinks followed); else GovstatsError naming both."""
    from govstats.errors import GovstatsError

    p, root = Path(path).resolve(), Path(folder).resolve()
    if p != root and root not in p.parents:
        raise GovstatsError(f"{path}: refusing to write outside {folder}")
    return p
