"""What the assessment page (notebooks/reports/assessment.ipynb) shows: figures, verdicts per item, evidence per unit.

The notebook stays thin: each cell calls one method here and displays the Html it returns, with
the same CSS, table sorting and offline plotly.js as the dashboards (govstats.report).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats.errors import GovstatsError

if TYPE_CHECKING:
    import pandas as pd

    from govstats.report.html import Html

VERDICT_LABELS_ZH = {"veto": "单项否决", "fail": "得分不合格", "pass": "通过", "not_applicable": "不适用",
                     "not_assessed": "未能判定"}
RESULT_LABELS_ZH = {"qualified": "合格", "unqualified": "不合格", "not_assessed": "未能判定"}
SOURCE_LABELS_ZH = {"national": "国家指标", "local": "地方规则"}
WORDING_LABELS_ZH = {"verbatim": "原文", "phrase": "通报引用语", "partial": "部分原文", "local": "地方规则"}
VERDICT_COLORS = {"单项否决": "#c0392b", "得分不合格": "#e67e22", "通过": "#2e8b57", "不适用": "#95a5a6",
                  "未能判定": "#f1c40f"}
#: units whose item-by-item evidence is printed in full (the rest are in verdicts.csv)
EVIDENCE_UNITS_LIMIT = 300


def latest_output() -> Path:
    """The most recently written assessment under data/processed/assess (for the notebook's default)."""
    from govstats import paths

    root = paths.processed_dir() / "assess"
    found = sorted((p for p in root.glob("*/verdicts.parquet")), key=lambda p: p.stat().st_mtime) if root.is_dir() else []
    if not found:
        raise GovstatsError(f"{root}: no assessment yet; run `govstats assess RUN_DIR` first")
    return found[-1].parent


@dataclass
class AssessmentPage:
    """The tables of one assessment output folder, with the page's sections as methods."""

    folder: Path
    manifest: dict[str, Any]
    verdicts: pd.DataFrame
    units: pd.DataFrame
    figures: pd.DataFrame

    def assets(self, embed_plotlyjs: bool = True, plotlyjs_src: str = "") -> Html:
        """CSS, table sorting and plotly.js: the shared copy beside the pages when plotlyjs_src is given."""
        from govstats.report.dashboard import assets

        return assets(embed_plotlyjs, plotlyjs_src)

    def title(self) -> Html:
        from govstats.report.html import Html, esc

        m = self.manifest
        banner = ('<p class="gs-note"><strong>合成示例数据</strong>：本页数据由 benchmarks/synth_monitoring.py 生成，'
                  "不代表任何真实网站或账号。</p>") if m.get("synthetic") else ""
        local = m.get("local_parameters") or []
        rules = (f"地方规则文件：{esc(m.get('local_rules'))}（修改的参数：{esc('、'.join(local))}）" if m.get("local_rules")
                 else "仅使用国家指标（未提供地方规则文件）")
        return Html(f"<h1>{esc(m.get('region', ''))} {esc(m.get('period', ''))} 监测数据核算：单项否决指标证据</h1>"
                    f"{banner}<p>监测时间点（T）：{esc(m.get('monitoring_date'))}；{rules}。"
                    "依据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标逐项核算。</p>")

    def figures_table(self) -> Html:
        import pandas as pd

        from govstats.report.html import Html, frame_html
        from govstats.report.labels import FIGURE_LABELS_ZH

        f = self.figures
        df = pd.DataFrame({"指标": [FIGURE_LABELS_ZH.get(k, k) for k in f["measure"]], "数值": f["stated_text"]})
        return Html(frame_html(df, sortable=False))

    def item_chart(self) -> Html:
        """Stacked bars: units per item and verdict."""
        from govstats.report.charts import Chart, category_axis, count_axis, layout

        v = self.verdicts
        if not len(v):
            from govstats.report.html import note

            return note("本次监测没有可核算的单位。")
        v = v.assign(label=v["unit_kind"].map({"site": "网站·", "account": "新媒体·"}) + v["item_label_zh"],
                     verdict_zh=v["verdict"].map(VERDICT_LABELS_ZH))
        counts = v.groupby(["label", "verdict_zh"], sort=False).size()
        labels = list(dict.fromkeys(v["label"]))[::-1]
        data = []
        for verdict in VERDICT_LABELS_ZH.values():
            xs = [int(counts.get((lab, verdict), 0)) for lab in labels]
            if any(xs):
                data.append({"type": "bar", "orientation": "h", "name": verdict, "y": labels, "x": xs,
                             "marker": {"color": VERDICT_COLORS[verdict]},
                             "hovertemplate": "%{y}：%{x}<extra>" + verdict + "</extra>"})
        fig = {"data": data, "layout": dict(layout("各指标判定结果（单位数）", max(320, 140 + 28 * len(labels)), "判定"))}
        fig["layout"]["barmode"] = "stack"
        fig["layout"]["xaxis"] = count_axis(float(v.groupby("label").size().max()))
        fig["layout"]["yaxis"] = category_axis()
        return Chart(fig)

    def units_table(self) -> Html:
        """Every unit that is 不合格, has 突出问题 or could not be assessed, with its annex problem text."""
        from govstats.report.html import Html, frame_html, note

        u = self.units
        u = u[(u["result"] != "qualified") | u["problem"].notna()]
        if not len(u):
            return note("所有单位均合格，无突出问题。")
        df = u.assign(kind=u["unit_kind"].map({"site": "政府网站", "account": "政务新媒体"}),
                      result_zh=u["result"].map(RESULT_LABELS_ZH),
                      platform_zh=u["platform_raw"].fillna(""), problem_zh=u["problem"].fillna("（数据不足，见下方证据）"))
        cols = {"kind": "类型", "unit_id": "标识码/账号ID", "name": "名称", "platform_zh": "平台", "result_zh": "结果",
                "problem_zh": "存在问题（通报附件文字）"}
        return Html(frame_html(df[list(cols)], labels=cols, sortable=True))

    def evidence(self) -> Html:
        """Per unit (不合格, 突出问题 or not assessed): every item's verdict, measured value, threshold, evidence."""
        from govstats.report.html import Html, esc, frame_html, note

        u = self.units
        u = u[(u["result"] != "qualified") | u["problem"].notna()]
        if not len(u):
            return note("无需列示证据的单位。")
        shown = u.head(EVIDENCE_UNITS_LIMIT)
        by_unit = {k: g for k, g in self.verdicts.groupby("unit_id", sort=False)}
        cols = {"item_label_zh": "指标", "verdict_zh": "判定", "measured_text": "测得", "threshold": "标准",
                "evidence": "证据", "source_zh": "依据"}
        parts = []
        for r in shown.itertuples():
            g = by_unit.get(r.unit_id)
            if g is None:
                continue
            g = g.assign(verdict_zh=g["verdict"].map(VERDICT_LABELS_ZH),
                         source_zh=g["rule_source"].map(SOURCE_LABELS_ZH) + "（" + g["wording"].map(WORDING_LABELS_ZH)
                         + "）")
            parts.append(f"<h3>{esc(r.name)}（{esc(r.unit_id)}）：{esc(RESULT_LABELS_ZH.get(r.result, r.result))}</h3>"
                         + frame_html(g[list(cols)], labels=cols, sortable=False))
        if len(u) > len(shown):
            parts.append(f"<p>另有{len(u) - len(shown)}个单位的证据未在本页列出，见 verdicts.csv。</p>")
        return Html("\n".join(parts))

    def rules_table(self) -> Html:
        """Each item as run: national or local threshold, how sure its wording is, and its source."""
        import pandas as pd

        from govstats.assess.rules import load_rules
        from govstats.report.html import Html, frame_html

        local_file = self.manifest.get("local_rules")
        try:
            rules = load_rules(local_file) if local_file else load_rules()
        except GovstatsError:  # the local file moved since the run: show the national rules
            rules = load_rules()
        v = self.verdicts.drop_duplicates("item").set_index("item")
        rows = []
        for item, meta in rules.items.items():
            local = rules.source_of(item) == "local"
            rows.append({"指标": meta["label_zh"], "单位": "政府网站" if meta["unit"] == "site" else "政务新媒体",
                         "标准（本次核算）": v["threshold"].get(item, ""),
                         "依据": "地方规则" if local else WORDING_LABELS_ZH.get(meta["wording"], meta["wording"]),
                         "来源": meta["source"]})
        return Html(frame_html(pd.DataFrame(rows), sortable=False))

    def footer(self) -> Html:
        from govstats.report.html import Html, esc

        m = self.manifest
        return Html(f"<p class=\"gs-footer\">govstats {esc(m.get('govstats'))} · 输入数据摘要 "
                    f"{esc(str(m.get('inputs_sha256', ''))[:12])} · 判定表 verdicts.csv（{len(self.verdicts)}行）· "
                    f"数据目录 {esc(self.folder.name)}</p>")


def load(assess_dir: str | Path | None = None) -> AssessmentPage:
    """The page of an assessment output folder ('' or None: the latest one under data/processed/assess)."""
    import pandas as pd

    from govstats.store import generation_dir, read_manifest

    folder = Path(assess_dir) if assess_dir else latest_output()
    g = generation_dir(folder)
    try:
        tables = {n: pd.read_parquet(g / f"{n}.parquet") for n in ("verdicts", "units", "figures")}
    except (OSError, ValueError) as exc:
        raise GovstatsError(f"{folder}: not an assessment output folder ({exc})") from None
    return AssessmentPage(folder, read_manifest(folder), tables["verdicts"], tables["units"], tables["figures"])
