"""Ingest goes on past every per-file failure: each is a skipped file with its reason.

Every test builds a raw folder holding the real seed bulletin beside one hostile entry and
checks that the seed is ingested, the hostile entry is listed with a reason, and nothing hangs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
GOVSTATS = [sys.executable, "-m", "govstats.cli"]


def add(raw: Path, rel: str, data: bytes, sidecar: object = "auto") -> Path:
    """Write raw/rel with a matching .source.yml (or the given sidecar object)."""
    p = raw / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    meta = {"url": "https://example.gov.cn/x", "sha256": hashlib.sha256(data).hexdigest()} if sidecar == "auto" else sidecar
    p.with_name(p.name + ".source.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return p


def seeded(tmp: Path) -> Path:
    raw = tmp / "raw"
    add(raw, "咸阳市/2025Q1/xianyang-2025q1.txt", SEED.read_bytes())
    return raw


def run(*args: str, cwd: Path | None = None, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*GOVSTATS, *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=timeout, **kw)


def ingest(raw: Path, out: Path, *extra: str) -> tuple[int, list[str], list[str]]:
    r = run("ingest", str(raw), "--out", str(out), *extra)
    assert "Traceback" not in r.stderr, r.stderr
    return r.returncode, r.stdout.splitlines(), r.stderr.splitlines()


def ingested_ids(out: Path) -> list[str]:
    from govstats.store import read_tables

    return sorted(read_tables(out)["bulletins"]["bulletin_id"])


def test_sidecar_yaml_list_is_a_skipped_file(tmp_path):
    raw = seeded(tmp_path)
    add(raw, "咸阳市/2025Q1/other.txt", SEED.read_bytes().replace(b"2025", b"2024"), sidecar=["a", "list"])
    code, out, err = ingest(raw, tmp_path / "out")
    assert code == 2
    assert ingested_ids(tmp_path / "out") == ["xianyang-2025q1"]
    assert any("other.txt" in e and "not a mapping" in e for e in err), err


def test_dangling_link_is_a_skipped_file(tmp_path):
    raw = seeded(tmp_path)
    (raw / "咸阳市/2025Q1/gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (raw / "咸阳市/2025Q1/gone.txt.source.yml").write_text("sha256: '00'\n", encoding="utf-8")
    code, _, err = ingest(raw, tmp_path / "out")
    assert code == 2 and ingested_ids(tmp_path / "out") == ["xianyang-2025q1"]
    assert any("gone.txt" in e and "dangling" in e for e in err), err


@pytest.mark.timeout(60)
def test_fifo_is_skipped_without_blocking(tmp_path):
    raw = seeded(tmp_path)
    os.mkfifo(raw / "咸阳市/2025Q1/pipe.txt")
    code, _, err = ingest(raw, tmp_path / "out")
    assert code == 2 and ingested_ids(tmp_path / "out") == ["xianyang-2025q1"]
    assert any("pipe.txt" in e and "FIFO" in e for e in err), err


@pytest.mark.timeout(60)
def test_huge_sparse_file_is_refused_before_reading(tmp_path):
    raw = seeded(tmp_path)
    big = raw / "咸阳市/2025Q1/big.txt"
    with open(big, "wb") as f:
        f.truncate(3 * 1024**3)  # 3 GB, sparse: nothing may read it whole (its checksum included)
    big.with_name("big.txt.source.yml").write_text("sha256: '00'\n", encoding="utf-8")
    t0 = time.perf_counter()
    code, _, err = ingest(raw, tmp_path / "out")
    assert time.perf_counter() - t0 < 30
    assert code == 2 and ingested_ids(tmp_path / "out") == ["xianyang-2025q1"]
    assert any("big.txt" in e and "larger than" in e for e in err), err


def _load_without_root(raw: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """load_raw(raw) as a user that mode-000 files stop (root reads them): in a forked child that
    drops to nobody when run as root. Returns (bulletin ids, skipped)."""
    import json

    from govstats.ingest import load_raw

    load_raw(SEED, workers=1)  # import every parser module before the child loses access to them
    if os.geteuid() != 0:
        loaded = load_raw(raw, workers=1)
        return list(loaded.tables["bulletins"]["bulletin_id"]), loaded.skipped
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(rfd)
            os.setgid(65534)
            os.setuid(65534)
            loaded = load_raw(raw, workers=1)
            os.write(wfd, json.dumps([list(loaded.tables["bulletins"]["bulletin_id"]), loaded.skipped]).encode())
        finally:
            os._exit(0)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    ids, skipped = json.loads(data)
    return ids, [tuple(s) for s in skipped]


@pytest.mark.timeout(120)
def test_unreadable_file_and_folder_are_reported(tmp_path):
    base = Path(tempfile.mkdtemp(prefix="govstats-perm-"))  # world-traversable, unlike pytest's tmp_path
    try:
        raw = seeded(base)
        secret = add(raw, "咸阳市/2024Q4/secret.txt", SEED.read_bytes().replace(b"2025", b"2024"))
        add(raw, "咸宁市/2019Q2/x.txt", b"x")
        for d, _, _ in os.walk(base):
            os.chmod(d, 0o755)
        os.chmod(secret, 0)
        os.chmod(raw / "咸宁市", 0)
        ids, skipped = _load_without_root(raw)
        assert ids == ["xianyang-2025q1"]
        reasons = {Path(p).name: r for p, r in skipped}
        assert "cannot read" in reasons.get("secret.txt", ""), skipped
        assert "unreadable folder" in reasons.get("咸宁市", ""), skipped
    finally:
        os.chmod(base / "raw" / "咸宁市", 0o755)
        shutil.rmtree(base, ignore_errors=True)


def _slow_or_crashing_parser(monkeypatch) -> None:
    """A parser that hangs or kills its process on files named so (what a hostile file does to a real one)."""
    import govstats.bulletin

    real = govstats.bulletin.load_bulletin

    def load(path, *a, **kw):
        name = Path(path).name
        if name.startswith("slow"):
            time.sleep(60)
        if name.startswith("stuck"):  # stuck in C code: the alarm signal cannot interrupt it
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        if name.startswith("crash"):
            os._exit(9)
        return real(path, *a, **kw)

    monkeypatch.setattr(govstats.bulletin, "load_bulletin", load)


def _many(raw: Path, n: int) -> None:
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        add(raw, f"咸阳市/2025Q1/copy{i:02d}.txt", text.replace("咸阳市人民政府办公室", f"咸阳市人民政府办公室{i}").encode())


@pytest.mark.timeout(120)
def test_per_file_time_limit_in_process(tmp_path, monkeypatch):
    from govstats.ingest import load_raw

    raw = seeded(tmp_path)
    add(raw, "咸阳市/2025Q1/slow.txt", b"slow")
    _slow_or_crashing_parser(monkeypatch)
    monkeypatch.setenv("GOVSTATS_FILE_TIMEOUT", "2")
    t0 = time.perf_counter()
    loaded = load_raw(raw, workers=1)
    assert time.perf_counter() - t0 < 20
    assert list(loaded.tables["bulletins"]["bulletin_id"]) == ["xianyang-2025q1"]
    assert [(Path(p).name, "per-file limit" in r) for p, r in loaded.skipped] == [("slow.txt", True)]


@pytest.mark.timeout(300)
def test_dead_or_stuck_worker_costs_only_its_file(tmp_path):
    """In the process pool: a worker that dies (or hangs in C code past the limit) loses one file;
    today BrokenProcessPool aborted the whole run with nothing written. Run in a fresh process,
    whose pool forks its workers, so the hostile parser of this test reaches them."""
    raw = seeded(tmp_path)
    _many(raw, 12)
    add(raw, "咸阳市/2025Q1/crash.txt", b"crash")
    add(raw, "咸阳市/2025Q1/stuck.txt", b"stuck")
    code = f"""
import json, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import pytest
import govstats.ingest as ing
from test_ingest import _slow_or_crashing_parser
mp = pytest.MonkeyPatch()
_slow_or_crashing_parser(mp)
ing.POOL_FROM = 2
loaded = ing.load_raw(ing.Path({str(raw)!r}), workers=2)
print(json.dumps([len(loaded.tables["bulletins"]), loaded.skipped]))
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240, cwd=ROOT,
                       env={**os.environ, "GOVSTATS_FILE_TIMEOUT": "2"})
    assert r.returncode == 0, r.stderr[-3000:]
    n, skipped = json.loads(r.stdout.splitlines()[-1])
    assert n == 13, skipped
    reasons = {Path(p).name: why for p, why in skipped}
    assert set(reasons) == {"crash.txt", "stuck.txt"}, reasons
    assert all("worker process died" in why for why in reasons.values())


def test_empty_input_never_replaces_data_without_force(tmp_path):
    raw, out = seeded(tmp_path), tmp_path / "out"
    assert ingest(raw, out)[0] == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    code, stdout, err = ingest(empty, out)
    assert code == 2 and len(err) == 1 and "--force" in err[0], err
    assert ingested_ids(out) == ["xianyang-2025q1"]
    code, _, _ = ingest(empty, out, "--force")
    assert code == 0 and ingested_ids(out) == []


def test_second_writer_is_refused_with_one_line(tmp_path):
    from govstats.store import _lock

    raw, out = seeded(tmp_path), tmp_path / "out"
    with _lock(out):
        code, _, err = ingest(raw, out)
    assert code == 2 and len(err) == 1 and "another govstats run" in err[0], err
    assert ingest(raw, out)[0] == 0


def test_file_name_with_newline_and_escape_is_one_error_line(tmp_path):
    bad = tmp_path / "evil\nname\x1b[31m.txt"
    bad.write_bytes(b"\x00\x01")
    r = run("extract", "--json", str(bad))
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and "\x1b" not in r.stderr, repr(r.stderr)
    assert "evil\\nname\\x1b[31m.txt" in r.stderr


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=0, max_value=4096), limit=st.integers(min_value=1, max_value=4096))
def test_size_limit_is_checked_from_the_inode(size, limit):
    """validate_file refuses exactly the files above the limit, without reading them (sparse files)."""
    from govstats.ingest import validate_file

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "f.txt"
        with open(p, "wb") as f:
            f.truncate(size)
        problem = validate_file(p, limit)
        assert (problem is not None) == (size > limit)
        if problem:
            assert "larger than" in problem


@settings(max_examples=30, deadline=None)
@given(st.one_of(st.lists(st.text()), st.text(), st.integers(), st.floats(allow_nan=False), st.booleans()))
def test_any_non_mapping_sidecar_is_a_skip_reason(meta):
    from govstats.ingest import _verify

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "b.txt"
        p.write_bytes(b"x")
        Path(d, "b.txt.source.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        problem, fatal = _verify(p)
        assert fatal and problem and "b.txt.source.yml" in problem


# ------------------------------------------------------------------------------ issue 22.9: links, names, sizes


def test_link_leaving_raw_is_skipped_with_its_reason(tmp_path):
    """data/raw/…/passwd.txt -> /etc/passwd, with a sidecar that matches it, was ingested as a
    bulletin; a link out of raw (file, folder attachment or sidecar) is now skipped, saying so."""
    raw = seeded(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_bytes(SEED.read_bytes().replace(b"2025", b"2024"))  # a readable bulletin, but not under raw
    sha = hashlib.sha256(outside.read_bytes()).hexdigest()
    link = raw / "咸阳市/2025Q1/passwd.txt"
    link.symlink_to(outside)
    link.with_name("passwd.txt.source.yml").write_text(f"sha256: '{sha}'\n", encoding="utf-8")
    inside = raw / "咸阳市/2025Q1/again.txt"  # a link that stays inside raw is an ordinary file
    inside.symlink_to(raw / "咸阳市/2025Q1/xianyang-2025q1.txt")
    inside.with_name("again.txt.source.yml").symlink_to(raw / "咸阳市/2025Q1/xianyang-2025q1.txt.source.yml")
    side_out = add(raw, "咸阳市/2025Q1/sideout.txt", SEED.read_bytes().replace(b"2025", b"2023"))
    side_meta = tmp_path / "meta.yml"
    side_meta.write_text(f"sha256: '{hashlib.sha256(side_out.read_bytes()).hexdigest()}'\n", encoding="utf-8")
    side_out.with_name("sideout.txt.source.yml").unlink()
    side_out.with_name("sideout.txt.source.yml").symlink_to(side_meta)
    code, _, err = ingest(raw, tmp_path / "out")
    assert code == 2
    assert ingested_ids(tmp_path / "out") == ["again", "xianyang-2025q1"]
    assert any("passwd.txt" in e and "outside" in e and str(outside) in e for e in err), err
    assert any("sideout.txt" in e and "source.yml" in e and "outside" in e for e in err), err


def test_folder_attachment_leaving_raw_is_left_out(tmp_path):
    from govstats.ingest import discover, unit_files

    raw = tmp_path / "raw"
    unit = raw / "咸阳市" / "2025Q1" / "bulletin"
    unit.mkdir(parents=True)
    (unit / "body.txt").write_text("通报", encoding="utf-8")
    (unit / "annex.xlsx").symlink_to(tmp_path / "elsewhere.xlsx")
    (tmp_path / "elsewhere.xlsx").write_bytes(b"PK")
    (unit / "annex2.xlsx").write_bytes(b"PK")
    problems: list[tuple[str, str]] = []
    assert discover(raw, problems) == [unit]
    assert [(Path(p).name, "outside" in r) for p, r in problems] == [("annex.xlsx", True)]
    assert [p.name for p in unit_files(unit, raw.resolve())] == ["annex2.xlsx", "body.txt"]


def test_size_limit_message_uses_the_limits_megabytes(tmp_path):
    from govstats.ingest import size_text, validate_file

    p = tmp_path / "big.txt"
    with open(p, "wb") as f:
        f.truncate(60 * 2**20 + 2**19)
    assert validate_file(p, 50 * 2**20) == "file is 60.5 MB, larger than the 50 MB limit"
    assert size_text(50 * 2**20) == "50 MB" and size_text(1000) == "1000 bytes"


def test_bidi_and_zero_width_characters_leave_annex_names(tmp_path):
    """An account name with a right-to-left override or a zero-width space reached the pages
    unchanged; clean_cell (every annex cell passes it) now strips them."""
    from govstats.bulletin import load_bulletin

    text = SEED.read_text(encoding="utf-8").replace("红色云阳", "红色\u202e阳云\u202c").replace("健康三原", "健康\u200b三原\ufeff")
    p = tmp_path / "xianyang-2025q1.txt"
    p.write_text(text, encoding="utf-8")
    b = load_bulletin(p)
    names = list(b.new_media["account_name"])
    assert "红色阳云" in names and "健康三原" in names
    hidden = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    for df in (b.new_media, b.websites):
        for col in df.columns:
            assert not any(isinstance(v, str) and set(v) & set(hidden) for v in df[col]), col
