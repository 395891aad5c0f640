"""Narrative figures of a bulletin (counts and rates with their provenance).

`vocab` holds the words (platforms, check verbs, census and outcome cues) as data. The reader is
factored by decision, one module each: `sentences` (where a statement ends), `scope` (this
bulletin's period and whole area, or not), `channel` (websites / new media), `role` (total, checked,
outcomes), `counts` and `rates` (the numbers of a sentence), `decode` (one value per key, abstention),
`platforms` (the per-platform breakdown); `reader` runs them. Import from here.
"""

from govstats.parse.figures.figure import BREAKDOWN_KEYS, EXTRA_KEYS, FIGURE_KEYS, Figure
from govstats.parse.figures.reader import extract_figures, figures_dict
from govstats.parse.figures.sentences import split_sentences
from govstats.parse.figures.vocab import PLATFORM_RE_SRC as _PLATFORM

__all__ = [
    "BREAKDOWN_KEYS",
    "EXTRA_KEYS",
    "FIGURE_KEYS",
    "Figure",
    "_PLATFORM",
    "extract_figures",
    "figures_dict",
    "split_sentences",
]
