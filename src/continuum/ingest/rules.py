"""The row-level contract rules as one SQL pass over the staged file.

Every row gets the FIRST rule it breaks, checked column by column in contract order (required value,
then the column's type/shape, then range, then future date), then the cross-column conditionals from
`continuum.contracts`, then the within-file key uniqueness. One rule per row is what lets reconciliation
count every delivered row exactly once: rows_delivered = rows_loaded + rows_quarantined.

Judgements: empty or whitespace-only is null (and stored as null in raw); any other value is checked
exactly as delivered (so ' M' is not a sex code). A key seen twice quarantines every row carrying it,
whatever else those rows break (records with the wrong number of fields are not counted: their key
column cannot be trusted). Dates and timestamps after extract date + 1 day are `future_date`, except
the columns in FUTURE_DATE_EXEMPT. TOP values must be integers (`invalid_integer`) in 0-28 (`out_of_range`).
"""
from __future__ import annotations

from datetime import date

from continuum.contracts import DATE_PATTERN, LA_CODE_PATTERN, PNC_ID_PATTERN, TIMESTAMP_PATTERN, Feed
from continuum.ingest.parsing import STAGE_TABLE

CHECKED_TABLE = "_ingest_failed"  # _row_number, _v: only the rows that break a rule
DUPLICATES_TABLE = "_ingest_duplicate_keys"
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Columns that legitimately hold dates after the extract: an appointment is booked ahead.
FUTURE_DATE_EXEMPT: frozenset[tuple[str, str]] = frozenset({("custody", "ra_appointment_at")})

ROW_RULES: tuple[str, ...] = (
    "wrong_field_count", "invalid_encoding", "missing_required_value", "invalid_code", "invalid_date",
    "invalid_timestamp", "invalid_integer", "out_of_range", "invalid_la_code", "invalid_pnc_id",
    "future_date", "duplicate_key_in_file",
)
FILE_RULES: tuple[str, ...] = (
    "no_manifest", "manifest_without_csv", "manifest_invalid", "manifest_feed_mismatch", "empty_file",
    "manifest_sha256_mismatch", "invalid_encoding", "missing_required_column", "duplicate_column",
    "manifest_row_count_mismatch",
)
WARNING_RULES: tuple[str, ...] = ("unknown_column",)


def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def blank(expr: str) -> str:
    """Empty or whitespace-only: the contract's null."""
    return f"({expr} IS NULL OR trim({expr}, ' \t\r\n') = '')"


def _violation(rule: str, column: str, value_expr: str) -> str:
    return f"{{'rule': {lit(rule)}, 'col': {lit(column)}, 'val': ({value_expr})::VARCHAR}}"


def _is_date(v: str) -> str:
    return f"(regexp_full_match({v}, {lit(DATE_PATTERN.strip('^$'))}) AND try_cast({v} AS DATE) IS NOT NULL)"


def _is_timestamp(v: str) -> str:
    return (f"(regexp_full_match({v}, {lit(TIMESTAMP_PATTERN.strip('^$'))}) "
            f"AND try_strptime({v}, {lit(TIMESTAMP_FORMAT)}) IS NOT NULL)")


def column_checks(feed: Feed, positions: dict[str, int], extract_date: date) -> list[tuple[str, str]]:
    """(condition, violation) pairs in the order they are tried."""
    checks: list[tuple[str, str]] = []
    latest = f"(DATE {lit(extract_date.isoformat())} + 1)"
    for col in feed.columns:
        if col.name not in positions:
            continue  # absent optional column: null throughout (absent required columns reject the file)
        v = f"n{positions[col.name]}"
        present = f"{v} IS NOT NULL"
        if col.required:
            checks.append((f"{v} IS NULL", _violation("missing_required_value", col.name, f"f{positions[col.name]}")))
        if col.type == "code" and col.codes:
            codes = ", ".join(lit(c) for c in col.codes)
            checks.append((f"{present} AND {v} NOT IN ({codes})", _violation("invalid_code", col.name, v)))
        elif col.type == "date":
            checks.append((f"{present} AND NOT {_is_date(v)}", _violation("invalid_date", col.name, v)))
            if (feed.name, col.name) not in FUTURE_DATE_EXEMPT:
                checks.append((f"{present} AND try_cast({v} AS DATE) > {latest}", _violation("future_date", col.name, v)))
        elif col.type == "timestamp":
            checks.append((f"{present} AND NOT {_is_timestamp(v)}", _violation("invalid_timestamp", col.name, v)))
            if (feed.name, col.name) not in FUTURE_DATE_EXEMPT:
                checks.append((f"{present} AND CAST(try_strptime({v}, {lit(TIMESTAMP_FORMAT)}) AS DATE) > {latest}",
                               _violation("future_date", col.name, v)))
        elif col.type == "integer":
            checks.append((f"{present} AND NOT regexp_full_match({v}, '-?[0-9]+')", _violation("invalid_integer", col.name, v)))
            bounds = []
            if col.minimum is not None:
                bounds.append(f"try_cast({v} AS DOUBLE) < {col.minimum}")
            if col.maximum is not None:
                bounds.append(f"try_cast({v} AS DOUBLE) > {col.maximum}")
            if bounds:
                checks.append((f"{present} AND ({' OR '.join(bounds)})", _violation("out_of_range", col.name, v)))
        elif col.type == "la_code":
            checks.append((f"{present} AND NOT regexp_full_match({v}, {lit(LA_CODE_PATTERN.strip('^$'))})",
                           _violation("invalid_la_code", col.name, v)))
        elif col.type == "pnc_id":
            checks.append((f"{present} AND NOT regexp_full_match({v}, {lit(PNC_ID_PATTERN.strip('^$'))})",
                           _violation("invalid_pnc_id", col.name, v)))
    for cond in feed.conditionals:
        then_v = f"n{positions[cond.then_column]}" if cond.then_column in positions else "NULL"
        when_v = f"n{positions[cond.when_column]}" if cond.when_column in positions else "NULL"
        if cond.when_values is None:
            trigger = f"{when_v} IS NOT NULL"
        else:
            values = ", ".join(lit(x) for x in cond.when_values)
            trigger = f"{when_v} {'NOT IN' if cond.negate else 'IN'} ({values})"
        checks.append((f"({trigger}) AND {then_v} IS NULL",
                       _violation(cond.rule, cond.then_column, f"{lit(cond.when_column + '=')} || {when_v}")))
    key = f"f{positions[feed.key]}"
    checks.append((f"{key} IN (SELECT k FROM {DUPLICATES_TABLE})", _violation("duplicate_key_in_file", feed.key, key)))
    return checks


def normalised(positions: dict[str, int]) -> str:
    """n<i>: the delivered value, null when empty or whitespace-only (what raw stores)."""
    return ", ".join(f"CASE WHEN {blank(f'f{i}')} THEN NULL ELSE f{i} END AS n{i}" for i in sorted(positions.values()))


def check_sql(feed: Feed, positions: dict[str, int], extract_date: date) -> list[str]:
    """Statements creating CHECKED_TABLE: (_row_number, _v) for each well-formed staged row that breaks
    a rule, `_v` being its first violation {rule, col, val}. Narrow on purpose: valid rows are never
    materialised twice."""
    cases = "\n            ".join(f"WHEN {cond} THEN {viol}" for cond, viol in column_checks(feed, positions, extract_date))
    key = f"f{positions[feed.key]}"
    fields = ", ".join(f"f{i}" for i in sorted(positions.values()))
    return [
        f"""CREATE OR REPLACE TEMP TABLE {DUPLICATES_TABLE} AS
            SELECT {key} AS k FROM {STAGE_TABLE} WHERE _fault IS NULL AND {key} IS NOT NULL
            GROUP BY {key} HAVING count(*) > 1""",
        f"""CREATE OR REPLACE TEMP TABLE {CHECKED_TABLE} AS
        SELECT _row_number, _v FROM (
            SELECT _row_number, CASE
                {cases}
                ELSE NULL END AS _v
            FROM (SELECT _row_number, {fields}, {normalised(positions)} FROM {STAGE_TABLE} WHERE _fault IS NULL))
        WHERE _v IS NOT NULL""",
    ]


def raw_value(positions: dict[str, int], column: str) -> str:
    """As delivered, except that empty or whitespace-only is null (see `normalised`)."""
    return f"n{positions[column]}" if column in positions else "NULL::VARCHAR"


def record_json(header: list[str]) -> str:
    pairs = ", ".join(f"{lit(name)}, f{i}" for i, name in enumerate(header))
    return f"CAST(json_object({pairs}) AS VARCHAR)"
