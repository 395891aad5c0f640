"""Property-based tests (hypothesis): parsers and normalizers never raise and stay in their vocabularies.

Examples are bounded (``max_examples``, no deadline because the CI machine is shared) so the
file runs in well under 30 s.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govstats.errors import BulletinError
from govstats.readers import RawBulletin, read_raw
from govstats.readers.base import Grid

DATA = Path(__file__).resolve().parents[2] / "govstats" / "normalize" / "data"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


def _column(name: str, col: str) -> set[str]:
    with (DATA / name).open(encoding="utf-8") as f:
        return {r[col] for r in csv.DictReader(f) if r[col]}


PLATFORM_IDS = _column("platforms.csv", "id")
CATEGORY_IDS = _column("problem_categories.csv", "id")
REGION_CODES = _column("regions.csv", "code")
CITY_CODES = sorted(r for r in REGION_CODES if r.endswith("00") and not r.endswith("0000"))
RECTIFICATION = {"rectified", "in_progress", "not_rectified", "not_reported", "unknown"}

# Short pieces of real bulletin vocabulary, so random text often looks like a cell or a sentence.
WORDS = [
    "政府网站", "政务新媒体", "微信公众号", "微信订阅号", "抖音", "今日头条", "新浪微博", "视频号", "快手",
    "不合格", "合格", "已整改", "未整改到位", "整改中", "仍未未整改", "未反馈", "存在突出问题", "合格率",
    "咸阳市", "泾阳县", "云阳镇人民政府", "秦都区", "市司法局", "县财政局", "西咸新区", "兴平市",
    "栏目长期未更新", "错别字", "严重表述错误", "无法访问", "未备案", "僵尸账号", "互动功能",
    "序号", "网站名称", "网址", "网站标识码", "账号名称", "开设主体", "账号类型", "检查结果", "整改情况",
    "6104810043", "bm61000001", "http://www.xianyang.gov.cn", "%", "个", "家", "。", ",", ";", "(", ")",
    "１２", "三十五", "99.96%", "100%", "|", "\n", " ", "微信", "公众号", "账號", "網站",
]
word_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=4)), max_size=12).map("".join)
maybe_text = st.one_of(st.none(), word_text)


# ----------------------------------------------------------------------------- readers


@FAST
@given(data=st.one_of(st.binary(max_size=400), word_text.map(lambda s: s.encode("utf-8")),
                      word_text.map(lambda s: s.encode("gb18030"))),
       suffix=st.sampled_from([".txt", ".html", ".xlsx", ".dat", ""]))
def test_readers_return_raw_or_bulletin_error(tmp_path_factory, data: bytes, suffix: str) -> None:
    p = tmp_path_factory.mktemp("r") / f"bulletin{suffix}"
    p.write_bytes(data)
    try:
        raw = read_raw(p)
    except BulletinError as exc:
        assert "\n" not in str(exc) and str(p) in str(exc)
        return
    assert isinstance(raw, RawBulletin)
    assert isinstance(raw.text, str)
    assert all(isinstance(g, Grid) for g in raw.grids)


@FAST
@given(text=word_text)
def test_flat_text_split_keeps_every_body_line(text: str) -> None:
    from govstats.readers.flattext import split_text_and_tables

    body, grids = split_text_and_tables(text)
    assert isinstance(body, str)
    for g in grids:
        assert all(isinstance(h, str) for h in g.header)


# ----------------------------------------------------------------------------- narrative figures

N = st.integers(min_value=0, max_value=5000)
RATE = st.decimals(min_value=0, max_value=100, places=2).map(lambda d: f"{d}".rstrip("0").rstrip(".") if "." in f"{d}" else f"{d}")
TEMPLATES = [
    "此次共检查纳入“全国政府网站信息报送系统”的政府网站{n}家,检查覆盖率{r}%,其中存在问题的政府网站{m}家。",
    "共检查纳入“全国政务新媒体信息报送系统”监管的政务新媒体{n}个,其中不合格政务新媒体{m}个,"
    "存在突出问题的政务新媒体{k}个,合格率为{r}%,{k}个政务新媒体截止通报前问题未整改到位。",
    "全市共有政府网站{n}家、政务新媒体{m}个,本次抽查政务新媒体{k}个,合格率{r}%。",
    "检查政府网站{n}个,合格{m}个,不合格{k}个,总体合格率为{r}%。",
    "其中微信公众号{n}个、新浪微博{m}个、抖音号{k}个。",
    "全省政府网站抽查合格率{r}%,政务新媒体抽查合格率{r}%。",
    "({h})政务新媒体检查情况。",
    "{n}个政务新媒体未按时更新,{m}个账号存在严重表述错误。",
]


@st.composite
def bulletin_text(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        t = draw(st.sampled_from(TEMPLATES))
        parts.append(t.format(n=draw(N), m=draw(N), k=draw(N), r=draw(RATE), h=draw(st.sampled_from("一二三四"))))
        if draw(st.booleans()):
            parts.append(draw(word_text))
    return "\n".join(parts)


@settings(max_examples=80, deadline=None)
@given(text=bulletin_text())
def test_extract_figures_never_raises_and_values_are_sane(text: str) -> None:
    from govstats.parse.figures import extract_figures
    from govstats.textnorm import normalize

    figs = extract_figures(normalize(text))
    for f in figs:
        assert f.unit in ("count", "pct"), f
        assert f.value >= 0, f
        if f.unit == "count":
            assert float(f.value).is_integer(), f
        else:
            assert 0 <= f.value <= 100, f
        assert f.stated_text


@FAST
@given(text=word_text)
def test_extract_figures_on_noise(text: str) -> None:
    from govstats.parse.figures import extract_figures
    from govstats.textnorm import normalize

    for f in extract_figures(normalize(text)):
        assert f.value >= 0


# ----------------------------------------------------------------------------- normalizers


@FAST
@given(raw=maybe_text)
def test_platform_in_vocabulary(raw: str | None) -> None:
    from govstats.normalize.platform import normalize_platform

    pid, sub = normalize_platform(raw)
    assert pid is None or pid in PLATFORM_IDS
    assert sub in (None, "subscription", "service")
    if pid is None:
        assert sub is None


@FAST
@given(raw=maybe_text, header=maybe_text)
def test_result_in_vocabulary(raw: str | None, header: str | None) -> None:
    from govstats.normalize.result import normalize_result

    assert normalize_result(raw, header=header) in (None, "qualified", "unqualified")


@FAST
@given(raw=maybe_text)
def test_rectification_in_vocabulary(raw: str | None) -> None:
    from govstats.normalize.rectification import normalize_rectification

    assert normalize_rectification(raw) in RECTIFICATION


@FAST
@given(raw=maybe_text, channel=st.sampled_from(["web", "nm"]))
def test_problem_categories_in_vocabulary(raw: str | None, channel: str) -> None:
    from govstats.normalize.problems import classify_problem

    cats = classify_problem(raw, channel)
    assert isinstance(cats, list)
    assert set(cats) <= CATEGORY_IDS
    assert len(cats) == len(set(cats))


@FAST
@given(name=maybe_text, within=st.one_of(st.none(), st.sampled_from(CITY_CODES), st.text(max_size=6)))
def test_resolve_unit_returns_known_region(name: str | None, within: str | None) -> None:
    from govstats.normalize.region import from_site_code, resolve_unit

    r = resolve_unit(name, within)
    assert r is None or r.code in REGION_CODES
    s = from_site_code(name)
    assert s is None or s.code in REGION_CODES


# ----------------------------------------------------------------------------- annex grids

HEADERS = ["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况", "账号名称", "开设主体", "账号类型",
           "检查结果", "存在的问题", "备注", "联系电话", "平台", "问题", ""]
cell = st.one_of(st.none(), st.sampled_from(WORDS + ["1", "2", "3", "12"]), st.text(max_size=6))


@FAST
@given(header=st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=5)), max_size=9),
       rows=st.lists(st.lists(cell, max_size=11), max_size=8), title=maybe_text)
def test_parse_grid_on_random_grids(header: list[str], rows: list[list[str | None]], title: str | None) -> None:
    from govstats.parse.annex import NEW_MEDIA_FIELDS, WEBSITE_FIELDS, parse_grid

    t = parse_grid(Grid(title=title, header=header, rows=rows))
    if t is None:
        return
    assert t.kind in ("websites", "new_media")
    allowed = set(WEBSITE_FIELDS if t.kind == "websites" else NEW_MEDIA_FIELDS)
    for r in t.rows:
        assert set(r) <= allowed | {"name"}, r
        assert all(v is None or isinstance(v, str) for v in r.values())


FIELDS = ["seq", "site_name", "url", "site_code", "problem", "rectification_raw", "account_name", "operator",
          "platform_raw", "result_raw"]


TYPED = {"seq", "site_code", "url", "result_raw", "rectification_raw"}


@FAST
@given(fields=st.lists(st.sampled_from(FIELDS), min_size=1, max_size=7, unique=True).filter(lambda f: set(f) - TYPED),
       cells=st.lists(cell, max_size=10))
def test_align_row_keeps_every_cell(fields: list[str], cells: list[str | None]) -> None:
    """With every column known and at least one text column (every annex has a name column),
    no non-empty cell text is lost: extra text is joined into the last text column, never dropped."""
    from govstats.parse.annex import align_row

    out = align_row(list(cells), list(fields))
    assert set(out) <= set(fields)
    joined = "\u0001".join(v for v in out.values() if v)
    for c in cells:
        if c:
            assert c in joined, (c, out)
