"""`govstats draft`: argument checks and output lines (the parser is in govstats/cli.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from govstats.errors import GovstatsError, ParameterError

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def run(args: argparse.Namespace) -> int:
    """Run the draft command; the last stdout line is the path written (.docx or the template)."""
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables, load_tables, previous_from_tables
    from govstats.draft.workbook import WorkbookError, read_results, write_template
    from govstats.quarter import Quarter

    if args.template:
        if args.results:
            raise ParameterError("--template and --results exclude each other")
        try:
            print(write_template(args.template))
        except OSError as exc:
            raise GovstatsError(f"{args.template}: cannot write the template ({exc.strerror or exc})") from None
        return EXIT_OK
    if not args.region or not args.quarter:
        raise ParameterError("draft needs --region and --quarter (or --template FILE)")
    q = Quarter(args.quarter)
    issue_date = _date_option("--date", args.date) or dt.date.today()
    deadline = _date_option("--deadline", args.deadline)
    if deadline is not None and deadline < issue_date:
        raise ParameterError(f"--deadline {deadline.isoformat()} is before the issue date {issue_date.isoformat()}")
    office = _office(args)
    if args.results:
        try:
            d = read_results(args.results, args.region, q)
        except WorkbookError as exc:
            for line in exc.lines():  # one line per refused row, nothing else: the rows are the message
                print(f"govstats: {line}", file=sys.stderr)
            return EXIT_BAD_INPUT
        try:  # the previous quarter, when processed tables are there; a workbook drafts without them
            d.previous = previous_from_tables(load_tables(args.data_dir), args.region, q)
        except GovstatsError:
            d.previous = None
    else:
        d = from_tables(load_tables(args.data_dir), args.region, q)
    for note in d.notes:
        print(f"govstats: note: {note}", file=sys.stderr)
    report_figures(d)
    from govstats import paths as locations

    out = args.out if args.out is not None else locations.reports_dir() / "drafts"
    try:
        paths = draft_from_input(d, out, issue_date, args.addressees, args.issuer, office=office, deadline=deadline,
                                 review=not args.no_review, pdf=args.pdf)
    except OSError as exc:
        raise GovstatsError(f"{out}: cannot write the draft ({exc.strerror or exc})") from None
    for key in ("review_docx", "review_html", "pdf", "md", "html", "docx"):  # the .docx stays the last line
        if key in paths:
            print(paths[key])
    return EXIT_OK


def _date_option(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ParameterError(f"{name} {value!r} is not YYYY-MM-DD") from None


def _office(args: argparse.Namespace):
    """Office settings: --doc-number/--cc over --office YAML (or drafts/office.yml when it exists)."""
    from govstats.draft.office import Office, default_office_file, load_office

    path = args.office or (default_office_file() if default_office_file().is_file() else None)
    base = load_office(path) if path else Office()
    return Office(doc_number=args.doc_number, cc=args.cc).over(base)


def report_figures(d) -> None:
    """One stderr line per figure the draft prints differently from its source, leaves out, or copies unchecked."""
    from govstats.report.labels import MEASURE_LABELS_ZH

    for c in d.corrections():
        print(f"govstats: correction: {c}", file=sys.stderr)
    for key, why in d.omitted().items():
        print(f"govstats: left out: {MEASURE_LABELS_ZH.get(key, key)} ({key}) {d.stated[key][0]}: {why}", file=sys.stderr)
    for key in d.copied():
        print(f"govstats: note: {MEASURE_LABELS_ZH.get(key, key)} ({key}) is printed as the source printed it "
              "(no counts to recompute it from)", file=sys.stderr)
