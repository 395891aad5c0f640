"""Region codes: the shipped GB/T 2260 table, 网站标识码, titles/issuers and unit names."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govstats.normalize import region
from govstats.normalize.region import Region, find_in_text, from_site_code, lookup, region_name, resolve_unit

XIANYANG = "610400"


def _code(r: Region | None) -> str | None:
    return r.code if r else None


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("govstats.normalize").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# ----------------------------------------------------------------------------- the data


def test_table_is_complete_and_consistent() -> None:
    rows = _rows("regions.csv")
    codes = {r["code"]: r for r in rows}
    assert len(codes) == len(rows), "duplicate codes"
    assert 3100 < len(rows) < 3400
    levels = {lv: sum(r["level"] == lv for r in rows) for lv in ("province", "city", "county")}
    assert levels["province"] == 34 and levels["city"] == 333 and levels["county"] > 2800
    for r in rows:
        assert len(r["code"]) == 6 and r["code"].isdigit(), r
        assert r["level"] in ("province", "city", "county"), r
        assert r["name"] and r["short_name"], r
        assert r["province_code"] == r["code"][:2] + "0000"
        if r["level"] == "province":
            assert r["parent_code"] == "" and r["code"].endswith("0000")
        else:
            parent = codes[r["parent_code"]]  # a known parent
            assert parent["level"] == ("province" if r["level"] == "city" else parent["level"])
            assert r["code"].startswith(parent["code"][:2])
        if r["level"] == "city":
            assert r["city_code"] == r["code"] and r["parent_code"] == r["province_code"]
        if r["level"] == "county":
            assert r["city_code"] in ("", r["parent_code"])


def test_aliases_point_to_current_codes() -> None:
    codes = {r["code"] for r in _rows("regions.csv")}
    names = {r["name"] for r in _rows("regions.csv")}
    aliases = _rows("region_aliases.csv")
    assert len({a["alias"] for a in aliases}) == len(aliases)
    for a in aliases:
        assert a["code"] in codes, a
        assert a["alias"] not in codes and a["alias"] not in names, a  # never shadows a current one
        assert a["note"], a


def test_every_name_folds_to_itself() -> None:
    """The index is built from folded names: simplified names must survive the fold (乾县!)."""
    for r in _rows("regions.csv"):
        assert region._fold(r["name"]) == r["name"]
        assert region._fold(r["short_name"]) == r["short_name"]


def test_import_does_not_pull_pandas() -> None:
    code = "import sys, govstats.normalize.region as r; r.resolve_unit('健康三原', '610400'); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("code", "name", "level", "parent", "city", "province"),
    [
        ("610481", "兴平市", "county", "610400", "610400", "610000"),
        ("610400", "咸阳市", "city", "610000", "610400", "610000"),
        ("610000", "陕西省", "province", None, None, "610000"),
        ("500110", "綦江区", "county", "500000", None, "500000"),  # under a municipality
        ("429004", "仙桃市", "county", "420000", None, "420000"),  # 省直辖县级行政区划
        ("441900", "东莞市", "city", "440000", "441900", "440000"),  # prefecture without counties
    ],
)
def test_lookup(
    code: str, name: str, level: str, parent: str | None, city: str | None, province: str
) -> None:
    r = lookup(code)
    assert r == Region(code, name, level, parent)
    assert (r.city_code, r.province_code) == (city, province)
    assert region_name(code) == name


@pytest.mark.parametrize("code", ["610427", "61040", "6104000", "abcdef", "", "999999", "500100"])
def test_lookup_unknown(code: str) -> None:
    assert lookup(code) is None
    assert region_name(code) is None


def test_region_name_none() -> None:
    assert region_name(None) is None
    assert lookup(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("site_code", "expected"),
    [
        ("6104810043", "610481"),  # 兴平市
        ("6104250035", "610425"),  # 礼泉县
        ("6104280003", "610428"),  # 长武县
        ("6104000038", "610400"),  # 咸阳市公安局交警支队 (city level)
        ("6104000051", "610400"),  # 咸阳市司法局
        ("4300000077", "430000"),  # 湖南省
        ("3406000012", "340600"),  # 淮北市
        (" 6101000068 ", "610100"),  # whitespace
        ("６１０４８１００４３", "610481"),  # full-width digits
        ("6104270012", "610482"),  # pre-2018 彬县 prefix -> 彬州市
        ("6101250001", "610118"),  # 户县 -> 鄠邑区
        ("6190000001", "610000"),  # 西咸新区: not a division -> 陕西省
        ("5001000001", "500000"),  # pseudo-prefecture 重庆市市辖区 -> 重庆市
    ],
)
def test_from_site_code(site_code: str, expected: str) -> None:
    assert _code(from_site_code(site_code)) == expected


@pytest.mark.parametrize(
    "site_code",
    [
        "bm07000001",  # 工信部
        "bm29030010",
        "BM63000001",
        None,
        "",
        "610481004",  # 9 digits
        "61048100431",  # 11 digits
        "6107280000/2022-000928",  # 信息索引号
        "61080202000240",  # 公安备案号
        "9999990001",  # unknown prefix
        "0000000000",
        "61O4810043",  # letter O
    ],
)
def test_from_site_code_invalid(site_code: str | None) -> None:
    assert from_site_code(site_code) is None


# ----------------------------------------------------------------------------- titles and issuers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("咸阳市人民政府办公室", "610400"),
        ("重庆市綦江区人民政府办公室", "500110"),
        ("綦江区人民政府办公室", "500110"),
        ("湖南省政务管理服务局", "430000"),
        ("黔东南州人民政府办公室", "522600"),
        ("黔东南苗族侗族自治州人民政府办公室", "522600"),
        ("楚雄彝族自治州人民政府办公室", "532300"),
        ("楚雄州人民政府办公室", "532300"),
        ("湘西自治州人民政府办公室", "433100"),
        ("甘孜州人民政府办公室", "513300"),
        ("石柱县人民政府办公室", "500240"),  # 石柱土家族自治县
        ("宝鸡市陈仓区人民政府办公室", "610304"),
        ("营口市西市区人民政府办公室", "210803"),
        ("陕西省咸阳市秦都区", "610402"),
        ("咸阳市2025年第一季度政府网站与政务新媒体检查情况通报", "610400"),
        ("咸阳市人民政府办公室关于兴平市有关情况的通报", "610400"),  # issuer, not the subject
        ("南京市鼓楼区人民政府", "320106"),
        ("徐州市鼓楼区人民政府", "320302"),
        ("江苏省鼓楼区", "320000"),  # shared in Jiangsu: keep the unambiguous higher level
        ("福建省鼓楼区", "350102"),  # unique in Fujian
        ("济南市市中区", "370103"),
        ("阳泉市城区人民政府", "140302"),
        ("陕西市场监督管理局", "610000"),  # 西市 inside 陕西市场 is not 西市区
        ("广西壮族自治区人民政府办公厅", "450000"),
        ("彬县人民政府", "610482"),  # old name
        ("杨凌示范区管委会", "610403"),
        ("陕西省西咸新区开发建设管理委员会", "610000"),
        ("中共乾县县委办公室", "610424"),
    ],
)
def test_find_in_text(text: str, expected: str) -> None:
    assert _code(find_in_text(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2025年第一季度全市政府网站检查情况",
        "鼓楼区人民政府",  # four 鼓楼区 nationwide, no parent
        "城区管理局",  # generic word
        "更新县级政府网站",  # 新县 inside a phrase
        "全市和县区政府网站",  # 和县 inside a phrase
        "若干县区",  # 乾县 folds to 干县 under OpenCC; must not hit
        "西市场",
    ],
)
def test_find_in_text_none(text: str) -> None:
    assert find_in_text(text) is None


def test_traditional_input() -> None:
    assert _code(find_in_text("彬縣人民政府")) == "610482"
    assert _code(find_in_text("漢中市人民政府")) == "610700"
    assert _code(find_in_text("陝西省漢中市南鄭區人民政府")) == "610703"
    assert _code(resolve_unit("彬縣", XIANYANG)) == "610482"
    assert _code(resolve_unit("乾縣公安局", XIANYANG)) == "610424"
    assert _code(resolve_unit("長武縣人民政府", None)) == "610428"
    assert _code(resolve_unit("漢中市", None)) == "610700"
    assert _code(resolve_unit("鹹陽市司法局", XIANYANG)) == "610400"


# ----------------------------------------------------------------------------- unit names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # the seed's annex: website names and new-media operators (开设主体)
        ("兴平市人民政府", "610481"),
        ("礼泉县人民政府", "610425"),
        ("长武县人民政府", "610428"),
        ("咸阳市公安局 交警支队", "610400"),
        ("咸阳市司法局", "610400"),
        ("泾阳县云阳镇人民政府", "610423"),
        ("三原县卫生健康局", "610422"),
        ("咸阳市禁毒委员会办公室", "610400"),
        ("永寿县交警大队", "610426"),
        ("泾阳县财政局", "610423"),
        ("咸阳市公安局", "610400"),
        ("淳化县电子商务服务中心", "610430"),
        ("咸阳市秦都区退役军人事务局", "610402"),
        ("礼泉县司法局", "610425"),
        ("彬州市公安局交通管理大队官方抖音账号", "610482"),
        # the seed's account names
        ("健康三原", "610422"),
        ("咸阳禁毒先锋", "610400"),
        ("永寿交警", "610426"),
        ("泾阳县智慧农业保险", "610423"),
        ("咸阳地铁公安", "610400"),
        ("秦都退役军人事务局", "610402"),
        ("法治礼泉", "610425"),
        ("彬州交警", "610482"),
        # narrative mentions without a place name: the bulletin's own region
        ("市司法局", "610400"),
        ("市公安局交警支队", "610400"),
        ("县财政局", "610400"),
        # more
        ("乾县公安局", "610424"),
        ("健康乾县", "610424"),  # two-character county of the bulletin's own city
        ("兴平市场监督管理局", "610481"),  # 兴平市 + 市场监督管理局 written with one 市
        ("咸阳市长武县", "610428"),
        ("彬县交警大队", "610482"),  # old name
        ("杨凌示范区公安局", "610403"),
        ("西安市长安区教育局", "610116"),  # another city, full names
        ("长安区教育局", "610116"),  # shared name (石家庄 长安区 too): same province wins
        ("宝鸡市", "610300"),
    ],
)
def test_resolve_unit_xianyang(name: str, expected: str) -> None:
    assert _code(resolve_unit(name, XIANYANG)) == expected


@pytest.mark.parametrize(
    "name",
    [
        None,
        "",
        "   ",
        "红色云阳",  # 云阳 is a town of 泾阳, and 云阳县 is in 重庆: no full name, not in scope
        "快乐可汗1334",
        "市场监督管理局",  # 市场 is a word, not the city prefix
        "城关镇人民政府",  # generic short name
        "平安建设",
    ],
)
def test_resolve_unit_none(name: str | None) -> None:
    assert resolve_unit(name, XIANYANG) is None


@pytest.mark.parametrize(
    ("name", "within", "expected"),
    [
        ("秦都退役军人事务局", None, None),  # nationwide: full names only
        ("健康三原", None, None),
        ("市司法局", None, None),
        ("泾阳县云阳镇人民政府", None, "610423"),
        ("咸阳市秦都区退役军人事务局", None, "610402"),
        ("咸阳市司法局", None, "610400"),
        ("健康三原", "610000", "610422"),  # province bulletin: shorts of the whole province
        ("咸阳地铁公安", "610000", "610400"),
        ("市司法局", "610000", "610000"),
        ("法治礼泉", "610425", "610425"),  # county bulletin
        ("县财政局", "610425", "610425"),
        ("咸阳禁毒先锋", "610425", "610400"),  # the county's own city
        ("秦都退役军人事务局", "610300", None),  # not in 宝鸡's scope
        ("鼓楼发布", "320100", "320106"),
        ("鼓楼发布", "350100", "350102"),
        ("长沙发布", "430100", "430100"),  # 长沙市 contains 长沙县
        ("城区人民政府", "140300", None),  # generic: needs 阳泉市 in the text
        ("阳泉市城区人民政府", "140300", "140302"),
        ("西咸新区管委会", "610400", "610000"),
        ("健康三原", "619000", "610422"),  # alias code as within
        ("市司法局", "123456", None),  # unknown within
    ],
)
def test_resolve_unit_scopes(name: str, within: str | None, expected: str | None) -> None:
    assert _code(resolve_unit(name, within)) == expected


@settings(max_examples=300, deadline=None)
@given(
    name=st.one_of(
        st.none(), st.text(), st.text(alphabet="咸阳市秦都区县乾彬州西安新城场级(（）)縣 　\t0123")
    ),
    within=st.one_of(st.none(), st.sampled_from(["610400", "610000", "610425", "110000", "", "x", "619000"])),
)
def test_resolve_unit_never_raises(name: str | None, within: str | None) -> None:
    r = resolve_unit(name, within)
    assert r is None or lookup(r.code) == r
    r = find_in_text(name or "")
    assert r is None or lookup(r.code) == r


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_site_code_never_raises(s: str) -> None:
    r = from_site_code(s)
    assert r is None or lookup(r.code) == r


def test_a_folder_outside_the_code_table_names_its_region():
    """data/raw/<region>/: the analyst's name places a bulletin when GB/T 2260 has no such division."""
    from govstats.normalize.region import named_outside_table

    assert named_outside_table("金普新区") == "金普新区" and named_outside_table("西咸新区") == "西咸新区"
    assert named_outside_table("宝鸡高新区") == "宝鸡高新区"
    for name in ("咸阳市", "咸阳", "陕西省咸阳市", "黔东南州", "紫阳县", None, "", "tmp_x0", "2025Q1"):
        assert named_outside_table(name) is None, name


def test_match_name_suggests_the_nearest():
    from govstats.errors import ParameterError
    from govstats.normalize.region import match_name

    assert match_name("宝鸡", ["宝鸡市", "咸阳市"]) == "宝鸡市"
    with pytest.raises(ParameterError, match="did you mean 咸阳市"):
        match_name("咸阳区", ["宝鸡市", "咸阳市"])
    with pytest.raises(ParameterError, match="ambiguous"):
        match_name("市", ["宝鸡市", "咸阳市"])


def test_a_zone_named_by_the_title_places_a_bulletin_read_outside_data_raw():
    from govstats.normalize.region import zone_in_title

    assert zone_in_title([None, "金普新区关于2025年三季度政务新媒体抽查监管情况的通报"]) == "金普新区"
    assert zone_in_title(["西安高新区管委会关于…的通报"]) == "西安高新区"
    assert zone_in_title(["咸阳市人民政府办公室关于…的通报", None]) is None
