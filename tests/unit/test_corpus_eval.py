"""benchmarks/corpus_eval.py's issue-17 parts: subsets, province groups, grouped folds, false flags.

It imports from benchmarks/ because the benchmark is what it tests; the records come from
tests/helpers/corpus.py like every other test's.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus_eval import false_error_flags, group_of, grouped_folds, select
from tests.helpers.corpus import load_records

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "bulletins.jsonl"


def test_group_recovers_the_province_from_the_region():
    assert group_of({"province": "陕西省", "region": "x"}) == "陕西省"
    assert group_of({"province": None, "region": "武定县(楚雄州,云南省)"}) == "云南省"
    assert group_of({"province": None, "region": "应急管理部(central department)"}) == "(central departments)"
    assert group_of({"province": None, "region": "unidentified prefecture-level city"}) == "(unidentified)"


def test_select_by_field_and_group():
    recs = load_records(CORPUS)
    assert len(recs) == 141
    assert len(select(recs, ["batch=3"])) == 48
    assert len(select(recs, ["batch=none"])) == 93
    yunnan = select(recs, ["group=云南省"])
    assert yunnan and all(group_of(r) == "云南省" for r in yunnan)


def test_grouped_folds_keep_each_province_in_one_fold():
    recs = load_records(CORPUS)
    folds = grouped_folds(recs, 5)
    assert sum(len(f) for _n, f in folds) == len(recs)
    seen: dict[str, int] = {}
    for i, (_name, fold) in enumerate(folds):
        for r in fold:
            assert seen.setdefault(group_of(r), i) == i, group_of(r)


def test_false_error_flag_is_an_error_on_a_right_rate():
    text = "本季度共检查政府网站40个，不合格网站1个，合格率95%。"  # 39/40 = 97.5 %: the printed rate is wrong
    wrong = {"id": "w", "text": text, "has_mismatch": False, "consistency": {}}
    assert false_error_flags([wrong])  # the record says nothing is wrong, so the error counts as false
    real = {
        "id": "r",
        "text": text,
        "has_mismatch": True,
        "consistency": {"website_pass_rate": {"mismatch": True}},
    }
    assert false_error_flags([real]) == []
