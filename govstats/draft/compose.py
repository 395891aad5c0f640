"""Compose the text of a draft bulletin from a DraftInput, independent of the output format.

The wording follows what the corpus shows is standard (共检查…家，检查覆盖率…，其中存在问题的…家;
不合格…个，合格率…%). A sentence is written only for figures the input has: a section without data
is left out, never filled with zeros. Units are named by the annex rows they come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from govstats.draft.model import COPIED, DraftInput, _show
from govstats.draft.office import Office
from govstats.errors import GovstatsError
from govstats.registry import CHECK_LABELS_ZH, FIGURE_LABELS_ZH, TABLES

_CN_NUM = "一二三四五六七八九十"
SCOPE = {
    "website": "纳入“全国政府网站信息报送系统”的",
    "newmedia": "纳入“全国政务新媒体信息报送系统”监管的",
}


class DraftError(GovstatsError):
    """Options that cannot make a signable draft (a deadline before the date): one line, exit 2."""


@dataclass
class Paragraph:
    """One body paragraph: an optional lead (heading run such as （一）政府网站检查情况。) and its text."""

    text: str
    lead: str = ""
    style: str = "body"  # title | addressee | h1 | body | signature | date | attachments


@dataclass
class Annex:
    """One annex table: its number, title, header (Chinese labels) and rows of cell strings."""

    number: int
    title: str
    header: list[str]
    rows: list[list[str]]
    weights: list[float] = field(default_factory=list)  # relative column widths (序号 narrow, 存在问题 wide)


@dataclass
class ReviewNote:
    """One note of the review copy: the figure, what the source printed, what the draft prints, why (Chinese)."""

    key: str
    label: str
    stated: str
    drafted: str
    why: str

    @property
    def keyword(self) -> str:
        """The word of the draft's sentence that states this figure (where the .docx comment is anchored)."""
        for end, word in (("annual_report_rate", "完成率"), ("pass_rate", "合格率"), ("coverage_rate", "覆盖率"),
                          ("unqualified", "不合格"), ("qualified", "合格"), ("with_problems", "存在问题"),
                          ("prominent_problems", "突出问题"), ("unrectified", "未整改"), ("total", "共计"),
                          ("checked", "检查")):
            if self.key.endswith(end):
                return word
        return ""


@dataclass
class Draft:
    """A composed draft: 版头 (mark, 文号), paragraphs in reading order, annexes, 版记 (抄送, 印发)."""

    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    mark: str = ""  # 发文机关标志, printed red in the 版头
    doc_number: str | None = None  # 文号, under the mark, above the red rule
    cc: str | None = None  # 抄送 of the 版记
    printer: str = ""  # 印发机关
    print_date: dt.date | None = None  # 印发日期 (the signing date)
    #: for the review copy: each figure printed differently from the source, left out or copied unchecked
    review: list[ReviewNote] = field(default_factory=list)

    def plain_text(self) -> str:
        """Text of the body, one paragraph a line (what the figures were written into)."""
        return "\n".join(p.lead + p.text for p in self.paragraphs)


def fmt_rate(value: Decimal, precision: int) -> str:
    return f"{value:.{precision}f}%"


def fmt_date(d: dt.date) -> str:
    """GB/T 9704 dates: Arabic numerals, no leading zeros (2025年2月21日)."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_ordinal(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二 (section numbers)."""
    if n <= 10:
        return _CN_NUM[n - 1]
    return ("" if n < 20 else _CN_NUM[n // 10 - 1]) + "十" + (_CN_NUM[n % 10 - 1] if n % 10 else "")


def default_addressees(region: str, region_code: str | None) -> str:
    """主送 line by the level of the issuing government (province, city or county)."""
    if region_code and region_code.endswith("0000"):
        return "各市（区）人民政府，省政府各工作部门、各直属机构："
    if region_code and region_code.endswith("00") or region.endswith(("市", "州", "盟")):
        return "各县（市、区）人民政府，市政府各工作部门、各直属机构："
    return "各镇人民政府、街道办事处，县政府各工作部门、各直属机构："


def platform_label(platform: str | None, subtype: str | None) -> str:
    """Display label of a platform id and WeChat subtype (wechat_oa/subscription -> 微信订阅号)."""
    from govstats.normalize.platform import platform_label_zh
    from govstats.normalize.vocab import load_csv

    if not platform:
        return ""
    if subtype:
        for row in load_csv("platforms.csv"):
            if row["id"] == platform and row["subtype"] == subtype:
                return row["label_zh"]
    return platform_label_zh(platform)


def _site(name: str) -> str:
    return name if name.endswith("网站") else f"{name}网站"


def _account(r: dict) -> str:
    return f"“{r['account_name']}”{platform_label(r.get('platform'), r.get('platform_subtype'))}"


def _listing(names: list[str], limit: int = 8) -> str:
    names = list(dict.fromkeys(names))
    return "、".join(names) if len(names) <= limit else "、".join(names[:limit]) + "等"


def compose(d: DraftInput, issue_date: dt.date, addressees: str | None = None,
            issuer: str | None = None, office: Office | None = None, deadline: dt.date | None = None) -> Draft:
    """The whole draft: 版头, title, 主送, numbered sections, issuer, date, 附件 list, annex tables, 版记.

    issuer/addressees (the command's options) win over office (the office's YAML), which wins over
    what the source printed (d.issuer, d.doc_number). The feedback deadline is `deadline`, else the
    source's deadline at the same distance from issue_date as from the source's own date; a deadline
    before issue_date is refused (DraftError).
    """
    from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH
    from govstats.normalize.result import RESULT_LABELS_ZH

    o = Office(issuer=issuer, addressees=addressees).over(office or Office()).over(
        Office(issuer=d.issuer, doc_number=d.doc_number))
    issuer = o.issuer or f"{d.region}人民政府办公室"
    deadline = deadline or d.deadline_for(issue_date)
    if deadline is not None and deadline < issue_date:
        raise DraftError(f"the feedback deadline {deadline.isoformat()} is before the issue date "
                         f"{issue_date.isoformat()}; give --deadline on or after --date")
    qlabel = d.quarter.label_zh
    scope = "全省" if (d.region_code or "").endswith("0000") else "全市" if d.region.endswith("市") else ""
    title = f"{issuer}关于{qlabel}{scope}政府网站与政务新媒体检查情况的通报"
    draft = Draft(title=title, mark=o.mark or issuer, doc_number=o.doc_number, cc=o.cc, printer=o.printer or issuer,
                  print_date=issue_date)
    draft.review = _review(d)
    add = draft.paragraphs.append
    add(Paragraph(title, style="title"))
    add(Paragraph(o.addressees or default_addressees(d.region, d.region_code), style="addressee"))
    add(Paragraph(f"根据《国务院办公厅秘书局关于政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》"
                  f"（国办秘函〔2019〕19号）要求，{issuer}组织开展了{qlabel}{scope}政府网站与政务新媒体"
                  f"检查工作，现将有关情况通报如下。"))
    f = d.figures()
    sections: list[tuple[str, list[Paragraph]]] = []

    overview = [p for p in (_channel_paragraph(f, "website"), _channel_paragraph(f, "newmedia"),
                            _annual_report_paragraph(f)) if p is not None]
    if overview:
        sections.append(("总体情况", _number(overview)))
    problems = _problem_paragraphs(d)
    if problems:
        sections.append(("发现的主要问题", _number(problems)))
    comparison = _comparison_paragraphs(d, f)
    if comparison:
        sections.append(("与上季度比较", _number(comparison)))
    sections.append(("工作要求", _number(_requirements(d, issuer, deadline))))
    for i, (head, paras) in enumerate(sections, 1):
        add(Paragraph(f"{cn_ordinal(i)}、{head}", style="h1"))
        draft.paragraphs.extend(paras)

    web_labels, nm_labels = TABLES["websites"].labels(), TABLES["new_media"].labels()
    n = 0
    if d.websites:
        n += 1
        header = [web_labels[c] for c in ("seq", "site_name", "url", "site_code", "problem", "rectification")]
        rows = [[str(i), r["site_name"] or "", r.get("url") or "", r.get("site_code") or "", r.get("problem") or "",
                 RECTIFICATION_LABELS_ZH.get(r.get("rectification") or "unknown", "") if r.get("rectification") not in
                 (None, "unknown") else ""] for i, r in enumerate(d.websites, 1)]
        draft.annexes.append(Annex(n, f"{d.region}{qlabel}政府网站检查结果", header, rows, [1.4, 4, 4.5, 2.6, 7, 1.9]))
    if d.new_media:
        n += 1
        cols = ("seq", "account_name", "operator", "platform", "result", "problem", "rectification")
        header = [nm_labels[c] for c in cols]
        rows = [[str(i), r["account_name"] or "", r.get("operator") or "",
                 platform_label(r.get("platform"), r.get("platform_subtype")),
                 RESULT_LABELS_ZH.get(r.get("result") or "", ""), r.get("problem") or "",
                 RECTIFICATION_LABELS_ZH[r["rectification"]] if r.get("rectification") not in (None, "unknown") else ""]
                for i, r in enumerate(d.new_media, 1)]
        draft.annexes.append(Annex(n, f"{d.region}{qlabel}政务新媒体检查结果", header, rows,
                                   [1.4, 3.4, 3.8, 2.4, 1.9, 6.5, 1.9]))
    add(Paragraph(issuer, style="signature"))
    add(Paragraph(fmt_date(issue_date), style="date"))
    if draft.annexes:
        items = [f"{a.number}. {a.title}" for a in draft.annexes]
        add(Paragraph("\n".join(items), lead="附件：", style="attachments"))
    return draft


def _number(paras: list[Paragraph]) -> list[Paragraph]:
    """Give each paragraph its （一）（二）… lead (the lead text so far is its heading)."""
    return [Paragraph(p.text, f"（{cn_ordinal(i)}）{p.lead}", p.style) for i, p in enumerate(paras, 1)]


def _channel_paragraph(f: dict, ch: str) -> Paragraph | None:
    """（一）政府网站 / （二）政务新媒体 overview: one clause per figure the input has, none invented."""
    word, unit = ("政府网站", "家") if ch == "website" else ("政务新媒体", "个")
    if not any(k.startswith(f"{ch}_") for k in f):
        return None
    s = []
    if f"{ch}_total" in f:
        s.append(f"截至本季度末，{SCOPE[ch]}{word}共计{f[f'{ch}_total'][0]}{unit}。")
    parts = []
    if f"{ch}_checked" in f:
        scope = "" if f"{ch}_total" in f else SCOPE[ch]  # the scope is said once
        parts.append(f"此次共检查{scope}{word}{f[f'{ch}_checked'][0]}{unit}")
    if f"{ch}_coverage_rate" in f and f"{ch}_total" in f:
        parts.append(f"检查覆盖率{fmt_rate(*f[f'{ch}_coverage_rate'])}")
    found = []  # what the check found; "其中" only after a checked count
    if ch == "website" and "website_with_problems" in f:
        found.append(f"存在问题的政府网站{f['website_with_problems'][0]}家")
    if f"{ch}_unqualified" in f:
        found.append(f"不合格{word}{f[f'{ch}_unqualified'][0]}{unit}")
    if f"{ch}_qualified" in f:
        found.append(f"合格{word}{f[f'{ch}_qualified'][0]}{unit}")
    if ch == "newmedia" and "newmedia_prominent_problems" in f:
        found.append(f"存在突出问题的政务新媒体{f['newmedia_prominent_problems'][0]}个")
    if found:
        found[0] = ("其中" if parts else "此次检查发现") + found[0]
    parts += found
    if f"{ch}_pass_rate" in f:
        parts.append(f"合格率为{fmt_rate(*f[f'{ch}_pass_rate'])}")
    if ch == "newmedia" and "newmedia_unrectified" in f:
        parts.append(f"{f['newmedia_unrectified'][0]}个政务新媒体截止通报前问题未整改到位")
    if parts:
        s.append("，".join(parts) + "。")
    if f"{ch}_coverage_rate" in f and f"{ch}_total" not in f:
        # a rate printed without a total (copied): its own sentence, so no total is read into "检查…家，覆盖率100%"
        s.append(f"{word}检查覆盖率为{fmt_rate(*f[f'{ch}_coverage_rate'])}。")
    return Paragraph("".join(s), f"{word}检查情况。")


def _annual_report_paragraph(f: dict) -> Paragraph | None:
    """（三）年度报表: the publication rate of the websites' annual reports, when the source printed it."""
    if "annual_report_rate" not in f:
        return None
    return Paragraph(f"各政府网站按要求通过本单位网站发布《政府网站工作年度报表》，"
                     f"完成率{fmt_rate(*f['annual_report_rate'])}。", "政府网站工作年度报表发布情况。")


def _problem_paragraphs(d: DraftInput) -> list[Paragraph]:
    out = []
    n_web = len(d.websites)
    if d.websites:
        names = _listing([_site(r["site_name"]) for r in d.websites if r.get("site_name")])
        out.append(Paragraph(f"{names}存在问题，具体问题及整改情况见附件1。", "政府网站。"))
    if d.new_media:
        annex_no = 2 if n_web else 1
        unq = [_account(r) for r in d.new_media if r.get("result") == "unqualified"]
        other = [_account(r) for r in d.new_media if r.get("result") != "unqualified"]
        s = []
        if unq:
            s.append(f"{_listing(unq)}为不合格政务新媒体")
        if other:
            s.append(f"{_listing(other)}存在{'突出' if unq else ''}问题")
        left = [r["operator"] or r["account_name"] for r in d.new_media if r.get("rectification") == "not_rectified"]
        text = "；".join(s) + "。"
        if left:
            text += f"目前，{_listing([x for x in left if x])}政务新媒体相关问题仍未整改到位。"
        out.append(Paragraph(text + f"具体问题及整改情况见附件{annex_no}。", "政务新媒体。"))
    return out


def _comparison_paragraphs(d: DraftInput, f: dict) -> list[Paragraph]:
    """Rates up or down against the previous quarter, and units flagged in both quarters."""
    p = d.previous
    if p is None:
        return []
    pf = p.figures()
    out = []
    plabel = p.quarter.label_zh
    changes = []
    for key in ("website_pass_rate", "website_coverage_rate", "newmedia_pass_rate", "newmedia_coverage_rate"):
        what = FIGURE_LABELS_ZH[key]
        if key in f and key in pf:
            (now, pn), (before, pb) = f[key], pf[key]
            delta = now - before
            prec = max(pn, pb)
            if delta == 0:
                changes.append(f"{what}与上季度持平")
            else:
                word = "提升" if delta > 0 else "下降"
                changes.append(f"{what}{word}{abs(delta):.{prec}f}个百分点")
    if changes:
        out.append(Paragraph(f"与{plabel}相比，{'，'.join(changes)}。", "检查结果变化。"))
    again = []
    before_sites = {"".join((r.get("site_name") or "").split()) for r in p.websites}
    again += [_site(r["site_name"]) for r in d.websites
              if r.get("site_name") and "".join(r["site_name"].split()) in before_sites]
    before_accounts = {"".join((r.get("account_name") or "").split()) for r in p.new_media}
    again += [_account(r) for r in d.new_media
              if r.get("account_name") and "".join(r["account_name"].split()) in before_accounts]
    if again:
        out.append(Paragraph(f"{_listing(again, limit=20)}在{plabel}检查中已被通报，本季度再次被通报，"
                             "请主办单位认真分析原因，举一反三，防止问题反复出现。", "再次被通报的单位。"))
    return out


def _review(d: DraftInput) -> list[ReviewNote]:
    """A note for each figure that differs from the source, is left out or is copied unchecked."""

    def label(k: str) -> str:
        return FIGURE_LABELS_ZH.get(k) or CHECK_LABELS_ZH.get(k, k)

    figs = d.figures()
    out = [ReviewNote(c.key, label(c.key), _show(*c.stated), _show(*c.drafted), c.reason.zh) for c in d.corrections()]
    out += [ReviewNote(k, label(k), _show(*d.stated[k]), "（未写入）", why.zh) for k, why in d.omitted().items()]
    out += [ReviewNote(k, label(k), _show(*d.stated[k]), _show(*figs[k]), COPIED.zh) for k in d.copied()]
    return out


def _requirements(d: DraftInput, issuer: str, deadline: dt.date | None) -> list[Paragraph]:
    out = [
        Paragraph("各地各部门要落实主管主办责任，对照国办检查指标常态化开展自查，"
                  "及时发现并整改问题，确保政府网站与政务新媒体安全平稳运行。", "严格落实主体责任。"),
    ]
    if d.websites or d.new_media:
        when = f"于{fmt_date(deadline)}前" if deadline else "在整改完成后"
        out.append(Paragraph(f"本次通报指出存在问题的政府网站与政务新媒体主办单位，要及时完成整改，"
                             f"{when}将整改情况书面报{issuer}。", "及时整改交办问题。"))
    return out
