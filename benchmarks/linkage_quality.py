"""Linkage quality, time and peak memory on one world.

    .venv/bin/python benchmarks/linkage_quality.py --world /path/to/world      # generator output
    .venv/bin/python benchmarks/linkage_quality.py --synthetic 20000           # built-in noiser

Builds the linkage input table from the world's landing CSVs (continuum.linkage.worldio) in a scratch
warehouse, runs a full link, then an incremental re-run with nothing new, and prints pairwise
precision/recall/F1, cluster measures, per-feed link rates, seconds and peak RSS. With --curve it also
prints precision/recall at several thresholds (how linkage/settings.json's threshold was chosen).
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--world", type=Path, help="generated world: landing CSVs + truth/record_persons.csv")
    src.add_argument("--synthetic", type=int, metavar="PEOPLE", help="use continuum.linkage.synthetic")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--scratch", type=Path, default=None, help="scratch dir (default: a temp dir under /tmp)")
    ap.add_argument("--curve", action="store_true", help="also print the threshold curve")
    ap.add_argument("--new-share", type=float, default=0.0,
                    help="hold back this share of records from a first full run, then add them with an "
                         "incremental run (a night's delta); default: incremental re-run with nothing new")
    args = ap.parse_args(argv)

    import duckdb

    from continuum.linkage import link_people
    from continuum.linkage.evaluate import evaluate
    from continuum.linkage.synthetic import make_world, write_truth_csv, write_warehouse
    from continuum.linkage.worldio import build_input_from_landing

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="linkage_bench_", dir="/tmp"))
    scratch.mkdir(parents=True, exist_ok=True)
    wh = scratch / "warehouse.duckdb"
    wh.unlink(missing_ok=True)
    t = time.time()
    if args.world:
        con = duckdb.connect(str(wh))
        records = build_input_from_landing(con, args.world)
        con.close()
        truth = args.world
    else:
        rows, truth_rows = make_world(args.synthetic, seed=args.seed)
        write_warehouse(wh, rows)
        records = len(rows)
        truth = scratch / "world"
        write_truth_csv(truth / "truth" / "record_persons.csv", truth_rows)
    print(f"input: {records} records ({time.time() - t:.1f} s to build)")

    table = "linkage_inputs.int_identity_records_unioned"
    if args.new_share:
        con = duckdb.connect(str(wh))
        con.execute(f"CREATE TABLE linkage_inputs.all_records AS SELECT * FROM {table}")
        con.execute(f"DELETE FROM {table} WHERE hash(feed, record_key) % 10000 < {int(args.new_share * 10000)}")
        con.close()
    full = link_people(wh, mode="full", run_id="bench-full")
    if args.new_share:
        con = duckdb.connect(str(wh))
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM linkage_inputs.all_records")
        con.execute("DROP TABLE linkage_inputs.all_records")
        con.close()
    again = link_people(wh, mode="incremental", run_id="bench-incremental")
    quality = evaluate(wh, truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"full_run": full, "incremental_run": {k: again[k] for k in (
                          "mode", "records", "new_records", "people", "max_cluster_size", "seconds")},
                      "quality": quality, "peak_rss_mb": round(peak_mb)}, indent=2, default=str))
    if args.curve:
        from continuum.linkage.tune import threshold_curve

        con = duckdb.connect()
        con.execute(f"ATTACH '{wh}' AS wh (READ_ONLY)")
        print("threshold  precision  recall   f1       people/true  max_cluster")
        for r in threshold_curve(con, "wh.linkage_inputs.int_identity_records_unioned", Path(truth),
                                 [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999]):
            print(f"{r['threshold']:<9}  {r['pair_precision']:.5f}    {r['pair_recall']:.5f}  {r['pair_f1']:.5f}  "
                  f"{r['predicted_people']}/{r['true_persons']}  {r['max_cluster_size']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
