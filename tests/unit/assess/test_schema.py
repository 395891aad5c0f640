"""Input tables: one clear line naming the file, the row and the column; CSV, Parquet and xlsx read alike."""

from __future__ import annotations

import pytest
from assess_runs import probes, site, verdict

from govstats.assess import assess
from govstats.assess.schema import read_config
from govstats.errors import GovstatsError


def _error(run) -> str:
    with pytest.raises(GovstatsError) as exc:
        assess(run)
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_bad_boolean_names_file_row_and_column(make_run):
    rows = probes()
    rows[99]["ok"] = "maybe"
    run = make_run(probes=rows)
    msg = _error(run)
    # header is row 1: the 100th record is row 101
    assert msg == f"{run / 'probes.csv'}: row 101, column ok: 'maybe' is not a true/false value (true, false, 1, 0, 是, 否)"


def test_bad_timestamp_and_empty_required_cell(make_run):
    rows = probes()
    rows[5]["ts"] = "2026-13-01 00:00:00"
    assert "probes.csv: row 7, column ts: '2026-13-01 00:00:00' is not a date and time" in _error(make_run(probes=rows))
    rows = probes()
    rows[3]["site_code"] = ""
    assert "probes.csv: row 5, column site_code: empty, a value is required" in _error(make_run(probes=rows))


def test_missing_column_and_vocabulary(make_run):
    cols = [{"site_code": "S1", "column_id": "c1", "name": "要闻", "url": "", "is_first_level": "true",
             "class": "新闻", "item_count": 3, "last_item_date": "2026-11-20"}]
    assert "columns.csv: row 2, column class: '新闻' is not one of 动态要闻/通知公告/政策文件/should_update/static" in \
        _error(make_run(columns=cols))
    run = make_run()
    text = (run / "sites.csv").read_text(encoding="utf-8").replace("site_code,", "code,", 1)
    (run / "sites.csv").write_text(text, encoding="utf-8")
    assert "sites.csv: column(s) site_code missing" in _error(run)


def test_duplicate_key_and_unknown_site(make_run):
    rows = probes()
    rows.append(dict(rows[10]))
    assert "probes.csv: row 142, column ts: repeats the key (site_code, ts) of row 12" in _error(make_run(probes=rows))
    rows = probes() + probes("S9")
    assert "probes.csv: row 142, column site_code: 'S9' is not a site_code of sites" in _error(make_run(probes=rows))


def test_unknown_platform_and_finding_unit(make_run):
    from assess_runs import account

    assert "accounts.csv: row 2, column platform: '飞鸽' is not a platform" in \
        _error(make_run(accounts=[account(platform="飞鸽")]))
    f = [{"unit_id": "X", "finding_id": "1", "kind": "错别字", "url": "", "date": "", "confirmed": "true", "note": ""}]
    assert "findings.csv: row 2, column unit_id: 'X' is neither a site_code" in _error(make_run(findings=f))


def test_missing_table_and_run_yaml(make_run, tmp_path):
    assert "sites is given but not messages" in _error(make_run(messages=None))
    run = make_run()
    (run / "run.yaml").unlink()
    assert _error(run) == f"{run / 'run.yaml'}: missing (it gives the monitoring date T, region and period)"
    (run / "run.yaml").write_text("region: 测试市\nperiod: 2026Q5\nmonitoring_date: 2026-11-30\n", encoding="utf-8")
    assert "period '2026Q5' is not a quarter" in _error(run)
    with pytest.raises(GovstatsError, match="not a folder"):
        read_config(tmp_path / "nope")


def test_same_table_twice_is_refused(make_run):
    run = make_run()
    (run / "sites.parquet").write_bytes(b"")
    assert "table sites is given twice (sites.csv, sites.parquet)" in _error(run)


def test_not_a_csv(make_run):
    run = make_run()
    lines = (run / "probes.csv").read_text(encoding="utf-8").splitlines()
    lines[20] += ",x,y,z"
    (run / "probes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _error(run) == f"{run / 'probes.csv'}: row 21: more or fewer cells than the header's 5 columns"
    (run / "probes.csv").write_bytes(b"\xff\xfe\x00bad\x00\x00" * 50)
    assert "probes.csv: not UTF-8 text" in _error(run)


def test_gbk_csv_says_what_to_do(make_run):
    run = make_run()
    text = (run / "sites.csv").read_text(encoding="utf-8")
    (run / "sites.csv").write_bytes(text.encode("gbk"))
    assert _error(run) == f"{run / 'sites.csv'}: not UTF-8 text (save it as \"CSV UTF-8\" or as xlsx)"


def test_parquet_and_xlsx_give_the_same_verdicts(make_run):
    import pandas as pd

    rows = probes(per_day=[143] * 6 + [142], fails=50)
    run = make_run(probes=rows, sites=[site(offers_services="false")])
    want = assess(run).verdicts[["unit_id", "item", "verdict"]]
    df = pd.read_csv(run / "probes.csv", dtype=str)
    (run / "probes.csv").unlink()
    df.assign(ts=pd.to_datetime(df["ts"]), ok=df["ok"] == "true",
              response_s=pd.to_numeric(df["response_s"])).to_parquet(run / "probes.parquet")
    sites = pd.read_csv(run / "sites.csv", dtype=str)
    (run / "sites.csv").unlink()
    sites.to_excel(run / "sites.xlsx", index=False)
    a = assess(run)
    assert verdict(a, "S1", "site_unreachable") == "veto" and verdict(a, "S1", "service_not_practical") == "veto"
    pd.testing.assert_frame_equal(a.verdicts[["unit_id", "item", "verdict"]], want)


def test_xlsx_bad_cell_row_number(make_run):
    import pandas as pd

    run = make_run()
    sites = pd.read_csv(run / "sites.csv", dtype=str)
    sites.loc[0, "is_portal"] = "perhaps"
    (run / "sites.csv").unlink()
    sites.to_excel(run / "sites.xlsx", index=False)
    assert "sites.xlsx: row 2, column is_portal: 'perhaps' is not a true/false value" in _error(run)


def test_xlsx_that_is_not_a_zip(make_run):
    run = make_run()
    (run / "sites.csv").unlink()
    (run / "sites.xlsx").write_bytes(b"not a workbook")
    assert "sites.xlsx: not an xlsx file (not a zip archive)" in _error(run)
