"""compose: standard wording, sections only for data, numbering, markdown/html/docx from one text."""

from __future__ import annotations

import datetime as dt
import re

from govstats.draft.compose import cn_ordinal, compose, default_addressees, fmt_date
from govstats.draft.model import DraftInput
from govstats.draft.render import docx_document, to_html, to_markdown
from govstats.quarter import Quarter

DAY = dt.date(2025, 7, 3)


def _newmedia_only() -> DraftInput:
    d = DraftInput(region="咸阳市", quarter=Quarter("2025Q2"), region_code="610400",
                   counts={"newmedia_checked": 120, "newmedia_unqualified": 4})
    return d


def test_standard_wording_and_no_zero_filled_sections():
    draft = compose(_newmedia_only(), DAY)
    text = draft.plain_text()
    assert "此次共检查纳入“全国政务新媒体信息报送系统”监管的政务新媒体120个，其中不合格政务新媒体4个，合格率为96.67%" in text
    assert "政府网站检查情况" not in text and not re.search(r"(?<![0-9.])0(家|个)", text)
    assert "发现的主要问题" not in text and "与上季度比较" not in text  # no annex rows, no previous quarter
    heads = [p.text for p in draft.paragraphs if p.style == "h1"]
    assert heads == ["一、总体情况", "二、工作要求"]  # numbering closes the gaps
    assert draft.annexes == [] and not any(p.style == "attachments" for p in draft.paragraphs)


def test_website_sentence_in_corpus_order():
    d = DraftInput(region="咸阳市", quarter=Quarter("2025Q1"), region_code="610400",
                   counts={"website_total": 53, "website_checked": 53, "website_with_problems": 5})
    text = compose(d, DAY).plain_text()
    assert "纳入“全国政府网站信息报送系统”的政府网站共计53家。此次共检查政府网站53家，检查覆盖率100%，其中存在问题的政府网站5家。" in text
    assert "合格率" not in text  # no unqualified count: no pass rate


def test_title_signature_date_and_addressees():
    draft = compose(_newmedia_only(), DAY, issuer="咸阳市数据局")
    styles = {p.style: p.text for p in draft.paragraphs}
    assert styles["title"] == "咸阳市数据局关于2025年第二季度全市政府网站与政务新媒体检查情况的通报"
    assert styles["signature"] == "咸阳市数据局" and styles["date"] == "2025年7月3日"
    assert styles["addressee"].startswith("各县（市、区）人民政府")
    assert default_addressees("陕西省", "610000").startswith("各市（区）")
    assert default_addressees("紫阳县", "610924").startswith("各镇")


def test_helpers():
    assert [cn_ordinal(n) for n in (1, 4, 10, 11, 20, 23)] == ["一", "四", "十", "十一", "二十", "二十三"]
    assert fmt_date(dt.date(2025, 2, 8)) == "2025年2月8日"


def test_every_output_carries_the_same_text():
    d = _newmedia_only()
    d.new_media = [{"seq": 1, "account_name": "咸阳发布", "operator": "咸阳市人民政府办公室", "platform": "wechat_oa",
                    "platform_subtype": "service", "result": "unqualified", "problem": "2周未更新",
                    "rectification": "in_progress"}]
    d.rows_override()
    draft = compose(d, DAY)
    md, page = to_markdown(draft), to_html(draft)
    doc = docx_document(draft)
    doc_text = "\n".join(p.text for p in doc.paragraphs)
    for p in draft.paragraphs:
        for line in (p.lead + p.text).split("\n"):
            assert line in doc_text
    assert "| 1 | 咸阳发布 | 咸阳市人民政府办公室 | 微信服务号 | 不合格 | 2周未更新 | 整改中 |" in md
    assert "<caption>咸阳市2025年第二季度政务新媒体检查结果</caption>" in page
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "账号名称", "开设主体", "平台", "检查结果", "存在问题", "整改情况"]
    assert [c.text for c in table.rows[1].cells][3:] == ["微信服务号", "不合格", "2周未更新", "整改中"]
    assert "附件：1. 咸阳市2025年第二季度政务新媒体检查结果" in doc_text


def test_counts_without_a_checked_count_are_stated_without_inventing_one():
    d = DraftInput(region="榆林市", quarter=Quarter("2023Q3"), region_code="610800",
                   counts={"newmedia_total": 530, "newmedia_unqualified": 10})
    text = compose(d, DAY).plain_text()
    assert "监管的政务新媒体共计530个。此次检查发现不合格政务新媒体10个。" in text
    assert "合格率" not in text and "检查覆盖率" not in text  # neither can be computed without the checked count


def _font(run) -> str:
    from docx.oxml.ns import qn

    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def _borders(p) -> dict[str, dict[str, str]]:
    from docx.oxml.ns import qn

    bdr = p._p.pPr.find(qn("w:pBdr")) if p._p.pPr is not None else None
    if bdr is None:
        return {}
    return {el.tag.split("}")[1]: {k.split("}")[1]: v for k, v in el.attrib.items()} for el in bdr}


def test_docx_follows_the_gbt_9704_layout():
    """The whole form: red 版头 with 文号 and red rule, fonts by role, outer page numbers, landscape annex, 版记."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from govstats.draft.office import Office

    d = _newmedia_only()
    d.websites = [{"seq": 1, "site_name": "咸阳市司法局", "url": None, "site_code": "6104000051", "problem": "更新不及时",
                   "rectification": "rectified"}]
    office = Office(doc_number="咸政办发〔2025〕12号", cc="市委办公室，市人大常委会办公室。")
    doc = docx_document(compose(d, DAY, office=office))
    body, annex, last = doc.sections[0], doc.sections[1], doc.sections[-1]
    margins = (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # stored in twips
    assert body.page_height > body.page_width and annex.page_width > annex.page_height
    assert last.page_height > last.page_width and len(doc.sections) == 3  # 版记 back on a portrait page
    # 版头: the office's mark in red 小标宋, the 文号, and the red rule under it
    mark, docnum = doc.paragraphs[0], next(p for p in doc.paragraphs if p.text == "咸政办发〔2025〕12号")
    assert mark.text == "咸阳市人民政府办公室" and str(mark.runs[0].font.color.rgb) == "FF0000"
    assert _font(mark.runs[0]) == "方正小标宋简体" and mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _borders(docnum)["bottom"]["color"] == "FF0000" and docnum.alignment == WD_ALIGN_PARAGRAPH.CENTER
    title = next(p for p in doc.paragraphs if p.text.endswith("通报"))
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22) and _font(title.runs[0]) == "方正小标宋简体"
    body_para = next(p for p in doc.paragraphs if p.text.startswith("根据"))
    fmt = body_para.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.first_line_indent == Pt(32)
    assert _font(body_para.runs[0]) == "仿宋_GB2312" and body_para.runs[0].font.size == Pt(16)
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert _font(heading.runs[0]) == "黑体"
    lead = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert _font(lead.runs[0]) == "楷体_GB2312" and _font(lead.runs[1]) == "仿宋_GB2312"
    # page numbers: "— N —" in 4号 宋体, right on odd pages, left on even ones
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((body.footer, WD_ALIGN_PARAGRAPH.RIGHT), (body.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align and p.text == "—  —" and "PAGE" in p._p.xml
        assert {_font(r) for r in p.runs} == {"宋体"} and {r.font.size for r in p.runs} == {Pt(14)}
    # annex on its landscape page, header row repeated
    assert [p.text for p in doc.paragraphs if p.text.startswith("附件")][-1] == "附件1"
    assert doc.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # 版记: thick rule, 抄送, thin rule, 印发机关 and 印发日期, thick rule
    cc = next(p for p in doc.paragraphs if p.text.startswith("抄送："))
    printed = doc.paragraphs[-1]
    assert cc.text == "抄送：市委办公室，市人大常委会办公室。" and cc.runs[0].font.size == Pt(14)
    assert printed.text == "咸阳市人民政府办公室\t2025年7月3日印发"
    assert _borders(cc)["top"]["sz"] == "8" and _borders(cc)["bottom"]["sz"] == "6"
    assert _borders(printed)["bottom"]["sz"] == "8"


def test_office_yaml_and_options_layer_over_the_sources_values(tmp_path):
    import pytest

    from govstats.draft.office import Office, load_office
    from govstats.errors import GovstatsError

    y = tmp_path / "office.yml"
    y.write_text("发文机关: 咸阳市人民政府办公室\n文号: 咸政办发〔2025〕12号\n抄送: 市委办公室。\n", encoding="utf-8")
    o = load_office(y)
    assert (o.issuer, o.doc_number, o.cc) == ("咸阳市人民政府办公室", "咸政办发〔2025〕12号", "市委办公室。")
    d = _newmedia_only()
    d.doc_number, d.issuer = "咸政办函〔2025〕3号", "咸阳市政务公开办公室"
    draft = compose(d, DAY, office=Office(doc_number="咸政办发〔2025〕20号").over(o))
    assert draft.doc_number == "咸政办发〔2025〕20号" and draft.cc == "市委办公室。"
    assert draft.mark == draft.printer == "咸阳市人民政府办公室"
    assert compose(d, DAY).doc_number == "咸政办函〔2025〕3号"  # the source's 文号 is the default
    for text, msg in (("- a\n", "must be a mapping"), ("文号: [1, 2]\n", "文号 must be text"),
                      ("密级: 秘密\n", "unknown key"), ("文号: 'x\n", "not valid YAML")):
        y.write_text(text, encoding="utf-8")
        with pytest.raises(GovstatsError, match=msg):
            load_office(y)


def test_deadline_before_the_date_is_refused():
    import pytest

    from govstats.draft.compose import DraftError

    d = _newmedia_only()
    d.new_media = [{"account_name": "a", "operator": "b", "platform": "douyin", "result": "unqualified",
                    "problem": "p", "rectification": "not_rectified"}]
    d.feedback_deadline = dt.date(2025, 2, 28)  # a workbook's date: kept as given
    with pytest.raises(DraftError, match="2025-02-28 is before the issue date 2025-07-03"):
        compose(d, DAY)
    assert "于2025年7月31日前" in compose(d, DAY, deadline=dt.date(2025, 7, 31)).plain_text()
    d.source_issue_date = dt.date(2025, 2, 21)  # a source's date: its offset (7 days) is kept
    assert "于2025年7月10日前" in compose(d, DAY).plain_text()


def test_markdown_escapes_html_and_links_from_the_data():
    """Issue 22: <script>, <img onerror> and javascript: links from a results workbook came through the .md."""
    d = _newmedia_only()
    d.new_media = [{"account_name": "<script>alert(1)</script>", "operator": "<img src=x onerror=alert(1)>",
                    "platform": "douyin", "result": "unqualified", "problem": "[点此](javascript:alert(1))",
                    "rectification": "rectified"}]
    d.rows_override()
    md = to_markdown(compose(d, DAY))
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in md and "\\[点此\\]\\(javascript:alert\\(1\\)\\)" in md
    html = to_html(compose(d, DAY))
    assert "<script" not in html and "<img" not in html


def test_review_copy_comments_the_paragraph_that_states_each_figure():
    """-review.docx: a Word comment at the sentence with the corrected figure, saying source, draft and why."""
    from decimal import Decimal

    from govstats.draft.render import review_docx

    d = DraftInput(region="吴忠市", quarter=Quarter("2025Q1"), region_code="640300",
                   counts={"website_checked": 6, "newmedia_checked": 289, "newmedia_unqualified": 9})
    d.stated = {"newmedia_pass_rate": (Decimal("99.96"), 2), "annual_report_rate": (Decimal("100"), 0)}
    d.precision = {"newmedia_pass_rate": 2}
    draft = compose(d, DAY)
    assert [(n.key, n.stated, n.drafted) for n in draft.review] == [
        ("newmedia_pass_rate", "99.96%", "96.89%"), ("annual_report_rate", "100%", "100%")]
    doc = review_docx(draft)
    texts = [c.text for c in doc.comments]
    assert texts[0] == "政务新媒体合格率：原通报 99.96%，本稿 96.89%。按计数复算：280/289 = 96.8858%，四舍五入保留2位小数"
    anchored = [p.text for p in doc.paragraphs if "commentRangeStart" in p._p.xml]
    assert anchored[0].startswith("（二）政务新媒体检查情况。") and "合格率为96.89%" in anchored[0]
    assert anchored[1].startswith("（三）政府网站工作年度报表发布情况。")
    assert not docx_document(draft).comments  # the signed copy carries no notes
