"""The analyst's <file>.figures.yml: parsed strictly, applied before the checks, recorded as source.

Bulletins here are real files in tmp_path read by load_bulletin (and the CLI in a subprocess), so
the sidecar goes the way every user's does: beside the raw file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from govstats.bulletin import load_bulletin
from govstats.errors import BulletinError
from govstats.overrides import parse_overrides, read_overrides, sidecar_digest, sidecar_path

ROOT = Path(__file__).resolve().parents[2]
# 97/100 = 97 %, printed 96 %: a rate error, unless there were 4 unqualified (the analyst's reading)
TEXT = "（二）政务新媒体。本季度共检查政务新媒体100个，发现不合格政务新媒体3个，合格率为96%。\n"


def bulletin(tmp_path: Path, sidecar: str | None, text: str = TEXT) -> Path:
    p = tmp_path / "b.txt"
    p.write_text(text, encoding="utf-8")
    if sidecar is not None:
        sidecar_path(p).write_text(sidecar, encoding="utf-8")
    return p


def checks_of(p: Path) -> dict[str, dict]:
    return {c["check"]: c for c in load_bulletin(p).to_json_dict()["checks"]}


# --- parsing ----------------------------------------------------------------------------------


def test_parse_counts_rates_nulls_and_breakdowns():
    e = {
        o.key: o
        for o in parse_overrides(
            "newmedia_checked: 293\nnewmedia_unqualified: null\nwebsite_pass_rate: 97.90\n"
            'newmedia_pass_rate: "98.0%"\nwebsite_checked: "53"\nnewmedia_by_platform: {微信公众号: 218, 抖音: 6}\n',
            "b.txt",
            "b.txt.figures.yml",
        )
    }
    assert e["newmedia_checked"].value == 293 and e["newmedia_checked"].text == "293"
    assert e["newmedia_unqualified"].value is None
    # printed decimals survive: 97.90 is two decimals even unquoted (the composer keeps the text)
    assert (e["website_pass_rate"].value, e["website_pass_rate"].precision) == (97.9, 2)
    assert (e["newmedia_pass_rate"].value, e["newmedia_pass_rate"].precision) == (98.0, 1)
    assert e["website_checked"].value == 53
    assert e["newmedia_by_platform"].value == {"微信公众号": 218, "抖音": 6}


@pytest.mark.parametrize(
    ("yml", "says"),
    [
        ("newmedia_chekced: 3\n", "unknown figure key 'newmedia_chekced' (did you mean newmedia_checked?)"),
        ("total: 3\n", "unknown figure key 'total'"),
        ("newmedia_checked: -3\n", "newmedia_checked: '-3' is not a count"),
        ("newmedia_checked: 29.5\n", "newmedia_checked: '29.5' is not a count"),
        ("newmedia_checked: 0x1F\n", "newmedia_checked: '0x1F' is not a count"),
        ("newmedia_checked: true\n", "newmedia_checked: 'true' is not a count"),
        ("newmedia_checked: [1, 2]\n", "newmedia_checked: expected a count"),
        ("newmedia_pass_rate: 101\n", "newmedia_pass_rate: '101' is not a rate in percent from 0 to 100"),
        ("newmedia_pass_rate: 合格\n", "newmedia_pass_rate: '合格' is not a rate"),
        ("newmedia_checked: 3\nnewmedia_checked: 4\n", "newmedia_checked: given twice"),
        ("newmedia_by_platform: {微信公众号: 二}\n", "newmedia_by_platform.微信公众号: not a count"),
        ("newmedia_by_platform: 5\n", "newmedia_by_platform: expected a mapping"),
        ("- newmedia_checked\n", "expected a mapping of figure keys"),
        ("newmedia_checked: [\n", "not valid YAML at line"),
        ("newmedia_checked: !!python/object/apply:os.system [echo]\n", "newmedia_checked: expected a count"),
        ("newmedia_checked: !!python/name:os.system 3\n", "newmedia_checked: '3' is not a count"),
    ],
)
def test_bad_sidecar_is_one_line_naming_file_and_key(tmp_path, yml, says):
    p = bulletin(tmp_path, yml)
    with pytest.raises(BulletinError) as exc:
        load_bulletin(p)
    assert exc.value.path == str(p)
    assert exc.value.reason.startswith("b.txt.figures.yml: ") and says in exc.value.reason, exc.value.reason


def test_no_sidecar_and_empty_sidecar_change_nothing(tmp_path):
    plain = load_bulletin(bulletin(tmp_path, None)).to_json_dict()
    assert read_overrides(tmp_path / "b.txt") is None and sidecar_digest(tmp_path / "b.txt") is None
    assert load_bulletin(bulletin(tmp_path, "# nothing to correct\n")).to_json_dict() == plain
    assert set(load_bulletin(tmp_path / "b.txt").figures["source"]) == {"text"}


# --- applying ---------------------------------------------------------------------------------


def test_text_reading_flags_the_rate_the_analyst_reading_clears_it(tmp_path):
    assert checks_of(bulletin(tmp_path, None))["newmedia_pass_rate"]["ok"] is False
    c = checks_of(bulletin(tmp_path, "newmedia_unqualified: 4\n"))["newmedia_pass_rate"]
    assert c["ok"] is True and "(100−4)/100" in c["message"], c


def test_analyst_figure_can_ground_an_error(tmp_path):
    text = "（二）政务新媒体。本季度共检查政务新媒体100个，发现不合格政务新媒体3个，合格率为97%。\n"
    assert checks_of(bulletin(tmp_path, None, text))["newmedia_pass_rate"]["ok"] is True
    c = checks_of(bulletin(tmp_path, "newmedia_checked: 200\n", text))["newmedia_pass_rate"]
    assert c["ok"] is False and c["severity"] == "error" and "(200−3)/200" in c["message"]


def test_source_column_sentence_and_flat_json(tmp_path):
    b = load_bulletin(bulletin(tmp_path, "newmedia_checked: 100\nnewmedia_unqualified: null\n"
                                         "newmedia_by_platform: {微信公众号: 60, 抖音: 40}\n"))
    f = b.figures
    assert list(f.columns)[-1] == "source"
    src = {(r.measure, None if pd.isna(r.breakdown) else r.breakdown): r.source for r in f.itertuples()}
    assert src[("newmedia_checked", None)] == "analyst"
    assert src[("newmedia_pass_rate", None)] == "text"
    assert src[("newmedia_by_platform", "抖音")] == "analyst"
    assert "newmedia_unqualified" not in set(f["measure"])  # null dropped the text's reading
    row = f[f["measure"] == "newmedia_checked"].iloc[0]
    assert row["sentence"] == "b.txt.figures.yml: newmedia_checked: 100" and pd.isna(row["span_start"])
    js = b.to_json_dict()["figures"]  # extract --json keeps its flat shape: no source there
    assert js["newmedia_checked"] == 100 and js["newmedia_by_platform"] == {"微信公众号": 60, "抖音": 40}
    assert "newmedia_unqualified" not in js
    checks = {c["check"]: c for c in b.to_json_dict()["checks"]}
    assert checks["newmedia_by_platform_sum"]["ok"] is True


def test_analyst_checked_count_ends_an_ambiguity(tmp_path):
    # which set the rate is over (1067 screened or 796 running) is ambiguous: the check is not made
    text = "共排查政务新媒体账号1067个，其中正常运行的账号796个。共排查出不符合要求的政务新媒体账号2个，总合格率达99.7%。\n"
    assert checks_of(bulletin(tmp_path, None, text))["newmedia_pass_rate"]["ok"] is None
    c = checks_of(bulletin(tmp_path, "newmedia_checked: 796\n", text))["newmedia_pass_rate"]
    assert c["ok"] is True, c  # (796 − 2)/796 = 99.749 %, printed 99.7 %


# --- the CLI ----------------------------------------------------------------------------------


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govstats.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_figures_command_prints_values_sources_sentences_and_abstentions(tmp_path):
    text = TEXT + "全市政务新媒体47个，合格45个，不合格2个。\n"
    p = bulletin(tmp_path, "newmedia_unqualified: 4\n", text)
    r = cli("figures", str(p))
    assert r.returncode == 0 and r.stderr == "", r.stderr
    lines = r.stdout.splitlines()
    assert any(ln.startswith("  newmedia_unqualified ") and "= 4 (analyst)" in ln and "b.txt.figures.yml" in ln
               for ln in lines), lines
    assert any(ln.startswith("  newmedia_checked ") and "= 100个 (text)" in ln and "本季度共检查政务新媒体100个" in ln
               for ln in lines), lines
    b = load_bulletin(p)
    for reason, _s in b.abstained:
        assert any(ln.startswith("  abstained: ") and reason in ln for ln in lines)
    assert lines[-1] == f"{p}: {len(b.figures)} figures (1 from the analyst), {len(b.abstained)} numbers left out"
    js = json.loads(cli("figures", "--json", str(p)).stdout)
    assert {f["measure"]: f["source"] for f in js["figures"]}["newmedia_unqualified"] == "analyst"
    assert [a["reason"] for a in js["abstained"]] == [r for r, _ in b.abstained]


def test_cli_bad_sidecar_exit_2_one_line(tmp_path):
    p = bulletin(tmp_path, "newmedia_checked: many\n")
    for cmd in ("extract", "figures"):
        r = cli(cmd, str(p))
        assert r.returncode == 2 and r.stdout == "", r
        err = r.stderr.strip().splitlines()
        assert len(err) == 1 and "b.txt.figures.yml: newmedia_checked: 'many' is not a count" in err[0], err
        assert "Traceback" not in r.stderr
