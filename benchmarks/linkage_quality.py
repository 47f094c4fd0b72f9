"""Linkage quality, time and peak memory on one world.

    .venv/bin/python benchmarks/linkage_quality.py --world /path/to/world      # generator output
    .venv/bin/python benchmarks/linkage_quality.py --synthetic 20000           # built-in noiser

Builds the linkage input table (from the world's landing CSVs, continuum.linkage.worldio, or from
continuum.linkage.synthetic) in a scratch warehouse, in a separate process so that the peak RSS
reported for linkage is linkage's own. Then runs a full link and an incremental run: with
--new-share S, S of the records are held back from the full run and added by the incremental run (a
night's delta); without it the incremental run has nothing new. Prints pairwise precision/recall/F1,
cluster measures, per-feed link rates, seconds and peak RSS, then a one-line summary. With --curve it
also prints precision/recall at several thresholds (how linkage/settings.json's threshold was chosen).

Note: --synthetic puts every person in six local authorities, so the density of people per area (and
so the number of people sharing initials, date of birth and sex in an area) grows with N; a generated
world (--world) spreads people over its preset's areas the same way.
"""
from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path


def _build(kind: str, arg, seed: int, wh: Path, scratch: Path, queue) -> None:
    """In a child process: write the input table into `wh` (and the synthetic truth); report records."""
    import duckdb

    if kind == "world":
        from continuum.linkage.worldio import build_input_from_landing

        con = duckdb.connect(str(wh))
        records = build_input_from_landing(con, Path(arg))
        con.close()
    else:
        from continuum.linkage.synthetic import make_world, write_truth_csv, write_warehouse

        rows, truth_rows = make_world(arg, seed=seed)
        write_warehouse(wh, rows)
        records = len(rows)
        write_truth_csv(scratch / "world" / "truth" / "record_persons.csv", truth_rows)
    queue.put((records, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--world", type=Path, help="generated world: landing CSVs + truth/record_persons.csv")
    src.add_argument("--synthetic", type=int, metavar="PEOPLE", help="use continuum.linkage.synthetic")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--scratch", type=Path, default=None,
                    help="scratch dir (default: a new /tmp/bench-linkage-* directory)")
    ap.add_argument("--curve", action="store_true", help="also print the threshold curve")
    ap.add_argument("--new-share", type=float, default=0.0,
                    help="hold back this share of records from a first full run, then add them with an "
                         "incremental run (a night's delta); default: incremental re-run with nothing new")
    args = ap.parse_args(argv)
    # the linkage's per-step laps (seconds per step) go to stderr
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import duckdb

    from continuum.linkage import link_people
    from continuum.linkage.evaluate import evaluate

    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="bench-linkage-", dir="/tmp"))
    scratch.mkdir(parents=True, exist_ok=True)
    wh = scratch / "warehouse.duckdb"
    wh.unlink(missing_ok=True)
    t = time.time()
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    kind, arg = ("world", str(args.world)) if args.world else ("synthetic", args.synthetic)
    child = ctx.Process(target=_build, args=(kind, arg, args.seed, wh, scratch, queue))
    child.start()
    records, build_rss = queue.get()
    child.join()
    if child.exitcode:
        raise SystemExit(f"building the input failed (exit {child.exitcode})")
    truth = args.world if args.world else scratch / "world"
    t_build = time.time() - t
    print(f"input: {records} records ({t_build:.1f} s to build, peak RSS of the build {build_rss:.0f} MB)",
          flush=True)

    table = "linkage_inputs.int_identity_records_unioned"
    held_back = 0
    if args.new_share:
        con = duckdb.connect(str(wh))
        con.execute(f"CREATE TABLE linkage_inputs.all_records AS SELECT * FROM {table}")
        con.execute(f"DELETE FROM {table} WHERE hash(feed, record_key) % 10000 < {int(args.new_share * 10000)}")
        held_back = records - con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.close()
    full = link_people(wh, mode="full", run_id="bench-full")
    rss_full = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.new_share:
        con = duckdb.connect(str(wh))
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM linkage_inputs.all_records")
        con.execute("DROP TABLE linkage_inputs.all_records")
        con.close()
    again = link_people(wh, mode="incremental", run_id="bench-incremental")
    quality = evaluate(wh, truth)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"full_run": full, "incremental_run": {k: again.get(k) for k in (
                          "mode", "records", "new_records", "people", "max_cluster_size", "seconds")},
                      "quality": quality, "peak_rss_mb_after_full_run": round(rss_full),
                      "peak_rss_mb": round(peak_mb)}, indent=2, default=str))
    print(f"SUMMARY records {records} (full run on {full['records']}, {held_back} held back) "
          f"true_persons {quality['true_persons']} | full {full['seconds']:.1f}s "
          f"({full['records'] / max(full['seconds'], 1e-9):,.0f} records/s) | incremental "
          f"{again['seconds']:.1f}s for {again.get('new_records')} new | peak RSS linking {peak_mb:.0f} MB "
          f"(build {build_rss:.0f} MB) | precision {quality['pair_precision']:.4f} recall "
          f"{quality['pair_recall']:.4f} F1 {quality['pair_f1']:.4f} | split {quality['persons_split']} "
          f"merged {quality['clusters_merging_persons']}", flush=True)
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
