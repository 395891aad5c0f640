"""Ingest: every bulletin under data/raw/ -> data/processed/ (Parquet + CSV), atomically.

Load: find bulletins and verify each raw file against its .source.yml checksum.
Process: parse each bulletin; a bad file is skipped with its reason, never fatal.
Save: concatenate each table across bulletins and write it with an atomic rename.
Raw files are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govstats import __version__, registry
from govstats.errors import BulletinError, GovstatsError
from govstats.readers import ANNEX_SUFFIXES, BULLETIN_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd

    from govstats.bulletin import Bulletin

TABLE_NAMES = ("bulletins", "figures", "websites", "new_media", "checks")
SIDECAR = ".source.yml"


@dataclass
class IngestResult:
    """What an ingest run did: tables written, bulletins read, files skipped and why."""

    out_dir: Path
    bulletins: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[str] = field(default_factory=list)
    input_hash: str = ""

    def summary(self) -> str:
        s = f"ingested {self.bulletins} bulletin(s) into {self.out_dir}"
        if self.skipped:
            s += f"; skipped {len(self.skipped)} file(s)"
        return s


def discover(raw_dir: Path) -> list[Path]:
    """Bulletin units under raw_dir: single files, or a folder with one body page plus attachments."""
    units: list[Path] = []
    for folder, dirs, files in os.walk(raw_dir):
        dirs.sort()
        here = Path(folder)
        cands = sorted(here / f for f in files if Path(f).suffix.lower() in BULLETIN_SUFFIXES and not f.startswith("."))
        bodies = [p for p in cands if p.suffix.lower() not in ANNEX_SUFFIXES]
        annexes = [p for p in cands if p.suffix.lower() in ANNEX_SUFFIXES]
        if len(bodies) == 1 and annexes:
            units.append(here)
        else:
            units.extend(cands)
    return units


def unit_files(unit: Path) -> list[Path]:
    if unit.is_dir():
        return sorted(p for p in unit.iterdir() if p.is_file() and p.suffix.lower() in BULLETIN_SUFFIXES)
    return [unit]


def verify_source(path: Path) -> str | None:
    """None when path matches the sha256 in its .source.yml sidecar, else the problem in one line."""
    import yaml

    side = path.with_name(path.name + SIDECAR)
    if not side.exists():
        return f"no {SIDECAR} provenance sidecar"
    try:
        # safe loading only; libyaml's CSafeLoader when built (8x faster than yaml.safe_load,
        # which dominated the checksum pass: 0.84 vs 0.10 ms per sidecar)
        meta = yaml.load(side.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return f"unreadable {side.name}: {type(exc).__name__}"
    want = str(meta.get("sha256", "")).lower()
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if want != got:
        return f"sha256 {got[:12]}… does not match {side.name} ({want[:12] or 'missing'}…)"
    return None


def bulletin_id_for(unit: Path, raw_dir: Path) -> str:
    """Stable id: the file stem (or folder name); the region/quarter folders make it unique."""
    return unit.stem if unit.is_file() else unit.name


def _load_one(args: tuple[str, str, str, bool]) -> tuple[str, Bulletin | None, str | None, list[str]]:
    """(unit, bulletin or None, reason skipped, provenance warnings), checksums verified first.

    Runs in the pool workers, so the sha256 pass is parallel too. Without keep_raw the
    bulletin's raw text and grids are dropped before it is sent back: ingest only needs the
    records, and pickling/holding 10,000 raw texts doubled the parent's memory.
    """
    unit, bid, root, keep_raw = args
    from govstats.bulletin import load_bulletin

    problems = [p for f in unit_files(Path(unit)) if (p := verify_source(f))]
    fatal = [p for p in problems if "does not match" in p or "unreadable" in p]
    if fatal:
        return unit, None, fatal[0], []
    warnings = [f"{unit}: {p}" for p in problems]
    try:
        b = load_bulletin(unit, bulletin_id=bid, root=Path(root))
    except GovstatsError as exc:
        reason = exc.reason if isinstance(exc, BulletinError) else str(exc)
        return unit, None, reason, warnings
    except Exception as exc:  # a parser bug must not stop a province-wide run: report it per file
        return unit, None, f"internal error {type(exc).__name__}: {exc}", warnings
    if not keep_raw:
        b.raw = None
        b.narrative = None
    return unit, b, None, warnings


def load_all(units: list[Path], raw_dir: Path, workers: int = 1,
             keep_raw: bool = True) -> Iterable[tuple[str, Bulletin | None, str | None, list[str]]]:
    jobs = [(str(u), bulletin_id_for(u, raw_dir), str(raw_dir), keep_raw) for u in units]
    if workers <= 1 or len(jobs) < 40:
        yield from map(_load_one, jobs)
        return
    from govstats.pool import process_pool

    with process_pool(workers) as pool:
        yield from pool.map(_load_one, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


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
    """Bulletins parsed from raw files, with what was skipped (and why) and provenance warnings."""

    bulletins: dict[str, Bulletin] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def load_raw(raw: Path, workers: int | None = None, progress: bool = False, keep_raw: bool = True) -> Loaded:
    """Parse every bulletin under raw (a folder, or one file) in memory, with ingest's rules:
    a file whose bytes no longer match its .source.yml is skipped, as are unreadable files and
    duplicate bulletin ids; a missing sidecar is only a warning. keep_raw=False drops each
    bulletin's raw text and grids (tables only: what ingest writes)."""
    out = Loaded()
    units = discover(raw) if raw.is_dir() else [raw]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    seen: dict[str, str] = {}
    it = load_all(units, raw if raw.is_dir() else raw.parent, workers, keep_raw)
    if progress:
        from tqdm import tqdm

        it = tqdm(it, total=len(units), desc="ingest", unit="bulletin")
    for unit, b, reason, warnings in it:
        out.warnings.extend(warnings)
        if b is None:
            out.skipped.append((unit, reason or "unreadable"))
        elif b.bulletin_id in seen:
            out.skipped.append((unit, f"duplicate bulletin id {b.bulletin_id} (also {seen[b.bulletin_id]})"))
        else:
            seen[b.bulletin_id] = unit
            out.bulletins[b.bulletin_id] = b
    return out


def _load_chunk(jobs: list[tuple[str, str, str, bool]]) -> tuple[dict[str, pd.DataFrame], list[tuple[str, str | None, str | None, list[str]]]]:
    """Pool worker for ingest: parse a chunk of bulletins and type their tables here.

    Returning five typed DataFrames per chunk (Arrow buffers pickle cheaply) instead of
    thousands of record lists keeps the parent process from becoming the bottleneck.
    Duplicate ids inside the chunk are reported and their later copies left out.
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
    return collect(kept), meta


def load_tables(raw_dir: Path, workers: int, progress: bool = False) -> tuple[dict[str, pd.DataFrame], Loaded]:
    """ingest's loader: the five tables of every bulletin under raw_dir, built in the workers.

    Same rules as load_raw (checksums, unreadable files, duplicate ids), but no Bulletin
    objects travel back to this process: only typed tables, one set per chunk.
    """
    import pandas as pd

    units = discover(raw_dir)
    jobs = [(str(u), bulletin_id_for(u, raw_dir), str(raw_dir), False) for u in units]
    size = max(1, min(250, len(jobs) // (max(workers, 1) * 4) or 1))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if workers <= 1 or len(jobs) < 40:
        results: Iterable = map(_load_chunk, chunks)
        pool = None
    else:
        from govstats.pool import process_pool

        pool = process_pool(workers)
        results = pool.map(_load_chunk, chunks)
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(jobs), desc="ingest", unit="bulletin")
    out = Loaded()
    seen: dict[str, str] = {}
    parts: dict[str, list[pd.DataFrame]] = {n: [] for n in TABLE_NAMES}
    try:
        for tables, meta in results:
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
            if progress:
                bar.update(len(meta))
    finally:
        if pool is not None:
            pool.shutdown()
        if progress:
            bar.close()
    frames = {n: registry.coerce(pd.concat(v, ignore_index=True), n) if v else registry.empty_frame(n)
              for n, v in parts.items()}
    return frames, out


def ingest(raw_dir: str | Path = "data/raw", out_dir: str | Path = "data/processed", workers: int | None = None,
           progress: bool = False) -> IngestResult:
    """Read every bulletin under raw_dir and write the canonical tables to out_dir."""
    from govstats.io import write_csv, write_parquet, write_text

    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise GovstatsError(f"{raw_dir}: raw data folder does not exist")
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    tables, loaded = load_tables(raw_dir, workers, progress)
    result = IngestResult(out_dir=out_dir, skipped=loaded.skipped, warnings=loaded.warnings)
    h = hashlib.sha256()
    for sha in sorted(tables["bulletins"]["source_sha256"].dropna()):
        h.update(sha.encode())
    result.input_hash = h.hexdigest()
    result.bulletins = len(tables["bulletins"])
    for name, df in tables.items():
        write_parquet(df, out_dir / f"{name}.parquet")
        write_csv(df, out_dir / f"{name}.csv")
    manifest = {
        "govstats_version": __version__,
        "input_hash": result.input_hash,
        "bulletins": result.bulletins,
        "rows": {k: len(v) for k, v in tables.items()},
        "skipped": [{"path": p, "reason": r} for p, r in result.skipped],
    }
    write_text(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return result


def load_processed(processed_dir: str | Path = "data/processed") -> dict[str, pd.DataFrame]:
    """Read the processed tables back with registry dtypes (lists restored from Parquet)."""
    import pandas as pd

    d = Path(processed_dir)
    missing = [n for n in TABLE_NAMES if not (d / f"{n}.parquet").exists()]
    if missing:
        raise GovstatsError(f"{d}: no processed tables ({', '.join(missing)} missing); run `govstats ingest` first")
    return {n: registry.coerce(pd.read_parquet(d / f"{n}.parquet"), n) for n in TABLE_NAMES}


def read_manifest(processed_dir: str | Path = "data/processed") -> dict:
    p = Path(processed_dir) / "manifest.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}
