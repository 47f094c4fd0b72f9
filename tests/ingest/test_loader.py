"""Ingestion behaviour beyond single files: discovery, replays, re-deliveries, corrections, schema,
record numbering under DuckDB's parallel reader, reconciliation and the command line."""
from __future__ import annotations

import argparse
import json

import duckdb

from continuum.contracts import CONTRACTS, FEEDS
from continuum.ingest import discover, ensure_schema, ingest_feed, reconciliation
from continuum.ingest import command
from continuum.ingest.samples import csv_text, manifest_for, sample_row, write_delivery, write_rows


def _query(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_ensure_schema_creates_every_table_in_contract_order(warehouse):
    con = duckdb.connect(str(warehouse))
    ensure_schema(con)
    ensure_schema(con)  # idempotent
    for feed in FEEDS:
        cols = [r[0] for r in con.execute(f"DESCRIBE raw.{feed}").fetchall()]
        assert cols == list(CONTRACTS[feed].column_names) + [
            "_load_id", "_file_name", "_file_sha256", "_extract_date", "_row_number", "_loaded_at"]
    for table in ("file_loads", "quarantine", "schema_warnings", "reconciliation"):
        assert con.execute(f"SELECT count(*) FROM ingest.{table}").fetchone() == (0,)
    con.close()


def test_discover_orders_by_date_and_classifies(landing):
    write_rows(landing, "custody", "2025-01-12", [sample_row("custody")])
    write_rows(landing, "custody", "2025-01-10", [sample_row("custody")])
    (landing / "custody" / "custody_20250111.csv").write_text("still arriving")
    (landing / "custody" / "custody_20250113.manifest.json").write_text("{}")
    (landing / "custody" / "notes.txt").write_text("hello")
    got = [(d.file_name, d.state, d.rule) for d in discover(landing, "custody")]
    assert got == [
        ("custody_20250110.csv", "ready", None),
        ("custody_20250111.csv", "waiting", "no_manifest"),
        ("custody_20250112.csv", "ready", None),
        ("custody_20250113.csv", "rejected", "manifest_without_csv"),
        ("notes.txt", "ignored", None),
    ]
    assert discover(landing, "police") == []


def test_rejected_file_redelivered_fixed_under_same_name_loads(landing, warehouse):
    rows = [sample_row("probation", i) for i in (1, 2)]
    good = csv_text(rows).encode()
    broken = good[:-10]  # truncated transfer
    write_delivery(landing, "probation", "2025-01-10", broken, 2, manifest_for("probation", "2025-01-10", good, 2))
    for run in ("r1", "r2"):
        [out] = ingest_feed(warehouse, landing, "probation", run).files
        assert (out.status, out.rule) == ("rejected", "manifest_sha256_mismatch")
    assert _query(warehouse, "SELECT count(*) FROM ingest.file_loads") == [(1,)]  # recorded once
    write_delivery(landing, "probation", "2025-01-10", good, 2)
    [out] = ingest_feed(warehouse, landing, "probation", "r3").files
    assert (out.status, out.rows_loaded) == ("loaded", 2)
    [out] = ingest_feed(warehouse, landing, "probation", "r4").files
    assert out.status == "already_loaded"
    assert _query(warehouse, "SELECT count(*) FROM raw.probation") == [(2,)]


def test_corrections_in_any_order_keep_every_version_in_raw(landing, warehouse):
    write_rows(landing, "police", "2025-01-11", [sample_row("police", 1, updated_at="2025-01-11T09:00:00")])
    write_rows(landing, "police", "2025-01-10", [sample_row("police", 1, disposal="pending", disposal_date="",
                                                            updated_at="2025-01-10T09:00:00")])
    ingest_feed(warehouse, landing, "police", "r1")
    got = _query(warehouse, "SELECT disposal, updated_at, _extract_date::VARCHAR FROM raw.police ORDER BY _load_id")
    assert got == [("pending", "2025-01-10T09:00:00", "2025-01-10"), ("charged", "2025-01-11T09:00:00", "2025-01-11")]
    [summary] = [s for s in reconciliation(warehouse, "r1") if s["feed"] == "police"]
    assert (summary["raw_rows"], summary["raw_keys"], summary["rows_superseded"]) == (2, 1, 1)


def test_record_numbers_follow_the_file_through_the_parallel_reader(landing, warehouse, tmp_path):
    """Quoted newlines make line numbers and record numbers differ; DuckDB reads big files in parallel."""
    n = 60_000
    rows = [sample_row("police", i, postcode=("E8\r\n1AA" if i % 7 == 0 else "E8 1AA")) for i in range(1, n + 1)]
    for i in range(99, n, 1000):
        rows[i]["sex"] = "?"
    write_rows(landing, "police", "2025-01-10", rows)
    [out] = ingest_feed(warehouse, landing, "police", "r1").files
    assert out.reader == "duckdb"
    assert (out.rows_loaded, out.rows_quarantined) == (n - 60, 60)
    mismatched = _query(warehouse, "SELECT count(*) FROM raw.police WHERE 'P' || _row_number <> arrest_id")
    assert mismatched == [(0,)]
    assert _query(warehouse, "SELECT min(row_number), max(row_number) FROM ingest.quarantine") == [(100, 59100)]
    kept_with_newline = sum(1 for i, r in enumerate(rows, start=1) if i % 7 == 0 and r["sex"] != "?")
    assert _query(warehouse, "SELECT count(*) FROM raw.police WHERE postcode = 'E8' || chr(13) || chr(10) || '1AA'") \
        == [(kept_with_newline,)]


def test_reconciliation_is_stored_per_run_and_replaced(landing, warehouse):
    rows = [sample_row("treatment", i) for i in range(1, 4)]
    rows[0]["top_days_used_start"] = "99"
    write_rows(landing, "treatment", "2025-01-10", rows)
    ingest_feed(warehouse, landing, "treatment", "r1")
    reconciliation(warehouse, "r1")
    summaries = reconciliation(warehouse, "r1")
    stored = _query(warehouse, "SELECT feed, rows_delivered, rows_loaded, rows_quarantined, quarantined_by_rule, "
                               "reconciled FROM ingest.reconciliation WHERE run_id = 'r1' ORDER BY feed")
    assert len(stored) == 4
    assert ("treatment", 3, 2, 1, json.dumps({"out_of_range": 1}), True) in stored
    assert [s for s in summaries if s["feed"] == "treatment"][0]["quarantined_by_rule"] == {"out_of_range": 1}
    assert reconciliation(warehouse)[2]["rows_delivered"] == 3  # all runs, not stored


def test_reconciliation_notices_rows_that_went_missing(landing, warehouse):
    write_rows(landing, "custody", "2025-01-10", [sample_row("custody", i) for i in (1, 2)])
    ingest_feed(warehouse, landing, "custody", "r1")
    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM raw.custody WHERE custody_record_id = 'C1'")
    con.close()
    [summary] = [s for s in reconciliation(warehouse, "r1") if s["feed"] == "custody"]
    assert not summary["reconciled"]
    assert "raw.custody holds 1 rows" in summary["problems"][0]


def _cli(*argv) -> int:
    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["ingest", *argv])
    return args.func(args)


def test_cli_exit_codes_and_names_rejected_files(landing, tmp_path, capsys):
    home = tmp_path / "home"
    write_rows(landing, "police", "2025-01-10", [sample_row("police")] )
    assert _cli("--landing", str(landing), "--home", str(home), "--run-id", "r1") == 0
    out = capsys.readouterr().out
    assert "LOADED police/police_20250110.csv" in out and "reconciliation" in out
    write_delivery(landing, "custody", "2025-01-10", b"a;b\r\n1;2\r\n", 1)
    assert _cli("--landing", str(landing), "--home", str(home), "--feed", "custody") == 2
    out = capsys.readouterr().out
    assert "REJECTED custody/custody_20250110.csv: missing_required_column" in out
    assert "';'-delimited" in out
