"""A small monitoring-run writer: healthy defaults for one site and one account, each table overridable.

Tests change only the rows that matter for the boundary they test; everything else stays
healthy, so a verdict that moves can only have moved because of that row.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

T = dt.date(2026, 11, 30)
COLUMNS = {
    "sites": ["site_code", "name", "url", "host_unit", "status", "is_portal", "homepage_is_nav_only",
              "has_consultation_channel", "has_service_function", "offers_services"],
    "probes": ["site_code", "ts", "ok", "response_s", "error_code"],
    "homepage_items": ["site_code", "item_url", "published_at", "page"],
    "columns": ["site_code", "column_id", "name", "url", "is_first_level", "class", "item_count", "last_item_date"],
    "messages": ["site_code", "message_id", "column", "column_class", "valid", "submitted_at", "replied_at"],
    "findings": ["unit_id", "finding_id", "kind", "url", "date", "confirmed", "note"],
    "accounts": ["account_id", "name", "platform", "host_unit", "status", "interaction_enabled"],
    "posts": ["account_id", "post_id", "published_at", "is_original"],
}


def site(code: str = "S1", **kw: Any) -> dict[str, Any]:
    row = {"site_code": code, "name": f"测试网站{code}", "url": f"http://{code.lower()}.example.invalid",
           "host_unit": f"测试单位{code}", "status": "正常", "is_portal": "false", "homepage_is_nav_only": "false",
           "has_consultation_channel": "true", "has_service_function": "true", "offers_services": "true"}
    return {**row, **kw}


def probes(code: str = "S1", per_day: list[int] | None = None, fails: int = 0, t: dt.date = T,
           response: float = 0.5) -> list[dict[str, Any]]:
    """per_day probes on each of the 7 days ending on t; the first `fails` probes fail (ok = false)."""
    per_day = per_day or [20] * 7
    start = t - dt.timedelta(days=len(per_day) - 1)
    rows, k = [], 0
    for di, n in enumerate(per_day):
        for j in range(n):
            ts = dt.datetime.combine(start + dt.timedelta(days=di), dt.time()) + dt.timedelta(seconds=j * (86400 // n))
            rows.append({"site_code": code, "ts": ts.isoformat(sep=" "), "ok": "false" if k < fails else "true",
                         "response_s": "" if k < fails else response, "error_code": "timeout" if k < fails else ""})
            k += 1
    return rows


def fresh_columns(code: str = "S1", t: dt.date = T) -> list[dict[str, Any]]:
    return [{"site_code": code, "column_id": f"c{i}", "name": f"栏目{i}", "url": "", "is_first_level": "true",
             "class": cls, "item_count": 10, "last_item_date": (t - dt.timedelta(days=2)).isoformat()}
            for i, cls in enumerate(("动态要闻", "通知公告", "政策文件", "should_update", "static"))]


def home(code: str = "S1", ages: list[int | None] | None = None, t: dt.date = T, page: str = "home"
         ) -> list[dict[str, Any]]:
    ages = [1, 3] if ages is None else ages
    return [{"site_code": code, "item_url": f"/{code}/{page}/{i}.html",
             "published_at": "" if a is None else (t - dt.timedelta(days=a)).isoformat(), "page": page}
            for i, a in enumerate(ages)]


def account(acc: str = "A1", **kw: Any) -> dict[str, Any]:
    row = {"account_id": acc, "name": f"测试账号{acc}", "platform": "微信公众号", "host_unit": f"测试单位{acc}",
           "status": "正常", "interaction_enabled": "true"}
    return {**row, **kw}


def posts(acc: str = "A1", ages: list[int] | None = None, t: dt.date = T, original: bool = True) -> list[dict[str, Any]]:
    ages = [1] if ages is None else ages
    return [{"account_id": acc, "post_id": f"{acc}-p{i}",
             "published_at": dt.datetime.combine(t - dt.timedelta(days=a), dt.time(9)).isoformat(sep=" "),
             "is_original": "true" if original else "false"} for i, a in enumerate(ages)]


def write_run(folder: Path, t: dt.date = T, run_extra: str = "", **tables: list[dict[str, Any]] | None) -> Path:
    """A run folder: the given tables, healthy defaults for the others (None: leave the file out)."""
    defaults: dict[str, list[dict[str, Any]] | None] = {
        "sites": [site()], "probes": probes(t=t), "homepage_items": home(t=t), "columns": fresh_columns(t=t),
        "messages": [], "findings": [], "accounts": [account()], "posts": posts(t=t),
    }
    defaults.update(tables)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in defaults.items():
        if rows is None:
            continue
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=COLUMNS[name])
            w.writeheader()
            w.writerows(rows)
    (folder / "run.yaml").write_text(f"region: 测试市\nperiod: 2026Q4\nmonitoring_date: {t.isoformat()}\n{run_extra}",
                                     encoding="utf-8")
    return folder


def verdict(a: Any, unit: str, item: str) -> str:
    """The verdict of one unit and item in an Assessment."""
    v = a.verdicts
    row = v[(v["unit_id"] == unit) & (v["item"] == item)]
    assert len(row) == 1, (unit, item, len(row))
    return str(row["verdict"].iloc[0])
