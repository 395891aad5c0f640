"""The monitoring run's input tables (indicators.md §4.6), read into DuckDB with one-line errors.

A run folder holds ``run.yaml`` (monitoring date T, region, period, totals, local rules) and one
file per table: ``<table>.csv``, ``<table>.parquet`` or ``<table>.xlsx``. Every table is loaded
as text first and then checked column by column in SQL (required cells, types, vocabularies,
duplicate keys, unknown sites/accounts), so a bad cell is reported as ``file: row N, column C:
reason`` without pulling millions of probe rows into pandas. Row numbers count the header as
row 1 (CSV, xlsx) or the first record as row 1 (Parquet). xlsx files obey the bulletin readers'
limits (govstats/readers/limits.py: zip size, cell count).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats.errors import GovstatsError, one_line

if TYPE_CHECKING:
    import duckdb

SUFFIXES = (".csv", ".parquet", ".xlsx")
#: Largest input file read (a country-week of probes as CSV is ~200 MB).
MAX_INPUT_BYTES = 8 * 1024**3
_TRUE = ("true", "1", "yes", "y", "t", "是")
_FALSE = ("false", "0", "no", "n", "f", "否")
SQL_TYPES = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "date": "DATE", "timestamp": "TIMESTAMP",
             "bool": "BOOLEAN"}


@dataclass(frozen=True)
class Col:
    """One input column: name, type, whether every row needs a value, allowed values, default."""

    name: str
    dtype: str
    required: bool = False
    vocab: tuple[str, ...] = ()
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class InputTable:
    """One input table: its columns, key, which table its unit id must be found in, and for what unit."""

    name: str
    columns: tuple[Col, ...]
    key: tuple[str, ...]
    refers: tuple[str, str] | None = None  # (column, table whose key it must be)
    unit: str = "site"
    doc: str = ""


COLUMN_CLASSES = ("动态要闻", "通知公告", "政策文件", "should_update", "static")

INPUTS: dict[str, InputTable] = {t.name: t for t in (
    InputTable("sites", (
        Col("site_code", "str", True, doc="网站标识码 (the registry's id)"),
        Col("name", "str", True, doc="site name as the bulletin prints it"),
        Col("url", "str"),
        Col("host_unit", "str", doc="主办单位"),
        Col("status", "str", vocab=("正常", "例外", "关停"), default="正常",
            doc="registry status; only 正常 sites are checked"),
        Col("is_portal", "bool", default=False),
        Col("homepage_is_nav_only", "bool", default=False,
            doc="home page is only a navigation entry: its second-level pages' items are used"),
        Col("has_consultation_channel", "bool",
            doc="a working 咨询/建言 channel exists (信访/纪检 channels excluded); empty = not known"),
        Col("has_service_function", "bool", default=True, doc="false for departments without external services"),
        Col("offers_services", "bool", doc="the site offers 办事服务; empty = not known"),
    ), ("site_code",), doc="the sites to assess (the registry extract)"),
    InputTable("probes", (
        Col("site_code", "str", True),
        Col("ts", "timestamp", True, doc="probe time (local time)"),
        Col("ok", "bool", True, doc="the home page opened"),
        Col("response_s", "float", doc="seconds to open; empty when it never opened"),
        Col("error_code", "str"),
    ), ("site_code", "ts"), ("site_code", "sites"), doc="home-page probe log"),
    InputTable("homepage_items", (
        Col("site_code", "str", True),
        Col("item_url", "str", True),
        Col("published_at", "date", doc="date shown on the page; empty = undated"),
        Col("page", "str", vocab=("home", "second"), default="home",
            doc="home page, or a second-level page (used for navigation-only home pages)"),
    ), ("site_code", "item_url"), ("site_code", "sites"), doc="items seen on the home page at T"),
    InputTable("columns", (
        Col("site_code", "str", True),
        Col("column_id", "str", True),
        Col("name", "str", True),
        Col("url", "str"),
        Col("is_first_level", "bool", default=False),
        Col("class", "str", True, vocab=COLUMN_CLASSES, doc="the office's classification of the column"),
        Col("item_count", "int", doc="items in the column; 0 = blank column"),
        Col("last_item_date", "date", doc="date of its latest item; empty = none or undated"),
    ), ("site_code", "column_id"), ("site_code", "sites"), doc="column inventory at T"),
    InputTable("messages", (
        Col("site_code", "str", True),
        Col("message_id", "str", True),
        Col("column", "str"),
        Col("column_class", "str", default="咨询建言"),
        Col("valid", "bool", default=True, doc="an effective message (not spam, not a duplicate)"),
        Col("submitted_at", "date", True),
        Col("replied_at", "date", doc="empty = not answered at T"),
    ), ("site_code", "message_id"), ("site_code", "sites"), doc="message log of consultation columns"),
    InputTable("findings", (
        Col("unit_id", "str", True, doc="site_code or account_id"),
        Col("finding_id", "str", True),
        Col("kind", "str", True, doc="严重表述错误, 泄露国家秘密, … (veto kinds in rules.yaml) or 错别字, 链接不可用, …"),
        Col("url", "str"),
        Col("date", "date"),
        Col("confirmed", "bool", True, doc="confirmed by a person; unconfirmed findings never count"),
        Col("note", "str"),
    ), ("unit_id", "finding_id"), unit="any", doc="findings of people or tools"),
    InputTable("accounts", (
        Col("account_id", "str", True),
        Col("name", "str", True),
        Col("platform", "str", True, doc="platform as printed (微信公众号, 抖音, …)"),
        Col("host_unit", "str", doc="开设主体"),
        Col("status", "str", vocab=("正常", "例外", "关停"), default="正常"),
        Col("interaction_enabled", "bool", doc="an effective interaction function exists; empty = not known"),
    ), ("account_id",), unit="account", doc="the accounts to assess"),
    InputTable("posts", (
        Col("account_id", "str", True),
        Col("post_id", "str", True),
        Col("published_at", "timestamp", True),
        Col("is_original", "bool", default=True),
    ), ("account_id", "post_id"), ("account_id", "accounts"), unit="account", doc="post log"),
)}
WEBSITE_TABLES = ("sites", "probes", "homepage_items", "columns", "messages")
ACCOUNT_TABLES = ("accounts", "posts")


@dataclass
class RunConfig:
    """run.yaml: the monitoring date T and what the bulletin needs beyond the tables."""

    folder: Path
    name: str
    monitoring_date: dt.date
    region: str
    period: str
    issuer: str | None = None
    region_code: str | None = None
    website_total: int | None = None
    newmedia_total: int | None = None
    precision: int = 2
    local_rules: Path | None = None
    synthetic: bool = False
    raw: dict[str, Any] = field(default_factory=dict)


def read_config(folder: str | Path) -> RunConfig:
    """run.yaml of a run folder, checked; GovstatsError naming the file and the key otherwise."""
    import yaml

    folder = Path(folder)
    if not folder.is_dir():
        raise GovstatsError(f"{folder}: not a folder (a monitoring run is a folder with run.yaml and tables)")
    path = folder / "run.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GovstatsError(f"{path}: missing (it gives the monitoring date T, region and period)") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GovstatsError(f"{path}: unreadable ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise GovstatsError(f"{path}: must be a mapping of keys to values")
    for key in ("monitoring_date", "region", "period"):
        if data.get(key) in (None, ""):
            raise GovstatsError(f"{path}: key {key} is missing")
    t = data["monitoring_date"]
    if not isinstance(t, dt.date):
        try:
            t = dt.date.fromisoformat(str(t))
        except ValueError:
            raise GovstatsError(f"{path}: monitoring_date {t!r} is not YYYY-MM-DD") from None
    from govstats.quarter import Quarter

    try:
        period = str(Quarter(str(data["period"])))
    except Exception:
        raise GovstatsError(f"{path}: period {data['period']!r} is not a quarter such as 2026Q4") from None
    ints = {}
    for key in ("website_total", "newmedia_total", "precision"):
        v = data.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise GovstatsError(f"{path}: {key} must be a whole number >= 0")
        ints[key] = v
    local = data.get("local_rules")
    return RunConfig(
        folder=folder, name=folder.resolve().name, monitoring_date=t, region=str(data["region"]), period=period,
        issuer=data.get("issuer"), region_code=str(data["region_code"]) if data.get("region_code") else None,
        website_total=ints["website_total"], newmedia_total=ints["newmedia_total"],
        precision=2 if ints["precision"] is None else ints["precision"],
        local_rules=(folder / str(local)) if local else None, synthetic=bool(data.get("synthetic")), raw=data,
    )


def find_file(folder: Path, table: str) -> Path | None:
    """The one file of a table in the folder (csv, parquet or xlsx); two of them is an error."""
    found = [folder / f"{table}{s}" for s in SUFFIXES if (folder / f"{table}{s}").exists()]
    if len(found) > 1:
        raise GovstatsError(f"{folder}: table {table} is given twice ({', '.join(p.name for p in found)})")
    return found[0] if found else None


def input_files(folder: Path) -> dict[str, Path]:
    """{table: file} of every table present in the run folder."""
    return {t: p for t in INPUTS if (p := find_file(folder, t)) is not None}


def _check_file(path: Path) -> None:
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        raise GovstatsError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        raise GovstatsError(f"{path}: not a regular file")
    if st.st_size > MAX_INPUT_BYTES:
        raise GovstatsError(f"{path}: file is {st.st_size / 1e9:.1f} GB, larger than the "
                            f"{MAX_INPUT_BYTES / 1e9:.0f} GB limit")


def _xlsx_rows(path: Path) -> list[list[str | None]]:
    """The first sheet of an xlsx as text cells, within the readers' zip and cell limits."""
    import openpyxl

    from govstats.readers.limits import MAX_CELLS, open_zip, too_many_cells

    data = path.read_bytes()
    zf = open_zip(path, data, "xlsx")
    zf.close()
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise GovstatsError(f"{path}: not a readable xlsx workbook ({type(exc).__name__})") from None
    rows: list[list[str | None]] = []
    cells = 0
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            row = [_xlsx_text(v) for v in values]
            cells += sum(v is not None for v in row)
            if cells > MAX_CELLS:
                err = too_many_cells(path, MAX_CELLS)
                raise GovstatsError(str(err))
            rows.append(row)
    finally:
        wb.close()
    return rows


def _xlsx_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


def _csv_header(path: Path) -> list[str]:
    """The header row of a UTF-8 CSV (BOM allowed); one-line errors for other encodings, no header, repeats."""
    import csv

    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError:
        raise GovstatsError(f"{path}: not UTF-8 text (save it as \"CSV UTF-8\" or as xlsx)") from None
    except csv.Error as exc:
        raise GovstatsError(f"{path}: row 1: not a CSV header ({exc})") from None
    if not header or not any(h.strip() for h in header):
        raise GovstatsError(f"{path}: empty file (a header row is needed)")
    seen: set[str] = set()
    for h in header:
        if h.strip().lower() in seen:
            raise GovstatsError(f"{path}: row 1: the header repeats column {h.strip()!r}")
        seen.add(h.strip().lower())
    return header


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bool_sql(expr: str) -> str:
    t = ", ".join(f"'{v}'" for v in _TRUE)
    f = ", ".join(f"'{v}'" for v in _FALSE)
    return f"(CASE WHEN lower(trim({expr})) IN ({t}) THEN true WHEN lower(trim({expr})) IN ({f}) THEN false END)"


def _typed_sql(expr: str, dtype: str) -> str:
    if dtype == "str":
        return f"NULLIF(trim({expr}), '')"
    if dtype == "bool":
        return _bool_sql(expr)
    return f"TRY_CAST(NULLIF(trim({expr}), '') AS {SQL_TYPES[dtype]})"


def load_table(con: duckdb.DuckDBPyConnection, spec: InputTable, path: Path) -> int:
    """Load one input file into DuckDB table spec.name with typed columns; returns its row count.

    Raises GovstatsError "file: row N, column C: reason" at the first bad cell of each check.
    """
    import duckdb

    _check_file(path)
    raw = f"raw_{spec.name}"
    header_rows = 2 if path.suffix.lower() in (".csv", ".xlsx") else 1  # row number of the first record
    kind, rn = "TABLE", "rowid"  # rn: the record's 0-based position in the file
    try:
        if path.suffix.lower() == ".csv":
            # the header is read here and the dialect fixed: DuckDB's sniffer, given one malformed row,
            # guesses another dialect instead of naming the row
            header = _csv_header(path)
            spec_cols = ", ".join(f"{_lit(h)}: 'VARCHAR'" for h in header)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM read_csv(?, columns = {{{spec_cols}}}, "
                        "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                        "encoding = 'utf-8')", [str(path)])
        elif path.suffix.lower() == ".parquet":  # a view: Parquet is read once, by the typed CTAS below
            literal = "'" + str(path).replace("'", "''") + "'"
            con.execute(f"CREATE OR REPLACE TEMP VIEW {raw} AS SELECT * FROM read_parquet({literal}, "
                        "file_row_number = true)")
            kind, rn = "VIEW", "file_row_number"
        else:
            rows = _xlsx_rows(path)
            if not rows:
                raise GovstatsError(f"{path}: the first sheet is empty (a header row is needed)")
            import pandas as pd

            header = [str(h) if h is not None else f"column{j + 1}" for j, h in enumerate(rows[0])]
            df = pd.DataFrame([r + [None] * (len(header) - len(r)) for r in rows[1:]], columns=header, dtype=object)
            df = df.astype("string") if len(df) else pd.DataFrame({h: pd.Series([], dtype="string") for h in header})
            con.register("xlsx_frame", df)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM xlsx_frame")
            con.unregister("xlsx_frame")
    except duckdb.Error as exc:
        if "not utf-8 encoded" in str(exc):  # GBK exports of Excel: say what to do
            raise GovstatsError(f"{path}: not UTF-8 text (save it as \"CSV UTF-8\" or as xlsx)") from None
        import re

        msg = str(exc)
        line = re.search(r"CSV Error on Line: (\d+)", msg)
        cols = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", msg)
        if line and cols:
            raise GovstatsError(f"{path}: row {line.group(1)}: more or fewer cells than the header's "
                                f"{cols.group(1)} columns") from None
        first = " ".join(msg.split("\n")[0].split())
        raise GovstatsError(f"{path}: not a readable {path.suffix[1:]} table ({first[:200]})") from None
    described = [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {raw}").fetchall() if r[0] != rn]
    cols = {name.strip().lower(): name for name, _ in described}
    types = {name: t for name, t in described}
    names = [c.name for c in spec.columns]
    missing = [c.name for c in spec.columns if c.required and c.name not in cols]
    if missing:
        raise GovstatsError(f"{path}: column(s) {', '.join(missing)} missing (the header has: "
                            f"{', '.join(cols.values()) or 'nothing'}; {spec.name} needs {', '.join(names)})")

    select, checks = [], []  # checks: (condition, message maker) in column order, all run in one scan
    for c in spec.columns:
        if c.name not in cols:
            default = "NULL" if c.default is None else (
                ("true" if c.default else "false") if isinstance(c.default, bool) else f"'{c.default}'")
            select.append(f"CAST({default} AS {SQL_TYPES[c.dtype]}) AS {_q(c.name)}")
            continue
        src = f"CAST({_q(cols[c.name])} AS VARCHAR)"
        blank = f"({src} IS NULL OR trim({src}) = '')"
        typed = _typed_sql(src, c.dtype)
        native = types[cols[c.name]]
        if native != "VARCHAR" and c.dtype in ("int", "float", "date", "timestamp") or (
                native == "BOOLEAN" and c.dtype == "bool"):  # typed Parquet: no round trip through text
            blank = f"({_q(cols[c.name])} IS NULL)"
            typed = f"TRY_CAST({_q(cols[c.name])} AS {SQL_TYPES[c.dtype]})"
        if c.required:
            checks.append((blank, src, lambda v, c=c: f"column {c.name}: empty, a value is required"))
        if c.dtype != "str":
            checks.append((f"NOT {blank} AND {typed} IS NULL", src,
                           lambda v, c=c: f"column {c.name}: {_show(v)} is not a {_TYPE_WORDS[c.dtype]}"))
        if c.vocab:
            allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in c.vocab)
            checks.append((f"NOT {blank} AND trim({src}) NOT IN ({allowed})", src,
                           lambda v, c=c: f"column {c.name}: {_show(v)} is not one of {'/'.join(c.vocab)}"))
        if c.default is not None:
            dflt = ("true" if c.default else "false") if isinstance(c.default, bool) else f"'{c.default}'"
            typed = f"COALESCE({typed}, {dflt})"
        select.append(f"{typed} AS {_q(c.name)}")
    if checks:  # the first bad row of every check in one scan; the first check (column order) that has one wins
        firsts = con.execute("SELECT " + ", ".join(f"min({rn}) FILTER (WHERE {cond})" for cond, _, _ in checks)
                             + f" FROM {raw}").fetchone()
        for (_, src, message), first in zip(checks, firsts):
            if first is not None:
                value = con.execute(f"SELECT {src} FROM {raw} WHERE {rn} = ?", [first]).fetchone()[0]
                raise GovstatsError(f"{path}: row {int(first) + header_rows}, {message(value)}")
    select.append(f"{rn} + {header_rows} AS _row")
    con.execute(f"CREATE OR REPLACE TABLE {spec.name} AS SELECT {', '.join(select)} FROM {raw} ORDER BY {rn}")
    con.execute(f"DROP {kind} {raw}")
    keys = ", ".join(_q(k) for k in spec.key)
    dup = con.execute(f"SELECT min(_row), max(_row) FROM {spec.name} GROUP BY {keys} HAVING count(*) > 1 "
                      "ORDER BY 2 LIMIT 1").fetchone()
    if dup:
        raise GovstatsError(f"{path}: row {dup[1]}, column {spec.key[-1]}: repeats the key "
                            f"({', '.join(spec.key)}) of row {dup[0]}")
    return int(con.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0])


_TYPE_WORDS = {"int": "whole number", "float": "number", "date": "date (YYYY-MM-DD)",
               "timestamp": "date and time (YYYY-MM-DD HH:MM:SS)", "bool": "true/false value (true, false, 1, 0, 是, 否)"}


def _show(value: object) -> str:

    s = one_line(value)
    return repr(s if len(s) <= 40 else s[:40] + "…")


def check_reference(con: duckdb.DuckDBPyConnection, spec: InputTable, path: Path) -> None:
    """Every row's unit id must be a unit of its parent table (a probe of an unknown site is refused)."""
    if spec.refers is None:
        return
    col, parent = spec.refers
    pkey = INPUTS[parent].key[0]
    r = con.execute(f"SELECT c._row, c.{_q(col)} FROM {spec.name} c ANTI JOIN {parent} p ON c.{_q(col)} = p.{_q(pkey)} "
                    "ORDER BY c._row LIMIT 1").fetchone()
    if r:
        raise GovstatsError(f"{path}: row {r[0]}, column {col}: {_show(r[1])} is not a {pkey} of {parent}")


def load_run(folder: str | Path, con: duckdb.DuckDBPyConnection | None = None
             ) -> tuple[RunConfig, duckdb.DuckDBPyConnection, dict[str, Path]]:
    """run.yaml plus every input table loaded into an in-memory DuckDB (returned for the items)."""
    import duckdb

    cfg = read_config(folder)
    files = input_files(cfg.folder)
    if "sites" not in files and "accounts" not in files:
        raise GovstatsError(f"{cfg.folder}: no sites or accounts table (sites.csv, accounts.csv, .parquet or .xlsx)")
    for group, first in ((WEBSITE_TABLES, "sites"), (ACCOUNT_TABLES, "accounts")):
        if first in files:
            missing = [t for t in group if t not in files]
            if missing:
                raise GovstatsError(f"{cfg.folder}: {first} is given but not {', '.join(missing)} (a table with a "
                                    "header and no rows says there is nothing to report)")
    con = con or duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")  # its bar would write to the terminal mid-run
    for name in INPUTS:
        if name in files:
            load_table(con, INPUTS[name], files[name])
        else:  # an absent group (no websites, or no accounts, or no findings): an empty typed table
            cols = ", ".join(f"{_q(c.name)} {SQL_TYPES[c.dtype]}" for c in INPUTS[name].columns)
            con.execute(f"CREATE OR REPLACE TABLE {name} ({cols}, _row BIGINT)")
    for name, path in files.items():
        check_reference(con, INPUTS[name], path)
    return cfg, con, files
