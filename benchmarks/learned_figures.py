"""Experiment (issue 17): a learned gap-filler behind the figure grammar, chosen or rejected by
grouped cross-validation.

    python -m benchmarks.learned_figures [--threshold 0.9] [--folds 5]

Every number of a bulletin (a count with 个/家/条, a rate with %) is a candidate. Two logistic
regressions (scikit-learn), factored as the issue asks and pooled across channels: the *role*
(total, checked, qualified, unqualified, with problems, unrectified, pass rate, coverage; one-vs-rest,
so one number may hold several roles, as in a census) and the *channel* (website, new media, none).
Features are character 1-3-grams of the 24 characters before and the 10 after the number, and the
nearest channel noun before it. Labels come from the readers' facts: a candidate holds role r on
channel c when its value equals the stated `c_r`.

The learned part only fills keys the grammar left empty (a gap-filler), one candidate per key, when
p(role) x p(channel) is above the threshold. Folds are leave-provinces-out (`corpus_eval.group_of`),
and the model is re-fitted on the other folds for each fold, so its score is a held-out score. The
merged figures go through the same checks, so false error flags are counted the same way.

scikit-learn is needed only here (the `dev` extra); the package does not import it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from benchmarks.corpus_eval import group_of
from govstats.parse.figures import Figure, extract_figures, figures_dict
from govstats.textnorm import NormText, normalize
from tests.helpers.corpus import (
    RATE_CHECKS,
    KeyScore,
    Report,
    load_records,
    mismatch_keys,
    planted_copy,
    score_record,
)

ROLES = (
    "total",
    "checked",
    "qualified",
    "unqualified",
    "with_problems",
    "unrectified",
    "pass_rate",
    "coverage_rate",
)
CHANNELS = ("website", "newmedia")
_KEY_ROLE = {
    "website_total": ("website", "total"),
    "website_checked": ("website", "checked"),
    "website_qualified": ("website", "qualified"),
    "website_unqualified": ("website", "unqualified"),
    "website_with_problems": ("website", "with_problems"),
    "website_pass_rate": ("website", "pass_rate"),
    "website_coverage_rate": ("website", "coverage_rate"),
    "newmedia_total": ("newmedia", "total"),
    "newmedia_checked": ("newmedia", "checked"),
    "newmedia_qualified": ("newmedia", "qualified"),
    "newmedia_unqualified": ("newmedia", "unqualified"),
    "newmedia_prominent_problems": ("newmedia", "with_problems"),
    "newmedia_unrectified": ("newmedia", "unrectified"),
    "newmedia_pass_rate": ("newmedia", "pass_rate"),
}
_ROLE_KEY = {v: k for k, v in _KEY_ROLE.items()}
_CAND = re.compile(r"(?<![\d.])(\d{1,6}(?:\.\d{1,3})?)\s*(%|个|家|条)")
_CHAN_NOUN = re.compile(r"网站|新媒体|账号|公众号|微博|抖音|头条")


def candidates(nt: NormText) -> list[dict[str, Any]]:
    """Every count and rate of a normalized text, with its context windows."""
    text = nt.text
    out = []
    for m in _CAND.finditer(text):
        num, unit = m.group(1), m.group(2)
        if unit != "%" and "." in num:
            continue
        left, right = text[max(0, m.start() - 24) : m.start()], text[m.end() : m.end() + 10]
        nouns = _CHAN_NOUN.findall(text[max(0, m.start() - 80) : m.start()])
        near = "none" if not nouns else ("web" if nouns[-1] == "网站" else "nm")
        out.append(
            {
                "value": float(num),
                "unit": "pct" if unit == "%" else "count",
                "s": m.start(1),
                "e": m.end(),
                "doc": f"{unit} "
                + " ".join(f"L{left[i : i + n]}" for n in (1, 2, 3) for i in range(len(left) - n + 1))
                + " "
                + " ".join(f"R{right[i : i + n]}" for n in (1, 2, 3) for i in range(len(right) - n + 1))
                + f" NEAR{near}",
            }
        )
    return out


def labels(rec: dict[str, Any], cand: dict[str, Any]) -> tuple[set[str], str]:
    """(roles, channel) the readers' facts give a candidate (by value; "none" when no fact matches)."""
    roles, chans = set(), set()
    for key, v in (rec.get("facts") or {}).items():
        if key not in _KEY_ROLE or isinstance(v, dict):
            continue
        want = (
            float(str(v).strip().rstrip("%").replace("约为", "").replace("约", ""))
            if isinstance(v, str)
            else float(v)
        )
        is_rate = key.endswith("_rate")
        if (cand["unit"] == "pct") == is_rate and abs(want - cand["value"]) < 1e-9:
            ch, role = _KEY_ROLE[key]
            roles.add(role)
            chans.add(ch)
    return roles, (chans.pop() if len(chans) == 1 else "none")


def _tokenize(doc: str) -> list[str]:
    return doc.split(" ")


def fit(records: list[dict[str, Any]]) -> Any:
    """Fit the role and channel models on the records' candidates."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.preprocessing import MultiLabelBinarizer

    docs, ys, cs = [], [], []
    for rec in records:
        for c in candidates(normalize(rec["text"])):
            r, ch = labels(rec, c)
            docs.append(c["doc"])
            ys.append(sorted(r))
            cs.append(ch)
    vec = CountVectorizer(tokenizer=_tokenize, lowercase=False, token_pattern=None, min_df=2, binary=True)
    x = vec.fit_transform(docs)
    mlb = MultiLabelBinarizer(classes=list(ROLES))
    role = OneVsRestClassifier(LogisticRegression(C=1.0, max_iter=2000)).fit(x, mlb.fit_transform(ys))
    chan = LogisticRegression(C=1.0, max_iter=2000).fit(x, cs)
    return vec, role, chan


def fill(model: Any, nt: NormText, figs: list[Figure], threshold: float) -> list[Figure]:
    """The grammar's figures plus, for each key it left empty, the best candidate above threshold."""
    vec, role, chan = model
    cands = candidates(nt)
    if not cands:
        return figs
    x = vec.transform([c["doc"] for c in cands])
    pr = role.predict_proba(x)
    pc = chan.predict_proba(x)
    chan_idx = {c: i for i, c in enumerate(chan.classes_)}
    have = {f.measure for f in figs}
    used = {(f.span_start, f.span_end) for f in figs}
    out = list(figs)
    for key, (ch, rl) in _KEY_ROLE.items():
        if key in have or ch not in chan_idx:
            continue
        is_rate = rl.endswith("_rate")
        best, best_p = None, threshold
        for i, c in enumerate(cands):
            if (c["unit"] == "pct") != is_rate:
                continue
            p = pr[i][ROLES.index(rl)] * pc[i][chan_idx[ch]]
            if p > best_p:
                best, best_p = c, p
        if best is None:
            continue
        os_, oe = nt.span(best["s"], best["e"])
        if (os_, oe) in used:
            continue
        txt = nt.text[best["s"] : best["e"]]
        prec = len(txt.split("%")[0].split(".")[1]) if is_rate and "." in txt else (0 if is_rate else None)
        out.append(
            Figure(
                measure=key,
                value=best["value"],
                unit="pct" if is_rate else "count",
                precision=prec,
                stated_text=nt.original[os_:oe],
                sentence=nt.original[max(0, os_ - 60) : oe + 20],
                span_start=os_,
                span_end=oe,
            )
        )
    if hasattr(figs, "abstained"):
        out_list = type(figs)(out)
        out_list.abstained = figs.abstained  # type: ignore[attr-defined]
        return out_list
    return out


def _flags(rec: dict[str, Any], figs: list[Figure], nt: NormText) -> list[str]:
    from govstats.checks import reconcile

    wrong = mismatch_keys(rec) if rec.get("has_mismatch") else set()
    return [
        f"{rec['id']}: [{c.check}] {c.message}"
        for c in reconcile(figs, None, None, nt)
        if c.ok is False
        and c.severity == "error"
        and (not rec.get("has_mismatch") or (c.check in RATE_CHECKS and c.check not in wrong))
    ]


def _planted(
    rec: dict[str, Any], model: Any, threshold: float, alone: bool = False
) -> tuple[int, int, list[str]]:
    """Planted rate errors (as in tests/helpers/corpus.py's plant_errors) on the merged reader: (planted, caught, flags)."""
    from govstats.checks import reconcile

    n = caught = 0
    flags: list[str] = []
    for ch in CHANNELS:
        copy = planted_copy(rec, ch)
        if copy is None:
            continue
        key, _rate, _new, text = copy
        nt = normalize(text)
        figs = extract_figures(nt)
        if model is not None:
            figs = fill(model, nt, [] if alone else figs, threshold)
        checks = reconcile(figs, None, None, nt)
        n += 1
        caught += any(c.check == key and not c.ok and c.severity in ("error", "warning") for c in checks)
        flags += [
            f"{rec['id']} (planted): [{c.check}]"
            for c in checks
            if c.ok is False
            and c.severity == "error"
            and c.check != key
            and c.check in RATE_CHECKS
            and c.check not in mismatch_keys(rec)
        ]
    return n, caught, flags


def cross_validate(
    records: list[dict[str, Any]], threshold: float, n_folds: int = 5
) -> list[tuple[str, Any]]:
    """Per-fold (score, planted, caught, false flags) of the grammar alone and grammar + gap-filler."""
    from sklearn.model_selection import GroupKFold

    groups = [group_of(r) for r in records]
    rows = []
    for i, (train, test) in enumerate(GroupKFold(n_splits=n_folds).split(records, groups=groups)):
        model = fit([records[j] for j in train])
        for name, mdl, alone in (
            ("grammar", None, False),
            ("learned-alone", model, True),
            ("grammar+learned", model, False),
        ):
            rep = Report(n_records=len(test))
            planted = caught = 0
            flags: list[str] = []
            for j in test:
                rec = records[j]
                nt = normalize(rec["text"])
                figs = extract_figures(nt)
                if alone:
                    figs = fill(mdl, nt, [], threshold)
                elif mdl is not None:
                    figs = fill(mdl, nt, figs, threshold)
                score_record(rec, figures_dict(figs), rep)
                flags += _flags(rec, figs, nt)
                p, c, f = _planted(rec, mdl, threshold, alone)
                planted, caught, flags = planted + p, caught + c, flags + f
            rows.append((f"fold {i + 1} {name}", rep.total, planted, caught, flags))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    threshold = float(args[args.index("--threshold") + 1]) if "--threshold" in args else 0.9
    k = int(args[args.index("--folds") + 1]) if "--folds" in args else 5
    rows = cross_validate(load_records(), threshold, k)
    print(f"== grouped {k}-fold CV by province, gap-filler threshold {threshold}")
    pooled: dict[str, list[Any]] = {}
    for name, s, p, c, f in rows:
        print(
            f"{name:28} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.1%} {s.recall:6.1%}  {c}/{p}  {len(f)}"
        )
        agg = pooled.setdefault(name.split(" ", 2)[2], [KeyScore(), 0, 0, []])
        agg[0].tp, agg[0].fp, agg[0].fn = agg[0].tp + s.tp, agg[0].fp + s.fp, agg[0].fn + s.fn
        agg[1], agg[2], agg[3] = agg[1] + p, agg[2] + c, agg[3] + f
    for name, (s, p, c, f) in pooled.items():
        print(
            f"pooled {name:21} {s.tp:4d} {s.fp:4d} {s.fn:4d} {s.precision:6.1%} {s.recall:6.1%}  {c}/{p}  {len(f)}"
        )
        for x in f:
            print(f"  false flag: {x}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
