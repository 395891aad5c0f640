"""`govstats extract --json` reports impossible figures as error checks (issues 10 and 14)."""

from __future__ import annotations

import json

from govstats.cli import main


def test_extract_json_flags_part_above_whole(tmp_path, capsys):
    p = tmp_path / "somecounty-2025q1.txt"
    p.write_text(
        "关于2025年第一季度全县政府网站检查情况的通报\n一、总体情况\n本季度检查政府网站5家，其中不合格53家。\n",
        encoding="utf-8",
    )
    assert main(["extract", str(p), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.splitlines()[0])
    assert out["figures"] == {"website_checked": 5, "website_unqualified": 53}
    errors = [c for c in out["checks"] if not c["ok"] and c["severity"] == "error"]
    assert [c["check"] for c in errors] == ["website_unqualified_le_checked"]
    assert "53" in errors[0]["message"] and "其中不合格53家" in errors[0]["sentence"]
