"""argparse wiring for `govstats report`, `govstats build` and `govstats ledger`.

    govstats report --region 咸阳市 --quarter 2025Q1 [--data-dir data/processed] [--out reports]
    govstats ledger --quarter 2025Q1 [--region 咸阳市] [--data-dir data/processed] [--out reports/ledger]
    govstats build [--raw data/raw] [--data-dir data/processed] [--out reports] [--workers 2]

Each command prints the path it wrote as its last stdout line. Only argparse is imported at
module level (cli.py imports this module); the work happens in report/ledger/build.
"""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def cmd_report(args: argparse.Namespace) -> int:
    """Render one dashboard; bad region/quarter is a one-line error (exit 2) before any kernel starts."""
    from govstats.report import render_dashboard

    r = render_dashboard(args.region, args.quarter, args.data_dir, args.out)
    print(r.path)
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from govstats.ledger import write_ledger_for

    print(write_ledger_for(args.quarter, args.region, args.data_dir, args.out))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from govstats import paths
    from govstats.build import build

    docs = paths.docs_dir() if args.docs is None else args.docs or None
    res = build(args.raw, args.data_dir, args.out, workers=args.workers, validate=not args.no_validate,
                docs_dir=docs)
    print(res.summary())
    print(res.index)
    return EXIT_OK if res.ok else EXIT_FAILED


def register(sub: argparse._SubParsersAction) -> None:
    """Add the report, ledger and build subcommands to the govstats parser."""
    r = sub.add_parser("report", help="render one quarterly dashboard (HTML, offline)")
    r.add_argument("--region", required=True, help="region name as in the bulletins table, e.g. 咸阳市")
    r.add_argument("--quarter", required=True, help="inspection quarter, e.g. 2025Q1")
    r.add_argument("--data-dir", default=None, help="default: data/processed of the project (GOVSTATS_HOME)")
    r.add_argument("--out", default=None, help="writes <out>/<region>/<quarter>.html (default <project>/reports)")
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
    b.set_defaults(func=cmd_build)
