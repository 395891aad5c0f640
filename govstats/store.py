"""The one owner of data/processed: writing a generation atomically, reading it consistently.

Layout of a processed folder::

    data/processed/
      .gen-<id>/                    one complete ingest output (5 tables x Parquet + CSV, manifest.json)
      current -> .gen-<id>          the published generation, switched with one atomic rename
      previous -> .gen-<id>         the one before (kept so that a reader that started on it can finish)
      <table>.parquet -> current/<table>.parquet     the public paths (also .csv and manifest.json)
      .lock                         held (flock) by the one writer

A writer fills a new ``.gen-<id>/`` beside the published one and then renames a new
``current`` symlink over the old one: readers of this module resolve ``current`` once and read
every table from that one folder, so they see the old or the new generation, never a mix.
A second writer is refused with one line while the lock is held (the kernel drops the lock of
a killed process, so a crash never leaves a stale lock); generations left by a killed run are
removed by the next writer. Folders written by older govstats (plain files, no ``current``)
are still read, and are converted on the next write.

The small writers here (atomic files, CSV formula neutralization, control characters) are used
by every other output (dashboards, ledgers): an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from govstats import paths, registry
from govstats.errors import GovstatsError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TABLE_NAMES",
    "atomic_path",
    "clean_text",
    "csv_ready",
    "file_hashes",
    "generation_dir",
    "missing_tables",
    "neutralize_formula",
    "read_manifest",
    "read_tables",
    "verify_hashes",
    "write_csv",
    "write_parquet",
    "write_tables",
    "write_text",
    "writer",
]

TABLE_NAMES: tuple[str, ...] = registry.TABLE_NAMES
CURRENT, PREVIOUS, LOCK, GEN_PREFIX = "current", "previous", ".lock", ".gen-"
MANIFEST = "manifest.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: C0 controls except tab/newline/carriage return, plus DEL: what xlsx refuses and what makes
#: a terminal or CSV viewer misbehave (ESC sequences). Tab/CR at the start are handled as formulas.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# ------------------------------------------------------------------------------ small writers


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success rename it over target, else delete it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target: str | Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def clean_text(value: object) -> object:
    """Text without control characters (ESC, NUL, form feed...): xlsx refuses them and they
    rewrite a terminal. Tab, newline and carriage return are kept; non-text is returned as is."""
    if isinstance(value, str) and _CONTROL.search(value):
        return _CONTROL.sub("", value)
    return value


def neutralize_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (=, +, -, @) with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for CSV: list cells joined with ';', control characters removed, formulas neutralized."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object:
            vals = [";".join(map(str, v)) if isinstance(v, list) else v for v in s.tolist()]
            vals = [neutralize_formula(clean_text(v)) for v in vals]
            out[c] = pd.Series(vals, index=out.index, dtype=object)
        elif str(s.dtype) in ("string", "str"):
            # vectorized: only the cells that hold a control character or start like a formula are rewritten
            bad = s.str.contains(_CONTROL).fillna(False).astype(bool)
            if bad.any():
                s = s.copy()
                s[bad] = s[bad].str.replace(_CONTROL, "", regex=True)
                out[c] = s
            risky = s.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out.loc[risky, c] = "'" + s[risky]
    return out


def write_parquet(df: pd.DataFrame, target: str | Path) -> Path:
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(target)


def write_csv(df: pd.DataFrame, target: str | Path) -> Path:
    """CSV in utf-8-sig so Excel opens Chinese text correctly."""
    with atomic_path(target) as tmp:
        csv_ready(df).to_csv(tmp, index=False, encoding="utf-8-sig")
    return Path(target)


# ------------------------------------------------------------------------------ generations


def _public_names() -> list[str]:
    return [f"{n}.{ext}" for n in TABLE_NAMES for ext in ("parquet", "csv")] + [MANIFEST]


def generation_dir(processed_dir: str | Path) -> Path:
    """The folder that holds the published tables: current's target, or the folder itself (old layout)."""
    d = Path(processed_dir)
    cur = d / CURRENT
    if cur.is_symlink():
        return d / os.readlink(cur)
    return d


def missing_tables(processed_dir: str | Path) -> list[str]:
    """Names of the tables whose Parquet file is absent from the published generation or whose
    public path (<dir>/<table>.parquet, which other tools read) is gone."""
    return _missing(Path(processed_dir), generation_dir(processed_dir))


def _missing(d: Path, g: Path) -> list[str]:
    return [n for n in TABLE_NAMES if not ((g / f"{n}.parquet").is_file() and (d / f"{n}.parquet").exists())]


#: Lock fds this process holds as a writer. A forked child (a pool worker) closes its copies at
#: once: flock belongs to the open file description, so an orphaned worker holding a copy kept
#: every later ingest out after its parent was killed (issue 22.1). Closing a copy never unlocks.
_HELD_LOCKS: set[int] = set()


def _close_locks_in_child() -> None:
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks_in_child)


@contextlib.contextmanager
def _lock(d: Path) -> Iterator[None]:
    """Exclusive writer lock on d/.lock; a second writer gets one clear line.

    The fd has O_CLOEXEC (programs a writer starts do not inherit it) and is closed in forked
    children (see _HELD_LOCKS), so the lock lives exactly as long as this process holds it.
    """
    import fcntl

    d.mkdir(parents=True, exist_ok=True)
    fd = os.open(d / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    owner = os.getpid()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("utf-8", "replace").strip() or "?"
            raise GovstatsError(
                f"{d}: another govstats run (pid {holder}) is writing these tables; wait for it to finish"
            ) from None
        _HELD_LOCKS.add(fd)
        os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):  # the pid is only shown to a second writer; a full disk refuses it
            os.pwrite(fd, str(owner).encode(), 0)
        try:
            yield
        finally:
            if os.getpid() == owner:  # a forked child that unwinds this frame must not unlock the parent
                os.ftruncate(fd, 0)
                _HELD_LOCKS.discard(fd)
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        if os.getpid() == owner:
            os.close(fd)


def _link_target(link: Path) -> str | None:
    return os.readlink(link) if link.is_symlink() else None


def _symlink_replace(target: str, link: Path) -> None:
    """Point link at target in one atomic step (a fresh symlink renamed over the old entry)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _cleanup(d: Path) -> None:
    """Remove generations that are neither current nor previous (leftovers of a killed run)."""
    keep = {_link_target(d / CURRENT), _link_target(d / PREVIOUS)}
    for p in d.iterdir():
        if p.name.startswith(GEN_PREFIX) and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".") and p.name.endswith(".tmp") and p.is_symlink():
            p.unlink()


class Writer:
    """The holder of a processed folder's lock (see writer()); publish() may be called once or more."""

    def __init__(self, d: Path) -> None:
        self.dir = d

    def publish(self, tables: dict[str, pd.DataFrame], manifest: dict,
                extra: dict[str, pd.DataFrame] | None = None) -> Path:
        """Write tables + manifest as a new generation and switch `current` to it; returns its folder.

        extra: further tables written beside the five in the same generation (e.g. the verdicts of
        `govstats assess`), with public paths <dir>/<name>.parquet and .csv like the others.

        On any error before the switch (a full disk, a permission, an interrupt) the partial
        generation is removed at once, so a failed run does not keep the disk full; an OSError
        becomes one line naming the path. A publish needs room for two generations: the new
        one is complete before the old one is released.
        """
        d = self.dir
        extra = extra or {}
        gen = d / f"{GEN_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}"
        old = _link_target(d / CURRENT)
        try:
            self._fill(gen, {**{n: tables[n] for n in TABLE_NAMES}, **extra}, manifest)
            _symlink_replace(gen.name, d / CURRENT)  # the switch: readers now resolve the new generation
        except BaseException as exc:
            shutil.rmtree(gen, ignore_errors=True)
            if isinstance(exc, OSError):
                raise GovstatsError(f"{exc.filename or gen}: cannot write the processed tables "
                                    f"({exc.strerror or exc}); nothing was published, {d} is unchanged "
                                    "(a publish needs free space for two generations)") from None
            raise
        try:
            if old is not None:
                _symlink_replace(old, d / PREVIOUS)
            extra_names = [f"{n}.{ext}" for n in extra for ext in ("parquet", "csv")]
            for name in _public_names() + extra_names:  # stable public paths; converts plain files of the old layout
                if _link_target(d / name) != f"{CURRENT}/{name}":
                    _symlink_replace(f"{CURRENT}/{name}", d / name)
            _cleanup(d)
        except OSError as exc:  # the new generation is published; only a link beside it failed
            raise GovstatsError(f"{exc.filename or d}: the new tables are published in {gen}, but a link to "
                                f"them could not be written ({exc.strerror or exc})") from None
        return gen

    @staticmethod
    def _fill(gen: Path, tables: dict[str, pd.DataFrame], manifest: dict) -> None:
        """The generation's files, each fsynced; manifest.json records each file's sha256 (see file_hashes)."""
        gen.mkdir()
        for name, df in tables.items():
            _write_checked(gen / f"{name}.parquet", lambda p, df=df: df.to_parquet(p, index=False))
            _write_checked(gen / f"{name}.csv",
                           lambda p, df=df: csv_ready(df).to_csv(p, index=False, encoding="utf-8-sig"))
        manifest = {**manifest, "sha256": file_hashes(gen)}
        _write_checked(gen / MANIFEST, lambda p: p.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"))
        for p in gen.iterdir():
            with open(p, "rb") as f:
                os.fsync(f.fileno())


def _write_checked(path: Path, write: Callable[[Path], object]) -> None:
    """Run write(path); an OSError that names no file (pyarrow's, pandas') is given this path."""
    try:
        write(path)
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


@contextlib.contextmanager
def writer(processed_dir: str | Path) -> Iterator[Writer]:
    """Hold the writer lock of processed_dir for a whole run (ingest takes it before parsing, so
    a second ingest stops at once); leftovers of a killed run are removed first."""
    d = Path(processed_dir)
    with _lock(d):
        _cleanup(d)
        yield Writer(d)


def write_tables(tables: dict[str, pd.DataFrame], manifest: dict, processed_dir: str | Path,
                 extra: dict[str, pd.DataFrame] | None = None) -> Path:
    """Publish tables + manifest (+ extra tables) as a new generation of processed_dir in one atomic switch."""
    with writer(processed_dir) as w:
        return w.publish(tables, manifest, extra)


# ------------------------------------------------------------------------------ reading


def _processed(processed_dir: str | Path | None) -> Path:
    """processed_dir, or the project's (govstats.paths.processed_dir) when None or "" (a notebook parameter)."""
    return Path(processed_dir) if processed_dir not in (None, "") else paths.processed_dir()


def read_tables(processed_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The five processed tables of one generation, with registry dtypes: the one loader of the package.

    processed_dir None or "": the project's (govstats.paths.processed_dir), whatever the working folder.

    Read with pyarrow's ParquetFile rather than pandas.read_parquet, which goes through
    pyarrow.dataset (its import and per-file setup): ~0.05 instead of 0.07-0.10 s for the
    seed's five files in a fresh dashboard kernel. A missing table, or row counts that differ
    from the generation's manifest (files from different runs), is an error naming the folder.
    """
    d = _processed(processed_dir)
    for attempt in range(3):
        g = generation_dir(d)
        try:
            return _read_generation(d, g)
        except FileNotFoundError:
            if attempt == 2 or generation_dir(d) == g:  # not a concurrent switch: really missing
                raise
    raise AssertionError("unreachable")


def _read_generation(d: Path, g: Path) -> dict[str, pd.DataFrame]:
    import pyarrow.parquet as pq

    if g != d and not g.is_dir():  # removed by two writes since we resolved it: read_tables retries
        raise FileNotFoundError(g)
    missing = _missing(d, g)
    if missing:
        raise GovstatsError(
            f"{d}: no processed tables ({', '.join(n + '.parquet' for n in missing)} missing); run `govstats ingest` first"
        )
    out = {}
    for name in TABLE_NAMES:
        try:
            with pq.ParquetFile(g / f"{name}.parquet") as f:
                out[name] = registry.coerce(f.read().to_pandas(), name)
        except (OSError, ValueError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            raise GovstatsError(f"{g / (name + '.parquet')}: unreadable Parquet table: {exc}") from None
    rows = _manifest_at(g).get("rows") or {}
    wrong = [f"{n} has {len(out[n])} rows, manifest.json says {rows[n]}"
             for n in TABLE_NAMES if n in rows and rows[n] != len(out[n])]
    if wrong:
        raise GovstatsError(f"{d}: tables from different ingest runs ({'; '.join(wrong)}); run `govstats ingest` again")
    return out


def file_hashes(gen: str | Path) -> dict[str, str]:
    """sha256 of each table file (Parquet and CSV, extra tables included) in a generation folder, by file name."""
    import hashlib

    out = {}
    for p in sorted(Path(gen).iterdir()):
        if p.suffix in (".parquet", ".csv") and p.is_file():
            with open(p, "rb") as f:
                out[p.name] = hashlib.file_digest(f, "sha256").hexdigest()
    return out


def verify_hashes(processed_dir: str | Path) -> list[str]:
    """Table files of the published generation whose bytes differ from manifest.json's sha256,
    as "<path>: ..." lines ([] when all match, or for a generation written before hashes)."""
    g = generation_dir(processed_dir)
    want = _manifest_at(g).get("sha256")
    if not isinstance(want, dict):
        return []
    got = file_hashes(g)
    bad = []
    for name, sha in sorted(want.items()):
        if name not in got:
            bad.append(f"{g / name}: missing, manifest.json lists it")
        elif got[name] != sha:
            bad.append(f"{g / name}: changed since ingest (sha256 {got[name][:12]}…, manifest.json {str(sha)[:12]}…)")
    return bad


def _manifest_at(g: Path) -> dict:
    p = g / MANIFEST
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise GovstatsError(f"{p}: unreadable manifest: {exc}") from None
    return m if isinstance(m, dict) else {}


def read_manifest(processed_dir: str | Path | None = None) -> dict:
    """manifest.json of the published generation, {} if there is none (None or "": the project's)."""
    return _manifest_at(generation_dir(_processed(processed_dir)))
