"""Reconciliation: recompute stated figures from other stated figures and from the annex.

Each check is named after the figure it tests and yields one row: what was stated, what the
other figures give, at which printed precision, and one readable line (shown to analysts in
dashboards and the CLI). Rates are recomputed at the precision they were printed with and
rounded half-up; a rate that only truncation reproduces (291/294 printed 98.9%) is a warning,
a rate no rounding reproduces is an error. A rate is never flagged when it is right.

Bases for a pass rate, most direct first: qualified/checked; (checked − unqualified)/checked;
(checked − with problems)/checked. The last follows the corpus readers' convention for bulletins
that print only "存在突出问题" counts; because prominent problems do not by themselves make an
account 不合格 (only a 单项否决 item does: kind ``veto`` in normalize/data/problem_categories.csv),
a miss on that basis is only a warning unless the rate is impossible over the checked count altogether.

Precision first: an `error` is only computed from unambiguous figures. When the extractor marked a
figure `ambiguous` (another reading of the text is possible) or a rate has no stated count to test
it against, the check could not be made: an `info` row "无法核验" (could not verify) with the reason
and `ok` None — neither passed nor failed, so no count of failures or passes includes it. Impossible
figures are errors of their own: a part larger than its whole (不合格53家 of 5 checked), a rate
above 100 %, a rate with nothing checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.registry import CHANNEL_LABELS_ZH as CHANNEL_ZH
from govstats.registry import SEVERITY_ORDER

if TYPE_CHECKING:
    import pandas as pd

    from govstats.parse.figures import Figure
    from govstats.textnorm import NormText

ERROR, WARNING, INFO = SEVERITY_ORDER  # severities, channel names and check ids: govstats.registry


@dataclass(frozen=True)
class Check:
    """One reconciliation result (the CHECKS table columns without bulletin_id)."""

    check: str
    ok: bool | None  # None: the check could not be made (message says why), neither pass nor fail
    severity: str
    stated: float | None
    computed: float | None
    precision: int | None
    message: str
    sentence: str | None


# ---------------------------------------------------------------------------------------------
# Rounding


def round_half_up(x: Decimal, precision: int) -> Decimal:
    """The one rounding rule of the project: half-up at the printed precision (1/8 -> 13%, not 12%)."""
    return x.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def truncate(x: Decimal, precision: int) -> Decimal:
    """Truncation at the printed precision (what some bulletins do instead of rounding)."""
    return x.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_FLOOR)


def pct(num: int, den: int) -> Decimal:
    return Decimal(num) * 100 / Decimal(den)


def achievable(stated: Decimal, den: int, precision: int) -> int | None:
    """A numerator k (0..den) whose k/den rounds half-up to the stated rate, else None."""
    guess = int(stated * den / 100)
    for k in range(max(0, guess - 2), min(den, guess + 3) + 1):
        if round_half_up(pct(k, den), precision) == stated:
            return k
    return None


def _fmt(d: Decimal | float, precision: int) -> str:
    return f"{Decimal(str(d)):.{precision}f}%"


def _is_approx(fig: Figure) -> bool:
    """True when the rate is printed as approximate (约64.6%)."""
    i = fig.sentence.find(fig.stated_text)
    return i >= 0 and "约" in fig.sentence[max(0, i - 3) : i]


# ---------------------------------------------------------------------------------------------
# Checks on narrative figures


def _rate_check(
    name: str, fig: Figure, num: int, den: int, formula: str, label: str, inferred: bool = False
) -> Check | None:
    """Compare a printed rate with num/den at the printed precision."""
    if den <= 0 or num < 0 or num > den:
        return None
    p = fig.precision or 0
    stated = Decimal(str(fig.value)).quantize(Decimal(1).scaleb(-p))
    exact = pct(num, den)
    computed = round_half_up(exact, p)
    base = f"{label} {fig.stated_text.strip()} 与 {formula} = {_fmt(exact, 2 if p < 2 else p + 1)}"
    if computed == stated:
        return Check(
            name, True, INFO, float(stated), float(computed), p, f"{base}，按四舍五入一致", fig.sentence
        )
    unit = Decimal(1).scaleb(-p)
    if _is_approx(fig) and abs(computed - stated) <= unit:
        return Check(name, True, INFO, float(stated), float(computed), p, f"{base}，约数一致", fig.sentence)
    if truncate(exact, p) == stated:
        msg = f"{base}：四舍五入应为 {_fmt(computed, p)}，通报为截断值"
        return Check(name, False, WARNING, float(stated), float(computed), p, msg, fig.sentence)
    k = achievable(stated, den, p)
    if inferred and k is not None:
        msg = f"{base} 不符（按存在问题数推算；{_fmt(stated, p)} 对应 {k}/{den}，请核对不合格数）"
        return Check(name, False, WARNING, float(stated), float(computed), p, msg, fig.sentence)
    extra = "" if k is not None else f"；分母为 {den} 时任何整数都得不到 {_fmt(stated, p)}"
    msg = f"{base} 不符（应为 {_fmt(computed, p)}{extra}）"
    return Check(name, False, ERROR, float(stated), float(computed), p, msg, fig.sentence)


def _pass_rate(ch: str, f: dict[str, Figure]) -> Check | None:
    rate = f.get(f"{ch}_pass_rate")
    if rate is None:
        return None
    name = f"{ch}_pass_rate"
    label = f"{CHANNEL_ZH[ch]}合格率"
    q, u = _int(f, f"{ch}_qualified"), _int(f, f"{ch}_unqualified")
    checked = _int(f, f"{ch}_checked")
    prob_key = "website_with_problems" if ch == "website" else "newmedia_prominent_problems"
    prob = _int(f, prob_key)
    den = checked if checked is not None else (q + u if q is not None and u is not None else None)
    if den is None:
        return _unverified(name, rate, "通报未给出检查数（或合格数与不合格数），无从复算")
    if rate.value > 100 or den <= 0 or any(x is not None and x > den for x in (q, u, prob)):
        return None  # an impossible figure: reported by _impossible
    if q is not None:
        return _rate_check(name, rate, q, den, f"{q}/{den}", label)
    if u is not None:
        return _rate_check(name, rate, den - u, den, f"({den}−{u})/{den}", label)
    if prob is not None:
        return _rate_check(name, rate, den - prob, den, f"({den}−{prob})/{den}", label, inferred=True)
    p = rate.precision or 0
    stated = Decimal(str(rate.value)).quantize(Decimal(1).scaleb(-p))
    k = achievable(stated, den, p)
    if k is not None:
        msg = f"{label} {rate.stated_text.strip()} 可由 {k}/{den} 得到（通报未给出不合格数）"
        return Check(
            name, True, INFO, float(stated), float(round_half_up(pct(k, den), p)), p, msg, rate.sentence
        )
    lo = max(0, int(stated * den / 100))
    near = ", ".join(f"{j}/{den} = {_fmt(pct(j, den), p + 1)}" for j in (lo, lo + 1) if j <= den)
    msg = f"{label} {rate.stated_text.strip()} 在检查数 {den} 下无法得到（{near}）"
    return Check(name, False, ERROR, float(stated), None, p, msg, rate.sentence)


def _unverified(name: str, fig: Figure, why: str) -> Check:
    """An info row with ok None: the figure is stated but cannot be checked, and why."""
    return Check(name, None, INFO, float(fig.value), None, fig.precision, f"无法核验：{why}", fig.sentence)


def _ambiguity(f: dict[str, Figure], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        x = f.get(k)
        if x is not None and getattr(x, "ambiguous", None):
            return x.ambiguous
    return None


def _abstain(check: Check | None, why: str | None) -> Check | None:
    """A failed check computed from an ambiguous figure becomes an info "could not verify" row (ok None)."""
    if check is None or check.ok or why is None:
        return check
    msg = f"无法核验（{why}）：{check.message}"
    return Check(check.check, None, INFO, check.stated, check.computed, check.precision, msg, check.sentence)


_PARTS = (
    ("unqualified", "不合格数"),
    ("qualified", "合格数"),
    ("with_problems", "存在问题数"),
    ("prominent_problems", "存在突出问题数"),
    ("unrectified", "未整改数"),
)


def _impossible(ch: str, f: dict[str, Figure]) -> list[Check]:
    """Figures that cannot all be true: a part above its whole, a rate above 100 %, a rate over nothing."""
    out = []
    zh = CHANNEL_ZH[ch]
    checked, total = _int(f, f"{ch}_checked"), _int(f, f"{ch}_total")
    whole, which = (checked, "检查数") if checked is not None else (total, "总数")
    for part, label in _PARTS:
        x = f.get(f"{ch}_{part}")
        if x is None or whole is None or int(x.value) <= whole:
            continue
        msg = f"{zh}{label} {int(x.value)} 大于{which} {whole}，不可能成立"
        out.append(
            Check(
                f"{ch}_{part}_le_{'checked' if checked is not None else 'total'}",
                False,
                ERROR,
                float(x.value),
                float(whole),
                None,
                msg,
                x.sentence,
            )
        )
    for key in (f"{ch}_pass_rate", f"{ch}_coverage_rate"):
        r = f.get(key)
        if r is None:
            continue
        if r.value > 100:
            msg = f"{zh}{'合格率' if 'pass' in key else '检查比例'} {r.stated_text.strip()} 超过 100%，不可能成立"
            out.append(
                Check(f"{key}_range", False, ERROR, float(r.value), 100.0, r.precision, msg, r.sentence)
            )
        elif checked == 0 and key.endswith("pass_rate"):
            msg = f"{zh}检查数为 0，却给出合格率 {r.stated_text.strip()}"
            out.append(
                Check(f"{key}_range", False, ERROR, float(r.value), None, r.precision, msg, r.sentence)
            )
    why = _ambiguity(f, (f"{ch}_checked", f"{ch}_total"))
    return [c for c in (_abstain(c, why) for c in out) if c is not None]


_NONE_UNQ = re.compile(r"未发现(?:有)?不合格(?:的)?(?P<noun>政府网站|网站|政务新媒体|新媒体|账号)")


def _none_unqualified(ch: str, f: dict[str, Figure]) -> Check | None:
    """ "未发现不合格网站…合格率98%": the words say 0 unqualified, so the rate must be 100 %."""
    rate = f.get(f"{ch}_pass_rate")
    if rate is None or "未" not in rate.sentence:  # 未 is one character in both scripts: skip the rest
        return None
    from govstats.textnorm import to_simplified

    m = _NONE_UNQ.search(to_simplified(rate.sentence) or "")
    if m is None or ("网站" in m.group("noun")) != (ch == "website"):
        return None
    ok = rate.value == 100
    msg = f"通报称未发现不合格{CHANNEL_ZH[ch]}，合格率 {rate.stated_text.strip()}" + (
        "，一致" if ok else " 应为 100%"
    )
    sev = INFO if ok else ERROR
    return Check(
        f"{ch}_pass_rate_none_unqualified",
        ok,
        sev,
        float(rate.value),
        100.0,
        rate.precision,
        msg,
        rate.sentence,
    )


def _coverage(ch: str, f: dict[str, Figure]) -> Check | None:
    rate, checked, total = f.get(f"{ch}_coverage_rate"), _int(f, f"{ch}_checked"), _int(f, f"{ch}_total")
    if rate is None or checked is None or total is None:
        return None
    return _rate_check(
        f"{ch}_coverage_rate", rate, checked, total, f"{checked}/{total}", f"{CHANNEL_ZH[ch]}检查比例"
    )


def _counts_sum(ch: str, f: dict[str, Figure]) -> Check | None:
    q, u = _int(f, f"{ch}_qualified"), _int(f, f"{ch}_unqualified")
    if q is None or u is None:
        return None
    checked, total = _int(f, f"{ch}_checked"), _int(f, f"{ch}_total")
    base, which, sev = (checked, "检查数", ERROR) if checked is not None else (total, "总数", WARNING)
    if base is None:
        return None
    ok = q + u == base
    msg = f"{CHANNEL_ZH[ch]}合格 {q} + 不合格 {u} = {q + u}，{which} {base}" + (
        "，一致" if ok else "，不一致"
    )
    sent = f[f"{ch}_unqualified"].sentence
    return Check(f"{ch}_counts_sum", ok, INFO if ok else sev, float(base), float(q + u), None, msg, sent)


def _checked_le_total(ch: str, f: dict[str, Figure]) -> Check | None:
    checked, total = _int(f, f"{ch}_checked"), _int(f, f"{ch}_total")
    if checked is None or total is None:
        return None
    ok = checked <= total
    msg = f"{CHANNEL_ZH[ch]}检查数 {checked}" + (" ≤ " if ok else " 大于 ") + f"总数 {total}"
    return Check(
        f"{ch}_checked_le_total",
        ok,
        INFO if ok else ERROR,
        float(checked),
        float(total),
        None,
        msg,
        f[f"{ch}_checked"].sentence,
    )


def _platform_sum(figs: list[Figure], f: dict[str, Figure]) -> Check | None:
    items = [x for x in figs if x.measure == "newmedia_by_platform"]
    if not items:
        return None
    s = int(sum(x.value for x in items))
    total, checked = _int(f, "newmedia_total"), _int(f, "newmedia_checked")
    targets = [(n, v) for n, v in (("总数", total), ("检查数", checked)) if v is not None]
    if not targets:
        return None
    parts = "+".join(str(int(x.value)) for x in items)
    for n, v in targets:
        if s == v:
            return Check(
                "newmedia_by_platform_sum",
                True,
                INFO,
                float(v),
                float(s),
                None,
                f"各平台账号数 {parts} = {s}，与{n} {v} 一致",
                items[0].sentence,
            )
    n, v = targets[0]
    # A partial list can fall short. A longer list is an error only when the same sentence states the
    # figure it is compared with; a list elsewhere may count another population (registered accounts).
    if s < v:  # the platforms listed may be only some of them (其中…): nothing to flag, nothing proven
        return Check("newmedia_by_platform_sum", None, INFO, float(v), float(s), None,
                     f"无法核验：各平台账号数 {parts} = {s}，少于{n} {v}（所列平台可能不全）", items[0].sentence)
    target = f.get("newmedia_total" if n == "总数" else "newmedia_checked")
    same = target is not None and target.sentence == items[0].sentence
    sev = ERROR if same else WARNING
    return Check(
        "newmedia_by_platform_sum",
        False,
        sev,
        float(v),
        float(s),
        None,
        f"各平台账号数 {parts} = {s}，与{n} {v} 不符",
        items[0].sentence,
    )


def _not_attributed(figures: list[Figure]) -> Check | None:
    """One info row listing the numbers the extractor left out because two readings were possible."""
    notes = getattr(figures, "abstained", None)
    if not notes:
        return None
    msg = "无法核验（有两种读法，未采用）：" + "；".join(reason for reason, _s in notes[:5])
    if len(notes) > 5:
        msg += f"；等 {len(notes)} 处"
    return Check("figures_not_attributed", None, INFO, None, None, None, msg, notes[0][1])


def _int(f: dict[str, Figure], key: str) -> int | None:
    x = f.get(key)
    return int(x.value) if x is not None else None


# ---------------------------------------------------------------------------------------------
# Checks against the annex


Rows = list[dict[str, Any]]


def _as_rows(table: pd.DataFrame | Rows | None) -> Rows | None:
    """Annex rows as dicts, whether given as a DataFrame or as records (the loader's fast path)."""
    if table is None or isinstance(table, list):
        return table
    return table.to_dict("records")


def _value(v: object) -> bool:
    """True for a real cell value (not None, NaN or pd.NA)."""
    return v is not None and type(v).__name__ != "NAType" and not (isinstance(v, float) and v != v)


def _has(rows: Rows | None, col: str) -> bool:
    return bool(rows) and any(_value(r.get(col)) for r in rows)


def _annex_count(name: str, fig: Figure | None, rows: int, what: str) -> Check | None:
    if fig is None:
        return None
    stated = int(fig.value)
    ok = stated == rows
    msg = f"通报称{what} {stated} 个，附件列出 {rows} 行" + ("，一致" if ok else "，不一致")
    return Check(name, ok, INFO if ok else WARNING, float(stated), float(rows), None, msg, fig.sentence)


def _annex_checks(f: dict[str, Figure], websites: Rows | None, new_media: Rows | None) -> list[Check]:
    out: list[Check | None] = []
    if new_media and _has(new_media, "result"):
        n = sum(1 for r in new_media if r.get("result") == "unqualified")
        out.append(
            _annex_count("newmedia_unqualified_rows", f.get("newmedia_unqualified"), n, "不合格政务新媒体")
        )
    if websites:
        out.append(
            _annex_count(
                "website_with_problems_rows",
                f.get("website_with_problems"),
                len(websites),
                "存在问题的政府网站",
            )
        )
    if new_media and _has(new_media, "rectification"):
        n = sum(1 for r in new_media if r.get("rectification") == "not_rectified")
        out.append(
            _annex_count(
                "newmedia_unrectified_rows", f.get("newmedia_unrectified"), n, "未整改到位的政务新媒体"
            )
        )
    return [c for c in out if c is not None]


_KEY_DROP = re.compile(r"[\s“”\"'()（）·•]")
_KEY_SUFFIX = re.compile(r"(?:门户)?网站$")


@lru_cache(maxsize=65536)
def _key(s: str) -> str:
    """Comparable form of a unit or account name: simplified, no spaces/punctuation, no 网站 suffix.

    Memoized: the same annex cells are keyed for every narrative name of every bulletin.
    """
    from govstats.textnorm import to_simplified

    return _KEY_SUFFIX.sub("", _KEY_DROP.sub("", to_simplified(s) or ""))


def _present(name: str, pool: list[str], joined: str) -> bool:
    """name equals or contains an annex cell, or lies inside one (joined: the pool, NUL-separated)."""
    k = _key(name)
    if len(k) < 2 or k in joined:  # k == p or k in p, for any p, in one substring search
        return True
    return any(len(p) >= 2 and p in k for p in pool if len(p) <= len(k))


def _named_in_annex(
    names: dict[str, list[str]], websites: Rows | None, new_media: Rows | None
) -> list[Check]:
    out = []
    for kind, rows, cols, what in (
        ("newmedia", new_media, ("account_name", "operator", "problem"), "政务新媒体"),
        ("websites", websites, ("site_name", "problem"), "政府网站"),
    ):
        named = names.get(kind) or []
        if not rows or not named or not any(_has(rows, c) for c in cols[:-1]):
            continue
        pool = [_key(str(r[c])) for r in rows for c in cols if _value(r.get(c))]
        joined = "\x00".join(pool)
        # the containment fallback needs each distinct cell key of 2+ characters only once
        short = [p for p in dict.fromkeys(pool) if len(p) >= 2]
        missing = [n for n in named if not _present(n, short, joined)]
        ok = not missing
        msg = f"通报点名的{what} {len(named)} 个" + (
            "均见于附件" if ok else f"，附件中未找到：{'、'.join(missing)}"
        )
        out.append(
            Check(
                f"named_in_annex_{kind}",
                ok,
                INFO if ok else WARNING,
                float(len(named)),
                float(len(named) - len(missing)),
                None,
                msg,
                None,
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Public API


def reconcile(
    figures: list[Figure],
    websites: pd.DataFrame | None = None,
    new_media: pd.DataFrame | None = None,
    narrative_names: NormText | dict[str, list[str]] | None = None,
) -> list[Check]:
    """All checks that the stated figures (and the annex, when given) allow."""
    f = {x.measure: x for x in figures if x.breakdown is None}
    out: list[Check | None] = []
    for ch in ("website", "newmedia"):
        why = _ambiguity(f, (f"{ch}_checked", f"{ch}_total"))
        out += [
            _abstain(c, why)
            for c in (
                _pass_rate(ch, f),
                _coverage(ch, f),
                _counts_sum(ch, f),
                _checked_le_total(ch, f),
                _none_unqualified(ch, f),
            )
        ]
        out += _impossible(ch, f)
    out.append(_platform_sum(figures, f))
    out.append(_not_attributed(figures))
    websites, new_media = _as_rows(websites), _as_rows(new_media)
    out += _annex_checks(f, websites, new_media)
    # names are compared only with annex rows: without any, the narrative's names are never read
    if narrative_names is not None and (websites or new_media):
        if not isinstance(narrative_names, dict):
            from govstats.parse.names import narrative_names as _names

            narrative_names = _names(narrative_names)
        out += _named_in_annex(narrative_names, websites, new_media)
    return [c for c in out if c is not None]


def is_failed(ok: object) -> bool:
    """True only for a check that was made and failed (ok False); None/NA (not made) is no failure."""
    return _value(ok) and not ok


def failed_mask(checks: pd.DataFrame) -> pd.Series:
    """Rows of a CHECKS frame that were made and failed: ok is False (null, a check that could not be
    made, is neither a failure nor a pass)."""
    return checks["ok"].astype("boolean").eq(False).fillna(False).astype(bool)


def check_records(bulletin_id: str, checks: list[Check | dict[str, Any]]) -> list[dict[str, Any]]:
    """CHECKS rows as dicts (accepts Check objects and plain dicts with the same fields)."""
    return [{"bulletin_id": bulletin_id, **(vars(c) if isinstance(c, Check) else c)} for c in checks]


def checks_frame(bulletin_id: str, checks: list[Check | dict[str, Any]]) -> pd.DataFrame:
    """The CHECKS table for one bulletin (accepts Check objects and plain dicts with the same fields)."""
    import pandas as pd

    rows = check_records(bulletin_id, checks)
    if not rows:
        return registry.empty_frame("checks")
    return registry.coerce(pd.DataFrame(rows), "checks")
