"""Regression on the corpus of real bulletins: extraction accuracy and mismatch detection.

Floors live in tests/data/corpus/floors.json (141 records); `python -m benchmarks.corpus_eval -v` prints
the per-key table and every difference.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.corpus import evaluate, format_report, load_records

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


@pytest.fixture(scope="module")
def report():
    return evaluate(load_records(CORPUS / "bulletins.jsonl"))


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))


def test_corpus_has_urls():
    for rec in load_records(CORPUS / "bulletins.jsonl"):
        assert rec["url"], rec["id"]


def test_extraction_floors(report, floors):
    t = report.total
    print(format_report(report, "corpus", verbose=True))
    assert t.precision >= floors["precision"], format_report(report, "corpus", verbose=True)
    assert t.recall >= floors["recall"], format_report(report, "corpus", verbose=True)


def test_every_real_mismatch_is_flagged(report, floors):
    assert len(report.missed_mismatch) <= floors["max_missed_mismatches"], report.missed_mismatch
    caught = " ".join(report.caught_mismatch)
    for rid in (
        "wuzhong-2025q1",
        "kaifeng-2024q1",
        "xianning-2019q2-trad",
        "qinghai-2020q3-trad",
        "jiangxi-2020q1",
        "shangluo-2020q4",
        "honghe-2020q1",
    ):
        assert rid in caught


def test_no_false_alarms(report, floors):
    assert len(report.false_alarms) <= floors["max_false_alarms"], report.false_alarms


def test_kaifeng_truncation_is_a_warning(report):
    line = next(x for x in report.caught_mismatch if x.startswith("kaifeng-2024q1"))
    assert "[warning]" in line and "[error]" not in line
