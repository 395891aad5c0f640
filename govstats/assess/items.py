"""Each veto item as one small function over the run's DuckDB tables.

An item function takes the connection, the monitoring date T and the merged rules and returns
one verdict row per unit (site or account): ``veto`` (单项否决), ``pass``, ``not_applicable``
or ``not_assessed`` (the data cannot support a verdict either way, e.g. a day with fewer than
20 probes). The logs are aggregated in SQL (one row per unit, or per unit and day); the
decision itself is made in Python with exact integer arithmetic, so 5.0 % vetoes and 4.99 %
does not. Window conventions are those stated at the top of data/rules.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from govstats.assess.rules import Rules

if TYPE_CHECKING:
    import duckdb

VETO, PASS, NOT_APPLICABLE, NOT_ASSESSED = "veto", "pass", "not_applicable", "not_assessed"
Row = dict[str, Any]
EVIDENCE_LIMIT = 5  # examples listed per unit (counts are always complete)


def months_before(d: dt.date, months: int) -> dt.date:
    """The same calendar day `months` earlier, clamped to the month's end (03-31 minus 1 -> 02-28)."""
    import calendar

    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def months_after(d: dt.date, months: int) -> dt.date:
    return months_before(d, -months)


def _row(kind: str, unit: str, item: str, verdict: str, measured: float | None, measured_text: str,
         threshold: str, evidence: str, source: str, summary: str | None = None) -> Row:
    """One verdict row; summary is the short phrase the bulletin's annex prints for a veto."""
    return {"unit_kind": kind, "unit_id": unit, "item": item, "verdict": verdict, "measured": measured,
            "measured_text": measured_text, "threshold": threshold, "evidence": evidence, "rule_source": source,
            "summary": summary or measured_text}


def _active(con: duckdb.DuckDBPyConnection, table: str, key: str) -> list[str]:
    """Units the bulletin checks: status 正常 (例外 and 关停 units are not inspected)."""
    return [r[0] for r in con.execute(f"SELECT {key} FROM {table} WHERE status = '正常' ORDER BY _row").fetchall()]


def _examples(values: list[str] | None) -> str:
    if not values:
        return ""
    shown = values[:EVIDENCE_LIMIT]
    return "；".join(shown) + (f"；等{len(values)}项" if len(values) > EVIDENCE_LIMIT else "")


# ---------------------------------------------------------------- websites


def serious_error(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules, item: str = "serious_error",
                  kind: str = "site") -> list[Row]:
    """Any confirmed finding of a veto kind (严重表述错误, 泄密, …) vetoes; unconfirmed ones never do."""
    table, key = ("sites", "site_code") if kind == "site" else ("accounts", "account_id")
    kinds = list(rules.param(item, "veto_kinds"))
    found = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT unit_id, count(*), list(kind || '：' || coalesce(url, '') || coalesce('（' || strftime(date, '%Y-%m-%d')"
        " || '）', '') ORDER BY finding_id) FROM findings WHERE confirmed AND list_contains(?, kind) GROUP BY unit_id",
        [kinds]).fetchall()}
    src = rules.source_of(item)
    out = []
    for unit in _active(con, table, key):
        n, ex = found.get(unit, (0, []))
        kinds_found = "、".join(dict.fromkeys(e.split("：")[0] for e in ex))
        out.append(_row(kind, unit, item, VETO if n else PASS, float(n), f"经确认的严重问题{n}个",
                        "出现任意一种即单项否决", _examples(ex) if n else "未发现经确认的严重问题", src,
                        f"{kinds_found}{n}处" if n else None))
    return out


def site_unreachable(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """Failed probes / probes >= 5 % over 7 days, each day with >= 20 probes; a probe fails at >= 15 s."""
    from fractions import Fraction

    item = "site_unreachable"
    days, need = int(rules.param(item, "window_days")), int(rules.param(item, "min_probes_per_day"))
    timeout, pct = rules.param(item, "timeout_s"), Fraction(str(rules.param(item, "veto_rate_pct")))
    start = t - dt.timedelta(days=days - 1)
    per_day: dict[str, dict[dt.date, tuple[int, int]]] = {}
    for site, day, n, f in con.execute(
        "SELECT site_code, CAST(ts AS DATE) AS d, count(*), count_if(NOT ok OR coalesce(response_s >= ?, false)) "
        "FROM probes WHERE CAST(ts AS DATE) BETWEEN ? AND ? GROUP BY ALL", [timeout, start, t]).fetchall():
        per_day.setdefault(site, {})[day] = (n, f)
    failed_examples = {r[0]: r[1] for r in con.execute(
        "SELECT site_code, list(strftime(ts, '%m-%d %H:%M') || coalesce('（' || error_code || '）', '') ORDER BY ts)"
        f"[1:{EVIDENCE_LIMIT}] FROM probes WHERE CAST(ts AS DATE) BETWEEN ? AND ? "
        "AND (NOT ok OR coalesce(response_s >= ?, false)) GROUP BY site_code", [start, t, timeout]).fetchall()}
    window = [start + dt.timedelta(days=i) for i in range(days)]
    threshold = f"监测{days}天、每天至少{need}次，超过（含）{timeout}秒未打开的次数占比超过（含）{pct}%"
    src = rules.source_of(item)
    out = []
    for site in _active(con, "sites", "site_code"):
        counts = per_day.get(site, {})
        short = [(d, counts.get(d, (0, 0))[0]) for d in window if counts.get(d, (0, 0))[0] < need]
        probes = sum(n for n, _ in counts.values())
        fails = sum(f for _, f in counts.values())
        if short:
            ev = "；".join(f"{d:%m-%d}仅{n}次" for d, n in short[:EVIDENCE_LIMIT])
            out.append(_row("site", site, item, NOT_ASSESSED, None, f"访问{probes}次，其中失败{fails}次", threshold,
                            f"监测次数不足，不能判定：{ev}", src))
            continue
        rate = Fraction(fails * 100, probes)
        veto = rate >= pct
        ex = failed_examples.get(site) or []
        out.append(_row("site", site, item, VETO if veto else PASS, float(round(rate, 4)),
                        f"访问{probes}次，失败{fails}次（{float(rate):.2f}%）", threshold,
                        ("失败时间：" + _examples(ex) + (f"等，共{fails}次" if fails > len(ex) else "")) if fails
                        else "全部访问成功", src, f"监测{days}天首页访问{probes}次，{fails}次超过{timeout}秒未打开"))
    return out


def homepage_not_updated(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """No dated home-page item in the 14 days ending on T vetoes (second-level pages for a nav-only home page)."""
    item = "homepage_not_updated"
    days = int(rules.param(item, "window_days"))
    undated_counts = bool(rules.param(item, "undated_is_update"))
    start = t - dt.timedelta(days=days - 1)
    agg = {r[0]: r[1:] for r in con.execute(
        "SELECT h.site_code, count(*), count_if(h.published_at IS NULL), "
        "count_if(h.published_at BETWEEN ? AND ?), max(h.published_at) FILTER (WHERE h.published_at <= ?) "
        "FROM homepage_items h JOIN sites s USING (site_code) "
        "WHERE h.page = CASE WHEN s.homepage_is_nav_only THEN 'second' ELSE 'home' END GROUP BY h.site_code",
        [start, t, t]).fetchall()}
    nav = {r[0] for r in con.execute("SELECT site_code FROM sites WHERE homepage_is_nav_only").fetchall()}
    src = rules.source_of(item)
    out = []
    for site in _active(con, "sites", "site_code"):
        where = "二级页面" if site in nav else "首页"
        threshold = f"监测{days}天，{where}无信息更新即单项否决"
        if site not in agg:
            out.append(_row("site", site, item, NOT_ASSESSED, None, f"{where}无条目记录", threshold,
                            f"未记录{where}条目，不能判定", src))
            continue
        n, undated, recent, latest = agg[site]
        updated = recent > 0 or (undated_counts and undated > 0)
        age = (t - latest).days if latest else None
        measured = f"{where}最近更新{latest:%Y-%m-%d}（{age}天前）" if latest else f"{where}条目均无日期"
        ev = f"{where}条目{n}条，{days}天内{recent}条" + (f"，未注明日期{undated}条（视为不更新）" if undated and
                                                          not undated_counts else "")
        summary = (f"{where}最近更新为{latest:%Y-%m-%d}，{days}天内无信息更新" if latest
                   else f"{where}信息均未注明发布时间，视为不更新")
        out.append(_row("site", site, item, PASS if updated else VETO, None if age is None else float(age),
                        measured, threshold, ev, src, summary))
    return out


def columns_not_updated(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """Sub-rules: >= 5 stale 动态要闻 / first-level 通知公告·政策文件 columns; >= 10 long-stale
    should-update columns (only with a local long_stale_days); >= 5 blank columns.

    A column is stale when its latest item is dated T-14 or earlier (动态要闻), on or before the
    same date 6 months before T (通知公告/政策文件), or when it has items but none is dated; a
    blank column (item_count 0) counts only under sub-rule 3, never twice; a column with neither
    a count nor a date is not counted (nothing is known about it).
    """
    item = "columns_not_updated"
    p = rules.items[item]["params"]
    news_cut = t - dt.timedelta(days=int(p["news_window_days"]))
    notice_cut = months_before(t, int(p["notice_window_months"]))
    long_days = p["long_stale_days"]
    long_cut = t - dt.timedelta(days=int(long_days)) if long_days is not None else None
    has_items = "coalesce(item_count, 1) > 0"
    stale = "(last_item_date <= ? OR (last_item_date IS NULL AND item_count > 0))"
    label = "name || '（' || coalesce(strftime(last_item_date, '%Y-%m-%d'), '无日期') || '）'"
    a_news = f"class = '动态要闻' AND {has_items} AND {stale.replace('?', '$news')}"
    a_notice = f"class IN ('通知公告', '政策文件') AND is_first_level AND {has_items} AND {stale.replace('?', '$notice')}"
    b = f"class = 'should_update' AND {has_items} AND {stale.replace('?', '$long')}" if long_cut else "false"
    sql = (f"SELECT site_code, count(*), count_if({a_news}), count_if({a_notice}), count_if({b}), "
           f"count_if(item_count = 0), list({label} ORDER BY column_id) FILTER (WHERE ({a_news}) OR ({a_notice})), "
           f"list({label} ORDER BY column_id) FILTER (WHERE {b}), list(name ORDER BY column_id) FILTER "
           "(WHERE item_count = 0) FROM columns GROUP BY site_code")
    params = {"news": news_cut, "notice": notice_cut, "long": long_cut or t}
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    agg = {r[0]: r[1:] for r in con.execute(sql, used).fetchall()}
    n_a, n_b, n_c = int(p["veto_stale_count"]), int(p["veto_long_stale_count"]), int(p["veto_blank_count"])
    threshold = (f"动态要闻类{p['news_window_days']}天、通知公告/政策文件类一级栏目{p['notice_window_months']}个月内"
                 f"未更新累计超过（含）{n_a}个；" + (f"应更新栏目{long_days}天未更新超过（含）{n_b}个；" if long_cut
                                             else "长期未更新：国家标准无天数，未判定；") + f"空白栏目超过（含）{n_c}个")
    src = rules.source_of(item)
    out = []
    for site in _active(con, "sites", "site_code"):
        if site not in agg:
            out.append(_row("site", site, item, NOT_ASSESSED, None, "无栏目清单", threshold, "未提供栏目清单，不能判定",
                            src))
            continue
        n, news, notice, long_stale, blank, ex_a, ex_b, ex_c = agg[site]
        a = news + notice
        hits = []
        if a >= n_a:
            hits.append(f"未更新栏目{a}个：{_examples(ex_a)}")
        if long_cut and long_stale >= n_b:
            hits.append(f"长期未更新栏目{long_stale}个：{_examples(ex_b)}")
        if blank >= n_c:
            hits.append(f"空白栏目{blank}个：{_examples(ex_c)}")
        measured = f"栏目{n}个：未更新{a}个" + (f"、长期未更新{long_stale}个" if long_cut else "") + f"、空白{blank}个"
        ev = "；".join(hits) if hits else ("；".join(x for x in (
            f"未更新：{_examples(ex_a)}" if a else "", f"空白：{_examples(ex_c)}" if blank else "") if x)
            or "栏目均按时更新")
        summary = "，".join(x for x in (f"动态要闻、通知公告、政策文件类栏目未更新{a}个" if a >= n_a else "",
                                        f"应更新栏目长期未更新{long_stale}个" if long_cut and long_stale >= n_b else "",
                                        f"空白栏目{blank}个" if blank >= n_c else "") if x)
        out.append(_row("site", site, item, VETO if hits else PASS, float(a), measured, threshold, ev, src, summary))
    return out


def poor_interaction(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """No consultation channel, or a valid message of the last 12 months answered (or still open at T)
    more than 3 calendar months after it was submitted (dates: submitted + 3 months, then later)."""
    item = "poor_interaction"
    p = rules.items[item]["params"]
    wait, back = int(p["max_wait_months"]), int(p["lookback_months"])
    since = months_before(t, back)
    agg = {r[0]: r[1:] for r in con.execute(
        "WITH m AS (SELECT site_code, message_id, submitted_at, least(coalesce(replied_at, $t), $t) AS until, "
        "replied_at FROM messages WHERE valid AND NOT list_contains($excl, coalesce(column_class, '')) "
        "AND submitted_at > $since AND submitted_at <= $t), "
        f"l AS (SELECT *, CAST(submitted_at + INTERVAL {wait} MONTH AS DATE) < until AS late FROM m) "
        "SELECT site_code, count(*), count_if(late), list(message_id || '：' || strftime(submitted_at, '%Y-%m-%d') || "
        "'提交，' || CASE WHEN replied_at IS NULL OR replied_at > $t THEN '至监测日未答复' ELSE "
        "strftime(replied_at, '%Y-%m-%d') || '答复' END || '，等待' || (until - submitted_at) || '天' ORDER BY "
        "submitted_at) FILTER (WHERE late), max(until - submitted_at) FROM l GROUP BY site_code",
        {"t": t, "since": since, "excl": list(p["excluded_column_classes"])}).fetchall()}
    channel = dict(con.execute("SELECT site_code, has_consultation_channel FROM sites").fetchall())
    threshold = f"未提供有效咨询建言渠道，或{back}个月内有效留言超过{wait}个月未回应"
    src = rules.source_of(item)
    out = []
    for site in _active(con, "sites", "site_code"):
        n, late, ex, longest = agg.get(site, (0, 0, [], None))
        has = channel.get(site)
        measured = f"{back}个月内有效留言{n}条，超期{late}条" + (f"，最长等待{longest}天" if longest is not None else "")
        if has is False or late:
            ev = "；".join(x for x in ("未提供有效咨询建言渠道" if has is False else "",
                                      f"超期未回应：{_examples(ex)}" if late else "") if x)
            summary = "，".join(x for x in ("未提供有效咨询建言渠道" if has is False else "",
                                           f"{late}条有效留言超过{wait}个月未回应" if late else "") if x)
            out.append(_row("site", site, item, VETO, float(late), measured, threshold, ev, src, summary))
        elif has is None:
            out.append(_row("site", site, item, NOT_ASSESSED, float(late), measured, threshold,
                            "未记录是否提供咨询建言渠道，不能判定", src))
        else:
            out.append(_row("site", site, item, PASS, float(late), measured, threshold,
                            "留言均在期限内回应" if n else "有咨询建言渠道，期内无有效留言", src))
    return out


def service_not_practical(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """Part 1 only (未提供办事服务); part 2's threshold (办事指南要素) was not found and is not invented."""
    item = "service_not_practical"
    threshold = "未提供办事服务即单项否决（办事指南要素部分：国家标准未查得，未判定）"
    rows = con.execute("SELECT site_code, has_service_function, offers_services FROM sites WHERE status = '正常' "
                       "ORDER BY _row").fetchall()
    out = []
    for site, has_function, offers in rows:
        if has_function is False:
            out.append(_row("site", site, item, NOT_APPLICABLE, None, "无对外服务职能", threshold, "不适用", "national"))
        elif offers is None:
            out.append(_row("site", site, item, NOT_ASSESSED, None, "未记录是否提供办事服务", threshold,
                            "未记录，不能判定", "national"))
        else:
            out.append(_row("site", site, item, PASS if offers else VETO, None,
                            "提供办事服务" if offers else "未提供办事服务", threshold,
                            "办事指南要素未判定（国家标准未查得）" if offers else "站点未提供办事服务", "national"))
    return out


# ---------------------------------------------------------------- accounts


def nm_serious_error(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    return serious_error(con, t, rules, item="nm_serious_error", kind="account")


def nm_not_updated(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """No post dated in the 14 days ending on T vetoes; with a local no_original_months, also no
    original post in that many months. The posts table is the complete log of the listed accounts."""
    item = "nm_not_updated"
    days = int(rules.param(item, "window_days"))
    orig_months = rules.param(item, "no_original_months")
    start = t - dt.timedelta(days=days - 1)
    orig_cut = months_before(t, int(orig_months)) if orig_months is not None else t
    agg = {r[0]: r[1:] for r in con.execute(
        "SELECT account_id, count_if(CAST(published_at AS DATE) BETWEEN $start AND $t), "
        "max(CAST(published_at AS DATE)) FILTER (WHERE CAST(published_at AS DATE) <= $t), "
        "count_if(is_original AND CAST(published_at AS DATE) > $orig AND CAST(published_at AS DATE) <= $t) "
        "FROM posts GROUP BY account_id", {"start": start, "t": t, "orig": orig_cut}).fetchall()}
    threshold = f"监测时间点前{days}天内无更新即单项否决" + (f"；{orig_months}个月内无原创信息（地方规则）"
                                                         if orig_months is not None else "")
    out = []
    for acc in _active(con, "accounts", "account_id"):
        recent, latest, originals = agg.get(acc, (0, None, 0))
        age = (t - latest).days if latest else None
        measured = f"最近发布{latest:%Y-%m-%d}（{age}天前）" if latest else "无发布记录"
        hits = []
        if not recent:
            hits.append(f"{days}天内无更新（最近发布：{latest:%Y-%m-%d}）" if latest else f"{days}天内无更新（无发布记录）")
        if orig_months is not None and not originals:
            hits.append(f"{orig_months}个月内无原创信息")
        out.append(_row("account", acc, item, VETO if hits else PASS, None if age is None else float(age), measured,
                        threshold, "；".join(hits) if hits else f"{days}天内发布{recent}条", rules.source_of(item),
                        "，".join(hits) or None))
    return out


def nm_no_interaction(con: duckdb.DuckDBPyConnection, t: dt.date, rules: Rules) -> list[Row]:
    """未提供有效互动功能: interaction_enabled false vetoes; empty is not known."""
    item = "nm_no_interaction"
    threshold = "未提供有效互动功能即单项否决"
    out = []
    for acc, enabled in con.execute("SELECT account_id, interaction_enabled FROM accounts WHERE status = '正常' "
                                    "ORDER BY _row").fetchall():
        verdict = NOT_ASSESSED if enabled is None else PASS if enabled else VETO
        text = {NOT_ASSESSED: "未记录互动功能，不能判定", PASS: "提供互动功能", VETO: "未提供有效互动功能"}[verdict]
        out.append(_row("account", acc, item, verdict, None, text, threshold, text, rules.source_of(item)))
    return out


ITEMS: dict[str, Callable[[Any, dt.date, Rules], list[Row]]] = {
    "serious_error": serious_error,
    "site_unreachable": site_unreachable,
    "homepage_not_updated": homepage_not_updated,
    "columns_not_updated": columns_not_updated,
    "poor_interaction": poor_interaction,
    "service_not_practical": service_not_practical,
    "nm_serious_error": nm_serious_error,
    "nm_not_updated": nm_not_updated,
    "nm_no_interaction": nm_no_interaction,
}
