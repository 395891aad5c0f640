"""End to end on the shipped synthetic run: data -> verdicts -> figures -> draft -> extract -> same figures and rows.

Real CLI (subprocess), real DuckDB, real store, real python-docx draft read back by govstats'
own .docx reader, real Papermill page.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.synth_monitoring import PLANTED, generate

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "data" / "raw" / "synthetic_monitoring_2026Q4"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govstats.cli", *args], capture_output=True, text=True, timeout=300)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def assessed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assess") / "out"
    before = _digest(RUN)
    r = _cli("assess", str(RUN), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == str(out / "verdicts.parquet")
    assert _digest(RUN) == before  # data/raw is never modified
    return out


def test_shipped_run_is_the_generator_output(tmp_path):
    """The README's command regenerates the shipped files byte for byte (so PLANTED describes them)."""
    again = generate(tmp_path / "run", sites=24, accounts=12)
    for p in sorted(again.iterdir()):
        assert p.read_bytes() == (RUN / p.name).read_bytes(), p.name
    assert "SYNTHETIC" in (RUN / "README").read_text(encoding="utf-8")


def test_assessment_reconciles_with_itself(assessed):
    """govstats.checks.reconcile on the assessment's own figures and annexes: every check passes."""
    import pandas as pd

    checks = pd.read_parquet(assessed / "checks.parquet")
    assert {"website_pass_rate", "newmedia_pass_rate", "website_with_problems_rows"} <= set(checks["check"])
    assert checks["ok"].all(), checks[~checks["ok"]]["message"].tolist()


def test_planted_cases_get_their_verdicts(assessed):
    import pandas as pd

    v = pd.read_parquet(assessed / "verdicts.parquet").set_index(["unit_id", "item"])["verdict"]
    got = {(u, i): v.get((u, i)) for u, i, _, _ in PLANTED}
    assert got == {(u, i): want for u, i, want, _ in PLANTED}


def test_draft_round_trip(assessed, tmp_path):
    """draft --from-assessment, then extract the .docx: the assessment's figures and annex rows come back."""
    import pandas as pd

    from govstats.bulletin import load_bulletin
    from govstats.store import read_manifest

    r = _cli("draft", "--from-assessment", str(assessed), "--out", str(tmp_path), "--date", "2026-12-05")
    assert r.returncode == 0, r.stderr
    docx = Path(r.stdout.strip().splitlines()[-1])
    assert docx.suffix == ".docx" and docx.exists()
    b = load_bulletin(docx)
    extracted = {x["measure"]: (x["value"], x["precision"]) for x in b.records("figures") if x["breakdown"] is None}
    stated = {k: tuple(v) for k, v in read_manifest(assessed)["figures"].items()}
    assert extracted == {k: (v, p) for k, (v, p) in stated.items()}
    assert stated["website_pass_rate"] == (60.87, 2)  # 14 of 23 checked sites (S0003 not assessed) qualified
    web = pd.read_parquet(assessed / "websites.parquet")
    assert [(r["site_name"], r["url"], r["site_code"], r["problem"]) for r in b.records("websites")] == \
        list(zip(web["site_name"], web["url"], web["site_code"], web["problem"]))
    nm = pd.read_parquet(assessed / "new_media.parquet")
    assert [(r["account_name"], r["operator"], r["platform"], r["result"], r["problem"]) for r in b.records("new_media")] \
        == list(zip(nm["account_name"], nm["operator"], nm["platform"], nm["result"], nm["problem"]))
    assert [c["check"] for c in b.records("checks") if not c["ok"] and c["severity"] == "error"] == []


def test_draft_from_the_run_folder_reuses_an_unchanged_assessment(tmp_path):
    from govstats.assess.writer import draft_from_assessment, ensure_assessed

    out = tmp_path / "a"
    first = ensure_assessed(RUN, out_dir=out)
    gen = (first / "current").readlink()
    assert ensure_assessed(RUN, out_dir=out) == first and (first / "current").readlink() == gen
    _, paths = draft_from_assessment(first, tmp_path / "drafts")
    assert paths["docx"].exists()


def test_evidence_page(assessed, tmp_path):
    from govstats.assess.writer import render_assessment_page
    from govstats.report.render import external_urls

    page = render_assessment_page(assessed, tmp_path)
    assert page == tmp_path / "assess" / "out.html"
    html = page.read_text(encoding="utf-8")
    assert external_urls(html) == []
    assert "合成示例数据" in html and "9900000001" in html and "失败50次（5.00%）" in html
    assert "指标与依据" in html and "超过（含）15秒未打开的次数占比超过（含）5%" in html
    assert "Plotly.newPlot" in html and "Traceback" not in html


def test_bad_run_is_one_line_and_writes_nothing(tmp_path):
    import shutil

    run = tmp_path / "run"
    shutil.copytree(RUN, run)
    text = (run / "posts.csv").read_text(encoding="utf-8").splitlines()
    text[3] = text[3].replace("2026-", "2O26-", 1)
    (run / "posts.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    r = _cli("assess", str(run), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "posts.csv: row 4, column published_at:" in r.stderr
    assert not (tmp_path / "out" / "verdicts.parquet").exists()


def test_build_assesses_runs_under_raw(tmp_path):
    """`govstats build` (make all) assesses each run folder under data/raw and links its page."""
    import shutil

    from govstats.build import BuildResult, _assessments

    raw = tmp_path / "raw"
    shutil.copytree(RUN, raw / RUN.name)
    res = BuildResult(index=tmp_path / "reports" / "index.html")
    links = _assessments(raw, tmp_path / "processed", tmp_path / "reports", res, force=False)
    assert res.failed == [] and [p.name for _, p in links] == [f"{RUN.name}.html"]
    page = tmp_path / "reports" / "assess" / f"{RUN.name}.html"
    assert page.exists() and (tmp_path / "processed" / "assess" / RUN.name / "verdicts.parquet").exists()
    mtime = page.stat().st_mtime_ns
    _assessments(raw, tmp_path / "processed", tmp_path / "reports", res, force=False)  # unchanged: kept
    assert page.stat().st_mtime_ns == mtime
