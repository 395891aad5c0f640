"""Accounts and websites a bulletin's narrative names (for the "named in annex" check).

Accounts are quoted and tied to a platform: “泾阳县智慧农业保险”微信公众号, 微信公众号“法治睢阳”,
“A”“B”微博, “畅通虞城、虞城广播电视台”, or written 黔东南公安(政务微信). Websites are unit names
ending in 网站: 兴平市人民政府网站, 市司法局网站. Names are returned as printed in the
normalized (simplified) text; generic phrases (部分政府网站, 个别网站) are dropped.
"""

from __future__ import annotations

import re

from govstats.parse.figures.vocab import PLATFORM_RE_SRC as _PLATFORM
from govstats.textnorm import NormText

_QUOTES = r"(?:“[^”“\n]{2,40}”\s*)+"
# A run of quoted names, then what makes it accounts: a platform word after it (“A”“B”微博) or
# right before it (微信公众号“法治睢阳”). Found from the quote runs, which are rare, rather than by
# trying the long platform alternation at every character of the text (4x faster on the seed).
_RUN = re.compile(_QUOTES)
_AFTER_RUN = re.compile(rf"(?:等)?\s*(?:{_PLATFORM}|政务新媒体|账号)")
_BEFORE_RUN = re.compile(rf"(?:{_PLATFORM})\s*\Z")
_BEFORE_REACH = 40  # characters before a run that can hold the platform word and spaces
_PAREN = re.compile(rf"(?:^|[、,:;。])\s*(?P<n>[\u4e00-\u9fffA-Za-z0-9]{{2,30}})\((?:{_PLATFORM})\)")
_PAREN_HINT = re.compile(rf"\((?:{_PLATFORM})\)")
_SITE = re.compile(
    r"(?:^|(?<=[、,:;。\n如是和及与]))\s*(?P<n>[^\s、,:;。()“”《》了的对在与和及是为将由从等]{2,20}?网站)"
    r"(?!群|标识|建设|运行|管理|信息|报送|集约|监管|找错)"
)
_SITE_GENERIC = re.compile(
    r"^(?:部分|个别|一些|多数|少数|全[市省县区州]|各|其他|其它|本|该|相关|所有|政府|门户|部门|集约化|问题|不合格|合格|"
    r"我为|网站|多个|多家|\d)"
)
# Generic type nouns (县级政府门户网站, 市直部门网站) and verb phrases are not names.
_NOT_NAME = re.compile(
    r"关于|\d|年|季度|检查|督促|要|持续|重视|开展|办理|查看|受理|我|结合|现有|包含|全|各|级|类|直|设区|县市区|"
    r"部门网站$|自治州政府网站$"
)
_UNIT_END = re.compile(
    r"(?:人民政府|政府|局|委|委员会|办|办公室|厅|院|中心|所|馆|会|队|网|公司)(?:门户)?网站$"
)
_LEAD = re.compile(r"^(?:如|例如|其中|比如)")
_UNIT_MARK = re.compile(r"[市县区州镇乡局委办厅院馆所站中心会队]")


def _split_quoted(q: str) -> list[str]:
    out = []
    for part in re.findall(r"“([^”“\n]{2,40})”", q):
        out += [p.strip() for p in part.split("、") if len(p.strip()) >= 2]
    return out


def narrative_names(nt: NormText) -> dict[str, list[str]]:
    """{"newmedia": [...], "websites": [...]}: names the narrative quotes, in order, without repeats."""
    text = nt.text
    after: list[str] = []
    before: list[str] = []
    for m in _RUN.finditer(text) if "“" in text else ():
        if _AFTER_RUN.match(text, m.end()):
            after += _split_quoted(m.group())
        if _BEFORE_RUN.search(text, max(0, m.start() - _BEFORE_REACH), m.start()):
            before += _split_quoted(m.group())
    accounts = after + before
    for m in _PAREN.finditer(text) if _PAREN_HINT.search(text) else ():  # 黔东南公安(政务微信), rare
        accounts.append(m.group("n"))
    sites = []
    for m in _SITE.finditer(text):
        n = _LEAD.sub("", m.group("n").strip())
        if not n.endswith("网站") or _SITE_GENERIC.match(n) or _NOT_NAME.search(n) or not _UNIT_END.search(n):
            continue
        stem = re.sub(r"(?:政府)?(?:门户)?网站$", "", n)
        if len(stem) >= 2 and _UNIT_MARK.search(stem):
            sites.append(n)
    return {"newmedia": list(dict.fromkeys(accounts)), "websites": list(dict.fromkeys(sites))}
