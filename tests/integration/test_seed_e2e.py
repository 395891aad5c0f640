"""End to end on the seed: `govstats extract --json` gives every field the issue lists."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from govstats.bulletin import load_bulletin

EXPECTED_FIGURES = {
    "website_checked": 53,
    "website_coverage_rate": 100,
    "website_with_problems": 5,
    "newmedia_checked": 293,
    "newmedia_unqualified": 6,
    "newmedia_prominent_problems": 4,
    "newmedia_pass_rate": 97.95,
    "newmedia_unrectified": 4,
    "annual_report_rate": 100,
}


def _extract(*paths) -> tuple[int, list[dict], str]:
    p = subprocess.run([sys.executable, "-m", "govstats.cli", "extract", *map(str, paths), "--json"],
                       capture_output=True, text=True)
    return p.returncode, [json.loads(line) for line in p.stdout.splitlines()], p.stderr


@pytest.fixture(scope="module")
def seed_json(seed_path):
    code, objs, err = _extract(seed_path)
    assert code == 0, err
    assert len(objs) == 1
    return objs[0]


def test_contract_keys(seed_json):
    assert list(seed_json) == ["bulletin", "figures", "websites", "new_media", "checks"]
    for c in seed_json["checks"]:
        assert set(c) == {"check", "ok", "severity", "stated", "computed", "message", "sentence"}


def test_metadata(seed_json):
    m = seed_json["bulletin"]
    assert (m["region"], m["region_code"], m["year"], m["quarter"]) == ("咸阳市", "610400", 2025, 1)
    assert m["issuer"] == "咸阳市人民政府办公室"
    assert m["issue_date"] == "2025-02-21" and m["feedback_deadline"] == "2025-02-28"


def test_figures(seed_json):
    figs = seed_json["figures"]
    for k, v in EXPECTED_FIGURES.items():
        assert figs.get(k) == v, k
    assert isinstance(figs["newmedia_checked"], int) and isinstance(figs["newmedia_pass_rate"], float)


def test_figures_keep_their_sentence(seed_path):
    b = load_bulletin(seed_path)
    row = b.figures[b.figures["measure"] == "newmedia_pass_rate"].iloc[0]
    assert row["stated_text"] == "97.95%" and row["precision"] == 2
    assert "合格率为97.95%" in row["sentence"]
    assert b.raw.text[row["span_start"]:row["span_end"]] == "97.95%"


def test_website_rows(seed_json):
    w = seed_json["websites"]
    assert [r["seq"] for r in w] == [1, 2, 3, 4, 5]
    assert [r["url"] for r in w][:3] == [None, None, None]
    assert w[3]["url"] == "http://jjzd.xianyang.gov.cn" and w[3]["site_name"] == "咸阳市公安局交警支队"
    assert [r["site_code"] for r in w] == ["6104810043", "6104250035", "6104280003", "6104000038", "6104000051"]
    assert [r["region_code"] for r in w] == ["610481", "610425", "610428", "610400", "610400"]
    assert {r["rectification"] for r in w} == {"rectified"}


def test_new_media_rows(seed_json):
    n = seed_json["new_media"]
    assert len(n) == 10
    assert [r["result"] for r in n].count("unqualified") == 6
    assert [r["rectification"] for r in n].count("not_rectified") == 4
    assert n[3]["rectification_raw"] == "截止通报前仍未未整改到位" and n[3]["rectification"] == "not_rectified"
    assert n[4]["platform"] == "wechat_oa" and n[4]["platform_subtype"] == "service"
    assert n[6]["platform"] == "douyin" and n[2]["platform"] == "toutiao"
    assert n[9]["region_code"] == "610482" and n[7]["region_code"] == "610402"


def test_every_check_passes_on_the_seed(seed_json):
    failed = [c for c in seed_json["checks"] if not c["ok"]]
    assert failed == []
    assert {"newmedia_pass_rate"} <= {c["check"] for c in seed_json["checks"]}


@pytest.mark.parametrize("variant", ["gb18030", "html"])
def test_other_forms_give_the_same_rows(seed_variants, seed_json, variant):
    code, objs, err = _extract(seed_variants[variant])
    assert code == 0, err
    o = objs[0]
    strip = lambda rows: [{k: v for k, v in r.items() if k != "bulletin_id"} for r in rows]  # noqa: E731
    assert strip(o["websites"]) == strip(seed_json["websites"])
    assert strip(o["new_media"]) == strip(seed_json["new_media"])
    assert o["figures"] == seed_json["figures"]
    assert o["bulletin"]["region_code"] == "610400"


def test_xlsx_annex_gives_the_same_rows(seed_variants, seed_json):
    code, objs, err = _extract(seed_variants["xlsx"])
    assert code == 0, err
    o = objs[0]
    strip = lambda rows: [{k: v for k, v in r.items() if k != "bulletin_id"} for r in rows]  # noqa: E731
    assert strip(o["websites"]) == strip(seed_json["websites"])
    assert strip(o["new_media"]) == strip(seed_json["new_media"])
    assert (o["bulletin"]["region_code"], o["bulletin"]["year"], o["bulletin"]["quarter"]) == ("610400", 2025, 1)


def test_bad_files_one_line_exit_2(tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"\x00\x01garbage")
    code, objs, err = _extract(seed_path, tmp_path / "missing.txt", empty, junk)
    assert code == 2
    assert len(objs) == 1  # the good file is still printed
    lines = err.strip().splitlines()
    assert len(lines) == 3 and "Traceback" not in err
    assert "missing.txt" in lines[0] and "does not exist" in lines[0]
    assert "empty.txt" in lines[1] and "junk.xlsx" in lines[2]
