"""Ingest: every bulletin under data/raw/ -> data/processed/ (Parquet + CSV), atomically.

Load: find bulletins and verify each raw file against its .source.yml checksum.
Process: parse each bulletin; a bad file (its sidecar, its type or size, the parser, the per-file
time limit, a worker that dies on it) is skipped with its reason, never fatal.
Save: concatenate each table across bulletins and publish them as one generation (govstats.store).
Raw files are only ever opened for reading.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govstats import __version__, paths, registry
from govstats.errors import BulletinError, GovstatsError
from govstats.readers import ANNEX_SUFFIXES, BULLETIN_SUFFIXES
from govstats.readers.base import MAX_BYTES

if TYPE_CHECKING:
    import pandas as pd

    from govstats.bulletin import Bulletin

TABLE_NAMES = registry.TABLE_NAMES
SIDECAR = ".source.yml"
SIDECAR_MAX_BYTES = 1_000_000  # a provenance sidecar is a few hundred bytes
DEFAULT_FILE_SECONDS = 60.0  # per bulletin; real ones take milliseconds
WATCHDOG_EXIT = 70  # exit status of a pool worker ended by the watchdog
POOL_FROM = 40  # fewer jobs than this are parsed in this process (a pool costs more than it saves)


@dataclass
class IngestResult:
    """What an ingest run did: tables written, bulletins read, files skipped and why."""

    out_dir: Path
    bulletins: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)
    input_hash: str = ""
    refused: str = ""  # why nothing was written (an empty input over existing data, without force)

    def summary(self) -> str:
        if self.refused:
            return f"nothing written to {self.out_dir}: {self.refused}"
        s = f"ingested {self.bulletins} bulletin(s) into {self.out_dir}"
        if self.skipped:
            s += f"; skipped {len(self.skipped)} file(s)"
        return s


def discover(raw_dir: Path, problems: list[tuple[str, str]] | None = None) -> list[Path]:
    """Bulletin units under raw_dir: single files, or a folder with one body page plus attachments.

    A folder that cannot be listed is appended to problems as (folder, reason) when given.
    """
    units: list[Path] = []

    def unreadable(exc: OSError) -> None:
        if problems is not None:
            problems.append((str(exc.filename or raw_dir), f"unreadable folder: {exc.strerror or exc}"))

    root = raw_dir.resolve()
    for folder, dirs, files in os.walk(raw_dir, onerror=unreadable):
        dirs.sort()
        here = Path(folder)
        cands = sorted(here / f for f in files if Path(f).suffix.lower() in BULLETIN_SUFFIXES and not f.startswith("."))
        for p, why in [(p, escapes(p, root)) for p in cands]:
            if why:
                cands.remove(p)
                if problems is not None:
                    problems.append((str(p), why))
        bodies = [p for p in cands if p.suffix.lower() not in ANNEX_SUFFIXES]
        annexes = [p for p in cands if p.suffix.lower() in ANNEX_SUFFIXES]
        if len(bodies) == 1 and annexes:
            units.append(here)
        else:
            units.extend(cands)
    return units


def escapes(path: Path, root: Path) -> str | None:
    """Why path may not be read as part of root (a symbolic link leading out of it:
    data/raw/x/passwd.txt -> /etc/passwd), else None. root is resolved; path's folder is a real
    folder under root (os.walk does not follow folder links), so only path itself can lead out."""
    if not path.is_symlink():  # one lstat: the common case costs no resolve()
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "symbolic link that cannot be resolved (a loop?): skipped"
    if target == root or root in target.parents or not os.path.lexists(target):
        return None  # inside; or dangling, which validate_file reports as such
    return f"symbolic link to {target}, outside {root}: skipped"


def unit_files(unit: Path, root: Path | None = None) -> list[Path]:
    """The files of a bulletin unit; with root, those that stay inside it (see escapes)."""
    if unit.is_dir():
        files = sorted(p for p in unit.iterdir() if p.is_file() and p.suffix.lower() in BULLETIN_SUFFIXES)
        return [p for p in files if root is None or not escapes(p, root)]
    return [unit]


def validate_file(path: Path, limit: int | None = None) -> str | None:
    """None when path is a readable regular file within the size limit, else the problem in one line.

    Checked from the inode before a single byte is read: a FIFO would block the reader forever,
    a sparse 3 GB file would be read whole for its checksum, a dangling link has no bytes at all.
    """
    limit = MAX_BYTES if limit is None else limit
    try:
        st = path.stat()
    except FileNotFoundError:
        return "dangling symbolic link" if path.is_symlink() else "file disappeared"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
        return f"is {kind}, not a bulletin file"
    if st.st_size > limit:
        return f"file is {size_text(st.st_size)}, larger than the {size_text(limit)} limit"
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    return None


def size_text(n: int) -> str:
    """A byte count for people, in binary megabytes like the limits (50 * 2**20 -> "50 MB", not "52 MB")."""
    if n < 2**20:
        return f"{n} bytes"
    mb = n / 2**20
    return f"{mb:.0f} MB" if mb >= 100 or mb.is_integer() else f"{mb:.1f} MB"


def _verify(path: Path) -> tuple[str | None, bool]:
    """(problem or None, fatal): the file's sha256 against its .source.yml sidecar."""
    import yaml

    side = path.with_name(path.name + SIDECAR)
    if not side.exists() and not side.is_symlink():
        return f"no {SIDECAR} provenance sidecar", False
    bad = validate_file(side, SIDECAR_MAX_BYTES)
    if bad:
        return f"unreadable {side.name}: {bad}", True
    try:
        # safe loading only; libyaml's CSafeLoader when built (8x faster than yaml.safe_load,
        # which dominated the checksum pass: 0.84 vs 0.10 ms per sidecar)
        meta = yaml.load(side.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        return f"unreadable {side.name}: {type(exc).__name__}", True
    if not isinstance(meta, dict):
        return f"unreadable {side.name}: a YAML {type(meta).__name__}, not a mapping of url, accessed, sha256", True
    want = str(meta.get("sha256", "")).lower()
    with open(path, "rb") as f:
        got = hashlib.file_digest(f, "sha256").hexdigest()
    if want != got:
        return f"sha256 {got[:12]}… does not match {side.name} ({want[:12] or 'missing'}…)", True
    return None, False


def verify_source(path: Path) -> str | None:
    """None when path matches the sha256 in its .source.yml sidecar, else the problem in one line."""
    return _verify(path)[0]


def bulletin_id_for(unit: Path, raw_dir: Path) -> str:
    """Stable id: the file stem (or folder name); the region/quarter folders make it unique."""
    return unit.stem if unit.is_file() else unit.name


# ------------------------------------------------------------------------------ per-file limits


class FileTimeout(BaseException):
    """Raised in a worker when one file exceeds the per-file time limit.

    A BaseException so that no parser's `except Exception` can swallow it.
    """


def file_seconds() -> float:
    """The per-file time limit: GOVSTATS_FILE_TIMEOUT seconds (default 60; 0 turns it off)."""
    try:
        return max(0.0, float(os.environ.get("GOVSTATS_FILE_TIMEOUT", DEFAULT_FILE_SECONDS)))
    except ValueError:
        return DEFAULT_FILE_SECONDS


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeout in this thread after seconds (SIGALRM; main thread only).

    In a pool worker a watchdog thread also ends the process if the alarm cannot fire (stuck in
    C code): the parent then reports that file alone (see _run_isolated).
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise FileTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    global _deadline
    # a pool worker (never the CLI's own process). A worker has imported multiprocessing; `extract`
    # has not, so looking it up in sys.modules spares the CLI that import (~9 ms of start-up).
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.parent_process() is not None:
        _start_watchdog()
        _deadline = time.monotonic() + 2 * seconds + 1
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        _deadline = None


_deadline: float | None = None
_watchdog: threading.Thread | None = None


def _start_watchdog() -> None:
    global _watchdog
    if _watchdog is not None:
        return

    def watch() -> None:
        while True:
            time.sleep(0.5)
            d = _deadline
            if d is not None and time.monotonic() > d:
                os._exit(WATCHDOG_EXIT)

    _watchdog = threading.Thread(target=watch, name="govstats-file-watchdog", daemon=True)
    _watchdog.start()


# ------------------------------------------------------------------------------ loading


def _load_one(args: tuple[str, str, str, bool]) -> tuple[str, Bulletin | None, str | None, list[str]]:
    """(unit, bulletin or None, reason skipped, provenance warnings), checksums verified first.

    Runs in the pool workers, so the sha256 pass is parallel too. Every failure of this one
    unit (its files, its sidecars, the parser, the time limit) becomes its reason; nothing
    propagates. Without keep_raw the bulletin's raw text and grids are dropped before it is
    sent back: ingest only needs the records.
    """
    unit, bid, root, keep_raw = args
    from govstats.bulletin import load_bulletin

    seconds = file_seconds()
    warnings: list[str] = []
    try:
        base = Path(root).resolve()
        files = unit_files(Path(unit), base)
        for f in files:
            side = f.with_name(f.name + SIDECAR)
            out = escapes(side, base)
            if out:
                return unit, None, f"{side.name}: {out}", []
            bad = validate_file(f)
            if bad:
                return unit, None, bad if f == Path(unit) else f"{f.name}: {bad}", []
        for f in files:
            problem, fatal = _verify(f)
            if fatal:
                return unit, None, problem, []
            if problem:
                warnings.append(f"{unit}: {problem}")
        with _time_limit(seconds):
            b = load_bulletin(unit, bulletin_id=bid, root=Path(root))
    except FileTimeout:
        return unit, None, f"took longer than the {seconds:g} s per-file limit (GOVSTATS_FILE_TIMEOUT)", warnings
    except GovstatsError as exc:
        reason = exc.reason if isinstance(exc, BulletinError) else str(exc)
        return unit, None, reason, warnings
    except MemoryError:
        return unit, None, "ran out of memory while parsing", warnings
    except Exception as exc:  # a parser bug must not stop a province-wide run: report it per file
        return unit, None, f"internal error {type(exc).__name__}: {exc}", warnings
    if not keep_raw:
        b.raw = None
        b.narrative = None
    return unit, b, None, warnings


def collect(bulletins: list[Bulletin]) -> dict[str, pd.DataFrame]:
    """Concatenate each canonical table across bulletins, with registry dtypes."""
    import pandas as pd

    out = {}
    for name in TABLE_NAMES:
        attr = "meta" if name == "bulletins" else name
        parts = [b.raw_records(attr) for b in bulletins]
        if all(p is not None for p in parts):  # the fast path: one DataFrame per table for the whole batch
            rows = [r for p in parts for r in p]
            out[name] = registry.coerce(pd.DataFrame(rows), name) if rows else registry.empty_frame(name)
            continue
        frames = [getattr(b, attr) for b in bulletins if len(getattr(b, attr))]
        df = pd.concat(frames, ignore_index=True) if frames else registry.empty_frame(name)
        out[name] = registry.coerce(df, name)
    return out


@dataclass
class Loaded:
    """Bulletins parsed from raw files: their tables, what was skipped (and why), provenance warnings.

    bulletins holds the Bulletin objects only when load_raw was asked for them (keep_objects).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    bulletins: dict[str, Bulletin] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


Job = tuple[str, str, str, bool]
ChunkResult = tuple[dict, list[tuple[str, "str | None", "str | None", list[str]]], list]


def _load_chunk(jobs: list[Job]) -> ChunkResult:
    """Pool worker: parse a chunk of bulletins and type their tables here.

    Returning five typed DataFrames per chunk (Arrow buffers pickle cheaply) instead of
    thousands of record lists keeps the parent process from becoming the bottleneck.
    Duplicate ids inside the chunk are reported and their later copies left out. The Bulletin
    objects travel back only when the job asks to keep them (load_corpus of a raw folder).
    """
    results = [_load_one(j) for j in jobs]
    kept: list[Bulletin] = []
    ids: set[str] = set()
    meta: list[tuple[str, str | None, str | None, list[str]]] = []
    for unit, b, reason, warnings in results:
        if b is not None and b.bulletin_id in ids:
            meta.append((unit, None, f"duplicate bulletin id {b.bulletin_id}", warnings))
            continue
        if b is not None:
            ids.add(b.bulletin_id)
            kept.append(b)
        meta.append((unit, b.bulletin_id if b else None, reason, warnings))
    objects = kept if jobs and jobs[0][3] else []
    return collect(kept), meta, objects


def _dead(job: Job, why: str) -> ChunkResult:
    return {}, [(job[0], None, why, [])], []


def _run_isolated(jobs: list[Job], workers: int) -> Iterator[ChunkResult]:
    """Each job on its own after a worker died: a job that kills its worker alone is reported and
    skipped, the others are parsed. Every round finishes at least one job, usually all but one."""
    from concurrent.futures.process import BrokenProcessPool

    from govstats.pool import process_pool

    queue = list(jobs)
    while queue:
        pool = process_pool(workers)
        futs = [(j, pool.submit(_load_chunk, [j])) for j in queue]
        broken: list[Job] = []
        for j, f in futs:
            try:
                yield f.result()
            except BrokenProcessPool:
                broken.append(j)
        pool.shutdown(wait=True, cancel_futures=True)
        queue = broken[1:]
        if broken:  # the earliest unfinished job: the culprit, or collateral of it; try it alone
            solo = process_pool(1)
            try:
                yield solo.submit(_load_chunk, [broken[0]]).result()
            except BrokenProcessPool:
                yield _dead(broken[0], "its worker process died (out of memory, over the time limit or a crash); "
                            "the other files were parsed")
            finally:
                solo.shutdown(wait=True, cancel_futures=True)


def _run(jobs: list[Job], workers: int) -> Iterator[ChunkResult]:
    """Chunks of jobs through a process pool (or in this process for small runs).

    If a worker dies (BrokenProcessPool), the chunks already returned are kept and the rest are
    run one file per task by _run_isolated, so the dead worker costs only its own file.
    """
    size = max(1, min(250, len(jobs) // (max(workers, 1) * 4) or 1))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if workers <= 1 or len(jobs) < POOL_FROM:
        yield from map(_load_chunk, chunks)
        return
    from concurrent.futures.process import BrokenProcessPool

    from govstats.pool import process_pool

    pool = process_pool(workers)
    futs = [pool.submit(_load_chunk, c) for c in chunks]
    rest: list[Job] = []
    try:
        for c, f in zip(chunks, futs):
            if rest:  # the pool broke: keep what finished before, redo the rest file by file
                if f.done() and not f.cancelled() and f.exception() is None:
                    yield f.result()
                else:
                    rest.extend(c)
                continue
            try:
                res = f.result()
            except BrokenProcessPool:
                rest.extend(c)
                continue
            yield res
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if rest:
        yield from _run_isolated(rest, workers)


def load_raw(raw: Path, workers: int | None = None, progress: bool = False, keep_objects: bool = False) -> Loaded:
    """Parse every bulletin under raw (a folder, or one file): the one raw loader of govstats.

    Rules (ingest and load_corpus alike): a file whose bytes no longer match its .source.yml is
    skipped, as are unreadable, special, oversized or too slow files, sidecars that are not a
    mapping, duplicate bulletin ids and unreadable folders; a missing sidecar is only a warning.
    Tables are typed in the workers; keep_objects also returns the Bulletin objects (with raw text).
    """
    import pandas as pd

    raw = Path(raw)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    out = Loaded()
    root = raw if raw.is_dir() else raw.parent
    units = discover(raw, out.skipped) if raw.is_dir() else [raw]
    jobs = [(str(u), bulletin_id_for(u, root), str(root), keep_objects) for u in units]
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="ingest", unit="bulletin")
    seen: dict[str, str] = {}
    parts: dict[str, list[pd.DataFrame]] = {n: [] for n in TABLE_NAMES}
    try:
        for tables, meta, objects in _run(jobs, workers):
            dups = set()
            for unit, bid, reason, warnings in meta:
                out.warnings.extend(warnings)
                if bid is None:
                    out.skipped.append((unit, reason or "unreadable"))
                elif bid in seen:
                    out.skipped.append((unit, f"duplicate bulletin id {bid} (also {seen[bid]})"))
                    dups.add(bid)
                else:
                    seen[bid] = unit
            for n, df in tables.items():
                parts[n].append(df[~df["bulletin_id"].isin(dups)] if dups else df)
            for b in objects:
                if b.bulletin_id not in dups:
                    out.bulletins[b.bulletin_id] = b
            if progress:
                bar.update(len(meta))
    finally:
        if progress:
            bar.close()
    out.tables = {n: registry.coerce(pd.concat(v, ignore_index=True), n) if v else registry.empty_frame(n)
                  for n, v in parts.items()}
    return out


def _existing_bulletins(out_dir: Path) -> int:
    """How many bulletins the published processed tables hold (0 when there are none)."""
    from govstats.store import generation_dir, missing_tables, read_manifest

    if missing_tables(out_dir):
        return 0
    n = read_manifest(out_dir).get("bulletins")
    if isinstance(n, int):
        return n
    import pyarrow.parquet as pq

    return pq.ParquetFile(generation_dir(out_dir) / "bulletins.parquet").metadata.num_rows


def _input_hash(bulletins: pd.DataFrame, raw_dir: Path) -> str:
    """Digest of what was read: every raw file's sha256 and every analyst .figures.yml's bytes.

    The analyst's sidecar (govstats.overrides) changes figures without touching the raw file, so
    it is part of the input: a new or edited sidecar gives a new hash (pages re-render from their
    rows, which carry the figures and their source).
    """
    from govstats.overrides import sidecar_digest

    h = hashlib.sha256()
    for sha in sorted(bulletins["source_sha256"].dropna()):
        h.update(sha.encode())
    sides = []
    for src in bulletins["source_file"].dropna():
        p = Path(src)
        d = sidecar_digest(p if p.is_absolute() else raw_dir / p)
        if d is not None:
            sides.append(f"{src}={d}")
    for line in sorted(sides):  # absent sidecars add nothing: hashes of data without any are unchanged
        h.update(f"\n{line}".encode())
    return h.hexdigest()


def ingest(raw_dir: str | Path | None = None, out_dir: str | Path | None = None, workers: int | None = None,
           progress: bool = False, force: bool = False) -> IngestResult:
    """Read every bulletin under raw_dir and publish the canonical tables in out_dir (store.write_tables).

    Defaults come from govstats.paths. When nothing could be read but out_dir already holds
    bulletins, nothing is written (result.refused says why) unless force is true.
    """
    from govstats.store import writer

    raw_dir = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    out_dir = Path(out_dir) if out_dir is not None else paths.processed_dir()
    if not raw_dir.is_dir():
        raise GovstatsError(f"{raw_dir}: raw data folder does not exist")
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    with writer(out_dir) as w:  # held from the start: a second ingest into out_dir stops at once
        loaded = load_raw(raw_dir, workers, progress)
        tables = loaded.tables
        result = IngestResult(out_dir=out_dir, skipped=loaded.skipped, warnings=loaded.warnings)
        result.input_hash = _input_hash(tables["bulletins"], raw_dir)
        result.bulletins = len(tables["bulletins"])
        if result.bulletins == 0 and not force:
            had = _existing_bulletins(out_dir)
            if had:
                result.refused = (f"{raw_dir}: no bulletin could be read; {out_dir} keeps its {had} bulletin(s) "
                                  "(use --force to replace them with an empty set)")
                return result
        manifest = {
            "govstats_version": __version__,
            "input_hash": result.input_hash,
            "bulletins": result.bulletins,
            "rows": {k: len(v) for k, v in tables.items()},
            "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
        }
        w.publish(tables, manifest)
    return result

