"""Shared fixtures: the seed bulletin and the same bulletin re-encoded in other forms.

The HTML page and xlsx workbook are built from the seed by the tests themselves, so the
readers are checked on real structure (navigation, merged title rows, text codes), not
on hand-made fragments.
"""

from __future__ import annotations

import html
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # developer tooling lives in benchmarks/ at the repo root, outside the package
    sys.path.insert(0, str(ROOT))
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
CORPUS = ROOT / "tests" / "data" / "corpus" / "bulletins.jsonl"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_raw():
    from govstats.readers import read_raw

    return read_raw(SEED)


def build_html(raw) -> str:
    """The seed as a government web page: navigation, the article, annex tables, a footer."""
    titles = {g.title for g in raw.grids}
    paras = "\n".join(f"<p>{html.escape(line)}</p>" for line in raw.text.split("\n") if line.strip() not in titles)
    tables = []
    for g in raw.grids:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in g.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c or '')}</td>" for c in r if c is not None) + "</tr>" for r in g.rows
        )
        tables.append(f"<p><strong>{html.escape(g.title or '')}</strong></p><table border=1><tr>{head}</tr>{body}</table>")
    nav = "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(12))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于2025年第一季度全市政府网站与政务新媒体检查情况的通报-咸阳市人民政府</title>
<script>var x = "不合格政务新媒体99个";</script><style>p {{margin:0}}</style></head>
<body><div class="header"><a href="/">首页</a> 咸阳市人民政府 网站地图 无障碍 长者模式</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="crumb">当前位置：首页 &gt; 政民互动 &gt; 监管通报</div>
<div class="main"><div class="article">
<h1>关于2025年第一季度全市政府网站与政务新媒体检查情况的通报</h1>
<div class="info">发布时间：2025-02-25 10:00 来源：市政府办公室</div>
<div class="content">{paras}
{''.join(tables)}
</div></div></div>
<div class="footer">主办：咸阳市人民政府办公室 网站标识码：6104000001 陕ICP备05001570号 联系我们 共有政府网站60家</div>
</body></html>"""


def build_xlsx(raw, path: Path) -> Path:
    """The seed's annexes as a workbook: a merged title row above the header, codes as text."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for i, g in enumerate(raw.grids, start=1):
        ws = wb.create_sheet(f"附件{i}")
        ws.append([g.title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(g.header))
        ws.append(g.header)
        for r in g.rows:
            cells = [c for c in r if c is not None] if i == 2 else _website_cells(r, g.header)
            ws.append(cells)
        for row in ws.iter_rows(min_row=3):
            for c in row:
                c.number_format = "@"
    wb.save(path)
    return path


def _website_cells(row, header) -> list:
    """Put each website cell in its own column (an xlsx has real columns: URL empty for rows 1-3)."""
    cells = [c for c in row if c]
    if len(cells) == len(header) - 1:  # no URL
        cells = cells[:2] + [None] + cells[2:]
    return cells


@pytest.fixture(scope="session")
def seed_variants(tmp_path_factory, seed_raw, seed_text) -> dict[str, Path]:
    """The seed as GB18030 text, UTF-8 with BOM, an HTML page and an xlsx workbook."""
    d = tmp_path_factory.mktemp("seed")
    out = {}
    p = d / "gb18030.txt"
    p.write_bytes(seed_text.encode("gb18030"))
    out["gb18030"] = p
    p = d / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + seed_text.encode("utf-8"))
    out["bom"] = p
    p = d / "page.html"
    p.write_text(build_html(seed_raw), encoding="utf-8")
    out["html"] = p
    out["xlsx"] = build_xlsx(seed_raw, d / "annex.xlsx")
    return out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium: a skip on a developer machine without it, a failure in CI."""
    if CHROMIUM is None:
        if _CI:
            pytest.fail("chromium is not installed but CI is set: install it (apt-get install -y chromium)")
        pytest.skip("chromium not installed (set CI=true to make this a failure)")
    return CHROMIUM


@pytest.fixture(scope="session")
def processed(tmp_path_factory) -> Path:
    """Every shipped bulletin ingested once per test session (tests read it, never write it)."""
    from govstats.ingest import ingest

    out = tmp_path_factory.mktemp("processed")
    ingest(ROOT / "data" / "raw", out, workers=1)
    return out


@pytest.fixture(scope="session")
def tables(processed):
    from govstats.store import read_tables

    return read_tables(processed)
