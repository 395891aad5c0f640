"""Validate the canonical tables with Great Expectations (GX Core 1.x) and explain the failures.

This is the only govstats module that imports great_expectations, and only inside functions:
the import costs about 3-5 s, so ``import govstats`` must not pay it.

Suites are hand-written JSON in ``expectations/<table>.json``. Each table is validated in ONE
GX run over the whole corpus (all bulletins concatenated, told apart by ``bulletin_id``); a GX
run has a fixed cost of tens of milliseconds, so one run per bulletin would be much slower
(``python -m benchmarks.bench_validation`` measures it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import paths
from govstats.checks import check_records, failed_mask, reconcile
from govstats.errors import GovstatsError, one_line
from govstats.parse.figures import Figure
from govstats.registry import coerce, empty_frame, severity_rank
from govstats.report.validation import PAGE_NAME, write_validation_page
from govstats.store import read_tables, verify_hashes

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_DOCS_DIR",
    "SUITES_DIR",
    "Failure",
    "ValidationReport",
    "build_data_docs",
    "load_suite",
    "hidden_checks",
    "readable_failures",
    "recompute_checks",
    "run_validate",
    "validate_tables",
]

#: Suites shipped with the package (govstats/expectations -> <repo>/expectations/<table>.json).
SUITES_DIR = paths.suites_dir()
#: Where ``govstats validate`` writes Data Docs when no folder is given (git-ignored).
DEFAULT_DOCS_DIR = paths.docs_dir()

# COMPLETE gives every unexpected row with its bulletin_id; the pandas "index query" it would
# also build is a long string nobody reads, so it is turned off.
_RESULT_FORMAT: dict[str, Any] = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": ["bulletin_id"],
    "return_unexpected_index_query": False,
    "partial_unexpected_count": 20,
}
_N_EXAMPLES = 3  # examples shown per readable line
_N_BULLETINS = 5  # bulletin ids shown per readable line
_SUITE_KEYS = {"name", "notes", "meta", "expectations"}
_EXPECTATION_KEYS = {"type", "kwargs", "meta", "notes", "description", "severity"}


@dataclass(frozen=True)
class Failure:
    """One failed expectation, summarised for people: where, how often, examples, which bulletins."""

    table: str
    expectation: str  # GX expectation type, e.g. expect_column_values_to_match_regex
    column: str | None  # column, "a+b" for compound/pair expectations, None for table-level ones
    unexpected_count: int | None  # None when GX raised instead of counting (see notes)
    examples: list[Any]
    bulletin_ids: list[str]
    notes: str  # the suite's meta.notes (why the rule exists), or the GX exception message
    condition: str | None = None  # row condition the expectation ran under, e.g. "severity == error"


@dataclass
class ValidationReport:
    """Outcome of :func:`validate_tables`: per-table success, failures, and the raw GX results."""

    table_success: dict[str, bool]
    failures: list[Failure]
    row_counts: dict[str, int]
    #: Raw ``ExpectationSuiteValidationResult`` per table (``.to_json_dict()`` for storage).
    raw_results: dict[str, Any]
    seconds: float = 0.0  # validation wall time, without the one-off GX import
    #: The ephemeral GX context that holds the suites and results; build_data_docs renders it.
    context: Any = field(default=None, repr=False)

    @property
    def success(self) -> bool:
        """True when every validated table passed its suite."""
        return all(self.table_success.values())

    def to_frame(self) -> pd.DataFrame:
        """Failures as a DataFrame (one row per failed expectation), for dashboards and Excel."""
        import pandas as pd

        cols = [
            "table",
            "expectation",
            "column",
            "condition",
            "unexpected_count",
            "examples",
            "bulletin_ids",
            "notes",
        ]
        rows = [{c: getattr(f, c) for c in cols} for f in self.failures]
        df = pd.DataFrame(rows, columns=cols)
        return df.astype({"unexpected_count": "Int64"})


# --------------------------------------------------------------------------- GX plumbing


@contextmanager
def _quiet_gx() -> Iterator[None]:
    """Quiet GX: analytics off, sre_* DeprecationWarnings ignored while inside, and the
    ``great_expectations`` logger raised to WARNING (once, unless the application set a level)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    gx_logger = logging.getLogger("great_expectations")
    if gx_logger.level == logging.NOTSET:  # respect a level the application chose
        gx_logger.setLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"module .sre_(constants|parse). is deprecated", DeprecationWarning)
        yield


def _new_context() -> Any:
    """An ephemeral GX context with progress bars off (they would print to stderr)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def load_suite(path: Path) -> Any:
    """Read one hand-written suite JSON into a ``gx.ExpectationSuite``.

    GX's own constructor logs and DROPS an expectation whose configuration is invalid; here
    every entry is built explicitly so a typo in a suite fails loudly with the file and index.
    """
    with _quiet_gx():
        import great_expectations as gx
        from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or set(doc) - _SUITE_KEYS or "name" not in doc:
            raise ValueError(f"{path}: a suite is an object with keys {sorted(_SUITE_KEYS)} (name required)")
        expectations = []
        for i, entry in enumerate(doc.get("expectations", [])):
            extra = set(entry) - _EXPECTATION_KEYS
            if extra:
                raise ValueError(f"{path}: expectation {i} has unknown keys {sorted(extra)}")
            try:
                expectations.append(ExpectationConfiguration(**entry).to_domain_obj())
            except Exception as exc:  # GX raises several unrelated types here
                raise ValueError(f"{path}: expectation {i} ({entry.get('type')}): {exc}") from exc
        notes = doc.get("notes")
        return gx.ExpectationSuite(
            name=doc["name"], expectations=expectations, meta=doc.get("meta"), notes=notes
        )


def _suite_paths(suites_dir: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(Path(suites_dir).glob("*.json"))}


def _condition_text(cond: Any) -> str | None:
    """A GX 1.x row condition (object or its dict form) as text: ``severity == error``."""
    if cond is None:
        return None
    if hasattr(cond, "dict"):
        cond = cond.dict()
    if not isinstance(cond, dict):
        return str(cond)
    kind = cond.get("type")
    if kind in ("and", "or"):
        return f" {kind.upper()} ".join(f"({_condition_text(c)})" for c in cond.get("conditions", []))
    col = (cond.get("column") or {}).get("name")
    if kind == "comparison":
        return f"{col} {cond.get('operator')} {cond.get('parameter')}"
    if kind == "nullity":
        return f"{col} IS {'NULL' if cond.get('is_null') else 'NOT NULL'}"
    if kind == "pass_through":
        return str(cond.get("pass_through_filter"))
    return str(cond)


def _failure_column(type_: str, kwargs: dict[str, Any]) -> str | None:
    """The column(s) an expectation is about: "a", "a+b" for keys and pairs, None for table level."""
    if type_ == "expect_table_columns_to_match_ordered_list":
        return None
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return "+".join(kwargs["column_list"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']}+{kwargs['column_B']}"
    return None


def _plain(v: Any) -> Any:
    """numpy scalars -> Python scalars, recursively, so examples print and serialise cleanly."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return type(v)(_plain(x) for x in v)
    item = getattr(v, "item", None)
    if callable(item) and not isinstance(v, (str, bytes)):
        try:
            return item()
        except (TypeError, ValueError):
            return v
    return v


def _failures_from_result(table: str, res: Any) -> list[Failure]:
    """Turn the failed entries of one ExpectationSuiteValidationResult into Failure records."""
    out = []
    for r in res.results:
        if r.success:
            continue
        cfg = r.expectation_config
        kwargs = dict(cfg.kwargs)
        result = r.result or {}
        exc = r.exception_info or {}
        notes = (cfg.meta or {}).get("notes") or ""
        count: int | None = result.get("unexpected_count")
        if exc.get("raised_exception"):
            notes = f"GX raised: {exc.get('exception_message')}" + (f" | {notes}" if notes else "")
            count = None
        examples: list[Any] = []
        for v in _plain(list(result.get("partial_unexpected_list") or [])):
            if v not in examples:  # compound-key duplicates come back once per row
                examples.append(v)
        if cfg.type == "expect_table_columns_to_match_ordered_list":
            count = None
            examples = [
                {"observed": _plain(result.get("observed_value")), "expected": kwargs.get("column_list")}
            ]
        ids: list[str] = []
        for row in result.get("unexpected_index_list") or []:
            bid = row.get("bulletin_id") if isinstance(row, dict) else None
            if bid is not None and str(bid) not in ids:
                ids.append(str(bid))
        column = _failure_column(cfg.type, kwargs)
        out.append(
            Failure(
                table=table,
                expectation=cfg.type,
                column=column,
                unexpected_count=count,
                examples=examples,
                bulletin_ids=ids,
                notes=notes,
                condition=_condition_text(kwargs.get("row_condition")),
            )
        )
    return out


# --------------------------------------------------------------------------- public API


def validate_tables(tables: dict[str, pd.DataFrame], suites_dir: Path | None = None) -> ValidationReport:
    """Validate each table with its suite: one GX run per table over the whole corpus.

    ``tables`` maps table name -> DataFrame (registry-coerced, with ``bulletin_id``). Every
    table needs ``<suites_dir>/<name>.json``; tables without a suite are a ValueError (a
    silently unvalidated table is worse than an error).
    """
    paths = _suite_paths(suites_dir or SUITES_DIR)
    missing = sorted(set(tables) - set(paths))
    if missing:
        raise ValueError(f"no suite for table(s) {missing} in {suites_dir or SUITES_DIR}")
    with _quiet_gx():
        import great_expectations as gx

        t0 = time.perf_counter()  # after the (one-off, multi-second) import
        ctx = _new_context()
        ds = ctx.data_sources.add_pandas(name="govstats")
        success: dict[str, bool] = {}
        failures: list[Failure] = []
        raw: dict[str, Any] = {}
        for name, df in tables.items():
            suite = ctx.suites.add(load_suite(paths[name]))
            bd = ds.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("corpus")
            vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=bd, suite=suite))
            res = vd.run(batch_parameters={"dataframe": df}, result_format=_RESULT_FORMAT)
            raw[name] = res
            success[name] = bool(res.success)
            failures.extend(_failures_from_result(name, res))
    return ValidationReport(
        table_success=success,
        failures=failures,
        row_counts={k: len(v) for k, v in tables.items()},
        raw_results=raw,
        seconds=time.perf_counter() - t0,
        context=ctx,
    )


def _num(v: Any, precision: Any = None) -> str:
    """A stated/computed number as printed: at the printed precision, else without a stray .0."""
    import pandas as pd

    if v is None or pd.isna(v):
        return "n/a"
    if precision is not None and not pd.isna(precision):
        return f"{float(v):.{int(precision)}f}"
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return "(" + ", ".join(f"{k}={x!r}" for k, x in v.items()) + ")"
    return repr(v)


def _short(values: list[Any], n: int, show: Any = _show) -> str:
    shown = ", ".join(show(v) for v in values[:n])
    return shown + (f" (+{len(values) - n} more)" if len(values) > n else "")


def _reconciliation_lines(checks: pd.DataFrame | None) -> list[str]:
    if checks is None or len(checks) == 0:
        return []
    failed = checks[failed_mask(checks)].copy()  # ok null (could not be made) is not a failure
    failed["_rank"] = failed["severity"].map(severity_rank)
    lines = []
    for row in failed.sort_values(["_rank", "bulletin_id", "check"], kind="stable").itertuples(index=False):
        r = row._asdict()
        sev = r.get("severity") or "?"
        parts = [
            f"[{sev}] {r['bulletin_id']}: {r['check']}",
            f"stated {_num(r.get('stated'), r.get('precision'))} vs computed {_num(r.get('computed'), r.get('precision'))}",
        ]
        for key in ("message", "sentence"):
            v = r.get(key)
            if isinstance(v, str) and v.strip():
                parts.append(f"「{' '.join(v.split())}」" if key == "sentence" else " ".join(v.split()))
        lines.append(" — ".join(parts))
    return lines


def _schema_line(f: Failure) -> str:
    where = f"{f.table}.{f.column}" if f.column else f.table
    head = f"{where}: {f.expectation}" + (f" (where {f.condition})" if f.condition else "")
    if f.expectation == "expect_table_columns_to_match_ordered_list" and f.examples:
        ex = f.examples[0]
        return f"{head} — columns {ex.get('observed')} differ from the registry {ex.get('expected')}"
    if f.unexpected_count is None:
        return f"{head} — {f.notes}"
    line = f"{head} — {f.unexpected_count} unexpected"
    if f.examples:
        line += f", e.g. {_short(f.examples, _N_EXAMPLES)}"
    if f.bulletin_ids:
        line += f", in bulletins {_short(f.bulletin_ids, _N_BULLETINS, str)}"
    return line


def readable_failures(report: ValidationReport, checks: pd.DataFrame | None) -> list[str]:
    """The lines an analyst reads: failed reconciliation checks first, then schema failures.

    Reconciliation: "[severity] bulletin: check — stated X vs computed Y — message — 「sentence」",
    errors before warnings before info (warnings do not fail validation but are shown).
    Schema: "table.column: expectation — N unexpected, e.g. …, in bulletins …". The checks
    suite's ``ok`` failure is not repeated when the reconciliation lines already show it.
    """
    lines = _reconciliation_lines(checks)
    shown_checks = any(line.startswith("[error]") for line in lines)
    for f in report.failures:
        if shown_checks and f.table == "checks" and f.column == "ok" and f.condition:
            continue
        lines.append(_schema_line(f))
    return lines


def build_data_docs(report: ValidationReport, out_dir: Path | None = None) -> Path:
    """Render GX Data Docs (suites + this run's results) into ``out_dir``; return its index.html.

    The site is added to the report's ephemeral context and points at ``out_dir`` (default
    ``gx_docs/`` under the current directory, git-ignored). Pages for results that are not in
    this run are removed by GX's index builder. Offline the pages are unstyled (CDN assets).
    """
    if report.context is None:
        raise ValueError("this report holds no GX context (was it built by validate_tables?)")
    out = Path(out_dir or DEFAULT_DOCS_DIR).resolve()
    with _quiet_gx():
        ctx = report.context
        site = "govstats"
        config = {
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(out)},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
        }
        if site in ctx.list_data_docs_sites():
            ctx.update_data_docs_site(site, config)
        else:
            ctx.add_data_docs_site(site, config)
        ctx.build_data_docs(site_names=[site])
    return out / "index.html"




# --------------------------------------------------------------------------- recomputed checks


def recompute_checks(tables: dict[str, pd.DataFrame], failing_only: bool = False) -> pd.DataFrame:
    """The reconciliation checks recomputed from the figures and annex rows of the tables.

    The same govstats.checks.reconcile that ingest ran, per bulletin, so validate does not take
    the stored checks table on trust (issue 22.6). What the tables do not hold is left out: the
    narrative's names (named_in_annex_* checks) and the numbers the extractor abstained on.
    failing_only keeps the failed error and warning rows (all validate needs; typing the ~7
    rows per bulletin of a 10,000-bulletin corpus would cost about a second).
    """
    import pandas as pd

    def by_bulletin(name: str, cols: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Rows of the columns the checks read, as plain dicts (NA -> None), by bulletin."""
        out: dict[str, list[dict[str, Any]]] = {}
        df = tables.get(name)
        if df is not None and len(df):  # column-wise to_numpy + zip: 5x faster than to_dict("records")
            values = [df[c].to_numpy(dtype=object, na_value=None) for c in cols]
            for bid, *row in zip(df["bulletin_id"].to_numpy(dtype=object, na_value=None), *values):
                out.setdefault(str(bid), []).append(dict(zip(cols, row)))
        return out

    figures = by_bulletin("figures", ["measure", "breakdown", "value", "unit", "precision", "stated_text", "sentence",
                                      "span_start", "span_end"])
    websites = by_bulletin("websites", ["seq"])  # only counted (names need the narrative, not stored)
    new_media = by_bulletin("new_media", ["result", "rectification"])
    rows: list[dict[str, Any]] = []
    for bid in sorted(set(figures) | set(websites) | set(new_media)):
        figs = [
            Figure(measure=r["measure"], value=float(r["value"]), unit=r["unit"], precision=r["precision"],
                   stated_text=r["stated_text"] or "", sentence=r["sentence"] or "", span_start=r["span_start"] or 0,
                   span_end=r["span_end"] or 0, breakdown=r["breakdown"])
            for r in figures.get(bid, [])
            if r["measure"] and r["value"] is not None
        ]
        checks = reconcile(figs, websites.get(bid), new_media.get(bid))
        if failing_only:
            checks = [c for c in checks if c.ok is False and c.severity in ("error", "warning")]
        rows += check_records(bid, checks)
    return coerce(pd.DataFrame(rows), "checks") if rows else empty_frame("checks")


def _state(ok: Any, severity: Any) -> tuple[bool | None, str | None]:
    import pandas as pd

    return (None if ok is None or pd.isna(ok) else bool(ok)), (None if severity is None or pd.isna(severity) else str(severity))


def hidden_checks(stored: pd.DataFrame | None, recomputed: pd.DataFrame) -> pd.DataFrame:
    """Recomputed failures (error or warning) that the stored checks table does not show.

    A stored info row "could not verify" for the same check is accepted: ingest abstains when a
    figure is ambiguous, which the figures table does not record, so the recomputation cannot
    know it (and a false error is the worst output). Checks the stored table flags but the
    recomputation does not are left alone: they are already reported as failures.
    """
    failing = recomputed[failed_mask(recomputed) & recomputed["severity"].isin(["error", "warning"])]
    if not len(failing):
        return failing
    seen: dict[tuple[str, str], tuple[bool | None, str | None]] = {}
    if stored is not None and len(stored):
        for bid, check, ok, sev in zip(stored["bulletin_id"], stored["check"], stored["ok"], stored["severity"]):
            seen[(str(bid), str(check))] = _state(ok, sev)
    keep = []
    for bid, check, ok, sev in zip(failing["bulletin_id"], failing["check"], failing["ok"], failing["severity"]):
        have = seen.get((str(bid), str(check)))
        abstained = have is not None and have[1] == "info" and have[0] is not True
        keep.append(not abstained and have != _state(ok, sev))
    return failing[keep]


def _merge_checks(stored: pd.DataFrame | None, hidden: pd.DataFrame) -> pd.DataFrame | None:
    """The stored checks with the rows of hidden put in place of the stored rows of the same check."""
    import pandas as pd

    if not len(hidden):
        return stored
    if stored is None or not len(stored):
        return hidden.reset_index(drop=True)
    key = set(zip(hidden["bulletin_id"], hidden["check"]))
    rest = stored[[k not in key for k in zip(stored["bulletin_id"], stored["check"])]]
    return pd.concat([rest, hidden], ignore_index=True)


def _hidden_lines(hidden: pd.DataFrame) -> list[str]:
    return [
        f"checks table disagrees with the figures: {bid}: {check} is [{sev}] when recomputed, the stored table "
        "does not say so (edited, or written by another govstats version; run `govstats ingest` again)"
        for bid, check, sev in zip(hidden["bulletin_id"], hidden["check"], hidden["severity"])
    ]


@dataclass
class ValidateOutcome:
    """What a validation of data/processed found: real bulletin errors vs pipeline (schema) failures."""

    status: int  # 0 all holds, 1 error checks or schema failures, 2 missing or unreadable processed tables
    error_checks: int = 0
    warnings: int = 0
    schema_failures: int = 0
    summary: str = ""


def validate_processed(processed_dir: Path, docs_dir: Path | None = DEFAULT_DOCS_DIR) -> ValidateOutcome:
    """Validate the processed Parquet tables and print the readable list (see run_validate)."""

    try:  # all five tables of one generation, or an error naming what is missing or inconsistent
        tables = read_tables(processed_dir)
        changed = verify_hashes(processed_dir)
        if changed:  # bytes edited after ingest: nothing in them can be trusted (issue 22.6)
            more = f" (and {len(changed) - 1} more table file(s))" if len(changed) > 1 else ""
            raise GovstatsError(f"{changed[0]}{more}; run `govstats ingest` again")
    except GovstatsError as exc:
        print(f"govstats validate: {one_line(str(exc))}", file=sys.stderr)
        return ValidateOutcome(status=2, summary=f"FAILED: {one_line(str(exc))}")
    report = validate_tables(tables)
    hidden = hidden_checks(tables.get("checks"), recompute_checks(tables, failing_only=True))
    checks = _merge_checks(tables.get("checks"), hidden)
    lines = readable_failures(report, checks) + _hidden_lines(hidden)
    for line in lines:
        print(line)
    n_err = n_warn = 0
    if checks is not None and len(checks):
        failed = failed_mask(checks)
        n_err = int((failed & checks["severity"].eq("error").fillna(False)).sum())
        n_warn = int((failed & checks["severity"].eq("warning").fillna(False)).sum())
    schema = [f for f in report.failures if not (f.table == "checks" and f.column == "ok" and f.condition)]
    failed_run = bool(n_err or schema or len(hidden) or not report.success)
    rows = sum(report.row_counts.values())
    # FAILED: the tables break their schema (a pipeline fault); INCONSISTENT: the tables are
    # sound but bulletins state figures that do not add up (findings about the bulletins)
    if schema or len(hidden):  # a checks table that hides what its own figures give is a pipeline fault too
        verdict = "FAILED"
    elif n_err:
        verdict = "INCONSISTENT"
    else:
        verdict = "OK" if report.success else "FAILED"
    summary = (
        f"{verdict}: {len(tables)} tables, {rows} rows validated in "
        f"{report.seconds:.1f} s — {n_err} failed error checks, {n_warn} warnings, "
        f"{len(schema)} schema failures" + (f", {len(hidden)} checks the stored table hides" if len(hidden) else "")
    )
    print(summary)
    if docs_dir is not None:
        index = build_data_docs(report, docs_dir)
        print(f"Data Docs (GX pages that load their styles from CDNs: online only): {index}")
        # the same results as one page that needs no CDN (Data Docs are unstyled offline)

        print(f"Validation page (offline): {write_validation_page(report, checks, summary, Path(docs_dir) / PAGE_NAME, lines)}")
    return ValidateOutcome(1 if failed_run else 0, n_err, n_warn, len(schema), summary)


def run_validate(processed_dir: Path, docs_dir: Path | None = DEFAULT_DOCS_DIR) -> int:
    """``govstats validate``: validate the processed Parquet tables, print the readable list.

    Returns 0 when everything holds, 1 when a schema expectation or an error-severity
    reconciliation check failed (the checks are recomputed from the figures and annex rows, not
    taken from the stored checks table), 2 when a processed table is missing, the tables come
    from different ingest runs, or a table file's sha256 differs from manifest.json.
    Data Docs go to ``docs_dir`` (default ``gx_docs/``); None skips them (CLI ``--docs ''``).
    """
    return validate_processed(processed_dir, docs_dir).status
