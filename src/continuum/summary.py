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


def _cell(value, column: str, withheld: str, immature: str) -> str:
    names = withheld.split(",") + immature.split(",")
    if value is None and column in names:
        return "withheld" if column in withheld.split(",") else "not yet mature"
    return _fmt(value)


def _funnel_lines(con) -> list[str]:
    """The drug-testing funnel for all areas in the latest month whose test count is published (a
    month whose small numbers are withheld says so instead of printing blanks)."""
    latest = con.execute("select max(month) from dtoa_funnel where la_code = 'ALL'").fetchone()[0]
    if latest is None:
        return ["dtoa_funnel has no published month yet (is every feed's cut-off past a month end?)"]
    shown = con.execute("select max(month) from dtoa_funnel where la_code = 'ALL' and tests is not null"
                        ).fetchone()[0] or latest
    columns = ["tests", "positive", "positive_rate", "ra_required", "ra_attended", "ra_attended_rate",
               "treatment_started", "treatment_started_rate"]
    row = con.execute(f"select {', '.join(columns)}, coalesce(withheld_columns, ''), "
                      "coalesce(immature_columns, '') from dtoa_funnel where la_code = 'ALL' and month = ?",
                      [shown]).fetchone()
    v = {c: _cell(x, c, row[-2], row[-1]) for c, x in zip(columns, row)}
    note = "latest published month" if shown == latest else \
        f"latest month with a published test count; {latest:%B %Y}'s is withheld as a small number"
    def with_rate(count: str, rate: str) -> str:
        return count if rate == count else f"{count} ({rate})"

    return [
        f"Drug testing on arrest, all areas, {shown:%B %Y} ({note}):",
        f"  tests {v['tests']}, positive {with_rate(v['positive'], v['positive_rate'])}, "
        f"Required Assessment imposed {v['ra_required']}",
        f"  attended {with_rate(v['ra_attended'], v['ra_attended_rate'])}, "
        f"started treatment {with_rate(v['treatment_started'], v['treatment_started_rate'])}",
    ]


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
        lines += _funnel_lines(con)
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
