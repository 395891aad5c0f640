"""Corpus scoring shared by the tests and benchmarks/corpus_eval.py: records, scores, planted errors.

Issue 21 item 7: tests must not import from benchmarks/, so what both need lives here and
benchmarks/corpus_eval.py (the CLI and its reports) and benchmarks/learned_figures.py import it.

Each corpus record carries `facts` (figures two readers found in the text), `optional` (keys only
one reader recorded: right when matched, not missed when absent) and `has_mismatch`. A key is
scored per record: a matching value is a true positive; a key extracted with a wrong value or not
stated at all is a false positive (and a wrong value is also a miss); a stated key not extracted
is a miss. `facts.other` is outside the vocabulary and not scored.

The checks are scored too: a record with a real mismatch must get at least one failed
pass-rate/coverage check, and a record without one must get no failed error-severity check.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from govstats.parse.figures import BREAKDOWN_KEYS, FIGURE_KEYS, Figure, extract_figures, figures_dict
from govstats.textnorm import normalize

#: The hand-checked corpus (tests/data/corpus/README.md).
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "corpus" / "bulletins.jsonl"
SCORED_KEYS = FIGURE_KEYS + BREAKDOWN_KEYS
RATE_CHECKS = ("website_pass_rate", "newmedia_pass_rate", "website_coverage_rate", "newmedia_coverage_rate")


def load_records(path: str | Path = DEFAULT_PATH) -> list[dict[str, Any]]:
    """The corpus records of a bulletins.jsonl, one dict per non-blank line."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _expected(v: Any) -> Any:
    """A facts value in the extractor's flat form: "97.95%" -> 97.95, dicts of counts as ints."""
    if isinstance(v, str):
        return float(v.strip().rstrip("%").replace("约为", "").replace("约", ""))
    if isinstance(v, dict):
        return {str(k): int(x) for k, x in v.items()}
    return v


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, dict) or isinstance(got, dict):
        return isinstance(got, dict) and isinstance(want, dict) and got == want
    return abs(float(got) - float(want)) < 1e-9


@dataclass
class KeyScore:
    """True positives, false positives and misses of one key (or construction, or set)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    """Scores of one evaluated set: per key, per construction, and the checks' outcomes."""

    keys: dict[str, KeyScore] = field(default_factory=lambda: defaultdict(KeyScore))
    tags: dict[str, KeyScore] = field(default_factory=lambda: defaultdict(KeyScore))
    errors: list[str] = field(default_factory=list)  # one line per FP / FN
    missed_mismatch: list[str] = field(default_factory=list)
    caught_mismatch: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    n_records: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> KeyScore:
        t = KeyScore()
        for s in self.keys.values():
            t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
        return t


def score_record(rec: dict[str, Any], got: dict[str, Any], report: Report, text: str | None = None) -> None:
    """Add one record's key outcomes to the report (and, given the normalized text, per construction)."""
    facts = dict(rec.get("facts") or {})
    other = facts.get("other") or {}
    if isinstance(other.get("newmedia_by_platform"), dict) and "newmedia_by_platform" not in facts:
        # the batch-3 readers filed the platform breakdown under `other`: it is still what they read
        facts["newmedia_by_platform"] = other["newmedia_by_platform"]
    optional = set(rec.get("optional") or [])
    rid = rec["id"]
    for key in SCORED_KEYS:
        has_want, has_got = key in facts, key in got
        if not has_want and not has_got:
            continue
        scores = [report.keys[key]]
        if text is not None:
            shown = facts[key] if has_want else _printed(got[key])
            scores += [report.tags[t] for t in construction_tags(rec, text, key, shown)]
        for s in scores:
            if has_want and has_got:
                if _same(got[key], _expected(facts[key])):
                    s.tp += 1
                    continue
                s.fp += 1
                if key not in optional:
                    s.fn += 1
            elif has_got:
                s.fp += 1
            elif key not in optional:
                s.fn += 1
        if has_want and has_got and not _same(got[key], _expected(facts[key])):
            report.errors.append(f"{rid}: {key} = {got[key]!r}, expected {facts[key]!r}")
        elif has_got and not has_want:
            report.errors.append(f"{rid}: {key} = {got[key]!r} not stated")
        elif has_want and not has_got and key not in optional:
            report.errors.append(f"{rid}: {key} missed (expected {facts[key]!r})")


def _printed(v: Any) -> Any:
    """An extracted value in the facts' form (rates as printed strings), for construction tagging."""
    if isinstance(v, float):
        return f"{v:g}%"
    return v


def mismatch_keys(rec: dict[str, Any]) -> set[str]:
    """Vocabulary keys (plus the new-media check rate) whose consistency entry is a real mismatch."""
    out = set()
    for name, c in (rec.get("consistency") or {}).items():
        if isinstance(c, dict) and c.get("mismatch") is True:
            if name in SCORED_KEYS or name in RATE_CHECKS:
                out.add(name)
            elif name in ("newmedia_check_rate", "newmedia_sample_ratio", "newmedia_check_ratio"):
                out.add("newmedia_coverage_rate")
    return out


def evaluate(records: list[dict[str, Any]], with_checks: bool = True) -> Report:
    """Run extraction (and reconciliation) on every record and score it."""
    from govstats.checks import reconcile

    report = Report(n_records=len(records))
    t0 = time.perf_counter()
    results: list[tuple[dict[str, Any], list[Figure], Any, str]] = []
    for rec in records:
        nt = normalize(rec["text"])
        figs = extract_figures(nt)
        checks = reconcile(figs, None, None, nt) if with_checks else []
        results.append((rec, figs, checks, nt.text))
    report.seconds = time.perf_counter() - t0
    for rec, figs, checks, text in results:
        score_record(rec, figures_dict(figs), report, text)
        if not with_checks:
            continue
        failed = [c for c in checks if not c.ok]
        keys = mismatch_keys(rec)
        if rec.get("has_mismatch") and keys:
            hits = [
                c
                for c in failed
                if c.check in RATE_CHECKS and c.check in keys and c.sentence and c.severity != "info"
            ]
            line = f"{rec['id']}: " + (
                "; ".join(f"[{c.severity}] {c.message}" for c in hits)
                or f"not caught ({', '.join(sorted(keys))})"
            )
            (report.caught_mismatch if hits else report.missed_mismatch).append(line)
        if not rec.get("has_mismatch"):
            for c in failed:
                if c.severity == "error":
                    report.false_alarms.append(f"{rec['id']}: [{c.check}] {c.message}")
    return report


def format_report(report: Report, title: str, verbose: bool = False) -> str:
    """The per-key table, the mismatches caught and missed, the false alarms and the timing."""
    lines = [
        f"== {title}: {report.n_records} bulletins",
        f"{'key':32} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>7} {'recall':>7}",
    ]
    for key in SCORED_KEYS:
        s = report.keys.get(key)
        if s is None or s.tp + s.fp + s.fn == 0:
            continue
        lines.append(f"{key:32} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:7.1%} {s.recall:7.1%}")
    t = report.total
    lines.append(f"{'TOTAL':32} {t.tp:4d} {t.fp:4d} {t.fn:4d} {t.precision:7.1%} {t.recall:7.1%}")
    if verbose:
        lines += ["-- extraction differences:"] + [f"  {e}" for e in report.errors]
    lines += ["-- mismatches caught:"] + [f"  {e}" for e in report.caught_mismatch]
    lines += ["-- mismatches missed:"] + [f"  {e}" for e in report.missed_mismatch or ["(none)"]]
    lines += ["-- false alarms (error checks on records without a mismatch):"]
    lines += [f"  {e}" for e in report.false_alarms or ["(none)"]]
    rate = report.n_records / report.seconds if report.seconds else float("inf")
    lines.append(
        f"-- {report.seconds * 1000:.0f} ms for normalize+extract+reconcile ({rate:.0f} bulletins/s)"
    )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Constructions: which wording a stated figure was printed in (a heuristic tag per record × key)

_CENSUS = re.compile(r"普查|全覆盖|全面检查|全部进行|全部检查|检查比例为?100|检查率为?100|覆盖率为?100")
_NOUN_NUM = re.compile(r"(?:网站|新媒体|账号|公众号|微博|抖音|头条)\s*(?:共计|共|有|为)?\s*:?\s*$")
TAG_ORDER = (
    "plain",
    "count after noun",
    "count in parentheses",
    "census wording",
    "sub-group zone (其中/包括/含)",
    "aligned list (分别)",
    "both channels in one sentence",
    "words, not digits",
    "traditional text",
    "monthly / self-inspection / report",
)


def _find_sentence(text: str, key: str, value: Any) -> tuple[str, int, int] | None:
    """The sentence of the normalized text where a stated figure's digits first appear, if any."""
    if isinstance(value, dict):
        return None
    if isinstance(value, str):
        num = value.strip().rstrip("%").replace("约为", "").replace("约", "")
        rx = re.compile(rf"(?<![\d.]){re.escape(num)}\s*%")
    else:
        rx = re.compile(rf"(?<![\d.]){int(value)}\s*\)?\s*[个家条]")
    m = rx.search(text)
    if m is None:
        return None
    s = max(text.rfind(c, 0, m.start()) for c in "。;\n") + 1
    ends = [j for j in (text.find(c, m.end()) for c in "。;\n") if j >= 0]
    return text[s : min(ends) if ends else len(text)], m.start() - s, m.end() - s


def construction_tags(rec: dict[str, Any], text: str, key: str, value: Any) -> list[str]:
    """Construction tags of one stated figure (several may apply; "plain" when none does)."""
    tags = []
    found = _find_sentence(text, key, value) if value is not None else None
    if found is not None:
        sent, a, b = found
        if _NOUN_NUM.search(sent[max(0, a - 12) : a]):
            tags.append("count after noun")
        if sent[max(0, a - 2) : a].rstrip().endswith("(") or "(" in sent[max(0, a - 2) : a]:
            tags.append("count in parentheses")
        if key.endswith(("_total", "_checked")) and _CENSUS.search(sent):
            tags.append("census wording")
        if re.search(r"其中|包括|\(含|含有", sent):
            tags.append("sub-group zone (其中/包括/含)")
        if "分别" in sent:
            tags.append("aligned list (分别)")
        if "网站" in sent and "新媒体" in sent:
            tags.append("both channels in one sentence")
    elif not isinstance(value, dict) and value is not None:
        tags.append("words, not digits")
    if rec.get("traditional"):
        tags.append("traditional text")
    if rec.get("doc_type") not in (None, "bulletin"):
        tags.append("monthly / self-inspection / report")
    return tags or ["plain"]



# ---------------------------------------------------------------------------------------------
# Planted rate errors


@dataclass
class Planted:
    """One planted wrong rate and whether (and at what severity) the checks caught it."""

    record: str
    key: str
    stated: str
    planted: str
    caught: bool
    severity: str | None


def den_and_prec(facts: dict[str, Any], ch: str, rate: str) -> tuple[int, int] | None:
    """(denominator, printed decimals) of a channel's stated rate, or None without a usable count."""
    den = facts.get(f"{ch}_checked")
    if den is None and f"{ch}_qualified" in facts and f"{ch}_unqualified" in facts:
        den = facts[f"{ch}_qualified"] + facts[f"{ch}_unqualified"]
    if not isinstance(den, int) or den <= 0:
        return None
    num = rate.strip().rstrip("%")
    return den, len(num.split(".")[1]) if "." in num else 0


def wrong_rate(stated: Decimal, den: int, prec: int) -> Decimal | None:
    """A rate near the stated one that no k/den gives at this precision, by rounding or truncation."""
    from govstats.checks import achievable, pct, truncate

    step = Decimal(1).scaleb(-prec)
    for n in (3, -3, 4, -4, 5, -5, 7, -7, 11, -11, 2, -2, 1, -1):
        cand = stated + n * step
        if cand < 0 or cand > 100:
            continue
        if achievable(cand, den, prec) is None and all(
            truncate(pct(k, den), prec) != cand for k in range(den + 1)
        ):
            return cand
    return None


def planted_copy(rec: dict[str, Any], ch: str) -> tuple[str, str, str, str] | None:
    """(key, stated rate, planted rate, text) of a copy of the record whose `ch` pass rate is changed
    so that no rounding or truncation of its counts gives it; None when the rate is approximate, a
    real mismatch, not checkable, or not printed exactly once (where to plant would be a guess)."""
    facts = rec.get("facts") or {}
    cons = rec.get("consistency") or {}
    key = f"{ch}_pass_rate"
    rate = facts.get(key)
    if not isinstance(rate, str) or "约" in rate or (cons.get(key) or {}).get("mismatch"):
        return None
    dp = den_and_prec(facts, ch, rate)
    if dp is None:
        return None
    den, prec = dp
    num = rate.strip().rstrip("%")
    occurrences = [m.start() for m in re.finditer(rf"(?<![\d.]){re.escape(num)}(?=\s*[%％])", rec["text"])]
    if len(occurrences) != 1:
        return None
    wrong = wrong_rate(Decimal(num), den, prec)
    if wrong is None:
        return None
    i = occurrences[0]
    new = f"{wrong:.{prec}f}"
    return key, rate, new, rec["text"][:i] + new + rec["text"][i + len(num) :]


def plant_errors(records: list[dict[str, Any]]) -> tuple[list[Planted], list[str]]:
    """Change each right, checkable pass rate so no rounding of its counts gives it; run the checks.

    Returns the planted cases and the false alarms on the same records left untouched.
    """
    from govstats.checks import reconcile

    planted: list[Planted] = []
    untouched_alarms: list[str] = []
    for rec in records:
        did_plant = False
        for ch in ("website", "newmedia"):
            copy = planted_copy(rec, ch)
            if copy is None:
                continue
            key, rate, new, text = copy
            nt = normalize(text)
            checks = reconcile(extract_figures(nt), None, None, nt)
            hit = [c for c in checks if c.check == key and not c.ok and c.severity in ("error", "warning")]
            planted.append(
                Planted(rec["id"], key, rate, new + "%", bool(hit), hit[0].severity if hit else None)
            )
            did_plant = True
        if did_plant and not rec.get("has_mismatch"):
            nt = normalize(rec["text"])
            for c in reconcile(extract_figures(nt), None, None, nt):
                if not c.ok and c.severity == "error":
                    untouched_alarms.append(f"{rec['id']}: [{c.check}] {c.message}")
    return planted, untouched_alarms

