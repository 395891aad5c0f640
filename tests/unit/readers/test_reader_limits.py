"""Issue 10's reader limits: checked before the work, each a one-line BulletinError (hypothesis where it fits)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govstats.errors import BulletinError
from govstats.readers import limits, read_raw

ROOT = Path(__file__).resolve().parents[3]
FORMATS = ROOT / "tests" / "data" / "formats"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _workbook(cells: dict[tuple[int, int], str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for (r, c), v in cells.items():
        ws.cell(row=r, column=c, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_far_apart_cells_do_not_make_a_dense_grid(tmp_path: Path) -> None:
    """Issue 10's 5 kB workbook: one cell at ZZ1 and one at A200000 (7.6 GB before)."""
    p = tmp_path / "sparse.xlsx"
    p.write_bytes(_workbook({(1, 1): "序号", (1, 2): "网站名称", (1, 702): "x", (200000, 1): "1"}))
    (g,) = read_raw(p).grids
    assert g.header == ["序号", "网站名称", "x"] and g.rows == [["1"]]


@SETTINGS
@given(st.dictionaries(st.tuples(st.integers(2, 1_048_576), st.integers(1, 16_384)), st.text("甲乙1", min_size=1,
                                                                                              max_size=3),
                       max_size=6))
def test_xlsx_grid_is_never_larger_than_its_cells(tmp_path: Path, extra: dict) -> None:
    cells = {(1, 1): "序号", (1, 2): "网站名称", **extra}
    p = tmp_path / "h.xlsx"
    p.write_bytes(_workbook(cells))
    (g,) = read_raw(p).grids
    rows = {r for r, _ in cells}
    cols = {c for _, c in cells}
    assert len(g.rows) + 1 <= len(rows)
    assert all(len(r) <= len(cols) for r in [g.header, *g.rows])


@SETTINGS
@given(n_rows=st.integers(0, 40))
def test_xlsx_cell_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n_rows: int) -> None:
    import govstats.readers.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 50)
    cells = {(1, 1): "序号", (1, 2): "网站名称"}
    cells.update({(r, c): str(r) for r in range(2, n_rows + 2) for c in (1, 2)})
    p = tmp_path / "n.xlsx"
    p.write_bytes(_workbook(cells))
    if len(cells) > 50:
        with pytest.raises(BulletinError, match="more than 50 cells"):
            read_raw(p)
    else:
        assert len(read_raw(p).grids[0].rows) == n_rows


@SETTINGS
@given(size=st.integers(0, 300_000), kind=st.sampled_from(["xlsx", "docx"]))
def test_zip_inflation_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int,
                                              kind: str) -> None:
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 200_000)
    p = tmp_path / f"bomb.{kind}"
    member = "xl/worksheets/sheet1.xml" if kind == "xlsx" else "word/document.xml"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b" " * size)
    with pytest.raises(BulletinError) as err:
        read_raw(p)
    assert ("inflates to" in str(err.value)) == (size > 200_000)
    assert "\n" not in str(err.value)


def test_real_zip_bomb_is_refused_at_the_default_limit(tmp_path: Path) -> None:
    """Issue 10's 4 MB workbook with 1 GB of sheet XML ran past 300 s; 100 MB of it here."""
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 25_000_000)
    assert p.stat().st_size < 1_000_000
    with pytest.raises(BulletinError, match="inflates to 100 MB"):
        read_raw(p)


def _span_page(cells: list[tuple[int, int]], n_rows: int) -> str:
    tds = "".join(f"<td colspan={c} rowspan={r}>x</td>" for c, r in cells)
    body = "".join(f"<tr>{tds}</tr>" for _ in range(n_rows))
    return f"<html><body><p>通报</p><table><tr><th>序号</th><th>网站名称</th></tr>{body}</table></body></html>"


@SETTINGS
@given(cells=st.lists(st.tuples(st.integers(1, 10**9), st.integers(1, 10**9)), min_size=1, max_size=4),
       n_rows=st.integers(1, 300))
def test_html_spans_never_expand_past_the_budget(tmp_path: Path, cells: list, n_rows: int) -> None:
    p = tmp_path / "span.html"
    p.write_text(_span_page(cells, n_rows), encoding="utf-8")
    try:
        raw = read_raw(p)
    except BulletinError as exc:
        assert "expand past" in str(exc)
        return
    total = sum(len(r) for g in raw.grids for r in [g.header, *g.rows])
    assert total <= limits.MAX_EXPANDED_CELLS


def test_span_amplification_page_fails_fast(tmp_path: Path) -> None:
    """Issue 10's 1.75 MB page of huge spans (55 s and 1 GB before): a one-line error now."""
    page = _span_page([(1000, 1000)] * 20, 2400)
    assert len(page.encode()) > 1_700_000
    p = tmp_path / "span.html"
    p.write_text(page, encoding="utf-8")
    with pytest.raises(BulletinError, match="colspan/rowspan"):
        read_raw(p)


def test_docx_paragraph_and_span_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx
    from docx.oxml.ns import qn

    import govstats.readers.docx as rdocx

    d = docx.Document()
    for i in range(30):
        d.add_paragraph(f"第{i}段")
    t = d.add_table(rows=2, cols=2)
    for c, v in zip(t.rows[0].cells, ["序号", "网站名称"]):
        c.text = v
    for c, v in zip(t.rows[1].cells, ["1", "某网站"]):
        c.text = v
    span = t.rows[1].cells[1]._tc.get_or_add_tcPr()
    el = span.makeelement(qn("w:gridSpan"), {qn("w:val"): "1000000000"})
    span.append(el)
    p = tmp_path / "d.docx"
    d.save(str(p))
    (g,) = read_raw(p).grids
    assert len(g.rows[0]) <= 1 + limits.MAX_SPAN  # the huge gridSpan is capped
    monkeypatch.setattr(rdocx, "MAX_CELLS", 20)
    with pytest.raises(BulletinError, match="more than 20"):
        read_raw(p)


def test_pdf_page_and_character_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    import govstats.readers.pdf as rpdf

    monkeypatch.setattr(rpdf, "MAX_PDF_PAGES", 2)
    with pytest.raises(BulletinError, match="more pages than the 2-page limit"):
        read_raw(FORMATS / "seed.pdf")
    monkeypatch.setattr(rpdf, "MAX_PDF_PAGES", 200)
    monkeypatch.setattr(limits, "MAX_PDF_CHARS_PER_PAGE", 100)
    with pytest.raises(BulletinError, match="page 1 holds more than 100 characters"):
        read_raw(FORMATS / "seed.pdf")


def test_xls_cell_and_size_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    import govstats.readers.xls as rxls

    xls = FORMATS / "folder" / "附件1.xls"
    monkeypatch.setattr(rxls, "MAX_CELLS", 10)
    with pytest.raises(BulletinError, match="more than 10 cells"):
        read_raw(xls)
    monkeypatch.setattr(rxls, "MAX_XLS_BYTES", 1000)
    with pytest.raises(BulletinError, match="MB limit"):
        read_raw(xls)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["seed.docx", "seed.pdf", "folder/附件1.xls", "folder/附件2.docx"]),
       cut=st.floats(0.0, 1.0), flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8))
def test_damaged_documents_fail_with_a_bulletin_error_only(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                                          name: str, cut: float, flips: list) -> None:
    """Truncated or corrupted docx/pdf/xls: read, or one BulletinError; never another exception,
    and nothing printed by the libraries (stdout carries `extract --json`)."""
    capfd.readouterr()
    data = bytearray((FORMATS / name).read_bytes())
    for pos, byte in flips:
        data[int(pos * (len(data) - 1))] = byte
    data = data[: max(1, int(len(data) * cut))] if cut < 1.0 else data
    p = tmp_path / Path(name).name
    p.write_bytes(bytes(data))
    try:
        read_raw(p)
    except BulletinError as exc:
        assert "\n" not in str(exc)
    assert capfd.readouterr() == ("", "")


def test_docx_entity_bomb_is_not_expanded(tmp_path: Path) -> None:
    """Billion laughs in word/document.xml: python-docx's parser does not resolve entities."""
    import docx

    d = docx.Document()
    d.add_paragraph("PLACEHOLDER")
    p = tmp_path / "ok.docx"
    d.save(str(p))
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    xml = members["word/document.xml"].decode()
    head, rest = xml.split("?>", 1)
    members["word/document.xml"] = (head + f"?><!DOCTYPE w:document [{ents}]>" + rest.replace(
        "PLACEHOLDER", "&a9;")).encode()
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w") as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    try:
        raw = read_raw(bomb)
    except BulletinError:
        return
    assert len(raw.text) < 1000
