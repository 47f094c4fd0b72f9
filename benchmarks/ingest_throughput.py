"""Rows per second through `ingest_feed` for one synthetic 1M-row police file (scratch under /tmp).

    .venv/bin/python benchmarks/ingest_throughput.py [--rows N] [--python-reader] [--bad-every K]

`--bad-every K` breaks every K-th record (an impossible date) so the quarantine path is measured too;
`--python-reader` measures the fallback reader used for files DuckDB's strict reader refuses.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from continuum.contracts import CONTRACTS
from continuum.ingest import ingest_feed
from continuum.ingest.samples import manifest_for, synthetic_rows, write_delivery


def build_file(rows: int, bad_every: int) -> bytes:
    cols = CONTRACTS["police"].column_names
    parts = [",".join(cols)]
    for i, r in enumerate(synthetic_rows("police", rows), start=1):
        if bad_every and i % bad_every == 0:
            r["date_of_birth"] = "1980-02-30"
        parts.append(",".join(r[c] for c in cols))
    return ("\r\n".join(parts) + "\r\n").encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--python-reader", action="store_true")
    ap.add_argument("--bad-every", type=int, default=0)
    args = ap.parse_args()
    Path("/tmp/ingest").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench_", dir="/tmp/ingest"))
    try:
        t0 = time.perf_counter()
        data = build_file(args.rows, args.bad_every)
        write_delivery(work / "landing", "police", "2025-01-10", data, args.rows,
                       manifest_for("police", "2025-01-10", data, args.rows))
        print(f"built {args.rows} rows ({len(data) / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f}s")
        t0, cpu0 = time.perf_counter(), time.process_time()
        report = ingest_feed(work / "w.duckdb", work / "landing", "police", "bench",
                             force_python_reader=args.python_reader)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        f = report.files[0]
        print(f"{f.status} via {f.reader} reader: {f.rows_loaded} loaded, {f.rows_quarantined} quarantined "
              f"in {seconds:.1f}s = {args.rows / seconds:,.0f} rows/second "
              f"(CPU {cpu:.1f}s over all threads; load average {os.getloadavg()[0]:.1f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
