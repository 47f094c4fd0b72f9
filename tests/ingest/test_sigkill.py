"""A process killed mid-file (SIGKILL, no clean-up) leaves nothing of that file, and the next run loads it.

The pause point `ingest:mid-file` (continuum.faults) makes the kill deterministic: the child writes a
marker once the file's transaction has written its raw, quarantine and file_loads rows, then waits; the
test kills it only after seeing the marker.
"""
from __future__ import annotations

import signal
import sys

import duckdb

from continuum.contracts import CONTRACTS
from continuum.ingest import ingest_feed
from continuum.faults import kill_at_pause_point
from continuum.ingest.loader import MID_FILE_PAUSE_POINT
from continuum.ingest.samples import csv_text, synthetic_rows, write_delivery

CHILD = """
import sys
from pathlib import Path
from continuum.ingest import ingest_feed
ingest_feed(Path(sys.argv[1]), Path(sys.argv[2]), "police", "killed-run")
"""


def _counts(warehouse) -> tuple[int, int, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("raw.police", "ingest.quarantine", "ingest.file_loads"))
    finally:
        con.close()


def test_sigkill_mid_file_leaves_nothing_and_next_run_loads(tmp_path, landing, warehouse):
    rows = list(synthetic_rows("police", 30_000))
    for r in rows[::1000]:
        r["sex"] = "?"  # 30 quarantined rows, so the quarantine table is part of the killed transaction
    data = csv_text(rows, columns=list(CONTRACTS["police"].column_names)).encode()
    write_delivery(landing, "police", "2025-01-10", data, len(rows))

    child = kill_at_pause_point([sys.executable, "-c", CHILD, str(warehouse), str(landing)],
                                MID_FILE_PAUSE_POINT, tmp_path / "in_transaction", timeout=60)
    assert child.returncode == -signal.SIGKILL

    assert _counts(warehouse) == (0, 0, 0)

    report = ingest_feed(warehouse, landing, "police", "next-run")
    [outcome] = report.files
    assert (outcome.status, outcome.rows_loaded, outcome.rows_quarantined) == ("loaded", 29_970, 30)
    assert _counts(warehouse) == (29_970, 30, 1)
