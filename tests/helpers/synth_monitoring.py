"""Synthetic monitoring data for `govstats assess`: a run folder with planted veto cases.

    python -m benchmarks.synth_monitoring OUT --sites 1000 --accounts 5000 [--format parquet]

(The generator lives here, shared by tests/integration/test_assess_e2e.py and
benchmarks/bench_assess.py, so that tests do not import from benchmarks/ (issue 21 item 7);
benchmarks/synth_monitoring.py is its command line.)

Every table of govstats/assess/schema.py is written (CSV or Parquet) plus run.yaml. Ordinary
units are healthy, with noise well inside the thresholds (probe failures ~1 %, fresh columns,
messages answered within days); a few per thousand are made to fail by a wide margin. The
first units are PLANTED cases at and just off each threshold; `PLANTED` maps each planted
unit id to the verdict its item must give, so tests and the benchmark can check the result.
All names are synthetic (合成), the data describe no real site or account.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

T_DEFAULT = dt.date(2026, 11, 30)

#: (unit id, item, expected verdict, what is planted)
PLANTED: list[tuple[str, str, str, str]] = [
    ("9900000001", "site_unreachable", "veto", "50 of 1000 probes failed: 5.0 %"),
    ("9900000002", "site_unreachable", "pass", "49 of 1000 probes failed: 4.9 %"),
    ("9900000003", "site_unreachable", "not_assessed", "one day with 19 probes"),
    ("9900000004", "site_unreachable", "pass", "every day exactly 20 probes, 6 of 140 failed (one at 14.9 s)"),
    ("9900000005", "homepage_not_updated", "veto", "latest home-page item dated T-14"),
    ("9900000006", "homepage_not_updated", "pass", "latest home-page item dated T-13"),
    ("9900000007", "homepage_not_updated", "veto", "recent home-page items are all undated"),
    ("9900000008", "columns_not_updated", "veto", "5 stale columns (one 动态要闻 last updated T-14)"),
    ("9900000009", "columns_not_updated", "pass", "4 stale columns (the 5th 动态要闻 updated T-13)"),
    ("9900000010", "columns_not_updated", "veto", "5 blank columns"),
    ("9900000011", "poor_interaction", "veto", "a message answered 3 months plus a day after it came"),
    ("9900000012", "poor_interaction", "pass", "a message answered 3 months minus a day after it came"),
    ("9900000013", "poor_interaction", "veto", "no consultation channel"),
    ("9900000014", "serious_error", "veto", "a confirmed 严重表述错误"),
    ("9900000015", "serious_error", "pass", "an unconfirmed 严重表述错误 (never counts); a confirmed 错别字 (突出问题)"),
    ("9900000016", "service_not_practical", "veto", "offers no 办事服务"),
    ("A0001", "nm_not_updated", "veto", "latest post T-14"),
    ("A0002", "nm_not_updated", "pass", "latest post T-13"),
    ("A0003", "nm_no_interaction", "veto", "no interaction function"),
    ("A0004", "nm_serious_error", "veto", "a confirmed 严重表述错误"),
    ("A0005", "nm_serious_error", "pass", "a confirmed 错别字 (突出问题, not a veto)"),
]
N_PLANTED_SITES, N_PLANTED_ACCOUNTS = 16, 5
PLATFORMS = ["微信公众号", "微博", "抖音", "今日头条", "快手", "微信视频号"]


def _d(t: dt.date, days: int) -> dt.date:
    return t - dt.timedelta(days=days)


def generate(out: str | Path, sites: int = 30, accounts: int = 15, t: dt.date = T_DEFAULT, seed: int = 7,
             fmt: str = "csv", probes_per_day: int = 24, region: str = "示例市", period: str = "2026Q4",
             posts_per_account: float = 6.0) -> Path:
    """Write a run folder of `sites` sites and `accounts` accounts (planted cases first); returns it."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    sites = max(sites, N_PLANTED_SITES)
    accounts = max(accounts, N_PLANTED_ACCOUNTS)
    # 网站标识码 format (10 digits); the prefix 99 is no GB/T 2260 province: clearly not a real site
    codes = [f"99{i:08d}" for i in range(1, sites + 1)]
    accs = [f"A{i:04d}" if i <= N_PLANTED_ACCOUNTS else f"A{i:07d}" for i in range(1, accounts + 1)]
    days = 7
    start = t - dt.timedelta(days=days - 1)

    # ---------------------------------------------------------------- sites
    site_df = pd.DataFrame({
        "site_code": codes,
        "name": [f"合成测试单位{i}" for i in range(1, sites + 1)],
        "url": [f"http://s{i}.example.invalid" for i in range(1, sites + 1)],
        "host_unit": [f"合成测试单位{i}" for i in range(1, sites + 1)],
        "status": "正常", "is_portal": False, "homepage_is_nav_only": False,
        "has_consultation_channel": True, "has_service_function": True, "offers_services": True,
    })
    site_df.loc[site_df["site_code"] == "9900000013", "has_consultation_channel"] = False
    site_df.loc[site_df["site_code"] == "9900000016", "offers_services"] = False

    # ---------------------------------------------------------------- probes (vectorized for the ordinary sites)
    ordinary = np.arange(N_PLANTED_SITES, sites)
    n_ord = len(ordinary)
    bad_site = rng.random(n_ord) < 0.004  # a few sites really down a lot
    p_fail = np.where(bad_site, 0.2, 0.005)
    per_site = days * probes_per_day
    site_idx = np.repeat(ordinary, per_site)
    slot = np.tile(np.arange(per_site), n_ord)
    base = np.datetime64(start.isoformat(), "s")
    step = 86400 // probes_per_day
    ts = base + (slot // probes_per_day) * 86400 + (slot % probes_per_day) * step + rng.integers(0, 60, slot.size)
    fail = rng.random(slot.size) < np.repeat(p_fail, per_site)
    timeout = fail & (rng.random(slot.size) < 0.5)  # half the failures are slow pages (>= 15 s), half errors
    resp = np.round(rng.gamma(2.0, 0.4, slot.size), 3)
    resp = np.where(timeout, 15.0 + np.round(rng.random(slot.size) * 10, 3), resp)
    ok = ~fail | timeout  # a slow page opened (ok) but after the 15 s limit: still a failure
    resp = np.where(fail & ~timeout, np.nan, resp)
    probes = pd.DataFrame({"site_code": np.asarray(codes, dtype=object)[site_idx], "ts": ts, "ok": ok,
                           "response_s": resp, "error_code": np.where(fail & ~timeout, "503", None)})
    planted = []

    def probe_rows(code: str, per_day: list[int], fails: int, slow_ok: float | None = None) -> None:
        k = 0
        for di, n in enumerate(per_day):
            for j in range(n):
                when = dt.datetime.combine(start + dt.timedelta(days=di), dt.time()) + dt.timedelta(seconds=j * (86400 // n))
                failed = k < fails
                planted.append({"site_code": code, "ts": when, "ok": not failed,
                                "response_s": None if failed else 0.8, "error_code": "timeout" if failed else None})
                k += 1
        if slow_ok is not None:  # the last probe opened in slow_ok seconds
            planted[-1]["response_s"] = slow_ok

    for code in codes[:N_PLANTED_SITES]:
        if code in ("9900000001", "9900000002"):
            probe_rows(code, [143] * 6 + [142], 50 if code == "9900000001" else 49)
        elif code == "9900000003":
            probe_rows(code, [24] * 6 + [19], 0)
        elif code == "9900000004":
            probe_rows(code, [20] * 7, 5, slow_ok=14.9)
            planted[-2]["response_s"] = 15.0  # opened, but at exactly 15 s: a failure (超过(含)15秒)
        else:
            probe_rows(code, [24] * 7, 1)
    probes = pd.concat([pd.DataFrame(planted).astype({"ts": "datetime64[s]"}), probes], ignore_index=True)

    # ---------------------------------------------------------------- home-page items
    hp_site = np.repeat(np.arange(sites), 6)
    hp_age = rng.integers(0, 10, hp_site.size)
    stale_home = np.isin(hp_site, ordinary[rng.random(n_ord) < 0.004])
    hp_age = np.where(stale_home, hp_age + 20, hp_age)
    hp = pd.DataFrame({"site_code": np.asarray(codes, dtype=object)[hp_site],
                       "item_url": [f"/news/{i}.html" for i in range(hp_site.size)],
                       "published_at": [_d(t, int(a)) for a in hp_age], "page": "home"})
    for code, age in (("9900000005", 14), ("9900000006", 13)):
        m = hp["site_code"] == code
        hp.loc[m, "published_at"] = [_d(t, age + k * 3) for k in range(int(m.sum()))]
    m = hp["site_code"] == "9900000007"
    hp.loc[m, "published_at"] = [None, None, None, _d(t, 30), _d(t, 40), None]

    # ---------------------------------------------------------------- columns
    classes = [("动态要闻", True), ("动态要闻", True), ("通知公告", True), ("政策文件", True), ("通知公告", False),
               ("should_update", True), ("should_update", False), ("static", True)]
    rows: list[dict[str, Any]] = []
    for code in codes:
        for ci, (cls, first) in enumerate(classes):
            age = int(rng.integers(0, 10 if cls == "动态要闻" else 90))
            rows.append({"site_code": code, "column_id": f"c{ci + 1}", "name": f"{cls}栏目{ci + 1}", "url": None,
                         "is_first_level": first, "class": cls, "item_count": int(rng.integers(5, 200)),
                         "last_item_date": _d(t, age)})
        if code in ("9900000008", "9900000009"):  # 4 stale 通知公告/政策文件 columns + the 5th a 动态要闻 at T-14 / T-13
            for k in range(4):
                rows.append({"site_code": code, "column_id": f"x{k}", "name": f"通知公告栏目x{k}", "url": None,
                             "is_first_level": True, "class": "通知公告", "item_count": 12,
                             "last_item_date": _d(t, 200 + k)})
            rows.append({"site_code": code, "column_id": "x9", "name": "工作动态x9", "url": None, "is_first_level": True,
                         "class": "动态要闻", "item_count": 30, "last_item_date": _d(t, 14 if code == "9900000008" else 13)})
        if code == "9900000010":
            for k in range(5):
                rows.append({"site_code": code, "column_id": f"b{k}", "name": f"空白栏目b{k}", "url": None,
                             "is_first_level": False, "class": "should_update", "item_count": 0,
                             "last_item_date": None})
    cols = pd.DataFrame(rows)

    # ---------------------------------------------------------------- messages
    msg_site = np.repeat(np.arange(sites), 4)
    sub_age = rng.integers(5, 300, msg_site.size)
    wait = rng.integers(1, 20, msg_site.size)
    msgs = pd.DataFrame({"site_code": np.asarray(codes, dtype=object)[msg_site],
                         "message_id": [f"m{i}" for i in range(msg_site.size)], "column": "领导信箱",
                         "column_class": "咨询建言", "valid": True,
                         "submitted_at": [_d(t, int(a)) for a in sub_age],
                         "replied_at": [_d(t, int(a) - int(min(w, a))) for a, w in zip(sub_age, wait)]})
    from govstats.assess.items import months_after

    sub = _d(t, 150)
    extra = [("9900000011", months_after(sub, 3) + dt.timedelta(days=1)), ("9900000012", months_after(sub, 3) - dt.timedelta(days=1))]
    msgs = pd.concat([msgs, pd.DataFrame([{"site_code": c, "message_id": f"p-{c}", "column": "咨询投诉",
                                           "column_class": "咨询建言", "valid": True, "submitted_at": sub,
                                           "replied_at": r} for c, r in extra])], ignore_index=True)

    # ---------------------------------------------------------------- findings
    findings = pd.DataFrame([
        {"unit_id": "9900000014", "finding_id": "f1", "kind": "严重表述错误", "url": "/news/1.html", "date": _d(t, 3),
         "confirmed": True, "note": "领导姓名错误（合成示例）"},
        {"unit_id": "9900000015", "finding_id": "f2", "kind": "严重表述错误", "url": "/news/2.html", "date": _d(t, 4),
         "confirmed": False, "note": "工具疑似，未经人工确认"},
        {"unit_id": "9900000015", "finding_id": "f3", "kind": "错别字", "url": "/news/3.html", "date": _d(t, 4),
         "confirmed": True, "note": None},
        {"unit_id": "A0004", "finding_id": "f4", "kind": "严重表述错误", "url": None, "date": _d(t, 2),
         "confirmed": True, "note": None},
        {"unit_id": "A0005", "finding_id": "f5", "kind": "错别字", "url": None, "date": _d(t, 2),
         "confirmed": True, "note": None},
    ])

    # ---------------------------------------------------------------- accounts and posts
    acc_df = pd.DataFrame({
        "account_id": accs, "name": [f"合成政务号{i}" for i in range(1, accounts + 1)],
        "platform": [PLATFORMS[i % len(PLATFORMS)] for i in range(accounts)],
        "host_unit": [f"合成测试单位{i % sites + 1}" for i in range(accounts)], "status": "正常",
        "interaction_enabled": True,
    })
    acc_df.loc[acc_df["account_id"] == "A0003", "interaction_enabled"] = False
    ordinary_acc = np.arange(N_PLANTED_ACCOUNTS, accounts)
    n_posts = rng.poisson(posts_per_account, ordinary_acc.size) + 1
    silent = rng.random(ordinary_acc.size) < 0.01  # zombie accounts: last post 20-60 days ago
    p_acc = np.repeat(ordinary_acc, n_posts)
    p_age = rng.integers(0, 30, p_acc.size) + np.repeat(np.where(silent, 20, 0), n_posts)
    p_ts = np.datetime64(t.isoformat(), "s") - p_age * 86400 + rng.integers(8 * 3600, 20 * 3600, p_acc.size)
    posts = pd.DataFrame({"account_id": np.asarray(accs, dtype=object)[p_acc],
                          "post_id": np.char.add("p", np.arange(p_acc.size).astype(str)).astype(object),
                          "published_at": p_ts, "is_original": rng.random(p_acc.size) < 0.7})
    plant_posts = []
    for acc, age in (("A0001", 14), ("A0002", 13), ("A0003", 1), ("A0004", 2), ("A0005", 3)):
        for k in range(3):
            plant_posts.append({"account_id": acc, "post_id": f"pp-{acc}-{k}",
                                "published_at": dt.datetime.combine(_d(t, age + 5 * k), dt.time(10)),
                                "is_original": True})
    posts = pd.concat([pd.DataFrame(plant_posts).astype({"published_at": "datetime64[s]"}), posts], ignore_index=True)

    tables = {"sites": site_df, "probes": probes, "homepage_items": hp, "columns": cols, "messages": msgs,
              "findings": findings, "accounts": acc_df, "posts": posts}
    for name, df in tables.items():
        _write(df, out / f"{name}.{fmt}")
    (out / "run.yaml").write_text(
        "# SYNTHETIC monitoring run written by benchmarks/synth_monitoring.py: no real site or account.\n"
        f"synthetic: true\nregion: {region}\nperiod: {period}\nmonitoring_date: {t.isoformat()}\n"
        f"issuer: {region}人民政府办公室\nwebsite_total: {sites + max(1, sites // 20)}\n"
        f"newmedia_total: {accounts + max(1, accounts // 20)}\nprecision: 2\n", encoding="utf-8")
    return out


def _write(df: Any, path: Path) -> None:
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    else:
        df.to_csv(path, index=False, encoding="utf-8", date_format="%Y-%m-%d %H:%M:%S")
