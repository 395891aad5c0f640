"""Security: bulletin text is data, never markup, formula or code.

- text from a bulletin is HTML-escaped in the notebook display and in exported dashboards;
- text that a spreadsheet would run as a formula is neutralized in CSV and kept as text in the ledger;
- dashboard parameters are validated before any kernel starts (no code injection via Papermill);
- no eval/exec in the package; YAML only through safe_load;
- workbook XML is parsed with defusedxml: an entity-expansion ("billion laughs") workbook is a
  BulletinError, not a hang.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from govstats.bulletin import load_bulletin
from govstats.errors import BulletinError

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "govstats"
EVIL = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULAS = ["=HYPERLINK(\"http://evil.invalid\",\"点击\")", "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def evil_raw(tmp_path_factory, seed_text: str) -> Path:
    """data/raw with the seed whose annex carries a script tag and formulas in problem/name cells."""
    raw = tmp_path_factory.mktemp("evil") / "raw"
    d = raw / "咸阳市" / "2025Q1"
    d.mkdir(parents=True)
    text = seed_text.replace("认证主体不一致 |", f"{EVIL} |", 1)
    text = text.replace("多个专题栏目更新不及时 |\n已整改 |\n5 |", f"{FORMULAS[0]} |\n已整改 |\n5 |", 1)
    text = text.replace("咸阳地铁公安 |", f"{FORMULAS[1]} |", 1)
    p = d / "evil.txt"
    p.write_text(text, encoding="utf-8")
    import hashlib

    (d / "evil.txt.source.yml").write_text(f"sha256: {hashlib.sha256(p.read_bytes()).hexdigest()}\n", encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def evil_processed(evil_raw: Path, tmp_path_factory) -> Path:
    from govstats.ingest import ingest

    out = tmp_path_factory.mktemp("evil_processed")
    res = ingest(evil_raw, out, workers=1)
    assert res.bulletins == 1 and not res.skipped
    return out


def test_evil_cells_reach_the_tables(evil_raw: Path) -> None:
    b = load_bulletin(next(evil_raw.rglob("evil.txt")))
    assert EVIL in set(b.new_media["problem"])
    assert FORMULAS[0] in set(b.websites["problem"])
    assert FORMULAS[1] in set(b.new_media["account_name"])


# ----------------------------------------------------------------------------- HTML escaping


def test_display_escapes_bulletin_text(evil_raw: Path) -> None:
    from govstats.report.display import bulletin_html

    b = load_bulletin(next(evil_raw.rglob("evil.txt")))
    # make the script text reach the display: as a failed check's message and sentence, and the title
    checks = b.checks.copy()
    checks.loc[0, ["ok", "severity", "message", "sentence"]] = [False, "error", EVIL, EVIL]
    from govstats.bulletin import Bulletin

    b = Bulletin(b.bulletin_id, meta=b.meta.assign(title=EVIL, issuer=EVIL), figures=b.figures,
                 websites=b.websites, new_media=b.new_media, checks=checks)
    page = bulletin_html(b)
    assert "<script" not in page.lower()
    assert ESCAPED in page


def test_corpus_display_escapes(evil_processed: Path) -> None:
    from govstats.corpus import Corpus
    from govstats.report.display import corpus_html
    from govstats.store import read_tables

    t = read_tables(evil_processed)
    t["checks"] = t["checks"].assign(ok=False, severity="error", message=EVIL, sentence=EVIL)
    t["bulletins"] = t["bulletins"].assign(region=EVIL, title=EVIL)
    page = corpus_html(Corpus.from_tables(t, skipped=[(EVIL, EVIL)]))
    assert "<script" not in page.lower()


@pytest.mark.slow
def test_exported_dashboard_escapes_bulletin_text(evil_processed: Path, tmp_path: Path) -> None:
    from govstats.report.pages import page_for, render_page

    # the path `govstats report --region --quarter` takes
    page = render_page(page_for("咸阳市", "2025Q1"), evil_processed, tmp_path).read_text(encoding="utf-8")
    assert EVIL not in page
    assert ESCAPED in page or "\\u003cscript\\u003e" in page


# ----------------------------------------------------------------------------- formulas


def test_neutralize_formula() -> None:
    from govstats.store import neutralize_formula

    for f in FORMULAS + ["\t=1", "\r=1"]:
        assert neutralize_formula(f) == "'" + f
    for ok in ["政府网站", "1-2", "已整改", "", None, 3, 2.5]:
        assert neutralize_formula(ok) == ok


def test_csv_neutralizes_formulas(evil_processed: Path) -> None:
    import csv

    rows = {}
    for name in ("websites", "new_media"):
        with (evil_processed / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows[name] = list(csv.DictReader(f))
    cells = [v for rs in rows.values() for r in rs for v in r.values() if v]
    assert "'" + FORMULAS[0] in cells
    assert "'" + FORMULAS[1] in cells
    assert not [v for v in cells if v[:1] in "=+-@"], "a CSV cell starts like a formula"


def test_write_csv_on_any_text_column(tmp_path: Path) -> None:
    import pandas as pd

    from govstats.store import write_csv

    df = pd.DataFrame({"a": FORMULAS, "b": pd.array(FORMULAS, dtype="string"), "n": range(len(FORMULAS))})
    text = write_csv(df, tmp_path / "x.csv").read_text(encoding="utf-8-sig")
    for line in text.splitlines()[1:]:
        first = next(iter(__import__("csv").reader([line])))
        assert all(not c or c[:1] not in "=+-@" or c.lstrip("-").isdigit() for c in first), line


def test_ledger_cells_are_text_not_formulas(evil_processed: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from govstats.report.ledger import write_ledger_for

    path = Path(write_ledger_for("2025Q1", None, evil_processed, tmp_path))
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for n in sheets:
            assert "<f>" not in z.read(n).decode("utf-8") and "<f " not in z.read(n).decode("utf-8")
    wb = load_workbook(path)
    found = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value in FORMULAS[:2]]
    assert found, "the formula-like texts should be in the ledger, as text"
    assert all(c.data_type == "s" for c in found)


# ----------------------------------------------------------------------------- Papermill parameters


@pytest.mark.parametrize(
    "args",
    [
        ["--region", "咸阳市", "--quarter", "2025Q1'; import os"],
        ["--region", "咸阳市\"; __import__('os').system('touch /tmp/pwned'); x=\"", "--quarter", "2025Q1"],
        ["--region", "咸阳市", "--quarter", "2025Q1\nimport os"],
    ],
)
def test_report_parameters_validated_before_kernel(evil_processed: Path, tmp_path: Path, args: list[str],
                                                   monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import govstats.report.render as report
    from govstats.cli import main

    def no_kernel(*_a: object, **_k: object) -> None:
        raise AssertionError("a notebook was run with unvalidated parameters")

    monkeypatch.setattr(report, "run_notebook", no_kernel)
    import papermill as pm

    monkeypatch.setattr(pm, "execute_notebook", no_kernel)
    status = main(["report", *args, "--data-dir", str(evil_processed), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert not list(tmp_path.rglob("*.html"))


# ----------------------------------------------------------------------------- code and parsers


def _sources() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def test_no_eval_or_exec_in_package() -> None:
    pat = re.compile(r"(?<![\w.])(eval|exec)\s*\(")
    hits = [f"{p.relative_to(ROOT)}:{i}" for p in _sources()
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if pat.search(line.split("#", 1)[0])]
    assert hits == []


def test_yaml_safe_load_only() -> None:
    """YAML is read with the safe loader only: yaml.safe_load, or yaml.load with (C)SafeLoader."""
    unsafe = re.compile(r"yaml\.(unsafe_load|full_load|unsafe_load_all|full_load_all)\s*\(|yaml\.(Loader|FullLoader|UnsafeLoader|CLoader|CFullLoader|CUnsafeLoader)\b")
    hits = []
    for p in _sources():
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if unsafe.search(code) or (re.search(r"yaml\.load(_all)?\s*\(", code) and "SafeLoader" not in code):
                hits.append(f"{p.relative_to(ROOT)}:{i}")
    assert hits == []


def test_openpyxl_uses_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def _billion_laughs_xlsx(path: Path) -> Path:
    """A workbook whose sheet XML declares nested entities (expands to ~10^9 'lol's if resolved)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["序号", "网站名称", "存在问题"])
    wb.active.append([1, "某网站", "问题"])
    good = path.with_suffix(".good.xlsx")
    wb.save(good)
    ents = "".join("<!ENTITY lol{} \"{}\">".format(i, f"&lol{i - 1};" * 10) for i in range(1, 10))
    dtd = f'<!DOCTYPE lolz [<!ENTITY lol0 "lol">{ents}]>'
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                s = data.decode("utf-8")
                s = dtd + s if not s.startswith("<?xml") else s.replace("?>", "?>" + dtd, 1)
                s, n = re.subn(r'(<c r="B2"[^>]*><is><t>)[^<]*', r"\1&lol9;", s)
                assert n == 1, "the test workbook's layout changed"
                data = s.encode("utf-8")
            zout.writestr(item, data)
    good.unlink()
    return path


def test_billion_laughs_workbook_is_rejected(tmp_path: Path) -> None:
    import time

    p = _billion_laughs_xlsx(tmp_path / "laughs.xlsx")
    t0 = time.perf_counter()
    with pytest.raises(BulletinError) as ei:
        load_bulletin(p)
    assert time.perf_counter() - t0 < 10
    assert str(p) in str(ei.value) and "\n" not in str(ei.value)
