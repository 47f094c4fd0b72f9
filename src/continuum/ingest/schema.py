"""The raw and ingest tables (docs/architecture.md, "raw").

dbt sources, the quality gate and reconciliation read these tables, so they must exist before the first
file arrives; `ensure_schema` creates whatever is missing and never drops or rewrites anything, which
makes it safe to call from every task. A column added to a contract later is added to its raw table.
"""
from __future__ import annotations

from continuum.contracts import CONTRACTS, FEEDS

RAW_METADATA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_load_id", "VARCHAR"),
    ("_file_name", "VARCHAR"),
    ("_file_sha256", "VARCHAR"),
    ("_extract_date", "DATE"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMP"),
)

INGEST_TABLES: dict[str, str] = {
    "file_loads": """
        load_id VARCHAR, feed VARCHAR, file_name VARCHAR, file_sha256 VARCHAR, extract_date DATE,
        manifest_row_count BIGINT, status VARCHAR, reason VARCHAR, rows_delivered BIGINT,
        rows_loaded BIGINT, rows_quarantined BIGINT, run_id VARCHAR, started_at TIMESTAMP,
        finished_at TIMESTAMP""",
    "quarantine": """
        load_id VARCHAR, feed VARCHAR, file_name VARCHAR, row_number BIGINT, rule VARCHAR,
        column_name VARCHAR, value VARCHAR, record VARCHAR, run_id VARCHAR, quarantined_at TIMESTAMP""",
    "schema_warnings": """
        load_id VARCHAR, feed VARCHAR, file_name VARCHAR, rule VARCHAR, column_name VARCHAR,
        message VARCHAR, run_id VARCHAR, recorded_at TIMESTAMP""",
    "reconciliation": """
        run_id VARCHAR, feed VARCHAR, files_loaded BIGINT, files_rejected BIGINT, files_duplicate BIGINT,
        rows_delivered BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT,
        quarantined_by_rule VARCHAR, raw_rows BIGINT, raw_keys BIGINT, rows_superseded BIGINT,
        reconciled BOOLEAN, problems VARCHAR, computed_at TIMESTAMP""",
}


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw_columns(feed_name: str) -> list[tuple[str, str]]:
    """(name, type) of raw.<feed> in table order: contract columns as VARCHAR, then load metadata."""
    return [(c, "VARCHAR") for c in CONTRACTS[feed_name].column_names] + list(RAW_METADATA_COLUMNS)


def ensure_schema(con) -> None:
    """Create the `raw` and `ingest` schemas and tables if absent (idempotent, additive only)."""
    present: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in con.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema IN ('raw', 'ingest')"
    ).fetchall():
        present.setdefault((schema, table), set()).add(column)
    wanted = [("raw", f, raw_columns(f)) for f in FEEDS]
    if all(("raw", f) in present for f in FEEDS) and all(("ingest", t) in present for t in INGEST_TABLES) and all(
        n in present[("raw", f)] for _, f, cols in wanted for n, _ in cols
    ):
        return
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE SCHEMA IF NOT EXISTS ingest")
    for _, feed_name, cols in wanted:
        if ("raw", feed_name) not in present:
            ddl = ", ".join(f"{quote_ident(n)} {t}" for n, t in cols)
            con.execute(f"CREATE TABLE IF NOT EXISTS raw.{feed_name} ({ddl})")
        else:  # a column added to the contract since the table was made (appended after the metadata)
            for name, type_ in cols:
                if name not in present[("raw", feed_name)]:
                    con.execute(f"ALTER TABLE raw.{feed_name} ADD COLUMN {quote_ident(name)} {type_}")
    for table, ddl in INGEST_TABLES.items():
        if ("ingest", table) not in present:
            con.execute(f"CREATE TABLE IF NOT EXISTS ingest.{table} ({ddl})")
