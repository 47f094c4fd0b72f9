"""Loading one feed's new deliveries into raw, one DuckDB transaction per file.

A file's raw rows, quarantine rows, schema warnings and its `ingest.file_loads` row commit together or
not at all, so a process killed mid-file leaves no trace of that file and the next run loads it again.

Idempotency: a file is identified by (feed, file name, sha256 of its bytes).
- Loaded before (or recorded as a duplicate before): skipped, reported as 'already_loaded', not recorded.
- Same bytes as a loaded file of another name (a re-delivery under a new name): recorded once as
  'duplicate', nothing loaded. Header-only files are exempt (two empty deltas are byte-identical but
  both must count as delivered for the cut-off date).
- Rejected before: checked again every run (the source may have fixed the manifest); a rejection
  identical to one already recorded is reported but not recorded twice. A fixed file re-delivered under
  the same name has a new hash and loads.
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path

from continuum.contracts import Feed, feed as contract_feed
from continuum.faults import pause_point
from continuum.ingest.discovery import READY, REJECTED, WAITING, Delivery, discover
from continuum.ingest.parsing import (
    STAGE_TABLE, FileRejected, ByteScan, other_delimiter_hint, read_header, scan_bytes, stage_file,
)
from continuum.ingest.report import ROW_ERROR_SAMPLE, FeedIngestReport, FileOutcome, RowError
from continuum.ingest.rules import CHECKED_TABLE, DUPLICATES_TABLE, check_sql, normalised, raw_value, record_json
from continuum.ingest.schema import RAW_METADATA_COLUMNS, ensure_schema, quote_ident

log = logging.getLogger("continuum.ingest")

# Fault tests (continuum.faults) can stop the process here -- a file's rows written, not committed.
MID_FILE_PAUSE_POINT = "ingest:mid-file"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def ingest_feed(warehouse: Path, landing: Path, feed: str, run_id: str, *,
                force_python_reader: bool = False) -> FeedIngestReport:
    """Load every new complete delivery of `feed` from `landing` into `warehouse`; never raises for a
    bad delivery (it is rejected and named in the report)."""
    import duckdb

    contract = contract_feed(feed)
    report = FeedIngestReport(feed, run_id)
    Path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        ensure_schema(con)
        for delivery in discover(Path(landing), feed):
            t0 = time.perf_counter()
            outcome = _process(con, contract, delivery, run_id, force_python_reader)
            outcome.seconds = time.perf_counter() - t0
            report.files.append(outcome)
            log.info("%s %s: %s (%.1fs)", feed, delivery.file_name, outcome.status, outcome.seconds)
    finally:
        con.close()
    return report


def _process(con, contract: Feed, d: Delivery, run_id: str, force_python: bool) -> FileOutcome:
    extract = d.extract_date.isoformat() if d.extract_date else None
    if d.state in (WAITING, "ignored"):
        return FileOutcome(d.feed, d.file_name, d.state, rule=d.rule, reason=d.reason, extract_date=extract)
    scan = scan_bytes(d.csv_path) if d.csv_path is not None else None
    if d.state == REJECTED:
        return _reject(con, d, scan, run_id, FileRejected(d.rule, d.reason), _now())
    assert d.state == READY and scan is not None
    previous = con.execute(
        "SELECT status, run_id FROM ingest.file_loads WHERE feed = ? AND file_name = ? AND file_sha256 = ? "
        "AND status IN ('loaded', 'duplicate') LIMIT 1",
        [d.feed, d.file_name, scan.sha256],
    ).fetchone()
    if previous:
        return FileOutcome(d.feed, d.file_name, "already_loaded", extract_date=extract, sha256=scan.sha256,
                           reason=f"{previous[0]} by run {previous[1]}", recorded=False)
    started = _now()
    try:
        return _load(con, contract, d, scan, run_id, started, force_python)
    except FileRejected as exc:
        _rollback(con)
        return _reject(con, d, scan, run_id, exc, started)
    except Exception as exc:  # a bug or a resource problem: name the file, keep going, retry next run
        _rollback(con)
        log.exception("%s %s: internal error", d.feed, d.file_name)
        return _reject(con, d, scan, run_id, FileRejected("internal_error", f"{type(exc).__name__}: {exc}"), started)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
        con.execute(f"DROP TABLE IF EXISTS {CHECKED_TABLE}")
        con.execute(f"DROP TABLE IF EXISTS {DUPLICATES_TABLE}")


def _rollback(con) -> None:
    try:
        con.execute("ROLLBACK")
    except Exception:  # no transaction open
        pass


def _load_id(started: datetime, feed: str, sha: str) -> str:
    """Sorts in load order (staging breaks ties by the later _load_id)."""
    return f"{started:%Y%m%dT%H%M%S%f}_{feed}_{sha[:12]}"


def check_header(contract: Feed, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Contract column -> position, plus the unknown columns; raises FileRejected."""
    positions: dict[str, int] = {}
    duplicated: list[str] = []
    for i, name in enumerate(header):
        if name in contract.column_names:
            if name in positions:
                duplicated.append(name)
            positions.setdefault(name, i)
    if duplicated:
        raise FileRejected("duplicate_column", f"the header repeats column(s) {', '.join(sorted(set(duplicated)))}")
    missing = [c for c in contract.required_columns if c not in positions]
    if missing:
        raise FileRejected("missing_required_column",
                           f"missing required column(s) {', '.join(missing)}{other_delimiter_hint(header)}")
    unknown = [h for h in header if h not in contract.column_names]
    return positions, unknown


def _load(con, contract: Feed, d: Delivery, scan: ByteScan, run_id: str, started: datetime,
          force_python: bool) -> FileOutcome:
    m = d.manifest
    feed = contract.name
    if scan.size == 0:
        raise FileRejected("empty_file", "the file is empty (0 bytes)")
    if scan.sha256 != m.sha256:
        raise FileRejected("manifest_sha256_mismatch",
                           f"the file's sha256 is {scan.sha256}, the manifest says {m.sha256} (broken transfer?)")
    load_id = _load_id(started, feed, scan.sha256)
    out = FileOutcome(feed, d.file_name, "loaded", extract_date=m.extract_date.isoformat(), sha256=scan.sha256,
                      load_id=load_id)
    twin = con.execute(
        "SELECT file_name FROM ingest.file_loads WHERE feed = ? AND file_sha256 = ? AND status = 'loaded' "
        "AND file_name <> ? LIMIT 1", [feed, scan.sha256, d.file_name]).fetchone()
    if twin and m.row_count > 0:
        out.status, out.reason = "duplicate", f"same bytes as {twin[0]}, already loaded; nothing loaded"
        _record_file(con, out, m.row_count, run_id, started)
        return out

    header = read_header(d.csv_path)
    positions, unknown = check_header(contract, header)
    out.warnings = [f"unknown_column: column {name!r} is not in the {feed} contract; loaded the known columns"
                    for name in unknown]
    delivered, out.reader = stage_file(con, d.csv_path, header, scan, m.row_count,
                                           force_python=force_python)
    if delivered != m.row_count:
        raise FileRejected("manifest_row_count_mismatch",
                           f"the file holds {delivered} records, the manifest says {m.row_count}")
    for statement in check_sql(contract, positions, m.extract_date):
        con.execute(statement)

    by_rule = dict(con.execute(f"""
        SELECT rule, count(*) FROM (
            SELECT _v.rule AS rule FROM {CHECKED_TABLE}
            UNION ALL SELECT _fault FROM {STAGE_TABLE} WHERE _fault IS NOT NULL)
        GROUP BY rule""").fetchall())
    out.rows_delivered = delivered
    out.quarantined_by_rule = by_rule
    out.rows_quarantined = sum(by_rule.values())
    out.rows_loaded = delivered - out.rows_quarantined
    out.row_errors = [RowError(d.file_name, *r) for r in con.execute(f"""
        SELECT _row_number, _v.rule, _v.col, _v.val FROM {CHECKED_TABLE}
        UNION ALL SELECT _row_number, _fault, _fault_column, _fault_value FROM {STAGE_TABLE} WHERE _fault IS NOT NULL
        ORDER BY 1 LIMIT {ROW_ERROR_SAMPLE}""").fetchall()]

    meta = [load_id, d.file_name, scan.sha256, m.extract_date, started]
    raw_cols = ", ".join(quote_ident(c) for c in contract.column_names)
    raw_vals = ", ".join(raw_value(positions, c) for c in contract.column_names)
    meta_cols = ", ".join(n for n, _ in RAW_METADATA_COLUMNS)
    con.execute("BEGIN TRANSACTION")
    con.execute(
        f"""INSERT INTO raw.{feed} ({raw_cols}, {meta_cols})
        SELECT {raw_vals}, ?, ?, ?, ?, _row_number, ?
        FROM (SELECT _row_number, {normalised(positions)} FROM {STAGE_TABLE}
              WHERE _fault IS NULL AND _row_number NOT IN (SELECT _row_number FROM {CHECKED_TABLE}))""",
        meta)
    q_common = [load_id, feed, d.file_name]
    con.execute(
        f"""INSERT INTO ingest.quarantine
        SELECT ?, ?, ?, _row_number, _v.rule, _v.col, _v.val, {record_json(header)}, ?, ?
        FROM {CHECKED_TABLE} JOIN {STAGE_TABLE} USING (_row_number)""", q_common + [run_id, started])
    con.execute(
        f"""INSERT INTO ingest.quarantine
        SELECT ?, ?, ?, _row_number, _fault, _fault_column, _fault_value, _record, ?, ?
        FROM {STAGE_TABLE} WHERE _fault IS NOT NULL""", q_common + [run_id, started])
    for name in unknown:
        con.execute("INSERT INTO ingest.schema_warnings VALUES (?, ?, ?, 'unknown_column', ?, ?, ?, ?)",
                    q_common + [name, f"column {name!r} is not in the {feed} contract; loaded the known columns",
                                run_id, started])
    _record_file(con, out, m.row_count, run_id, started)
    pause_point(MID_FILE_PAUSE_POINT)
    con.execute("COMMIT")
    return out


def _record_file(con, out: FileOutcome, manifest_rows: int | None, run_id: str, started: datetime,
                 reason: str | None = None) -> None:
    con.execute(
        "INSERT INTO ingest.file_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [out.load_id, out.feed, out.file_name, out.sha256, out.extract_date, manifest_rows, out.status,
         reason if reason is not None else out.reason,
         out.rows_delivered, out.rows_loaded, out.rows_quarantined, run_id, started, _now()],
    )


def _reject(con, d: Delivery, scan: ByteScan | None, run_id: str, exc: FileRejected, started: datetime) -> FileOutcome:
    sha = scan.sha256 if scan else None
    out = FileOutcome(d.feed, d.file_name, "rejected", rule=exc.rule, reason=exc.reason,
                      extract_date=d.extract_date.isoformat() if d.extract_date else None, sha256=sha,
                      load_id=_load_id(started, d.feed, sha or "nofile"))
    recorded_reason = f"{exc.rule}: {exc.reason}"  # file_loads has no rule column: the reason starts with it
    same = con.execute(
        "SELECT 1 FROM ingest.file_loads WHERE feed = ? AND file_name = ? AND file_sha256 IS NOT DISTINCT FROM ? "
        "AND status = 'rejected' AND reason = ? LIMIT 1", [d.feed, d.file_name, sha, recorded_reason]).fetchone()
    if same:
        out.recorded = False
    else:
        _record_file(con, out, d.manifest.row_count if d.manifest else None, run_id, started, recorded_reason)
    return out
