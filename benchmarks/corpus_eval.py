"""Score the figure extractor and the consistency checks on the hand-checked corpus.

    python -m benchmarks.corpus_eval [path/to/bulletins.jsonl] [-v]

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
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govstats.parse.figures import BREAKDOWN_KEYS, FIGURE_KEYS, Figure, extract_figures, figures_dict
from govstats.textnorm import normalize

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus" / "bulletins.jsonl"
SCORED_KEYS = FIGURE_KEYS + BREAKDOWN_KEYS
RATE_CHECKS = ("website_pass_rate", "newmedia_pass_rate", "website_coverage_rate", "newmedia_coverage_rate")


def load_records(path: str | Path = DEFAULT_PATH) -> list[dict[str, Any]]:
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
    keys: dict[str, KeyScore] = field(default_factory=lambda: defaultdict(KeyScore))
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


def score_record(rec: dict[str, Any], got: dict[str, Any], report: Report) -> None:
    """Add one record's key outcomes to the report."""
    facts = rec.get("facts") or {}
    optional = set(rec.get("optional") or [])
    rid = rec["id"]
    for key in SCORED_KEYS:
        s = report.keys[key]
        has_want, has_got = key in facts, key in got
        if not has_want and not has_got:
            continue
        if has_want and has_got:
            want = _expected(facts[key])
            if _same(got[key], want):
                s.tp += 1
                continue
            s.fp += 1
            report.errors.append(f"{rid}: {key} = {got[key]!r}, expected {facts[key]!r}")
            if key not in optional:
                s.fn += 1
        elif has_got:
            s.fp += 1
            report.errors.append(f"{rid}: {key} = {got[key]!r} not stated")
        elif key not in optional:
            s.fn += 1
            report.errors.append(f"{rid}: {key} missed (expected {facts[key]!r})")


def _mismatch_keys(rec: dict[str, Any]) -> set[str]:
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
    results: list[tuple[dict[str, Any], list[Figure], Any]] = []
    for rec in records:
        nt = normalize(rec["text"])
        figs = extract_figures(nt)
        checks = reconcile(figs, None, None, nt) if with_checks else []
        results.append((rec, figs, checks))
    report.seconds = time.perf_counter() - t0
    for rec, figs, checks in results:
        score_record(rec, figures_dict(figs), report)
        if not with_checks:
            continue
        failed = [c for c in checks if not c.ok]
        keys = _mismatch_keys(rec)
        if rec.get("has_mismatch") and keys:
            hits = [c for c in failed if c.check in RATE_CHECKS and c.check in keys and c.sentence]
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


def split_halves(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A fixed split by record id (sorted, alternating): development half, held-out half."""
    ordered = sorted(records, key=lambda r: r["id"])
    return ordered[0::2], ordered[1::2]


def format_report(report: Report, title: str, verbose: bool = False) -> str:
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


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    paths = [a for a in args if a != "-v"]
    records = load_records(paths[0] if paths else DEFAULT_PATH)
    print(format_report(evaluate(records), "all", verbose))
    dev, held = split_halves(records)
    print(format_report(evaluate(dev), "development half", False).split("\n-- mismatches")[0])
    print(format_report(evaluate(held), "held-out half", False).split("\n-- mismatches")[0])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
