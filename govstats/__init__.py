"""govstats: inspection bulletins on government websites and new media, as validated tables.

    import govstats
    b = govstats.load_bulletin("data/raw/咸阳市/2025Q1/xianyang-2025q1.txt")
    b.meta, b.figures, b.websites, b.new_media, b.checks

Heavy libraries (Great Expectations, Plotly, Papermill) are imported only where used, so
``import govstats`` stays about as fast as ``import pandas``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "load_bulletin", "load_corpus", "Bulletin", "Corpus", "Quarter"]

if TYPE_CHECKING:
    from govstats.bulletin import Bulletin, load_bulletin
    from govstats.corpus import Corpus, load_corpus
    from govstats.quarter import Quarter

_LAZY = {
    "load_bulletin": "govstats.bulletin",
    "Bulletin": "govstats.bulletin",
    "load_corpus": "govstats.corpus",
    "Corpus": "govstats.corpus",
    "Quarter": "govstats.quarter",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'govstats' has no attribute {name!r}")
