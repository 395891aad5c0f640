"""govstats.store: one generation at a time, never a mix, one writer, no leftovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def two_sets():
    """(all 22 shipped bulletins, the 咸阳市 ones only) as tables + manifests."""
    from govstats.ingest import load_raw

    full = load_raw(RAW, workers=1).tables
    ids = set(full["bulletins"].loc[full["bulletins"]["region"] == "咸阳市", "bulletin_id"])
    part = {n: df[df["bulletin_id"].isin(ids)].reset_index(drop=True) for n, df in full.items()}
    return [(t, {"bulletins": len(t["bulletins"]), "rows": {n: len(df) for n, df in t.items()}}) for t in (full, part)]


def test_write_publishes_public_paths(tmp_path, two_sets):
    import pandas as pd

    from govstats.store import read_manifest, read_tables, write_tables

    (t, m), _ = two_sets
    write_tables(t, m, tmp_path)
    for n in t:  # the paths other tools read keep working
        assert len(pd.read_parquet(tmp_path / f"{n}.parquet")) == len(t[n])
        assert (tmp_path / f"{n}.csv").is_file()
    assert read_manifest(tmp_path)["bulletins"] == m["bulletins"]
    assert {n: len(df) for n, df in read_tables(tmp_path).items()} == m["rows"]


def test_readers_see_old_or_new_never_a_mix(tmp_path, two_sets):
    from govstats.store import read_tables, write_tables

    write_tables(*two_sets[0], tmp_path)
    expected = [{n: frozenset(df["bulletin_id"]) for n, df in t.items()} for t, _ in two_sets]
    seen, errors, stop = set(), [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                t = read_tables(tmp_path)
            except Exception as exc:  # noqa: BLE001 - any failure is a finding
                errors.append(repr(exc))
                return
            got = {n: frozenset(df["bulletin_id"]) for n, df in t.items()}
            if got not in expected:
                errors.append(f"mixed generation: {({n: len(v) for n, v in got.items()})}")
            seen.add(len(got["bulletins"]))

    th = threading.Thread(target=reader)
    th.start()
    for i in range(12):
        write_tables(*two_sets[i % 2], tmp_path)
    stop.set()
    th.join()
    assert not errors, errors[:3]
    assert seen <= {22, 2}
    gens = [p for p in tmp_path.iterdir() if p.name.startswith(".gen-")]
    assert len(gens) == 2  # current and previous only


def test_killed_writer_leaves_old_generation_and_is_cleaned_up(tmp_path, two_sets):
    """A writer killed between table files (SIGKILL, no cleanup) never changes what readers see."""
    from govstats.store import read_tables, write_tables

    write_tables(*two_sets[0], tmp_path)
    code = f"""
import os, signal, pandas as pd
from govstats.ingest import load_raw
from govstats.store import write_tables
t = load_raw({str(RAW)!r}, workers=1).tables
n = 0
real = pd.DataFrame.to_parquet
def dying(self, *a, **kw):
    global n
    n += 1
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, *a, **kw)
pd.DataFrame.to_parquet = dying
write_tables({{k: v.head(1) for k, v in t.items()}}, {{"bulletins": 1}}, {str(tmp_path)!r})
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == -9, r.stderr
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".gen-")]) == 2  # the dead run's leftover
    assert len(read_tables(tmp_path)["bulletins"]) == 22
    write_tables(*two_sets[1], tmp_path)
    assert len(read_tables(tmp_path)["bulletins"]) == 2
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".gen-")]) == 2  # leftover removed


def test_old_flat_layout_is_read_checked_and_converted(tmp_path, two_sets):
    """Plain files from an older govstats: still read; files from two runs are an error, not OK."""
    from govstats.errors import GovstatsError
    from govstats.store import read_tables, write_tables

    (full, mfull), (part, _) = two_sets
    for n, df in full.items():
        df.to_parquet(tmp_path / f"{n}.parquet", index=False)
    (tmp_path / "manifest.json").write_text(json.dumps(mfull), encoding="utf-8")
    assert len(read_tables(tmp_path)["bulletins"]) == 22
    part["bulletins"].to_parquet(tmp_path / "bulletins.parquet", index=False)  # a kill between renames
    with pytest.raises(GovstatsError, match="different ingest runs"):
        read_tables(tmp_path)
    write_tables(full, mfull, tmp_path)
    assert (tmp_path / "bulletins.parquet").is_symlink()
    assert len(read_tables(tmp_path)["bulletins"]) == 22


@pytest.mark.parametrize("layout", ["generation", "flat"])
def test_validate_fails_on_a_missing_table(tmp_path, two_sets, layout, capsys):
    from govstats.store import write_tables
    from govstats.validate import run_validate

    t, m = two_sets[1]
    if layout == "generation":
        write_tables(t, m, tmp_path)
        os.unlink(tmp_path / "current" / "checks.parquet")
    else:
        for n, df in t.items():
            if n != "checks":
                df.to_parquet(tmp_path / f"{n}.parquet", index=False)
    assert run_validate(tmp_path, None) == 2
    err = capsys.readouterr().err
    assert "checks.parquet missing" in err and len(err.splitlines()) == 1


def test_csv_and_text_lose_control_characters(tmp_path):
    import pandas as pd

    from govstats.store import write_csv

    df = pd.DataFrame({"a": pd.array(["ok\x1b[31mred", "=cmd\x00", None], dtype="string"),
                       "b": ["x\x07", ["l\x0c1", "l2"], None]})
    text = write_csv(df, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert not any(ord(c) < 32 and c not in "\n\r" for c in text), repr(text)
    assert "ok[31mred" in text and "'=cmd" in text and "l1;l2" in text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_text_keeps_only_printable_or_layout_characters(s):
    from govstats.store import clean_text

    out = clean_text(s)
    assert not any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in out)
    assert out == "".join(c for c in s if not ((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127))


def test_ledger_with_control_characters_is_written(tmp_path, two_sets):
    """One ESC in one cell made a quarter's ledger fail for every region."""
    from openpyxl import load_workbook

    from govstats.report.ledger import write_ledger_for

    t = {n: df.copy() for n, df in two_sets[0][0].items()}
    col = "problem"
    t["websites"][col] = t["websites"][col].astype("string").fillna("") + "\x1b[2J\x00"
    path = write_ledger_for("2025Q1", None, tmp_path, tmp_path, tables=t)
    wb = load_workbook(path, read_only=True)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("[2J" in c for c in cells) and not any("\x1b" in c or "\x00" in c for c in cells)


@pytest.mark.parametrize("failing", ["to_parquet", "to_csv"])
def test_full_disk_removes_the_partial_generation_and_names_the_path(tmp_path, two_sets, monkeypatch, failing):
    """ENOSPC in the middle of a publish (pyarrow's error names no file): one error naming the file,
    the half-written generation removed at once, the published one unchanged (issue 22.8)."""
    import errno

    import pandas as pd

    from govstats.errors import GovstatsError
    from govstats.store import read_tables, write_tables

    write_tables(*two_sets[1], tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    real = getattr(pd.DataFrame, failing)
    calls = []

    def full(self, path, *a, **kw):
        calls.append(path)
        if len(calls) == 3:
            Path(path).write_bytes(b"x" * 1000)  # a partly written file, as a full disk leaves it
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, path, *a, **kw)

    monkeypatch.setattr(pd.DataFrame, failing, full)
    with pytest.raises(GovstatsError) as exc:
        write_tables(*two_sets[0], tmp_path)
    msg = str(exc.value)
    assert "No space left on device" in msg and str(calls[2]) in msg and "\n" not in msg, msg
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no partial .gen- folder left
    assert len(read_tables(tmp_path)["bulletins"]) == 2


def test_manifest_holds_a_sha256_per_table_file(tmp_path, two_sets):
    import hashlib

    from govstats.store import generation_dir, read_manifest, verify_hashes, write_tables

    write_tables(*two_sets[1], tmp_path)
    hashes = read_manifest(tmp_path)["sha256"]
    assert sorted(hashes) == sorted(f"{n}.{e}" for n in two_sets[1][0] for e in ("parquet", "csv"))
    g = generation_dir(tmp_path)
    assert all(hashlib.sha256((g / f).read_bytes()).hexdigest() == h for f, h in hashes.items())
    assert verify_hashes(tmp_path) == []
    with open(g / "figures.csv", "ab") as f:  # one byte appended to one table
        f.write(b"\n")
    bad = verify_hashes(tmp_path)
    assert len(bad) == 1 and bad[0].startswith(str(g / "figures.csv")) and "changed since ingest" in bad[0], bad
