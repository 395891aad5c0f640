"""A synthetic national-scale corpus built from the shapes of the real bulletins (for benchmarks).

Narratives come from real bulletins: the seed's overview sentences with consistent random
figures, and the corpus bulletins' own texts with their numbers jittered. Region names are
drawn from the package's regions.csv; annexes (0-40 rows) are written in the flattened
seed form, or as HTML <table>s for a share of the bulletins, with realistic cells (site names,
URLs, 网站标识码 built from the region code, problems, 整改情况, platforms, results). Every file
gets a ``.source.yml`` sidecar with its sha256, so `govstats ingest` accepts the tree.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
CORPUS = ROOT / "tests" / "data" / "corpus" / "bulletins.jsonl"
REGIONS = ROOT / "govstats" / "normalize" / "data" / "regions.csv"

# The seed's overview, with its figures as placeholders (phrasing kept verbatim).
SEED_OVERVIEW = (
    "各县市区人民政府,市政府各组成工作部门、派出机构、直属事业机构:\n"
    "根据《国务院办公厅秘书局关于政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》要求,"
    "近期市政府办公室会同市数据局组织开展了第{qzh}季度全市政府网站与政务新媒体检查工作,现将有关情况通报如下。\n"
    "一、总体情况\n"
    "(一)政府网站检查情况。此次共检查纳入“全国政府网站信息报送系统”的政府网站{web}家,检查覆盖率100%,"
    "其中存在问题的政府网站{web_prob}家。相关问题经督办,均已完成整改。\n"
    "(二)政务新媒体检查情况。共检查纳入“全国政务新媒体信息报送系统”监管的政务新媒体{nm}个,"
    "其中不合格政务新媒体{nm_bad}个,存在突出问题的政务新媒体{nm_prom}个,合格率为{rate}%,"
    "{nm_unrect}个政务新媒体截止通报前问题未整改到位。\n"
)
SEED_TAIL_START = "(三)政府网站工作年度报表发布情况"
SEED_TAIL_END = "附件:"

WEB_PROBLEMS = [
    "政策解读未与原文关联,部分页面缺失政府网站标识", "依申请公开页面受理部门设置不合理",
    "高关注度政策文件没有相关解读稿", "多个专题栏目更新不及时", "首页栏目长期未更新",
    "存在错别字", "互动交流栏目留言超期未答复", "网站存在空白栏目", "链接无法访问",
    "信息发布审核不严,存在严重表述错误", "未按要求开设政府信息公开专栏",
]
NM_PROBLEMS = [
    "监测时间点前2周内无更新", "未提供有效互动功能", "认证主体不一致", "关联的视频号存在漏报情况",
    "点赞与本单位业务无关的信息", "未在全国政务新媒体信息报送系统备案", "账号长期未更新,属于僵尸账号",
    "存在严重表述错误", "未按要求关停注销", "自动回复功能失效",
]
RECT = ["已整改", "已整改", "已整改", "整改中", "截止通报前仍未整改到位", "未反馈整改情况", "已完成整改"]
PLATFORMS = ["微信订阅号", "微信服务号", "微信公众号", "新浪微博", "抖音短视频", "今日头条", "快手",
             "微信视频号", "百家号", "移动客户端"]
UNITS = ["人民政府", "公安局", "司法局", "教育局", "卫生健康局", "财政局", "退役军人事务局", "文化和旅游局",
         "市场监督管理局", "住房和城乡建设局", "交警大队", "融媒体中心", "民政局", "农业农村局"]
ACCOUNT_WORDS = ["发布", "之声", "在线", "政务", "微讯", "先锋", "资讯", "服务", "警方", "融媒"]
QZH = "一二三四"


@dataclass(frozen=True)
class City:
    code: str
    name: str
    short: str
    counties: tuple[tuple[str, str], ...]  # (code, name)


@lru_cache(maxsize=1)
def cities() -> tuple[City, ...]:
    """Prefecture-level cities with at least two counties, from regions.csv."""
    rows = list(csv.DictReader(REGIONS.open(encoding="utf-8")))
    kids: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        if r["level"] == "county" and r["parent_code"]:
            kids.setdefault(r["parent_code"], []).append((r["code"], r["name"]))
    out = [
        City(r["code"], r["name"], r["short_name"] or r["name"][:-1], tuple(kids[r["code"]]))
        for r in rows
        if r["level"] == "city" and len(kids.get(r["code"], [])) >= 2 and r["name"].endswith("市")
    ]
    return tuple(out)


@lru_cache(maxsize=1)
def seed_tail() -> str:
    """The seed's narrative after the overview (annual reports, problems, requirements, signature)."""
    text = SEED.read_text(encoding="utf-8")
    start, end = text.index(SEED_TAIL_START), text.index(SEED_TAIL_END)
    return text[start:end]


@lru_cache(maxsize=1)
def corpus_templates() -> tuple[tuple[str, str], ...]:
    """(city name the text is about, narrative) of the real bulletins that read as quarterly bulletins."""
    out = []
    names = {c.name for c in cities()}
    for line in CORPUS.open(encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("doc_type") not in ("bulletin", "monthly_bulletin", "report"):
            continue
        body = "\n".join(ln for ln in rec["text"].split("\n") if not ln.rstrip().endswith("|"))
        own = next((n for n in names if n in body), None)
        out.append((own or "", body))
    return tuple(out)


_NUM = re.compile(r"(?<![\d.])(\d{1,4})(?![\d.%])")


def _jitter(text: str, rng: random.Random) -> str:
    """Scale bare integers (not dates or rates) by a random factor, keeping the sentence shapes."""
    f = rng.uniform(0.5, 2.0)

    def sub(m: re.Match[str]) -> str:
        v = int(m.group(1))
        after = text[m.end() : m.end() + 1]
        if after in "年月日号期季" or v >= 1900:
            return m.group(1)
        return str(max(0, round(v * f)))

    return _NUM.sub(sub, text)


def _site_code(rng: random.Random, code: str) -> str:
    return f"{code}{rng.randint(1, 9999):04d}"


def _web_rows(rng: random.Random, city: City, n: int) -> list[list[str]]:
    rows = []
    for i in range(1, n + 1):
        ccode, cname = rng.choice(city.counties) if rng.random() < 0.6 else (city.code, city.name)
        name = cname + ("人民政府" if rng.random() < 0.5 else rng.choice(UNITS))
        url = f"http://{rng.choice('abcdefghjk')}{rng.randint(1, 999)}.{city.short.encode('utf-8').hex()[:6]}.gov.cn"
        rows.append([str(i), name, url if rng.random() < 0.7 else "", _site_code(rng, ccode),
                     rng.choice(WEB_PROBLEMS), rng.choice(RECT)])
    return rows


def _nm_rows(rng: random.Random, city: City, n: int) -> list[list[str]]:
    rows = []
    for i in range(1, n + 1):
        _, cname = rng.choice(city.counties)
        unit = cname + rng.choice(UNITS)
        account = cname[:-1] + rng.choice(ACCOUNT_WORDS)
        result = "不合格" if rng.random() < 0.4 else "合格"
        rows.append([str(i), account, unit, rng.choice(PLATFORMS), result, rng.choice(NM_PROBLEMS), rng.choice(RECT)])
    return rows


WEB_HEADER = ["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况"]
NM_HEADER = ["序号", "账号名称", "开设主体", "账号类型", "检查结果", "存在的问题", "整改情况"]


def _flat_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    """The seed's flattened form: one cell per line ending ' |' (empty cells dropped, as when copied)."""
    lines = [title] + [f"{h} |" for h in header]
    for r in rows:
        lines.extend(f"{c} |" for c in r if c)
    return "\n".join(lines)


def _html_page(title: str, body: str, tables: list[tuple[str, list[str], list[list[str]]]]) -> str:
    paras = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in body.split("\n") if ln.strip())
    parts = []
    for t, header, rows in tables:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        trs = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
        parts.append(f"<p><strong>{html.escape(t)}</strong></p><table border=1><tr>{head}</tr>{trs}</table>")
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
        f'<div class="nav"><a href="/">首页</a></div><div class="article"><h1>{html.escape(title)}</h1>'
        f'<div class="content">{paras}{"".join(parts)}</div></div><div class="footer">主办单位</div></body></html>'
    )


def make_bulletin(rng: random.Random, k: int) -> tuple[City, str, str, str]:
    """One synthetic bulletin: (city, period folder, file name, file text)."""
    city = rng.choice(cities())
    year = rng.randint(2019, 2025)
    q = rng.randint(1, 4)
    n_web = rng.randint(0, 15)
    n_nm = rng.randint(0, 40 - n_web)
    title = f"关于{year}年第{QZH[q - 1]}季度全市政府网站与政务新媒体检查情况的通报"
    if rng.random() < 0.6:
        web = rng.randint(max(n_web, 5), 120)
        nm = rng.randint(max(n_nm, 20), 800)
        nm_bad = rng.randint(0, min(nm, max(n_nm, 1)))
        rate = f"{(nm - nm_bad) / nm * 100:.2f}"
        body = SEED_OVERVIEW.format(qzh=QZH[q - 1], web=web, web_prob=n_web, nm=nm, nm_bad=nm_bad,
                                    nm_prom=rng.randint(0, nm_bad), rate=rate, nm_unrect=rng.randint(0, nm_bad))
        body += seed_tail().replace("咸阳市", city.name).replace("2025年", f"{year}年")
    else:
        own, text = rng.choice(corpus_templates())
        body = _jitter(text.replace(own, city.name) if own else text, rng)
    body = f"{title}\n{body}\n{city.name}人民政府办公室\n{year}年{q * 3}月{rng.randint(1, 28)}日"
    t_web = f"{city.name}{year}年第{QZH[q - 1]}季度政府网站检查结果"
    t_nm = f"{city.name}{year}年第{QZH[q - 1]}季度政务新媒体检查结果"
    tables = [(t_web, WEB_HEADER, _web_rows(rng, city, n_web))] if n_web else []
    if n_nm:
        tables.append((t_nm, NM_HEADER, _nm_rows(rng, city, n_nm)))
    stem = f"b{k:05d}"
    if rng.random() < 0.15:
        return city, f"{year}Q{q}", f"{stem}.html", _html_page(title, body, tables)
    annex = "\n".join(_flat_table(t, h, r) for t, h, r in tables)
    return city, f"{year}Q{q}", f"{stem}.txt", body + "\n" + annex + "\n"


def write_corpus(out: str | Path, n: int = 10_000, seed: int = 20250225) -> list[Path]:
    """Write n synthetic bulletins as data/raw-style folders under out (with sidecars); return the files."""
    rng = random.Random(seed)
    out = Path(out)
    files = []
    for k in range(n):
        city, period, name, text = make_bulletin(rng, k)
        d = out / city.name / period
        d.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        p = d / name
        p.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        (d / f"{name}.source.yml").write_text(
            f"url: https://example.invalid/synthetic/{name}\naccessed: '2025-01-01'\n"
            f"note: synthetic benchmark bulletin\nfile: {name}\nsha256: {sha}\nbytes: {len(data)}\n",
            encoding="utf-8",
        )
        files.append(p)
    return files
