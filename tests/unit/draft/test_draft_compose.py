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


def test_docx_follows_the_gbt_9704_layout():
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = _newmedia_only()
    d.websites = [{"seq": 1, "site_name": "咸阳市司法局", "url": None, "site_code": "6104000051", "problem": "更新不及时",
                   "rectification": "rectified"}]
    doc = docx_document(compose(d, DAY))
    body, annex = doc.sections[0], doc.sections[-1]
    margins = (body.top_margin, body.bottom_margin, body.left_margin, body.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]  # stored in twips
    assert body.page_height > body.page_width and annex.page_width > annex.page_height
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size == Pt(22) and run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body_para = next(p for p in doc.paragraphs if p.text.startswith("根据"))
    fmt = body_para.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.first_line_indent == Pt(32)
    heading = next(p for p in doc.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert "PAGE" in body.footer.paragraphs[0]._p.xml
    assert [p.text for p in doc.paragraphs if p.text.startswith("附件")][-1] == "附件1"
