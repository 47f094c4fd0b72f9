"""The few lines a person reads at the end of a run: where the publication is and what it says."""
from __future__ import annotations

from pathlib import Path

from continuum.config import PUBLISHED_TABLES, Home


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:,}"


def publication_summary(home: Home) -> str:
    import duckdb

    db = home.published_db
    if not db.exists():
        return f"No publication yet under {home.published_dir}"
    lines = [f"Published outcome tables: {db}", f"  Parquet, one file per table: {home.published_parquet_dir}/"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in PUBLISHED_TABLES:
            n = con.execute(f'select count(*) from "{table}"').fetchone()[0]
            lines.append(f"  {table:<22} {n:>7,} rows")
        latest = con.execute(
            "select max(month) from dtoa_funnel where la_code = 'ALL'"
        ).fetchone()[0]
        if latest is not None:
            row = con.execute(
                """select tests, positive, positive_rate, ra_required, ra_attended, ra_attended_rate,
                          treatment_started, treatment_started_rate, immature_columns
                   from dtoa_funnel where la_code = 'ALL' and month = ?""",
                [latest],
            ).fetchone()
            (tests, positive, positive_rate, ra_required, ra_attended, ra_attended_rate,
             started, started_rate, immature) = row
            lines += [
                f"Drug testing on arrest, all areas, {latest:%B %Y} (latest published month):",
                f"  tests {_fmt(tests)}, positive {_fmt(positive)} ({_fmt(positive_rate)}), "
                f"Required Assessment imposed {_fmt(ra_required)}",
                f"  attended {_fmt(ra_attended)} ({_fmt(ra_attended_rate)}), "
                f"started treatment {_fmt(started)} ({_fmt(started_rate)})"
                + (f"  [immature: {immature}]" if immature else ""),
            ]
        else:
            lines.append("dtoa_funnel has no published month yet (is every feed's cut-off past a month end?)")
    finally:
        con.close()
    return "\n".join(lines)


def reconciliation_text(rows: list[dict]) -> str:
    try:
        from continuum.ingest import format_reconciliation
    except ImportError:  # pragma: no cover - ingest always ships with the package
        return "\n".join(str(r) for r in rows)
    return format_reconciliation(rows)


def data_docs_hint(home: Home) -> str | None:
    index = next(Path(home.data_docs_dir).rglob("index.html"), None) if home.data_docs_dir.exists() else None
    return f"Data quality results (Great Expectations Data Docs): {index}" if index else None
