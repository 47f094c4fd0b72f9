"""Every case of the bad-input corpus (tests/ingest/corpus/<case>/): no crash, the expected outcome per
file and per row, counts that reconcile, messages that name file, row and rule, the same result from
both CSV readers, and nothing loaded twice on a second run."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from continuum.ingest import ingest_feed, reconciliation

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").exists())


def test_corpus_is_big_enough():
    assert len(CASES) >= 30


def _raw_rows(warehouse: Path, feed: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cols = [r[0] for r in con.execute(f"DESCRIBE raw.{feed}").fetchall() if not r[0].startswith("_")]
        return con.execute(f"SELECT {', '.join(cols)}, _row_number FROM raw.{feed} ORDER BY _file_name, _row_number").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case, tmp_path):
    spec = json.loads((CORPUS / case / "expected.json").read_text())
    feed, expected = spec["feed"], spec["files"]
    warehouse = tmp_path / "w.duckdb"
    report = ingest_feed(warehouse, CORPUS / case, feed, "run-1")

    outcomes = {f.file_name: f for f in report.files}
    assert set(outcomes) == set(expected), report.lines()
    lines = report.lines(max_row_errors=10_000)
    text = "\n".join(lines)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name, exp in expected.items():
            got = outcomes[name]
            assert got.status == exp["status"], (name, got.status, got.reason)
            if "rule" in exp:
                assert got.rule == exp["rule"], (name, got.reason)
            if got.status == "rejected":
                assert any(name in ln and "REJECTED" in ln and exp["rule"] in ln for ln in lines), text
                n = con.execute("SELECT count(*) FROM ingest.file_loads WHERE file_name = ? AND status = 'rejected'",
                                [name]).fetchone()[0]
                assert n == 1
            if got.status != "loaded":
                assert con.execute(f"SELECT count(*) FROM raw.{feed} WHERE _file_name = ?", [name]).fetchone()[0] == 0
                continue
            assert (got.rows_delivered, got.rows_loaded) == (exp["rows_delivered"], exp["rows_loaded"])
            assert got.quarantined_by_rule == exp["quarantined"]
            assert got.rows_delivered == got.rows_loaded + got.rows_quarantined
            assert [w.split(":")[0] for w in got.warnings] == exp["warnings"]
            raw_n = con.execute(f"SELECT count(*) FROM raw.{feed} WHERE _file_name = ?", [name]).fetchone()[0]
            assert raw_n == got.rows_loaded
            quarantined = con.execute(
                "SELECT row_number, rule, record FROM ingest.quarantine WHERE file_name = ? ORDER BY row_number",
                [name]).fetchall()
            assert len(quarantined) == got.rows_quarantined
            for row_number, rule, record in quarantined:
                assert f"{feed}/{name} row {row_number}: {rule}" in text
                assert json.loads(record)
            by_row = {str(r): rule for r, rule, _ in quarantined}
            for row_number, rule in exp["quarantined_rows"].items():
                assert by_row.get(row_number) == rule, (row_number, by_row)
            assert con.execute("SELECT count(*) FROM ingest.schema_warnings WHERE file_name = ?",
                               [name]).fetchone()[0] == len(exp["warnings"])
    finally:
        con.close()

    for summary in reconciliation(warehouse, "run-1"):
        assert summary["reconciled"], summary["problems"]
        if summary["feed"] == feed and "reconciliation" in spec:
            for key, value in spec["reconciliation"].items():
                assert summary[key] == value, (key, summary)

    before = _raw_rows(warehouse, feed)
    again = ingest_feed(warehouse, CORPUS / case, feed, "run-2")
    assert {f.status for f in again.files} <= {"already_loaded", "rejected", "waiting", "ignored"}
    assert all(not f.recorded for f in again.files if f.status == "rejected")
    assert _raw_rows(warehouse, feed) == before

    python_only = tmp_path / "python.duckdb"
    slow = ingest_feed(python_only, CORPUS / case, feed, "run-1", force_python_reader=True)
    assert [(f.file_name, f.status, f.rule, f.quarantined_by_rule) for f in slow.files] == \
           [(f.file_name, f.status, f.rule, f.quarantined_by_rule) for f in report.files]
    assert _raw_rows(python_only, feed) == before
