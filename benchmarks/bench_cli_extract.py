"""`govstats extract --json` from the command line: `python -m benchmarks.bench_cli_extract [--n N]`.

Writes N bulletin files per case into a temp folder and times ONE `govstats extract --json` process
over all of them, start-up and imports included (what a user pays), best of --repeat runs:
  * corpus texts: the labelled real bulletins (../shared/corpus, else tests/data/corpus), numbers
    jittered after the first copy of each so no two files are the same;
  * the seed with its annex lists (5 websites, 11 accounts in the flattened form), numbers jittered;
  * linear time: the seed with its annex rows repeated ×1, ×4, ×16 (N/4 files each): µs per kB of text.
Beside each, same-run baselines on the same files: `cat` (reading the bytes) and the interpreter
start-up with every module `extract` imports (the floor a process pays before its first file).
Then, for the corpus and seed cases, where one file's time goes: CPU µs per file of each stage of
`load_bulletin` + the JSON line, in this process after one warm-up file (start-up excluded).
Goal: ≥ 1,000 bulletins/s per process (issue 17, item 5). Exit 1 when a case misses it or the output
is not one JSON line per file, exit 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT.parent.parent / "shared" / "corpus" / "bulletins.jsonl", Path("/work/shared/corpus/bulletins.jsonl"),
           ROOT / "tests" / "data" / "corpus" / "bulletins.jsonl")
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
GOAL_PER_S = 1000.0
GOVSTATS = [sys.executable, "-m", "govstats.cli"]
# every module `extract` imports before its first file: the start-up floor of the process
FLOOR = ("import govstats.cli, govstats.bulletin, govstats.checks, govstats.parse.figures, govstats.parse.meta, "
         "govstats.parse.names, govstats.normalize.region, govstats.normalize.problems, govstats.assemble, "
         "govstats.readers.flattext, govstats.overrides, json")

_ROW_START = re.compile(r"(\d{1,4}) \|")
_NUM = re.compile(r"(?<![\d.])(\d{1,4})(?![\d.%])")


def jitter(text: str, rng: random.Random) -> str:
    """Scale bare integers (not dates, years or rates) by one random factor: same shapes, new numbers."""
    f = rng.uniform(0.5, 2.0)

    def sub(m: re.Match[str]) -> str:
        v = int(m.group(1))
        if text[m.end() : m.end() + 1] in "年月日号期季" or v >= 1900:
            return m.group(1)
        return str(max(1, round(v * f)))

    return _NUM.sub(sub, text)


def corpus_texts() -> list[str]:
    path = next(p for p in CORPORA if p.exists())
    return [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def seed_scaled(k: int) -> str:
    """The seed with each annex's rows repeated k times and renumbered: about k× the annex text.

    The seed's annexes are flattened one cell per line ("序号 |", "1 |", "兴平市人民政府 |", …); a row
    starts at a line holding only the next row number; a table's rows end at the first line without " |".
    """
    out: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        n = 0
        for _ in range(k):
            for row in rows:
                n += 1
                out.extend([f"{n} |", *row[1:]])
        rows.clear()

    for ln in SEED.read_text(encoding="utf-8").split("\n"):
        m = _ROW_START.fullmatch(ln.strip())
        if m and int(m.group(1)) == len(rows) + 1:  # the next row number (a 10-digit site code is a cell)
            rows.append([ln])
        elif rows and ln.rstrip().endswith("|"):
            rows[-1].append(ln)
        else:
            flush()
            out.append(ln)
    flush()
    return "\n".join(out)


def write(folder: Path, texts: list[str], n: int, seed: int) -> list[Path]:
    """n files cycling through texts; every copy after the first of a text has its numbers jittered."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    files = []
    for i in range(n):
        t = texts[i % len(texts)]
        p = folder / f"b{i:05d}.txt"
        p.write_text(t if i < len(texts) else jitter(t, rng), encoding="utf-8")
        files.append(p)
    return files


def timed(cmd: list[str], cwd: Path, repeat: int, stdout_lines: int | None = None) -> tuple[float, float]:
    """(best wall seconds, CPU seconds of that run) of a command; checks the JSON line count."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run(cmd, cwd=cwd, capture_output=True)
        wall = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd[:4])} …: exit {r.returncode}: {r.stderr.decode(errors='replace')[:300]}")
        lines = r.stdout.count(b"\n")
        if stdout_lines is not None and lines != stdout_lines:
            raise SystemExit(f"expected {stdout_lines} JSON lines, got {lines}")
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        best = min(best, (wall, cpu))
    return best


STAGES = ("read", "normalize", "meta", "region", "figures", "annex rows", "checks", "json")


def stage_costs(files: list[Path]) -> dict[str, float]:
    """CPU µs per file of each stage `govstats extract --json` runs (bulletin.parse_raw's order).

    Calls the same functions parse_raw calls, one stage at a time, so the sum is close to (not
    exactly) one load_bulletin: parse_raw also builds records and path hints between them.
    """
    from govstats import assemble
    from govstats.bulletin import load_bulletin
    from govstats.checks import reconcile
    from govstats.normalize.region import bulletin_region
    from govstats.parse.figures import extract_figures
    from govstats.parse.meta import parse_meta
    from govstats.readers import read_raw
    from govstats.textnorm import normalize

    load_bulletin(files[0])  # lazy tables, caches and first-use compiles: start-up, not per file
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    for f in files:
        t0 = clock()
        raw = read_raw(f)
        t1 = clock()
        nt = normalize(raw.text)
        t2 = clock()
        titles = [g.title for g in raw.grids if g.title]
        meta = parse_meta(nt, raw.title_hint, titles)
        t3 = clock()
        bulletin_region(meta.issuer, [meta.title, raw.title_hint, *titles], nt.text, None)
        t4 = clock()
        figs = extract_figures(nt)
        t5 = clock()
        websites, new_media, _ = assemble.annex_records(raw.grids, f.stem, None)
        t6 = clock()
        reconcile(figs, websites, new_media, nt)
        t7 = clock()
        b = load_bulletin(f)  # the JSON line is made from the whole Bulletin: load it untimed
        t8 = clock()
        json.dumps(b.to_json_dict(), ensure_ascii=False, separators=(",", ":"))
        t9 = clock()
        for name, start, end in zip(STAGES, (t0, t1, t2, t3, t4, t5, t6, t8), (t1, t2, t3, t4, t5, t6, t7, t9)):
            spent[name] += end - start
    return {k: v / len(files) * 1e6 for k, v in spent.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="files per case (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (default 3)")
    ap.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_cli_extract_"))
    res: dict[str, dict[str, float]] = {}
    ok = True
    try:
        cases = {
            "corpus texts": write(tmp / "corpus", corpus_texts(), args.n, 1),
            "seed with annexes": write(tmp / "seed", [seed_scaled(1)], args.n, 2),
        }
        for k in (1, 4, 16):
            cases[f"seed, annex ×{k}"] = write(tmp / f"x{k}", [seed_scaled(k)], max(1, args.n // 4), 10 + k)
        floor_wall, floor_cpu = timed([sys.executable, "-c", FLOOR], ROOT, args.repeat)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
              f"start-up floor (python + imports): {floor_wall * 1000:.0f} ms wall, {floor_cpu * 1000:.0f} ms CPU")
        print(f"{'case':20} {'files':>6} {'kB/file':>8} {'extract/s':>10} {'(CPU)':>8} {'CPU µs/kB':>9} "
              f"{'cat/s':>9}  goal ≥ {GOAL_PER_S:.0f}/s")
        for name, files in cases.items():
            rel = [str(p.relative_to(tmp)) for p in files]
            kb = sum(p.stat().st_size for p in files) / 1000
            wall, cpu = timed([*GOVSTATS, "extract", "--json", *rel], tmp, args.repeat, len(files))
            cat_wall, _ = timed(["cat", *rel], tmp, args.repeat)
            per_kb = (cpu - floor_cpu) / kb * 1e6  # CPU: steadier than wall on a shared machine
            res[name] = {"files": len(files), "kb_per_file": kb / len(files), "per_s": len(files) / wall,
                         "per_cpu_s": len(files) / cpu, "us_per_kb": per_kb, "cat_per_s": len(files) / cat_wall,
                         "wall_s": wall, "cpu_s": cpu}
            goal = "" if name.startswith("seed, annex") else (
                "ok" if len(files) / wall >= GOAL_PER_S else
                "BELOW GOAL (ok in CPU time)" if len(files) / cpu >= GOAL_PER_S else "BELOW GOAL")
            ok &= not goal.startswith("BELOW GOAL")
            print(f"{name:20} {len(files):6d} {kb / len(files):8.1f} {len(files) / wall:10.0f} {len(files) / cpu:8.0f} "
                  f"{per_kb:9.0f} {len(files) / cat_wall:9.0f}  {goal}")
        x1, x16 = res["seed, annex ×1"]["us_per_kb"], res["seed, annex ×16"]["us_per_kb"]
        linear = x16 <= 1.5 * x1
        print(f"CPU time per kB (start-up floor removed), annex ×16 vs ×1: ×{x16 / x1:.2f} "
              f"({'linear' if linear else 'NOT linear'})")
        stages = {name: stage_costs(cases[name]) for name in ("corpus texts", "seed with annexes")}
        print("CPU µs per file by stage, in process after a warm-up file (start-up excluded):")
        print(f"{'case':20} " + " ".join(f"{s:>10}" for s in STAGES))
        for name, cost in stages.items():
            print(f"{name:20} " + " ".join(f"{cost[s]:10.0f}" for s in STAGES))
        if args.json:
            Path(args.json).write_text(json.dumps({"floor_wall_s": floor_wall, "cases": res, "stages_us": stages},
                                                  indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok and linear else 1


if __name__ == "__main__":
    raise SystemExit(main())
