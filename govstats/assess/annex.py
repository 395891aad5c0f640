"""An assessment as the five bulletin-schema tables (registry.py), so drafts and pages read it like a bulletin.

The bulletin row is the run (its id ``assess-<run folder>``); figures are the counts and rates
of verdicts.figures; the annexes list every unit that is 不合格 or has 突出问题, in the order of
the input registry (sites.csv / accounts.csv); checks are govstats.checks.reconcile run on
those figures and annexes, so an assessment that contradicted itself would show it.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.assemble import figure_records
from govstats.assess.rules import NATIONAL
from govstats.assess.verdicts import QUALIFIED, UNQUALIFIED, Assessment
from govstats.checks import checks_frame, reconcile
from govstats.normalize.region import find_in_text
from govstats.parse.figures import Figure
from govstats.quarter import Quarter
from govstats.textnorm import clean_cell

if TYPE_CHECKING:
    import pandas as pd

_UNIT_WORD = {"website": "家", "newmedia": "个"}


def bulletin_id(a: Assessment) -> str:
    return f"assess-{a.config.name}"


def inputs_sha256(folder: Path, files: dict[str, Path], local_rules: str | Path | None) -> str:
    """One digest over run.yaml, the national and local rules and every input file (names and bytes)."""

    h = hashlib.sha256()
    todo = [Path(folder) / "run.yaml", NATIONAL, *sorted(files.values())]
    if local_rules is not None:
        todo.append(Path(local_rules))
    for p in todo:
        h.update(f"\n{p.name}\n".encode())
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _stated(key: str, value: Decimal, precision: int | None) -> str:
    if precision is not None:
        return f"{value:.{precision}f}%"
    return f"{int(value)}{_UNIT_WORD['website' if key.startswith('website') else 'newmedia']}"


def bulletin_tables(a: Assessment, digest: str | None = None) -> dict[str, pd.DataFrame]:
    """{bulletins, figures, websites, new_media, checks} of the assessment, coerced to the registry."""
    import pandas as pd

    cfg, bid = a.config, bulletin_id(a)
    q = Quarter(cfg.period)
    code = cfg.region_code
    if code is None:
        found = find_in_text(cfg.region)
        code = found.code if found and found.name == cfg.region else None
    units = a.units.copy()
    for c in ("name", "url", "host_unit", "problem", "platform_raw"):  # as ingest stores annex cells (NFKC, trimmed)
        units[c] = [clean_cell(v) if isinstance(v, str) else None for v in units[c]]
    annex = units[(units["result"] == UNQUALIFIED) | units["problem"].notna()]
    sites = annex[annex["unit_kind"] == "site"]
    accounts = annex[annex["unit_kind"] == "account"]
    web = pd.DataFrame({
        "bulletin_id": bid, "seq": range(1, len(sites) + 1), "site_name": sites["name"].tolist(),
        "url": sites["url"].tolist(), "site_code": sites["unit_id"].tolist(), "problem": sites["problem"].tolist(),
        "problem_categories": sites["problem_categories"].tolist(),
    })
    nm = pd.DataFrame({
        "bulletin_id": bid, "seq": range(1, len(accounts) + 1), "account_name": accounts["name"].tolist(),
        "operator": accounts["host_unit"].tolist(), "platform": accounts["platform"].tolist(),
        "platform_subtype": accounts["platform_subtype"].tolist(), "platform_raw": accounts["platform_raw"].tolist(),
        "result": accounts["result"].tolist(),
        "result_raw": ["不合格" if r == UNQUALIFIED else "合格" if r == QUALIFIED else None
                       for r in accounts["result"]],
        "problem": accounts["problem"].tolist(), "problem_categories": accounts["problem_categories"].tolist(),
    })
    sentence = f"{cfg.region}{q.label_zh}监测数据核算（监测日{cfg.monitoring_date:%Y-%m-%d}）"
    figs = [Figure(k, float(v), "count" if p is None else "pct", p, _stated(k, v, p), sentence, 0, 0)
            for k, (v, p) in a.figures.items()]
    # the bulletin's figure rows, their source the monitoring data rather than a bulletin's text
    fig_rows = [{**r, "span_start": None, "span_end": None, "source": "monitoring"} for r in figure_records(bid, figs)]
    meta: dict[str, Any] = {
        "bulletin_id": bid, "source_file": str(cfg.folder), "source_sha256": digest, "title": None,
        "doc_number": None, "issuer": cfg.issuer, "region": cfg.region, "region_code": code, "year": q.year,
        "quarter": q.q, "period": str(q), "issue_date": None, "feedback_deadline": None, "is_traditional": False,
        "website_rows": len(web), "new_media_rows": len(nm),
    }
    checks = checks_frame(bid, reconcile(figs, registry.coerce(web, "websites"), registry.coerce(nm, "new_media")))
    return {
        "bulletins": registry.coerce(pd.DataFrame([meta]), "bulletins"),
        "figures": registry.coerce(pd.DataFrame(fig_rows, columns=registry.TABLES["figures"].names), "figures"),
        "websites": registry.coerce(web, "websites"),
        "new_media": registry.coerce(nm, "new_media"),
        "checks": checks,
    }
