"""From item verdicts to each unit's result and the bulletin's figures.

A unit (site or account) is 不合格 when any veto item vetoes it, when the office's deduction
table scores it below the pass line, or (local choice) when it has 突出问题 and the rules count
those as failures. It is 合格 when every item was assessed and none failed; otherwise it is
not assessed and left out of the checked count (never reported as failing). Rates are
recomputed from the counts with checks.pct and checks.round_half_up at the run's precision,
the same functions the consistency checks and the draft use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats.assess.items import ITEMS, NOT_ASSESSED, VETO
from govstats.assess.rules import Rules, load_rules
from govstats.assess.schema import RunConfig, load_run
from govstats.errors import GovstatsError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

QUALIFIED, UNQUALIFIED = "qualified", "unqualified"
FAIL = "fail"  # the deduction score is below the pass line (local table only)
VERDICT_COLUMNS = ("unit_kind", "unit_id", "unit_name", "item", "item_label_zh", "verdict", "measured",
                   "measured_text", "threshold", "evidence", "summary", "rule_source", "wording")
UNIT_COLUMNS = ("unit_kind", "unit_id", "name", "url", "host_unit", "platform", "platform_subtype", "platform_raw",
                "result", "veto_items", "prominent", "score", "problem", "problem_categories")


@dataclass
class Assessment:
    """One assessed run: per-item verdicts, per-unit results, bulletin figures, notes for stderr."""

    config: RunConfig
    rules: Rules
    verdicts: pd.DataFrame
    units: pd.DataFrame
    figures: dict[str, tuple[Decimal, int | None]]
    notes: list[str] = field(default_factory=list)
    inputs: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def assess(folder: str | Path, local_rules: str | Path | None = None,
           con: duckdb.DuckDBPyConnection | None = None) -> Assessment:
    """Read the run folder, run every veto item, combine; local_rules overrides run.yaml's local_rules."""
    import time

    t0 = time.perf_counter()
    cfg, con, files = load_run(folder, con)
    t1 = time.perf_counter()
    rules_file = local_rules if local_rules is not None else cfg.local_rules
    rules = load_rules(rules_file)
    _check_findings(con, files)
    rows: list[dict[str, Any]] = []
    for fn in ITEMS.values():
        rows += fn(con, cfg.monitoring_date, rules)
    t2 = time.perf_counter()
    a = combine(cfg, rules, con, rows, files)
    a.inputs = files
    a.seconds = {"read": t1 - t0, "items": t2 - t1, "combine": time.perf_counter() - t2}
    return a


def _check_findings(con: duckdb.DuckDBPyConnection, files: dict[str, Path]) -> None:
    """A finding must name a site_code of sites or an account_id of accounts."""
    if "findings" not in files:
        return
    r = con.execute("SELECT _row, unit_id FROM findings WHERE unit_id NOT IN (SELECT site_code FROM sites) AND "
                    "unit_id NOT IN (SELECT account_id FROM accounts) ORDER BY _row LIMIT 1").fetchone()
    if r:
        raise GovstatsError(f"{files['findings']}: row {r[0]}, column unit_id: {r[1]!r} is neither a site_code of "
                            "sites nor an account_id of accounts")


def _units(con: duckdb.DuckDBPyConnection, files: dict[str, Path] | None = None) -> list[dict[str, Any]]:
    """Every active site and account with its display fields (platform normalized to the vocabulary)."""
    from govstats.normalize.platform import normalize_platform

    out = []
    for code, name, url, host in con.execute("SELECT site_code, name, url, host_unit FROM sites WHERE status = '正常' "
                                             "ORDER BY _row").fetchall():
        out.append({"unit_kind": "site", "unit_id": code, "name": name, "url": url, "host_unit": host,
                    "platform": None, "platform_subtype": None, "platform_raw": None})
    for acc, name, platform, host, row in con.execute(
            "SELECT account_id, name, platform, host_unit, _row FROM accounts WHERE status = '正常' ORDER BY _row"
    ).fetchall():
        pid, sub = normalize_platform(platform)
        if pid is None:
            where = (files or {}).get("accounts", "accounts")
            raise GovstatsError(f"{where}: row {row}, column platform: {platform!r} is not a platform of the "
                                "vocabulary (govstats/normalize/data/platforms.csv)")
        out.append({"unit_kind": "account", "unit_id": acc, "name": name, "url": None, "host_unit": host,
                    "platform": pid, "platform_subtype": sub, "platform_raw": platform})
    return out


def _prominent(con: duckdb.DuckDBPyConnection, rules: Rules) -> dict[str, dict[str, int]]:
    """{unit: {finding kind: count}} of confirmed findings that are not veto kinds (突出问题)."""
    veto = set(rules.param("serious_error", "veto_kinds")) | set(rules.param("nm_serious_error", "veto_kinds"))
    out: dict[str, dict[str, int]] = {}
    for unit, kind, n in con.execute("SELECT unit_id, kind, count(*) FROM findings WHERE confirmed GROUP BY ALL "
                                     "ORDER BY unit_id, kind").fetchall():
        if kind not in veto:
            out.setdefault(unit, {})[kind] = n
    return out


def _score(found: dict[str, int], table: list[dict[str, Any]]) -> tuple[float, list[str]]:
    """100 minus each kind's points x count, capped per kind; the lines say what was deducted."""
    total, lines = Decimal(0), []
    for row in table:
        n = found.get(row["kind"], 0)
        if not n:
            continue
        d = Decimal(str(row["points"])) * n
        if row.get("cap") is not None:
            d = min(d, Decimal(str(row["cap"])))
        total += d
        lines.append(f"{row['kind']}{n}处扣{d:g}分")
    return float(Decimal(100) - total), lines


def combine(cfg: RunConfig, rules: Rules, con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
            files: dict[str, Path] | None = None) -> Assessment:
    """Unit results, annex problem texts and figures from the item verdict rows.

    Only rows that can change a unit's result (veto, not assessed) are walked in Python; the
    many passing rows go to the verdicts frame as they are (a country-week has ~400,000).
    """
    units = _units(con, files)
    prominent = _prominent(con, rules)
    deductions = rules.scoring.get("deductions")
    label = {i: m["label_zh"] for i, m in rules.items.items()}
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["verdict"] in (VETO, NOT_ASSESSED):
            by_unit.setdefault(r["unit_id"], []).append(r)
    extra_rows = []
    for u in units:
        uid = u["unit_id"]
        mine = by_unit.get(uid, ())
        found = prominent.get(uid, {})
        u["score"] = None
        if not mine and not found and not deductions:  # the common case: every item passed
            u["veto_items"], u["prominent"], u["result"], u["problem"], u["problem_categories"] = \
                [], [], QUALIFIED, None, []
            continue
        vetoes = [r for r in mine if r["verdict"] == VETO]
        u["veto_items"] = [r["item"] for r in vetoes]
        u["prominent"] = [f"{k}{n}处" for k, n in found.items()]
        failed_score = False
        problems = [f"{label[r['item']]}：{r['summary']}" for r in vetoes]
        categories = [rules.items[r["item"]]["category"] for r in vetoes]
        if deductions and not vetoes:  # a vetoed unit is not scored (indicators.md §0.1)
            score, lines = _score(found, deductions)
            u["score"] = score
            failed_score = score < float(rules.scoring["pass_score"])
            extra_rows.append({
                "unit_kind": u["unit_kind"], "unit_id": uid, "item": "deduction_score",
                "verdict": FAIL if failed_score else "pass", "measured": score,
                "measured_text": f"得分{score:g}分", "threshold": f"低于{rules.scoring['pass_score']}分为不合格（地方扣分表）",
                "evidence": "；".join(lines) or "无扣分", "summary": f"得分{score:g}分", "rule_source": "local"})
            if failed_score:
                problems.append(f"扣分指标得分{score:g}分，低于{rules.scoring['pass_score']:g}分")
        if found and not vetoes:
            problems.append("存在突出问题：" + "、".join(u["prominent"]))
            categories.append("other")
        counts_prominent = bool(found) and bool(rules.scoring.get("prominent_counts_as_failure"))
        if vetoes or failed_score or counts_prominent:
            u["result"] = UNQUALIFIED
        elif any(r["verdict"] == NOT_ASSESSED for r in mine):
            u["result"] = NOT_ASSESSED
        else:
            u["result"] = QUALIFIED
        u["problem"] = "；".join(problems) or None
        u["problem_categories"] = list(dict.fromkeys(categories))
    verdicts = _verdict_frame(rows + extra_rows, units, rules)
    unit_df = _frame(units, UNIT_COLUMNS)
    a = Assessment(cfg, rules, verdicts, unit_df, figures(cfg, unit_df))
    for kind, word in (("site", "网站"), ("account", "新媒体账号")):
        skipped = [u["unit_id"] for u in units if u["unit_kind"] == kind and u["result"] == NOT_ASSESSED]
        if skipped:
            a.notes.append(f"{len(skipped)} {kind}(s) not assessed for lack of data ({word}: "
                           f"{', '.join(skipped[:5])}{' …' if len(skipped) > 5 else ''}); left out of the checked count")
    return a


def _verdict_frame(rows: list[dict[str, Any]], units: list[dict[str, Any]], rules: Rules) -> pd.DataFrame:
    """The verdicts table: item rows plus unit name, item label and wording, added column-wise."""
    import pandas as pd

    df = _frame(rows, tuple(c for c in VERDICT_COLUMNS if c not in ("unit_name", "item_label_zh", "wording")))
    labels = {**{i: m["label_zh"] for i, m in rules.items.items()}, "deduction_score": "扣分指标得分"}
    wording = {**{i: m["wording"] for i, m in rules.items.items()}, "deduction_score": "local"}
    names = pd.Series({u["unit_id"]: u["name"] for u in units}, dtype="str")
    df["unit_name"] = df["unit_id"].map(names)
    df["item_label_zh"] = df["item"].map(labels)
    df["wording"] = df["item"].map(wording).where(df["rule_source"] != "local", "local")
    return df[list(VERDICT_COLUMNS)]


def _frame(records: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    """Records as a DataFrame through Arrow: building a country's ~400,000 verdict rows this way
    takes a fraction of pandas' per-object string conversion (benchmarks/bench_assess.py)."""
    import pyarrow as pa

    if not records:
        return pa.table({c: pa.array([], pa.string()) for c in columns}).to_pandas()
    return pa.Table.from_pylist(records).select(list(columns)).to_pandas()


def figures(cfg: RunConfig, units: pd.DataFrame) -> dict[str, tuple[Decimal, int | None]]:
    """The bulletin's figures: counts, and rates at the run's printed precision (round half up)."""
    from govstats.checks import pct, round_half_up

    out: dict[str, tuple[Decimal, int | None]] = {}
    for kind, ch, total in (("site", "website", cfg.website_total), ("account", "newmedia", cfg.newmedia_total)):
        mine = units[units["unit_kind"] == kind]
        if not len(mine):
            continue
        checked = int((mine["result"] != NOT_ASSESSED).sum())
        unq = int((mine["result"] == UNQUALIFIED).sum())
        if total is not None:
            out[f"{ch}_total"] = (Decimal(total), None)
        out[f"{ch}_checked"] = (Decimal(checked), None)
        if ch == "website":
            out["website_with_problems"] = (Decimal(int(mine["problem"].notna().sum())), None)
        if total and checked <= total:
            out[f"{ch}_coverage_rate"] = (round_half_up(pct(checked, total), cfg.precision), cfg.precision)
        out[f"{ch}_unqualified"] = (Decimal(unq), None)
        if ch == "newmedia":
            prom = int(((mine["result"] == QUALIFIED) & mine["problem"].notna()).sum())
            if prom:
                out["newmedia_prominent_problems"] = (Decimal(prom), None)
        if checked:
            out[f"{ch}_pass_rate"] = (round_half_up(pct(checked - unq, checked), cfg.precision), cfg.precision)
    return out
