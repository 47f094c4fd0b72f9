"""Cell-by-cell comparison of a pipeline's outcome tables with the truth.

Rows are matched on the table's keys (la_code, month/quarter, referral_source/cohort), never on
position, so row order and extra columns do not matter. Published tables withhold small numbers on
purpose: a cell named in that row's `withheld_columns` is skipped, not counted as a difference.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from continuum.config import PUBLISHED_TABLES
from continuum.truth.tables import SHAPES, TableShape

FLOAT_SLACK = 1e-9  # the same fraction computed by SQL and by pandas may differ in the last bits
EXAMPLES_SHOWN = 5


@dataclass
class TableReport:
    name: str
    keys: tuple[str, ...]
    rows_expected: int = 0
    rows_actual: int = 0
    missing_columns: list[str] = field(default_factory=list)
    missing_rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # keys expected, absent from actual
    extra_rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # keys in actual, absent from expected
    duplicate_rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # keys present more than once in actual
    cells_compared: int = 0
    cells_withheld: int = 0
    differences: pd.DataFrame = field(default_factory=pd.DataFrame)  # keys..., column, expected, actual
    max_rate_difference: float = 0.0
    max_count_difference: float = 0.0

    @property
    def cells_differing(self) -> int:
        return len(self.differences)

    @property
    def ok(self) -> bool:
        return not (self.missing_columns or len(self.missing_rows) or len(self.extra_rows)
                    or len(self.duplicate_rows) or self.cells_differing)

    def summary(self) -> str:
        lines = [
            f"{self.name}: {'ok' if self.ok else 'MISMATCH'} -- {self.rows_expected} rows expected, "
            f"{self.rows_actual} actual; {self.cells_compared} cells compared, {self.cells_differing} differing"
            + (f", {self.cells_withheld} withheld" if self.cells_withheld else "")
            + f"; max rate difference {self.max_rate_difference:.6g}"
            + f", max count difference {self.max_count_difference:.6g}"
        ]
        if self.missing_columns:
            lines.append(f"  missing columns: {', '.join(self.missing_columns)}")
        for label, frame in (("missing rows", self.missing_rows), ("extra rows", self.extra_rows),
                             ("duplicate keys", self.duplicate_rows)):
            if len(frame):
                shown = "; ".join(_key_text(r) for r in frame.head(EXAMPLES_SHOWN).to_dict("records"))
                lines.append(f"  {len(frame)} {label}: {shown}" + (" ..." if len(frame) > EXAMPLES_SHOWN else ""))
        if self.cells_differing:
            by_column = self.differences["column"].value_counts()
            lines.append("  differing cells by column: "
                         + ", ".join(f"{c} {n}" for c, n in by_column.items()))
            for r in self.differences.head(EXAMPLES_SHOWN).to_dict("records"):
                key = {k: r[k] for k in self.keys}
                lines.append(f"    {_key_text(key)} {r['column']}: expected {_value_text(r['expected'])}, "
                             f"actual {_value_text(r['actual'])}")
            if self.cells_differing > EXAMPLES_SHOWN:
                lines.append(f"    ... and {self.cells_differing - EXAMPLES_SHOWN} more")
        return "\n".join(lines)


@dataclass
class CompareReport:
    tables: dict[str, TableReport]
    missing_tables: list[str]

    @property
    def ok(self) -> bool:
        return not self.missing_tables and all(t.ok for t in self.tables.values())

    def summary(self) -> str:
        parts = [t.summary() for t in self.tables.values()]
        parts += [f"{name}: MISSING -- the pipeline produced no such table" for name in self.missing_tables]
        parts.append("all tables match" if self.ok else "MISMATCH")
        return "\n".join(parts)


def compare_tables(expected: dict[str, pd.DataFrame], actual: dict[str, pd.DataFrame], *,
                   rate_tolerance: float = 0.0, count_tolerance: float = 0.0,
                   rates_only: bool = False) -> CompareReport:
    """Compare every table of `expected` with the same-named table of `actual`.

    `rate_tolerance` is an absolute difference allowed on rates (0.005 = half a percentage point);
    `count_tolerance` a difference on counts relative to the expected count (0.01 = 1%). Nulls equal
    nulls only; `immature_columns` must match exactly. `rates_only` leaves counts out (the linkage
    acceptance test is on rates: counts of people move with every linkage error)."""
    reports, missing = {}, []
    for name, exp in expected.items():
        if name not in actual:
            missing.append(name)
            continue
        reports[name] = _compare_table(SHAPES[name], exp, actual[name], rate_tolerance, count_tolerance,
                                       rates_only)
    return CompareReport(reports, missing)


def _compare_table(shape: TableShape, expected: pd.DataFrame, actual: pd.DataFrame,
                   rate_tolerance: float, count_tolerance: float, rates_only: bool) -> TableReport:
    keys = list(shape.keys)
    report = TableReport(shape.name, shape.keys, rows_expected=len(expected), rows_actual=len(actual))
    report.missing_columns = [c for c in shape.all_columns if c not in actual.columns]
    if any(k in report.missing_columns for k in keys):
        return report
    exp, act = _normalise(shape, expected), _normalise(shape, actual)
    dup = act.duplicated(keys, keep=False)
    report.duplicate_rows = act.loc[dup, keys].drop_duplicates().reset_index(drop=True)
    act = act.drop_duplicates(keys)
    merged = exp.merge(act, on=keys, how="outer", suffixes=("_e", "_a"), indicator=True)
    report.missing_rows = merged.loc[merged["_merge"] == "left_only", keys].reset_index(drop=True)
    report.extra_rows = merged.loc[merged["_merge"] == "right_only", keys].reset_index(drop=True)
    both = merged[merged["_merge"] == "both"].reset_index(drop=True)
    withheld_col = next((c for c in ("withheld_columns_a", "withheld_columns") if c in both.columns), None)
    withheld = (both[withheld_col].fillna("").astype(str).to_numpy() if withheld_col
                else np.full(len(both), "", dtype=object))
    diffs = []
    value_columns = [c for c in shape.values if c not in report.missing_columns
                     and (c in shape.rates or not rates_only)]
    if "immature_columns" not in report.missing_columns:
        value_columns.append("immature_columns")
    for col in value_columns:
        e, a = both[f"{col}_e"].to_numpy(), both[f"{col}_a"].to_numpy()
        skip = np.array([col in w.split(",") for w in withheld], dtype=bool) if withheld_col else \
            np.zeros(len(both), dtype=bool)
        report.cells_withheld += int(skip.sum())
        report.cells_compared += int((~skip).sum())
        if col == "immature_columns":
            same = e == a
        else:
            e_num, a_num = e.astype("float64"), a.astype("float64")
            with np.errstate(invalid="ignore"):
                gap = np.abs(e_num - a_num)
            if col in shape.rates:
                allowed = rate_tolerance + FLOAT_SLACK
                valid = gap[~skip & ~np.isnan(gap)]
                if len(valid):
                    report.max_rate_difference = max(report.max_rate_difference, float(valid.max()))
            else:
                allowed = count_tolerance * np.abs(e_num) + FLOAT_SLACK
                valid = gap[~skip & ~np.isnan(gap)]
                if len(valid):
                    report.max_count_difference = max(report.max_count_difference, float(valid.max()))
            with np.errstate(invalid="ignore"):
                same = (np.isnan(e_num) & np.isnan(a_num)) | (gap <= allowed)
        bad = ~same & ~skip
        if bad.any():
            d = both.loc[bad, keys].copy()
            d["column"] = col
            d["expected"] = e[bad].astype(object)
            d["actual"] = a[bad].astype(object)
            diffs.append(d)
    report.differences = (pd.concat(diffs, ignore_index=True) if diffs
                          else pd.DataFrame(columns=keys + ["column", "expected", "actual"]))
    return report


def _normalise(shape: TableShape, df: pd.DataFrame) -> pd.DataFrame:
    """Keys as text (dates ISO), counts and rates as float64 with NaN for null, immature lists as text."""
    out = pd.DataFrame(index=df.index)
    for k in shape.keys:
        if k in ("month", "quarter"):
            out[k] = pd.to_datetime(df[k].astype(str)).dt.strftime("%Y-%m-%d")
        else:
            out[k] = df[k].astype(str)
    for c in shape.values:
        if c in df.columns:
            out[c] = pd.to_numeric(df[c], errors="coerce").astype("Float64").to_numpy(dtype="float64",
                                                                                       na_value=np.nan)
    if "immature_columns" in df.columns:
        out["immature_columns"] = df["immature_columns"].astype(object).where(df["immature_columns"].notna(), "")
        out["immature_columns"] = out["immature_columns"].astype(str)
    if "withheld_columns" in df.columns:
        out["withheld_columns"] = df["withheld_columns"].astype(object).where(df["withheld_columns"].notna(), "")
    return out.reset_index(drop=True)


def _key_text(key: dict) -> str:
    return "(" + ", ".join(f"{k}={v}" for k, v in key.items()) + ")"


def _value_text(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "null"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, str) else f"{v:.10g}" if isinstance(v, float) else str(v)


# ---- reading a pipeline's tables ---------------------------------------------------------------

def load_warehouse_outcomes(warehouse: Path) -> dict[str, pd.DataFrame]:
    """The six tables of schema `outcomes`, read without taking the writer's lock. A table the
    warehouse lacks is left out, so the comparison reports it missing."""
    return _read_tables(Path(warehouse), preferred_schema="outcomes", only_schema=True)


def load_published(published_db: Path) -> dict[str, pd.DataFrame]:
    """The published tables (with `withheld_columns`), from whichever schema holds them, `main` first."""
    return _read_tables(Path(published_db), preferred_schema="main", only_schema=False)


def _read_tables(db: Path, *, preferred_schema: str, only_schema: bool) -> dict[str, pd.DataFrame]:
    import duckdb

    if not db.exists():
        raise FileNotFoundError(f"no DuckDB database at {db}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "select table_schema, table_name from information_schema.tables where table_name in "
            f"({', '.join('?' for _ in PUBLISHED_TABLES)})", list(PUBLISHED_TABLES)
        ).fetchall()
        tables = {}
        for name in PUBLISHED_TABLES:
            schemas = sorted({s for s, t in found if t == name}, key=lambda s: (s != preferred_schema, s))
            if only_schema:
                schemas = [s for s in schemas if s == preferred_schema]
            if schemas:
                tables[name] = con.execute(f'select * from "{schemas[0]}"."{name}"').df()
        return tables
    finally:
        con.close()
