"""The invented evaluation set: 30 bulletin openings written by an author who never read the rules.

tests/data/invented/README.md says how it was made. Its first run (before anyone writing rules saw
it) is the number in CHANGELOG.md's accuracy rounds; these floors keep it from slipping. Six records
carry a planted rate error: each must fail a pass-rate check (error when no rounding of the counts
gives the rate, warning when only truncation does), and no other record may get an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govstats.checks import reconcile
from govstats.parse.figures import extract_figures
from govstats.textnorm import normalize
from tests.helpers.corpus import evaluate, format_report, load_records

INVENTED = Path(__file__).resolve().parents[3] / "data" / "invented" / "bulletins.jsonl"
RATE_CHECKS = ("website_pass_rate", "newmedia_pass_rate")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return load_records(INVENTED)


def test_extraction_floors(records):
    report = evaluate(records)
    t = report.total
    assert t.precision >= 0.99, format_report(report, "invented", verbose=True)
    assert t.recall >= 0.94, format_report(report, "invented", verbose=True)


def _failed(rec: dict) -> list:
    nt = normalize(rec["text"])
    return [c for c in reconcile(extract_figures(nt), None, None, nt) if not c.ok]


def test_every_planted_rate_error_is_flagged(records):
    planted = [r for r in records if r["has_mismatch"]]
    assert len(planted) == 6
    for rec in planted:
        hits = [c for c in _failed(rec) if c.check in RATE_CHECKS and c.severity in ("error", "warning")]
        assert hits, rec["id"]
        if "truncated" in (rec.get("mismatch_note") or ""):
            assert all(c.severity == "warning" for c in hits), rec["id"]


def test_no_false_errors(records):
    for rec in records:
        if not rec["has_mismatch"]:
            assert not [c for c in _failed(rec) if c.severity == "error"], rec["id"]
