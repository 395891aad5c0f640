"""The `govstats` command.

    govstats extract PATH [PATH ...] --json   one JSON object per path, one per line
    govstats figures PATH [PATH ...] [--json] what was read: figures with source and sentence, numbers left out
    govstats ingest [RAW_DIR] [--out DIR]     data/raw -> data/processed (folders default to govstats.paths)
    govstats validate [DIR]                   GX suites + reconciliation, readable failures
    govstats report --region 咸阳市 --quarter 2025Q1 [--data-dir data/processed] [--out reports]
    govstats ledger --quarter 2025Q1 [--region 咸阳市] [--data-dir data/processed] [--out reports/ledger]
    govstats build [--raw data/raw] [--data-dir data/processed] [--out reports] [--workers 2]
    govstats draft --region 咸阳市 --quarter 2025Q1 [--data-dir DIR] [--out reports/drafts] | --template X | --results X
    govstats assess RUN_DIR [--rules LOCAL.yaml] [--out DIR] [--page]   monitoring data -> veto verdicts
    govstats draft --from-assessment RUN_DIR [--out reports/drafts]      the bulletin of an assessed run

Every command prints the path it wrote as its last stdout line. Only argparse is imported at
module level; the work happens in the modules each command imports when it runs.

Errors on bad input are one line on stderr naming the file and the reason (exit 2), never
a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from govstats import __version__, paths
from govstats.errors import BulletinError, GovstatsError, ParameterError, one_line

if TYPE_CHECKING:
    from govstats.draft.model import DraftInput
    from govstats.draft.office import Office

EXIT_OK, EXIT_FAILED_CHECKS, EXIT_BAD_INPUT = 0, 1, 2


def _err(msg: str) -> None:
    """One stderr line, whatever the message holds (file names with newlines or ESC sequences)."""
    print(f"govstats: {one_line(msg)}", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    """Parse each path and print its JSON object (or a readable summary without --json)."""
    from govstats.bulletin import load_bulletin
    from govstats.ingest import FileTimeout, _time_limit, file_seconds  # ingest's per-file limit (issue 22)

    status = EXIT_OK
    seconds = file_seconds()
    for p in args.paths:
        try:
            with _time_limit(seconds):
                b = load_bulletin(p)
        except BulletinError as exc:
            _err(f"{exc.path}: {exc.reason}")
            status = EXIT_BAD_INPUT
            continue
        except FileTimeout:
            _err(f"{p}: took longer than the {seconds:g} s per-file limit (GOVSTATS_FILE_TIMEOUT)")
            status = EXIT_BAD_INPUT
            continue
        if args.json:
            print(json.dumps(b.to_json_dict(), ensure_ascii=False, separators=(",", ":")), flush=True)
        else:
            print(_summary(b))
    return status


def _summary(b) -> str:
    from govstats.bulletin import figures_flat

    i = b.info
    lines = [f"{b.bulletin_id}: {i['region'] or '?'} {i['period'] or '?'} · {i['issuer'] or '?'} · {i['issue_date'] or '?'}"]
    for k, v in figures_flat(b.figures).items():
        lines.append(f"  {k} = {v}")
    lines.append(f"  websites: {len(b.websites)} rows · new_media: {len(b.new_media)} rows")
    for r in b.failed_checks().itertuples():
        lines.append(f"  [{r.severity}] {r.check}: {r.message}")
    for r in b.checks[b.checks["ok"].isna()].itertuples():  # could not be made: neither pass nor fail
        lines.append(f"  [not checked] {r.check}: {r.message}")
    return "\n".join(lines)


def cmd_figures(args: argparse.Namespace) -> int:
    """What the figure reader read from each file: every figure with its value, source (text or
    the analyst's .figures.yml) and sentence, then every number it left out and why."""
    from govstats.bulletin import load_bulletin
    from govstats.report.labels import FIGURE_LABELS_ZH

    status = EXIT_OK
    for p in args.paths:
        try:
            b = load_bulletin(p)
        except BulletinError as exc:
            _err(f"{exc.path}: {exc.reason}")
            status = EXIT_BAD_INPUT
            continue
        figs = b.records("figures")
        if args.json:
            keep = ("measure", "breakdown", "value", "unit", "precision", "stated_text", "source", "sentence")
            print(json.dumps({"bulletin_id": b.bulletin_id, "figures": [{k: r[k] for k in keep} for r in figs],
                              "abstained": [{"reason": r, "sentence": s} for r, s in b.abstained]},
                             ensure_ascii=False, separators=(",", ":")), flush=True)
            continue
        print(f"{p}")
        for r in figs:
            key = r["measure"] + (f"[{r['breakdown']}]" if r["breakdown"] is not None else "")
            label = FIGURE_LABELS_ZH.get(r["measure"])
            print(f"  {key}{f' {label}' if label else ''} = {r['stated_text']} ({r['source']}): 「{one_line(' '.join(r['sentence'].split()))}」")
        for reason, sentence in b.abstained:
            print(f"  abstained: {one_line(reason)}: 「{one_line(' '.join(sentence.split()))}」")
        n_an = sum(r["source"] == "analyst" for r in figs)
        print(f"{p}: {len(figs)} figures ({n_an} from the analyst), {len(b.abstained)} numbers left out")
    return status


def cmd_ingest(args: argparse.Namespace) -> int:
    from govstats.ingest import ingest

    res = ingest(args.raw_dir, args.out, workers=args.workers, progress=sys.stderr.isatty(), force=args.force)
    for w in res.warnings:
        print(f"warning: {one_line(w)}", file=sys.stderr)
    for path, reason in res.skipped:
        print(f"skipped: {one_line(path)}: {one_line(reason)}", file=sys.stderr)
    if res.refused:
        _err(res.refused)
        return EXIT_BAD_INPUT
    print(one_line(res.summary()))
    return EXIT_BAD_INPUT if res.skipped else EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from govstats.validate import run_validate

    processed = Path(args.processed_dir) if args.processed_dir else paths.processed_dir()
    docs = paths.docs_dir() if args.docs is None else Path(args.docs) if args.docs else None
    return run_validate(processed, docs)


def cmd_report(args: argparse.Namespace) -> int:
    """Render one page (dashboard, quarter overview or region trend); bad parameters exit 2 before any kernel."""
    from govstats.report.pages import page_for, render_page

    region, quarter = _official_forms(args.region, args.quarter)
    print(render_page(page_for(region, quarter), args.data_dir, args.out, self_contained=args.self_contained))
    return EXIT_OK


def _official_forms(region: str | None, quarter: str | None) -> tuple[str | None, str | None]:
    """--quarter as officials type it (2025年第一季度, 2025年一季度, 2025-Q1 -> 2025Q1); --region as
    given: a unique short name (咸阳) is resolved against the data, with "did you mean" otherwise."""
    from govstats.quarter import Quarter

    return (region.strip() if region else region), (str(Quarter(quarter)) if quarter else quarter)


def cmd_ledger(args: argparse.Namespace) -> int:
    """Write the 整改台账 workbook of a quarter (optionally one region)."""
    from govstats.report.ledger import write_ledger_for

    region, quarter = _official_forms(args.region, args.quarter)
    print(write_ledger_for(quarter, region, args.data_dir, args.out))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Ingest, validate, render every dashboard, the index and the ledgers."""
    from govstats.build import build

    docs = paths.docs_dir() if args.docs is None else args.docs or None
    res = build(args.raw, args.data_dir, args.out, workers=args.workers, validate=not args.no_validate,
                docs_dir=docs, force=args.force, warm=not args.fresh_kernels, self_contained=args.self_contained)
    print(res.summary())
    print(res.index)
    return res.exit_code  # 0 pages built (findings included), 1 a page or step failed, 2 unreadable raw files


def cmd_draft(args: argparse.Namespace) -> int:
    """Write the results template, or draft a bulletin from the processed tables or a filled workbook.

    The last stdout line is the path written (.docx, or the template).
    """
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables, previous_from_tables
    from govstats.draft.workbook import WorkbookError, read_results, write_template
    from govstats.quarter import Quarter
    from govstats.store import read_tables

    if args.template:
        if args.results:
            raise ParameterError("--template and --results exclude each other")
        try:
            print(write_template(args.template))
        except OSError as exc:
            raise GovstatsError(f"{args.template}: cannot write the template ({exc.strerror or exc})") from None
        return EXIT_OK
    if args.from_assessment:
        if args.results or args.region or args.quarter:
            raise ParameterError("--from-assessment takes region and quarter from the run; "
                                 "it excludes --region, --quarter, --template and --results")
    elif not args.region or not args.quarter:
        raise ParameterError("draft needs --region and --quarter (or --template FILE, or --from-assessment RUN_DIR)")
    issue_date = _date_option("--date", args.date) or dt.date.today()
    deadline = _date_option("--deadline", args.deadline)
    if deadline is not None and deadline < issue_date:
        raise ParameterError(f"--deadline {deadline.isoformat()} is before the issue date {issue_date.isoformat()}")
    office = _office(args)
    out = args.out if args.out is not None else paths.reports_dir() / "drafts"
    options = {"office": office, "deadline": deadline, "review": not args.no_review, "pdf": args.pdf}
    if args.from_assessment:  # monitoring data -> verdicts -> the bulletin's tables -> this draft
        from govstats.assess.writer import draft_from_assessment

        d, written = draft_from_assessment(args.from_assessment, out, issue_date, args.addressees, args.issuer,
                                           **options)
        for note in d.notes:
            _err(f"note: {note}")
        return _print_written(written)
    q = Quarter(args.quarter)
    if args.results:
        try:
            d = read_results(args.results, args.region, q)
        except WorkbookError as exc:
            for line in exc.lines():  # one line per refused row, nothing else: the rows are the message
                _err(line)
            return EXIT_BAD_INPUT
        try:  # the previous quarter, when processed tables are there; a workbook drafts without them
            d.previous = previous_from_tables(read_tables(args.data_dir), args.region, q)
        except GovstatsError:
            d.previous = None
    else:
        d = from_tables(read_tables(args.data_dir), args.region, q)
    for note in d.notes:
        _err(f"note: {note}")
    _report_draft_figures(d)
    try:
        written = draft_from_input(d, out, issue_date, args.addressees, args.issuer, **options)
    except OSError as exc:
        raise GovstatsError(f"{out}: cannot write the draft ({exc.strerror or exc})") from None
    return _print_written(written)


def _print_written(written: dict[str, Path]) -> int:
    """The draft's files on stdout, the .docx last (the CLI's last-line contract)."""
    for key in ("review_docx", "review_html", "pdf", "md", "html", "docx"):
        if key in written:
            print(written[key])
    return EXIT_OK


def _date_option(name: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option as a date (None when not given); a bad value is a ParameterError."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ParameterError(f"{name} {value!r} is not YYYY-MM-DD") from None


def _office(args: argparse.Namespace) -> Office:
    """Office settings: --doc-number/--cc over --office YAML (or drafts/office.yml when it exists)."""
    from govstats.draft.office import Office, default_office_file, load_office

    path = args.office or (default_office_file() if default_office_file().is_file() else None)
    base = load_office(path) if path else Office()
    return Office(doc_number=args.doc_number, cc=args.cc).over(base)


def _report_draft_figures(d: DraftInput) -> None:
    """One stderr line per figure the draft prints differently from its source, leaves out, or copies unchecked."""
    from govstats.registry import FIGURE_LABELS_ZH

    for c in d.corrections():
        _err(f"correction: {c}")
    for key, why in d.omitted().items():
        _err(f"left out: {FIGURE_LABELS_ZH.get(key, key)} ({key}) {d.stated[key][0]}: {why}")
    for key in d.copied():
        _err(f"note: {FIGURE_LABELS_ZH.get(key, key)} ({key}) is printed as the source printed it "
             "(no counts to recompute it from)")


# ---- govstats assess / draft --from-assessment (issue 20): monitoring data -> verdicts -> draft


def cmd_assess(args: argparse.Namespace) -> int:
    """Assess a monitoring run folder; the verdicts' path is the last stdout line."""
    from govstats.assess.writer import render_assessment_page, run_assess

    a, verdicts = run_assess(args.run_dir, args.rules, args.out)
    for note in a.notes:
        print(f"govstats: note: {one_line(note)}", file=sys.stderr)
    for key, (value, precision) in a.figures.items():
        print(f"{key} = {value}" + ("%" if precision is not None else ""))
    if args.page:
        print(render_assessment_page(verdicts.parent, args.reports))
    print(verdicts)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govstats", description="Inspection bulletins (政府网站与政务新媒体检查通报) as validated tables.")
    p.add_argument("--version", action="version", version=f"govstats {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="parse bulletins and print their tables")
    e.add_argument("paths", nargs="+", help="bulletin files (.txt, .html, .xlsx) or folders")
    e.add_argument("--json", action="store_true", help="one JSON object per path, one per line")
    e.set_defaults(func=cmd_extract)

    fg = sub.add_parser("figures", help="print each figure read from bulletins (value, source, sentence) "
                        "and each number left out with its reason")
    fg.add_argument("paths", nargs="+", help="bulletin files or folders (a <file>.figures.yml beside one is applied)")
    fg.add_argument("--json", action="store_true", help="one JSON object per path: figures (long form) and abstained")
    fg.set_defaults(func=cmd_figures)

    i = sub.add_parser("ingest", help="read data/raw and write data/processed")
    i.add_argument("raw_dir", nargs="?", default=None, help="default: data/raw of the project (GOVSTATS_HOME)")
    i.add_argument("--out", default=None, help="default: data/processed of the project")
    i.add_argument("--workers", type=int, default=None, help="processes (default: up to 2)")
    i.add_argument("--force", action="store_true", help="replace existing tables even when no bulletin was read")
    i.set_defaults(func=cmd_ingest)

    v = sub.add_parser("validate", help="run the GX suites and reconciliation checks on data/processed")
    v.add_argument("processed_dir", nargs="?", default=None, help="default: data/processed of the project")
    v.add_argument("--docs", default=None, help="folder for GX Data Docs (default <project>/gx_docs; '' to skip)")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("report", help="render one page (HTML, offline): a dashboard, a quarter overview or a region trend",
                       description="--region and --quarter: that region's dashboard; --quarter alone: the quarter "
                                   "across every region; --region alone: that region across all its quarters.")
    r.add_argument("--region", default=None, help="region name as in the bulletins table, e.g. 咸阳市 (or 咸阳)")
    r.add_argument("--quarter", default=None, help="inspection quarter: 2025Q1, 2025-Q1, 2025年第一季度 or 2025年一季度")
    r.add_argument("--data-dir", default=None, help="default: data/processed of the project (GOVSTATS_HOME)")
    r.add_argument("--out", default=None, help="writes <out>/<region>/<quarter>.html, <out>/overview/<quarter>.html "
                                               "or <out>/<region>/trend.html (default <project>/reports)")
    r.add_argument("--self-contained", action="store_true",
                   help="inline plotly.js (one ~5 MB file to e-mail) instead of linking the shared copy beside the pages")
    r.set_defaults(func=cmd_report)

    lg = sub.add_parser("ledger", help="write the 整改台账 workbook of a quarter (xlsx)")
    lg.add_argument("--quarter", required=True)
    lg.add_argument("--region", default=None, help="only this region (file <quarter>-<region>.xlsx)")
    lg.add_argument("--data-dir", default=None, help="default: data/processed of the project")
    lg.add_argument("--out", default=None, help="default: <project>/reports/ledger")
    lg.set_defaults(func=cmd_ledger)

    b = sub.add_parser("build", help="ingest, validate, render every dashboard, the index and the ledgers")
    b.add_argument("--raw", default=None, help="default: data/raw of the project (GOVSTATS_HOME)")
    b.add_argument("--data-dir", default=None, help="default: data/processed of the project")
    b.add_argument("--out", default=None, help="default: <project>/reports")
    b.add_argument("--workers", type=int, default=2, help="dashboard processes (default 2)")
    b.add_argument("--no-validate", action="store_true", help="skip the GX validation step")
    b.add_argument("--docs", default=None, help="folder for GX Data Docs (default <project>/gx_docs; '' to skip)")
    b.add_argument("--force", action="store_true", help="re-render every page, even those whose inputs are unchanged")
    b.add_argument("--fresh-kernels", action="store_true", help="one fresh kernel per page (slower; for comparison)")
    b.add_argument("--self-contained", action="store_true",
                   help="inline plotly.js into every page (~5 MB each) instead of one shared copy beside them")
    b.set_defaults(func=cmd_build)

    d = sub.add_parser("draft", help="draft the bulletin of a region and quarter (.docx, Markdown, HTML)")
    d.add_argument("--region", help="region as in the data (咸阳市)")
    d.add_argument("--quarter", help="quarter such as 2025Q1")
    d.add_argument("--data-dir", default=None, help="processed tables, also for the previous quarter "
                   "(default: data/processed of the project)")
    d.add_argument("--out", default=None, help="folder for the draft files (default: <project>/reports/drafts)")
    d.add_argument("--template", metavar="XLSX", help="write an empty results workbook to XLSX and stop")
    d.add_argument("--results", metavar="XLSX", help="draft from a filled results workbook instead")
    d.add_argument("--date", help="issue date YYYY-MM-DD (default: today)")
    d.add_argument("--issuer", help="issuing office (default: from the data, else <region>人民政府办公室)")
    d.add_argument("--addressees", help="主送 line (default: by the region's level)")
    d.add_argument("--deadline", help="feedback deadline YYYY-MM-DD, not before --date (default: the source's "
                   "deadline at the same distance from --date as from the source's date)")
    d.add_argument("--office", metavar="YAML", help="the office's settings: 发文机关, 发文机关标志, 文号, 主送, 抄送, "
                   "印发机关 (default: <project>/drafts/office.yml when it exists)")
    d.add_argument("--doc-number", help="文号 of the draft, e.g. 咸政办发〔2025〕12号 (default: office YAML, else the source's)")
    d.add_argument("--cc", help="抄送 line of the 版记 (default: office YAML)")
    d.add_argument("--pdf", action="store_true", help="also write the PDF from the .docx (LibreOffice headless)")
    d.add_argument("--no-review", action="store_true", help="no review copies (-review.docx/.html) even when "
                   "figures differ from the source")
    d.add_argument("--from-assessment", metavar="RUN_DIR", help="draft from a monitoring run assessed by "
                   "`govstats assess` (the run folder, or its output folder)")
    d.set_defaults(func=cmd_draft)

    a = sub.add_parser("assess", help="veto verdicts (国办秘函〔2019〕19号) from a monitoring run folder",
                       description="Reads run.yaml and the input tables of RUN_DIR (docs/assess.md), writes "
                                   "verdicts, units and the bulletin-schema tables; the last line is the verdicts' path.")
    a.add_argument("run_dir", help="monitoring run folder (run.yaml + sites, probes, … as CSV, Parquet or xlsx)")
    a.add_argument("--rules", default=None, help="the office's local rules (YAML); default: run.yaml's local_rules")
    a.add_argument("--out", default=None, help="output folder (default: data/processed/assess/<run folder name>)")
    a.add_argument("--page", action="store_true", help="also render the evidence page (reports/assess/<run>.html)")
    a.add_argument("--reports", default=None, help="folder for --page (default: <project>/reports)")
    a.set_defaults(func=cmd_assess)
    return p


#: Commands whose modules log nothing: they skip importing logging (start-up of extract on many files).
_NO_LOGGING = ("extract", "figures")


def _log_to_stderr() -> None:
    """Stage summary lines (ingest, pages, build) from govstats' loggers go to stderr, one line each."""
    import logging

    logger = logging.getLogger("govstats")
    if not any(getattr(h, "_govstats", False) for h in logger.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("govstats: %(message)s"))
        h._govstats = True  # type: ignore[attr-defined]
        logger.addHandler(h)
        logger.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command not in _NO_LOGGING:
        _log_to_stderr()
    try:
        return args.func(args)
    except GovstatsError as exc:
        _err(str(exc))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug or an environment fault: still one line, traceback on request
        if os.environ.get("GOVSTATS_DEBUG"):
            raise
        _err(f"{args.command} failed: {type(exc).__name__}: {' '.join(str(exc).split())} "
             "(set GOVSTATS_DEBUG=1 for the traceback)")
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
