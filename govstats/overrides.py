"""The analyst's last word: `<raw file>.figures.yml` beside a bulletin overrides or adds figures.

    # data/raw/咸阳市/2025Q1/xianyang-2025q1.txt.figures.yml
    newmedia_checked: 293          # replaces (or adds) the reading of the text
    newmedia_unqualified: null     # drops the text's reading: the bulletin states no such figure
    newmedia_pass_rate: "97.90%"   # a rate; quoted or not, the printed decimals are kept (97.90 -> 2)
    newmedia_by_platform: {微信公众号: 218, 抖音: 6}   # a breakdown replaces every item of the text's

No figure reader is perfect (README, accuracy section): where an analyst has read the bulletin and
the extractor got a figure wrong, this file corrects it without touching data/raw. Keys are the figure
vocabulary of `govstats.parse.figures` (FIGURE_KEYS, EXTRA_KEYS, BREAKDOWN_KEYS); an unknown key or a
value that cannot be that figure is a BulletinError naming the sidecar and the key (the CLI's one
line, exit 2). The YAML is read by the safe loader's composer only: no Python object is ever
constructed from it, and each scalar keeps its printed text (so 97.90 keeps two decimals).

Figures from this file carry source "analyst" in figures.parquet; the checks run on the corrected
figures, so an analyst value can both clear a false flag and ground a real one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats.errors import BulletinError

if TYPE_CHECKING:
    from govstats.parse.figures import Figure

SUFFIX = ".figures.yml"
MAX_BYTES = 100_000  # a sidecar is a few lines; anything larger is not one
SOURCE_TEXT, SOURCE_ANALYST = "text", "analyst"

_COUNT = re.compile(r"[0-9]+")
_RATE = re.compile(r"(?P<num>[0-9]+(?:\.(?P<dec>[0-9]+))?)\s*%?")
_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class Override:
    """One analyst entry: key, value (None drops the text's reading), printed text, decimals."""

    key: str
    value: float | dict[str, int] | None
    text: str
    precision: int | None = None


@dataclass
class Overrides:
    """The parsed sidecar of one bulletin: its path, its entries in file order and its digest."""

    path: Path
    entries: list[Override] = field(default_factory=list)
    sha256: str = ""

    @property
    def keys(self) -> set[str]:
        return {e.key for e in self.entries}


def sidecar_path(raw: str | Path) -> Path:
    """Where the analyst's figures of a raw file (or bulletin folder) live: `<name>.figures.yml` beside it."""
    p = Path(raw)
    return p.with_name(p.name + SUFFIX)


def sidecar_digest(raw: str | Path) -> str | None:
    """SHA-256 of the sidecar's bytes, or None when the bulletin has none (for ingest's input hash)."""
    side = sidecar_path(raw)
    try:
        return hashlib.sha256(side.read_bytes()).hexdigest() if side.is_file() else None
    except OSError:
        return None


def _keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(plain figure keys, breakdown keys) of the figure vocabulary."""
    from govstats.parse.figures import BREAKDOWN_KEYS, EXTRA_KEYS, FIGURE_KEYS

    return tuple(FIGURE_KEYS) + tuple(EXTRA_KEYS), tuple(BREAKDOWN_KEYS)


def is_rate(key: str) -> bool:
    """Rate keys end in _rate (pass, coverage, annual report); every other plain key is a count."""
    return key.endswith("_rate")


def read_overrides(raw: str | Path) -> Overrides | None:
    """The sidecar of a raw file parsed and validated, or None when there is none.

    Raises BulletinError(raw, "<sidecar>: <key>: <problem>") on a bad sidecar: a bulletin whose
    analyst file cannot be applied is not read with the text's figures instead.
    """
    side = sidecar_path(raw)
    try:  # one lstat for the common case, a bulletin without a sidecar
        os.lstat(side)
    except FileNotFoundError:
        return None
    except OSError:
        pass  # reported below with its reason
    try:
        if not side.is_file():
            raise BulletinError(raw, f"{side.name}: not a regular file")
        if side.stat().st_size > MAX_BYTES:
            raise BulletinError(raw, f"{side.name}: larger than {MAX_BYTES} bytes, not a figures file")
        data = side.read_bytes()
    except OSError as exc:
        raise BulletinError(raw, f"{side.name}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BulletinError(raw, f"{side.name}: not UTF-8 text") from None
    return Overrides(path=side, entries=parse_overrides(text, raw, side.name),
                     sha256=hashlib.sha256(data).hexdigest())


def parse_overrides(text: str, raw: str | Path, name: str) -> list[Override]:
    """Entries of a sidecar's text (name: the sidecar's file name, for the error line)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)  # nodes only: nothing is constructed
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise BulletinError(raw, f"{name}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise BulletinError(raw, f"{name}: expected a mapping of figure keys to values (newmedia_checked: 293)")
    plain, breakdowns = _keys()
    out: list[Override] = []
    seen: set[str] = set()
    for knode, vnode in root.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else None
        if not isinstance(key, str) or key not in plain + breakdowns:
            import difflib  # only on this error path: the import costs start-up of every extract

            near = difflib.get_close_matches(str(key), plain + breakdowns, n=1)
            hint = f" (did you mean {near[0]}?)" if near else f"; figure keys: {', '.join(plain + breakdowns)}"
            raise BulletinError(raw, f"{name}: unknown figure key {key!r}{hint}")
        if key in seen:
            raise BulletinError(raw, f"{name}: {key}: given twice")
        seen.add(key)
        if key in breakdowns:
            out.append(_breakdown(vnode, key, raw, name))
        else:
            out.append(_plain(vnode, key, raw, name))
    return out


def _scalar(node: Any, key: str, raw: str | Path, name: str, what: str) -> tuple[str, str] | None:
    """(tag suffix, printed text) of a scalar node; None for null; BulletinError for anything else."""
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise BulletinError(raw, f"{name}: {key}: expected {what}, got a {type(node).__name__[:-4].lower()}")
    tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag
    if tag == "null":
        return None
    if tag not in ("int", "float", "str"):
        raise BulletinError(raw, f"{name}: {key}: {node.value!r} is not {what}")
    return tag, node.value.strip()


def _plain(node: Any, key: str, raw: str | Path, name: str) -> Override:
    if is_rate(key):
        what = "a rate in percent from 0 to 100 (97.95 or \"97.95%\"), or null to drop the reading"
        s = _scalar(node, key, raw, name, what)
        if s is None:
            return Override(key, None, "null")
        m = _RATE.fullmatch(s[1])
        if m is None or float(m["num"]) > 100:
            raise BulletinError(raw, f"{name}: {key}: {s[1]!r} is not {what}")
        return Override(key, float(m["num"]), f"{m['num']}%", len(m["dec"] or ""))
    what = "a count (a whole number ≥ 0), or null to drop the reading"
    s = _scalar(node, key, raw, name, what)
    if s is None:
        return Override(key, None, "null")
    if _COUNT.fullmatch(s[1]) is None:  # 293 or "293"; not 293.5, -3, 0x1F or 1_000
        raise BulletinError(raw, f"{name}: {key}: {s[1]!r} is not {what}")
    return Override(key, float(int(s[1])), s[1])


def _breakdown(node: Any, key: str, raw: str | Path, name: str) -> Override:
    import yaml

    what = "a mapping of printed labels to counts ({微信公众号: 218}), or null to drop the items"
    if isinstance(node, yaml.ScalarNode):
        if _scalar(node, key, raw, name, what) is None:
            return Override(key, None, "null")
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise BulletinError(raw, f"{name}: {key}: expected {what}")
    items: dict[str, int] = {}
    for lnode, cnode in node.value:
        label = lnode.value.strip() if isinstance(lnode, yaml.ScalarNode) else ""
        if not label or label in items:
            raise BulletinError(raw, f"{name}: {key}: label {label!r} is empty or given twice")
        s = _scalar(cnode, f"{key}.{label}", raw, name, "a count (a whole number ≥ 0)")
        if s is None or _COUNT.fullmatch(s[1]) is None:
            raise BulletinError(raw, f"{name}: {key}.{label}: not a count (a whole number ≥ 0)")
        items[label] = int(s[1])
    return Override(key, items, ", ".join(f"{k}: {v}" for k, v in items.items()))


def apply_overrides(figs: list[Figure], ov: Overrides | None) -> tuple[list[Figure], set[tuple[str, str | None]]]:
    """(figures with the analyst's entries applied, {(measure, breakdown)} entered by the analyst).

    An entry replaces every figure of its key the text gave (or adds one); null drops them. The
    result keeps the text's order (vocabulary order for added keys) and the list's `abstained` notes.
    An analyst figure is never `ambiguous` (a new Figure): the analyst has decided the reading.
    """
    if ov is None or not ov.entries:
        return figs, set()
    from govstats.parse.figures import Figure

    by_key = {e.key: e for e in ov.entries}
    analyst: set[tuple[str, str | None]] = set()
    kept = [f for f in figs if f.measure not in by_key]
    added: list[Figure] = []
    for e in ov.entries:
        if e.value is None:
            continue
        sentence = f"{ov.path.name}: {e.key}: {e.text}"  # the analyst's line is the figure's source
        if isinstance(e.value, dict):
            for label, n in e.value.items():
                added.append(Figure(measure=e.key, value=float(n), unit="count", precision=None,
                                    stated_text=str(n), sentence=sentence, span_start=None,  # type: ignore[arg-type]
                                    span_end=None, breakdown=label))  # type: ignore[arg-type]
                analyst.add((e.key, label))
        else:
            rate = is_rate(e.key)
            added.append(Figure(measure=e.key, value=e.value, unit="pct" if rate else "count",
                                precision=e.precision if rate else None, stated_text=e.text, sentence=sentence,
                                span_start=None, span_end=None))  # type: ignore[arg-type]
            analyst.add((e.key, None))
    plain, breakdowns = _keys()
    order = {k: i for i, k in enumerate(plain + breakdowns)}
    # plain figures in vocabulary order, then breakdown items (a stable sort keeps the text's order)
    merged = sorted(kept + added, key=lambda f: (f.breakdown is not None, order.get(f.measure, len(order))))
    out = type(figs)(merged)
    if hasattr(figs, "abstained"):
        out.abstained = figs.abstained  # type: ignore[attr-defined]
    return out, analyst
