"""The exploratory notebooks: stored clean, and they run end to end on the shipped data."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks" / "exploratory"
NOTEBOOKS = ["01_getting_started", "02_finding_errors", "03_comparing_regions"]


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NB_DIR / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_without_outputs_and_with_python3_kernel(name):
    nb = _read(name)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, name
    for c in code:
        assert c.outputs == [], f"{name}: stored with outputs"
        assert c.execution_count is None, f"{name}: stored with execution counts"
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, f"{name}: needs exactly one cell tagged 'parameters'"


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type in ("display_data", "execute_result"):
                parts.append(str(o.data.get("text/plain", "")))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    from govstats.ingest import ingest

    out = tmp_path_factory.mktemp("processed")
    result = ingest(ROOT / "data" / "raw", out, workers=1)
    assert result.bulletins == 22, result.skipped
    return out


def _run(name: str, out_dir: Path, parameters: dict) -> nbformat.NotebookNode:
    import papermill as pm

    from govstats.report.kernel import KERNEL_MANAGER

    out = out_dir / f"{name}.ipynb"
    pm.execute_notebook(
        str(NB_DIR / f"{name}.ipynb"), str(out), parameters=parameters, kernel_name="python3",
        cwd=str(ROOT), shutdown_kernel="immediate", progress_bar=False, kernel_manager_class=KERNEL_MANAGER,
    )
    return nbformat.read(out, as_version=4)


@pytest.mark.slow
def test_01_getting_started_runs(tmp_path):
    nb = _run("01_getting_started", tmp_path, {})
    html = "".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "咸阳市" in html and "2025年第一季度" in html  # the bulletin's rich display rendered


@pytest.mark.slow
def test_02_finding_errors_lists_the_known_errors(tmp_path, processed):
    text = _text(_run("02_finding_errors", tmp_path, {"processed_dir": str(processed)}))
    for needle in [
        "吴忠市 2025Q1 wuzhong-2025q1", "99.96",  # 9 failures of 289 printed as 99.96 %
        "开封市 2024Q1 kaifeng-2024q1", "98.9",  # 98.98 % truncated to 98.9 %
        "咸宁市 2019Q2 xianning-2019q2-trad",
        "江西省 2020Q1 jiangxi-2020q1",
        "青海省 2020Q3 qinghai-2020q3-trad",
    ]:
        assert needle in text, f"notebook 02 does not list {needle}"


@pytest.mark.slow
def test_03_comparing_regions_draws_offline_charts(tmp_path, processed):
    nb = _run("03_comparing_regions", tmp_path, {"processed_dir": str(processed)})
    figs = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(figs) >= 3
    assert all("text/html" in o["data"] for o in figs)  # the notebook renderer: charts survive HTML export
    html = "".join(str(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "plotly.js v" in html and 'src="https://cdn.plot.ly' not in html  # plotly.js embedded once, not linked
    # no bar chart on a truncated axis (issue 18): any bar chart's value axis starts at 0 or is automatic
    for o in figs:
        fig = o["data"]["application/vnd.plotly.v1+json"]
        for t in fig["data"]:
            if t.get("type") == "bar":
                axis = fig["layout"].get("xaxis" if t.get("orientation") == "h" else "yaxis", {})
                assert not axis.get("range") or axis["range"][0] <= 0, axis
    rates = figs[0]["data"]["application/vnd.plotly.v1+json"]
    assert {t["type"] for t in rates["data"]} == {"scatter"}  # the pass rates are dots, labelled as printed
