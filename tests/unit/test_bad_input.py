"""Bad input: every unreadable file is a one-line BulletinError naming it; nothing else breaks.

Covers the readers (empty, binary, missing, not-a-zip, zip without a workbook, sheets without a
header row, oversized, GBK, a folder with two bodies), annex damage that must NOT be fatal
(truncated tables, unknown columns, ragged rows), the CLI contract (exit 2, one stderr line per
bad file, no traceback), and ingest (bad files skipped with reasons, good ones processed,
atomic writes, data/raw never written, checksum drift detected).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govstats.bulletin import load_bulletin
from govstats.cli import main
from govstats.errors import BulletinError
from govstats.readers import read_raw

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


def _one_line(exc: BulletinError, path: Path) -> None:
    msg = str(exc)
    assert "\n" not in msg
    assert str(path) in msg
    assert exc.reason


def _expect_error(path: Path, *words: str) -> BulletinError:
    with pytest.raises(BulletinError) as ei:
        load_bulletin(path)
    _one_line(ei.value, path)
    for w in words:
        assert w in ei.value.reason, ei.value.reason
    return ei.value


# ----------------------------------------------------------------------------- readers


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    _expect_error(p, "empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    p = tmp_path / "blank.txt"
    p.write_bytes(b"  \n\r\n\t ")
    _expect_error(p, "empty")


def test_binary_junk(tmp_path: Path) -> None:
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes(range(256)) * 8)
    _expect_error(p, "binary")


def test_binary_junk_without_suffix(tmp_path: Path) -> None:
    p = tmp_path / "junk.bin"
    p.write_bytes(b"\x00\x01\x02\xff" * 100)
    _expect_error(p)


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nope" / "missing.txt"
    _expect_error(p, "does not exist")


def test_xlsx_that_is_not_a_zip(tmp_path: Path) -> None:
    p = tmp_path / "annex.xlsx"
    p.write_text("序号,网站名称\n1,某网站\n", encoding="utf-8")
    _expect_error(p, "not a zip")


def test_zip_without_workbook(tmp_path: Path) -> None:
    p = tmp_path / "annex.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "no workbook here")
    _expect_error(p, "xlsx")


def test_xlsx_without_header_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for i in range(5):
        ws.append([i, f"值{i}", 3.5 * i])
    p = tmp_path / "noheader.xlsx"
    wb.save(p)
    _expect_error(p, "header")


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govstats.readers.base as base

    monkeypatch.setattr(base, "MAX_BYTES", 1000)
    p = tmp_path / "big.txt"
    p.write_text("政府网站检查情况。" * 200, encoding="utf-8")
    _expect_error(p, "limit")


def test_folder_with_two_body_files(tmp_path: Path, seed_text: str) -> None:
    d = tmp_path / "two"
    d.mkdir()
    (d / "a.txt").write_text(seed_text, encoding="utf-8")
    (d / "b.html").write_text("<html><body><p>通报</p></body></html>", encoding="utf-8")
    _expect_error(d, "2 body files")


def test_folder_without_bulletin(tmp_path: Path) -> None:
    d = tmp_path / "none"
    d.mkdir()
    (d / "scan.png").write_bytes(b"\x89PNG\r\n")  # a PDF is a bulletin format, a PNG is not
    _expect_error(d, "no bulletin file")


def test_gbk_text_decodes(tmp_path: Path, seed_text: str) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(seed_text.encode("gbk"))
    b = load_bulletin(p)
    assert "政务新媒体" in b.raw.text
    assert b.figure("newmedia_pass_rate") == 97.95
    assert len(b.websites) == 5 and len(b.new_media) == 10


def test_read_raw_error_is_typed_not_os_error(tmp_path: Path) -> None:
    d = tmp_path / "dir.txt"
    d.mkdir()
    (d / "x.txt").write_bytes(b"")
    with pytest.raises(BulletinError):
        read_raw(d)


# ----------------------------------------------------------------------------- damaged annexes (not fatal)


def _annex_text(seed_text: str) -> tuple[str, str]:
    """(narrative, annex part) of the seed: the annex starts at the website table's title line."""
    i = seed_text.index("咸阳市2025年第一季度政府网站检查结果\n序号 |")
    return seed_text[:i], seed_text[i:]


def test_truncated_table(tmp_path: Path, seed_text: str) -> None:
    """The flattened annex cut in the middle of a new-media row: earlier rows survive, no error."""
    cut = seed_text.index("淳化县电子商务服务中心 |\n淳化县电子商务服务中心")
    p = tmp_path / "truncated.txt"
    p.write_text(seed_text[:cut] + "淳化县电子商务服务中心 |\n", encoding="utf-8")
    b = load_bulletin(p)
    assert len(b.websites) == 5
    assert 6 <= len(b.new_media) <= 7
    assert b.new_media["account_name"].iloc[0] == "红色云阳"
    assert b.figure("newmedia_checked") == 293


def test_unknown_column_is_info_check(tmp_path: Path) -> None:
    text = (
        "关于政府网站检查情况的通报\n共检查政府网站2家。\n附件\n"
        "序号 | 网站名称 | 网站标识码 | 存在问题 | 整改情况 | 联系电话 |\n"
        "1 | 兴平市人民政府 | 6104810043 | 栏目长期未更新 | 已整改 | 029-1234567 |\n"
        "2 | 礼泉县人民政府 | 6104250035 | 存在错别字 | 整改中 | 029-7654321 |\n"
    )
    p = tmp_path / "unknown.txt"
    p.write_text(text, encoding="utf-8")
    b = load_bulletin(p)
    assert len(b.websites) == 2
    assert "029-1234567" not in " ".join(str(v) for v in b.websites.astype(str).to_numpy().ravel())
    notes = b.checks[b.checks["check"] == "annex_unknown_columns"]
    assert len(notes) == 1
    assert notes["severity"].iloc[0] == "info"
    assert "联系电话" in notes["message"].iloc[0]
    assert not (b.checks["severity"].eq("error") & ~b.checks["ok"].astype(bool)).any()


def test_rows_with_too_many_and_too_few_cells(tmp_path: Path) -> None:
    text = (
        "关于政府网站检查情况的通报\n附件\n"
        "序号 | 网站名称 | 网址 | 网站标识码 | 存在问题 | 整改情况 |\n"
        "1 | 兴平市人民政府 | 6104810043 | 栏目长期未更新 | 已整改 |\n"  # one short: no URL
        "2 | 礼泉县人民政府 | http://www.liquan.gov.cn | 6104250035 | 存在错别字 | 整改中 | 多余 | 更多 |\n"
        "3 | 长武县人民政府 |\n"
        "4 |\n"
    )
    p = tmp_path / "ragged.txt"
    p.write_text(text, encoding="utf-8")
    b = load_bulletin(p)
    w = b.websites
    assert list(w["seq"]) == [1, 2, 3, 4]
    assert w["site_code"].iloc[0] == "6104810043"
    assert w["rectification"].iloc[0] == "rectified"
    assert w["url"].iloc[1] == "http://www.liquan.gov.cn"
    assert w["rectification"].iloc[1] == "in_progress"
    assert w["site_name"].iloc[2] == "长武县人民政府"


# ----------------------------------------------------------------------------- CLI contract


def _bad_files(tmp_path: Path) -> list[Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00" * 64 + bytes(range(256)))
    notzip = tmp_path / "a.xlsx"
    notzip.write_bytes(b"not a zip at all")
    return [empty, junk, notzip, tmp_path / "missing.txt"]


def test_cli_extract_one_line_per_bad_file(tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = _bad_files(tmp_path)
    status = main(["extract", "--json", str(seed_path), *map(str, bad)])
    out, err = capsys.readouterr()
    assert status == 2
    assert len(out.strip().splitlines()) == 1  # the good bulletin still printed
    lines = err.strip().splitlines()
    assert len(lines) == len(bad)
    for p, line in zip(bad, lines):
        assert str(p) in line
    assert "Traceback" not in err


def test_cli_subprocess_no_traceback(tmp_path: Path) -> None:
    bad = _bad_files(tmp_path)
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "extract", *map(str, bad)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == len(bad), r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


# ----------------------------------------------------------------------------- ingest


def _sidecar(p: Path, data: bytes | None = None) -> None:
    sha = hashlib.sha256(p.read_bytes() if data is None else data).hexdigest()
    (p.parent / f"{p.name}.source.yml").write_text(f"url: https://example.invalid/{p.name}\nsha256: {sha}\n",
                                                   encoding="utf-8")


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_ingest_skips_bad_files_and_keeps_good(tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    good = raw / "咸阳市" / "2025Q1" / "seed.txt"
    good.parent.mkdir(parents=True)
    good.write_text(seed_text, encoding="utf-8")
    gbk = raw / "咸阳市" / "2024Q4" / "seed-gbk.txt"
    gbk.parent.mkdir(parents=True)
    gbk.write_bytes(seed_text.encode("gbk"))
    bad = raw / "坏" / "2025Q1"
    bad.mkdir(parents=True)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(b"\x00junk" * 50)
    (bad / "annex.xlsx").write_bytes(b"not a zip")
    drift = raw / "咸阳市" / "2025Q2" / "changed.txt"
    drift.parent.mkdir(parents=True)
    drift.write_text(seed_text, encoding="utf-8")
    for p in raw.rglob("*"):
        if p.is_file() and not p.name.endswith(".source.yml"):
            _sidecar(p)
    drift.write_text(seed_text + "\n补充说明。", encoding="utf-8")  # changed after its sidecar
    before = _tree_hash(raw)
    out = tmp_path / "processed"
    status = main(["ingest", str(raw), "--out", str(out), "--workers", "1"])
    _, err = capsys.readouterr()
    assert status == 2
    skipped = [ln for ln in err.splitlines() if ln.startswith("skipped:")]
    assert len(skipped) == 4, err
    assert any("changed.txt" in ln and "sha256" in ln for ln in skipped)
    assert any("empty.txt" in ln and "empty" in ln for ln in skipped)
    assert "Traceback" not in err
    assert _tree_hash(raw) == before
    from govstats.store import read_manifest, read_tables

    tables = read_tables(out)
    assert sorted(tables["bulletins"]["bulletin_id"]) == ["seed", "seed-gbk"]
    assert len(tables["websites"]) == 10
    assert len(read_manifest(out)["skipped"]) == 4
    assert not list(out.glob(".*.tmp"))


def test_ingest_never_writes_data_raw(tmp_path: Path) -> None:
    """Ingest of the project's own data/raw leaves it byte-identical (and adds nothing to it)."""
    from govstats.ingest import ingest

    before = _tree_hash(RAW)
    res = ingest(RAW, tmp_path / "processed", workers=1)
    assert res.bulletins >= 10
    assert _tree_hash(RAW) == before


def test_atomic_path_interrupted_leaves_target_untouched(tmp_path: Path) -> None:
    from govstats.store import atomic_path, write_csv

    target = tmp_path / "out" / "table.csv"
    target.parent.mkdir()
    target.write_text("old,content\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half a new fi", encoding="utf-8")
        raise RuntimeError("killed mid-write")
    assert target.read_text(encoding="utf-8") == "old,content\n"
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"]

    import pandas as pd

    class Boom(Exception):
        pass

    def explode(*_a: object, **_k: object) -> None:
        raise Boom

    df = pd.DataFrame({"a": [1]})
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pd.DataFrame, "to_csv", explode)
        with pytest.raises(Boom):
            write_csv(df, target)
    assert target.read_text(encoding="utf-8") == "old,content\n"
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"]


def test_atomic_path_interrupted_new_target(tmp_path: Path) -> None:
    from govstats.store import atomic_path

    target = tmp_path / "new.parquet"
    with pytest.raises(KeyboardInterrupt), atomic_path(target) as tmp:
        tmp.write_bytes(b"PAR1")
        raise KeyboardInterrupt
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_unexpected_failure_is_one_line_without_traceback(monkeypatch, capsys, tmp_path):
    """A bug or environment fault (here: the parser raising) still gives one stderr line."""
    from govstats import cli

    def boom(*_a, **_k):
        raise RuntimeError("kernel died\nwith a long message")

    monkeypatch.setattr("govstats.bulletin.load_bulletin", boom)
    p = tmp_path / "a.txt"
    p.write_text("共检查政府网站5家。", encoding="utf-8")
    monkeypatch.delenv("GOVSTATS_DEBUG", raising=False)
    assert cli.main(["extract", str(p), "--json"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "RuntimeError: kernel died with a long message" in err[0]
    assert "GOVSTATS_DEBUG" in err[0]


def test_parallel_ingest_skips_duplicate_ids_across_chunks(tmp_path):
    """Enough files for the worker pool; two files share a stem (so an id) in different folders."""
    import shutil

    from govstats.ingest import ingest
    from govstats.store import read_tables
    from tests.helpers.synth import write_corpus

    raw = tmp_path / "raw"
    files = write_corpus(raw, n=60, seed=7)
    first = files[0]
    twin_dir = raw / "某市" / "2099Q1"
    twin_dir.mkdir(parents=True)
    for f in (first, first.with_name(first.name + ".source.yml")):
        shutil.copy(f, twin_dir / f.name)
    res = ingest(raw, tmp_path / "out", workers=2)
    dup = [r for _, r in res.skipped if "duplicate bulletin id" in r]
    assert len(dup) == 1 and res.bulletins == 60
    t = read_tables(tmp_path / "out")
    assert t["bulletins"]["bulletin_id"].is_unique and len(t["bulletins"]) == 60
    for name in ("figures", "checks"):
        assert set(t[name]["bulletin_id"]) <= set(t["bulletins"]["bulletin_id"])
