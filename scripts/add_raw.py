"""Add a bulletin to data/raw/<region>/<period>/ with its .source.yml provenance sidecar.

    python scripts/add_raw.py FILE --region 咸阳市 --period 2025Q1 --url URL [--accessed YYYY-MM-DD] [--note TEXT]
    python scripts/add_raw.py --from-corpus ID [ID ...] [--corpus PATH] [--region NAME]

--region is the analyst's word on where the bulletin belongs: the folder it is filed under and a
``region`` key in the sidecar. A name outside the GB/T 2260 table (西咸新区, 杨凌示范区, a 高新区)
gets its pages keyed by that name (govstats.normalize.region.named_outside_table).

The sidecar records where the file came from and its SHA-256; `govstats ingest` refuses a
raw file whose bytes no longer match. Existing raw files are never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import yaml

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def _part(value: str, what: str) -> str:
    """value as one path component: no separators, no '.' or '..', no control characters."""
    if (not value or value in (".", "..") or "/" in value or "\\" in value or "\0" in value
            or any(ord(c) < 32 for c in value)):
        sys.exit(f"add_raw: {what} {value!r} must be a single folder or file name (no '/', '..' or control characters)")
    return value


def add(data: bytes, name: str, region: str, period: str, meta: dict, raw: Path = RAW) -> Path:
    """Write data as raw/<region>/<period>/<name> with its sidecar; never outside raw, never over a file."""
    folder = raw / _part(region, "--region") / _part(period, "--period")
    target = folder / _part(name, "file name")
    if not target.resolve().is_relative_to(raw.resolve()):  # a symlinked region folder pointing elsewhere
        sys.exit(f"add_raw: {target} would be written outside {raw}")
    folder.mkdir(parents=True, exist_ok=True)
    if target.exists():
        sys.exit(f"{target} exists; raw data is never overwritten")
    target.write_bytes(data)
    side = dict(meta, region=region, file=name, sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    target.with_name(name + ".source.yml").write_text(yaml.safe_dump(side, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", nargs="?")
    ap.add_argument("--region")
    ap.add_argument("--period")
    ap.add_argument("--url")
    ap.add_argument("--accessed", default=dt.date.today().isoformat())
    ap.add_argument("--note", default="")
    ap.add_argument("--from-corpus", nargs="*", default=[])
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "tests/data/corpus/bulletins.jsonl"))
    ap.add_argument("--raw", default=str(RAW), help="the raw data folder (default: data/raw of this checkout)")
    a = ap.parse_args(argv)
    raw = Path(a.raw)
    if a.from_corpus:
        recs = {r["id"]: r for r in map(json.loads, Path(a.corpus).read_text(encoding="utf-8").splitlines())}
        for rid in a.from_corpus:
            r = recs[rid]
            region = a.region or r["region"].split("(")[0].split(" ")[0]
            period = f"{r['year']}Q{r['quarter']}" if r.get("quarter") else str(r["year"])
            meta = {"url": r["url"], "accessed": a.accessed, "title": r.get("title"), "issuer": r.get("issuer"),
                    "note": "Text as stored in the govstats corpus (public government document); "
                    + ("opening part only." if not r.get("complete") else "complete body.")
                    + (" Non-government mirror." if r.get("mirror") else "")}
            print(add(r["text"].encode("utf-8") + b"\n", f"{rid}.txt", region, period, meta, raw))
        return
    if not (a.file and a.region and a.period and a.url):
        ap.error("FILE, --region, --period and --url are required")
    p = Path(a.file)
    print(add(p.read_bytes(), p.name, a.region, a.period, {"url": a.url, "accessed": a.accessed, "note": a.note}, raw))


if __name__ == "__main__":
    main()
