"""Score the figure extractor and the consistency checks on the hand-checked corpus.

    python -m benchmarks.corpus_eval [path/to/bulletins.jsonl] [-v]
    python -m benchmarks.corpus_eval --subset batch=3 --totals-only   # one subset, totals only
    python -m benchmarks.corpus_eval --cv [--folds 5]                  # grouped CV by province

The scoring itself (records, per-key scores, checks' outcomes, planted rate errors) is in
tests/helpers/corpus.py, shared with the tests (issue 21 item 7: tests do not import benchmarks/);
this module adds the splits, cross-validation and the reports.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from govstats.parse.figures import extract_figures
from govstats.textnorm import normalize
from tests.helpers.corpus import (
    DEFAULT_PATH,
    RATE_CHECKS,
    TAG_ORDER,
    KeyScore,
    Planted,
    Report,
    evaluate,
    format_report,
    load_records,
    mismatch_keys,
    plant_errors,
)

# ---------------------------------------------------------------------------------------------
# The province split, fixed before any tuning of the rules for issue 14

#: Drawn once with sha1("a" + province) % 3 == 0 over the 93-record corpus, before the extractor
#: was changed; rules are developed on the other provinces only and these are scored at the end.
HELDOUT_PROVINCES = frozenset(
    {
        "北京市",
        "四川省",
        "山西省",
        "广东省",
        "广西壮族自治区",
        "新疆生产建设兵团",
        "河南省",
        "海南省",
        "湖南省",
        "福建省",
        "西藏自治区",
        "辽宁省",
        "青海省",
    }
)


def split_provinces(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(development, held-out) records by province (a record without a province is development)."""
    held = [r for r in records if r.get("province") in HELDOUT_PROVINCES]
    dev = [r for r in records if r.get("province") not in HELDOUT_PROVINCES]
    return dev, held


#: Ids of the 47-record corpus before issue 14 (`git show 8df6b37:tests/data/corpus/bulletins.jsonl`):
#: every rule writer up to issue 14 round 1 saw these texts.
OLD_CORPUS_IDS = frozenset(
    {
        "baihe-2020m07",
        "baoji-2022q2",
        "chencang-2023m03",
        "chongqing-2024q1",
        "chuxiong-2021q1",
        "dongguan-2021q4",
        "ganzi-2021q2",
        "guizhou-2023q3-pdfgarbled",
        "hainan-2023q3-trad",
        "hanzhong-2022q3-trad",
        "henan-2022q4-trad",
        "hunan-2019-2nd-trad",
        "hunan-2022q1-trad",
        "hunan-2023q3",
        "hunan-2023q3-trad",
        "jiangxi-2020q1",
        "jinan-2025q2",
        "kaifeng-2024q1",
        "luan-2023q2",
        "panjin-2020m03-trad",
        "pingcheng-2024m03",
        "qiandongnan-2023q4",
        "qiannan-2025m01-trad",
        "qijiang-2022q4",
        "qijiang-2023q4",
        "qinghai-2020q3-trad",
        "qinzhou-2025q3",
        "shangluo-2020q4",
        "shangqiu-2020q4",
        "taian-2020q1",
        "tieling-2024m06",
        "wuhai-2024q1",
        "wuzhong-2025q1",
        "xianning-2019q2-trad",
        "xianning-2020q3-trad",
        "xianning-2022q1",
        "xianyang-2021q1",
        "xianyang-2025q1",
        "xinxiang-2023q1",
        "yaan-2021q2-trad",
        "yangling-2021q3",
        "yichang-2020-4th-trad",
        "yingkou-xishi-2025m12",
        "yulin-2023q3",
        "yunxiao-2023q2",
        "zhaotong-2021q2",
        "ziyang-2021q2b-trad",
    }
)


def split_blind(records: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(seen, blind) held-out-province records: blind ones were never read by any rule writer.

    The blind set is scored by totals only (`--blind`); its texts and per-record differences are
    never printed, so tuning cannot look at them.
    """
    _dev, held = split_provinces(records)
    return [r for r in held if r["id"] in OLD_CORPUS_IDS], [r for r in held if r["id"] not in OLD_CORPUS_IDS]


def per_province(records: list[dict[str, Any]]) -> list[tuple[str, int, KeyScore]]:
    """Leave-one-province-out scores: each province scored on its own, rules fixed."""
    by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        by[r.get("province") or "(unknown)"].append(r)
    out = []
    for prov, recs in sorted(by.items(), key=lambda kv: -len(kv[1])):
        out.append((prov, len(recs), evaluate(recs, with_checks=False).total))
    return out


def format_lopo(rows: list[tuple[str, int, KeyScore]]) -> str:
    lines = [
        "== leave-one-province-out (each province scored alone)",
        f"{'province':16} {'n':>3}  prec  recall",
    ]
    for prov, n, s in rows:
        lines.append(f"{prov:16} {n:3d} {s.precision:6.1%} {s.recall:6.1%}")
    scored = [s for _p, _n, s in rows if s.tp + s.fp + s.fn]
    if scored:
        mp = sum(s.precision for s in scored) / len(scored)
        mr = sum(s.recall for s in scored) / len(scored)
        worst = min(scored, key=lambda s: s.recall)
        lines.append(f"macro average  prec {mp:.1%}  recall {mr:.1%}; worst recall {worst.recall:.1%}")
    return "\n".join(lines)


def format_constructions(report: Report) -> str:
    lines = [
        f"== per construction ({report.n_records} bulletins)",
        f"{'construction':38} {'tp':>4} {'fp':>4} {'fn':>4}  prec  recall",
    ]
    for tag in TAG_ORDER:
        s = report.tags.get(tag)
        if s is None or s.tp + s.fp + s.fn == 0:
            continue
        lines.append(f"{tag:38} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.1%} {s.recall:6.1%}")
    return "\n".join(lines)



def format_planted(planted: list[Planted], alarms: list[str], title: str, details: bool = True) -> str:
    caught = [p for p in planted if p.caught]
    errors = [p for p in caught if p.severity == "error"]
    lines = [
        f"== planted rate errors ({title}): {len(caught)}/{len(planted)} caught "
        f"({len(errors)} as error, {len(caught) - len(errors)} as warning); "
        f"false errors on the untouched records: {len(alarms)}"
    ]
    if details:
        lines += [f"  missed: {p.record} {p.key} {p.stated} -> {p.planted}" for p in planted if not p.caught]
        lines += [f"  false alarm: {a}" for a in alarms]
    return "\n".join(lines)


def format_blind(blind: list[dict[str, Any]]) -> str:
    """Totals of the blind set: scores, checks and planted errors, with no record-level detail."""
    rep = evaluate(blind)
    t = rep.total
    planted, alarms = plant_errors(blind)
    caught = sum(p.caught for p in planted)
    return (
        f"== blind set ({len(blind)} held-out-province records no rule writer has read): "
        f"precision {t.precision:.1%}, recall {t.recall:.1%} ({t.tp} tp / {t.fp} fp / {t.fn} fn); "
        f"mismatches caught {len(rep.caught_mismatch)}, missed {len(rep.missed_mismatch)}; "
        f"false alarms {len(rep.false_alarms)}; planted {caught}/{len(planted)} caught, "
        f"{len(alarms)} false errors on untouched records"
    )


# ---------------------------------------------------------------------------------------------
# Subsets and grouped cross-validation (issue 17)

#: Province-level names, to recover a record's province from its `region` when `province` is empty
#: (the 48 records of batch 3 carry it only inside `region`, e.g. "武定县(楚雄州,云南省)").
_PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 "
    "山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 "
    "内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 新疆生产建设兵团"
).split()


def group_of(rec: dict[str, Any]) -> str:
    """The cross-validation group of a record: its province (central departments and unidentified
    places form one group each), so that no fold is scored with wording from its own province."""
    if rec.get("province"):
        return str(rec["province"])
    region = str(rec.get("region") or "")
    for p in _PROVINCES:
        if p in region:
            return p
    if "central department" in region:
        return "(central departments)"
    return "(unidentified)"


def select(records: list[dict[str, Any]], filters: list[str]) -> list[dict[str, Any]]:
    """Records whose fields match every `field=value` filter (`batch=3`, `province=云南省`,
    `group=云南省`, `batch=none` for the records without a batch)."""
    out = records
    for f in filters:
        name, _, want = f.partition("=")
        if name == "group":
            out = [r for r in out if group_of(r) == want]
        else:
            out = [r for r in out if str(r.get(name)).lower() == want.lower()]
    return out


@dataclass
class FoldScore:
    """One fold's outcome: figures, planted rate errors, false error flags."""

    name: str
    n: int
    score: KeyScore
    planted: int
    caught: int
    false_flags: list[str]


def false_error_flags(records: list[dict[str, Any]]) -> list[str]:
    """Error-severity failed checks that tell an office a right figure is wrong: any error on a
    bulletin whose `has_mismatch` is false, and an error on a rate check whose consistency entry is
    not a mismatch on a bulletin that has one elsewhere; plus errors on the right rate of a
    planted-error copy (a planted copy may only be flagged on the planted key)."""
    from govstats.checks import reconcile

    out: list[str] = []
    for rec in records:
        nt = normalize(rec["text"])
        wrong = mismatch_keys(rec) if rec.get("has_mismatch") else set()
        if rec.get("has_mismatch") and not wrong:
            continue  # a real error whose key the record does not name: no error here can be called false
        for c in reconcile(extract_figures(nt), None, None, nt):
            if c.ok is False and c.severity == "error":
                if not rec.get("has_mismatch") or (c.check in RATE_CHECKS and c.check not in wrong):
                    out.append(f"{rec['id']}: [{c.check}] {c.message}")
    return out


def score_fold(name: str, recs: list[dict[str, Any]]) -> FoldScore:
    """Score one fold with the reader as it stands (rules are not re-fitted per fold)."""
    rep = evaluate(recs, with_checks=False)
    planted, alarms = plant_errors(recs)
    flags = false_error_flags(recs)
    flags += [a for a in alarms if a not in flags]
    return FoldScore(name, len(recs), rep.total, len(planted), sum(p.caught for p in planted), flags)


def grouped_folds(records: list[dict[str, Any]], n_folds: int = 5) -> list[tuple[str, list[dict[str, Any]]]]:
    """Leave-provinces-out folds: scikit-learn's GroupKFold over `group_of` (every province in
    exactly one test fold; folds balanced by record count)."""
    from sklearn.model_selection import GroupKFold

    groups = [group_of(r) for r in records]
    folds = []
    for i, (_train, test) in enumerate(GroupKFold(n_splits=n_folds).split(records, groups=groups)):
        provs = sorted({groups[j] for j in test})
        folds.append((f"fold {i + 1} ({len(provs)} provinces)", [records[j] for j in test]))
    return folds


def cross_validate(records: list[dict[str, Any]], n_folds: int = 5) -> list[FoldScore]:
    """Per-fold scores of grouped cross-validation, plus the pooled row last."""
    rows = [score_fold(name, recs) for name, recs in grouped_folds(records, n_folds)]
    pooled = KeyScore()
    for r in rows:
        pooled.tp, pooled.fp, pooled.fn = (
            pooled.tp + r.score.tp,
            pooled.fp + r.score.fp,
            pooled.fn + r.score.fn,
        )
    rows.append(
        FoldScore(
            "pooled",
            sum(r.n for r in rows),
            pooled,
            sum(r.planted for r in rows),
            sum(r.caught for r in rows),
            [f for r in rows for f in r.false_flags],
        )
    )
    return rows


def format_folds(rows: list[FoldScore], title: str, details: bool = True) -> str:
    lines = [
        f"== {title}",
        f"{'fold':28} {'n':>4} {'tp':>4} {'fp':>4} {'fn':>4}  prec  recall  planted  false-flags",
    ]
    for r in rows:
        s = r.score
        lines.append(
            f"{r.name:28} {r.n:4d} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.1%} {s.recall:6.1%}"
            f"  {r.caught:3d}/{r.planted:<3d}  {len(r.false_flags):3d}"
        )
    if details:
        lines += [f"  false flag: {f}" for f in rows[-1].false_flags]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Report: all records, the development and held-out provinces, per construction, per province, planted errors.

    --tune prints everything about the development provinces and the held-out-province records
    earlier sessions read (the tuning set) and nothing about the blind set; --blind prints the
    blind set's totals only. --open-blind prints everything about the blind set: the lead opened it
    in round 3 (its last honest unseen estimate is the round-2 one, 87.5 % / 81.2 %).

    Differences (-v) are printed for development provinces only unless --show-heldout is given,
    so that tuning never looks at the held-out provinces' texts; --dev-only prints nothing about
    them at all (use it while changing rules).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    verbose, show_held = "-v" in args, "--show-heldout" in args
    dev_only = "--dev-only" in args  # while tuning: not even the held-out totals
    filters = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--subset"]
    opt_values = set(filters) | {args[i + 1] for i, a in enumerate(args[:-1]) if a == "--folds"}
    paths = [a for a in args if not a.startswith("-") and a not in opt_values]
    records = load_records(paths[0] if paths else DEFAULT_PATH)
    if filters:
        records = select(records, filters)
    if "--totals-only" in args:  # never a text, a key or a record id: for a set scored as unseen
        print(format_folds([score_fold("subset " + " ".join(filters), records)], "totals", details=False))
        return 0
    if "--cv" in args:
        k = int(args[args.index("--folds") + 1]) if "--folds" in args else 5
        print(format_folds(cross_validate(records, k), f"grouped {k}-fold CV by province", verbose))
        return 0
    dev, held = split_provinces(records)
    seen_held, blind = split_blind(records)
    if "--blind" in args:  # totals only: never a text, a key or a record id of the blind set
        print(format_blind(blind))
        return 0
    if "--open-blind" in args:  # round 3 opened the blind set: every difference on it, like --tune
        print(format_report(evaluate(blind), "blind set (opened in issue 14 round 3)", verbose))
        print(format_planted(*plant_errors(blind), "blind set (opened)"))
        return 0
    if "--tune" in args:  # everything about the records a rule writer may read, nothing about the blind
        tune = dev + seen_held
        print(format_report(evaluate(dev), "development provinces", verbose))
        print(format_report(evaluate(seen_held), "seen held-out-province records", verbose))
        t = evaluate(tune).total
        print(
            f"== tuning set {len(tune)}: precision {t.precision:.1%}, recall {t.recall:.1%} "
            f"({t.tp} tp / {t.fp} fp / {t.fn} fn)"
        )
        print(format_planted(*plant_errors(tune), "tuning set"))
        return 0
    print(format_report(evaluate(dev), "development provinces", verbose))
    if dev_only:
        print(format_planted(*plant_errors(dev), "development provinces"))
        return 0
    held_report = evaluate(held)
    print(format_report(held_report, "held-out provinces", verbose and show_held))
    all_report = evaluate(records)
    t = all_report.total
    print(
        f"== all {len(records)} bulletins: precision {t.precision:.1%}, recall {t.recall:.1%} "
        f"({t.tp} tp / {t.fp} fp / {t.fn} fn); mismatches missed {len(all_report.missed_mismatch)}, "
        f"false alarms {len(all_report.false_alarms)}"
    )
    print(format_constructions(all_report))
    print(format_lopo(per_province(records)))
    for title, recs, details in (
        ("development provinces", dev, True),
        ("held-out provinces", held, show_held),
    ):
        print(format_planted(*plant_errors(recs), title, details))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
