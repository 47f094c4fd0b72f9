"""Throughput and peak memory of `continuum generate` on a scaled-down national world.

    .venv/bin/python benchmarks/generate_throughput.py --people 100000 [--out /tmp/gen/bench]

Prints feed rows/s, people/s and peak RSS, and extrapolates to the full national preset (2,000,000
people over five years): time scales with people; memory should not (people stream in chunks), which
is why two sizes are worth running to confirm.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/gen/bench"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise", default="default")
    ap.add_argument("--keep", action="store_true", help="keep the output directory")
    args = ap.parse_args(argv)

    from continuum.generate import generate
    from continuum.generate.presets import PRESETS

    t0 = time.perf_counter()
    s = generate(args.out, seed=args.seed, people=args.people, preset="national", noise=args.noise, expected=False)
    elapsed = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    size_mb = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file()) / 1e6
    rows = s["feed_rows_delivered"]
    full = PRESETS["national"].people
    factor = full / args.people
    print(f"people            {args.people:,} ({s['start']} to {s['end']})")
    print(f"feed rows         {rows:,} ({', '.join(f'{k} {v:,}' for k, v in s['records'].items())} true records)")
    print(f"elapsed           {elapsed:,.1f} s")
    print(f"throughput        {rows / elapsed:,.0f} feed rows/s, {args.people / elapsed:,.0f} people/s")
    print(f"cpu time          {cpu:,.1f} s ({rows / cpu:,.0f} feed rows per cpu-second; wall time suffers on a busy host)")
    print(f"peak RSS          {peak_mb:,.0f} MB")
    print(f"output            {size_mb:,.0f} MB")
    print(f"national (x{factor:.0f}) ~{rows * factor / 1e6:,.1f} M feed rows, ~{elapsed * factor / 60:,.0f} min wall "
          f"(~{cpu * factor / 60:,.0f} min cpu), "
          f"~{size_mb * factor / 1e3:,.1f} GB on disk, peak RSS roughly flat (see two sizes)")
    if not args.keep:
        shutil.rmtree(args.out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
