"""Generate a world, run the whole pipeline on it, and print how far every published measure is from the
ground truth, with the linkage quality behind it.

    .venv/bin/python benchmarks/pipeline_vs_truth.py --preset demo --seed 4 [--noise none] [--dir /tmp/bench]

Prints: stage timings and rows/second; pairwise linkage precision, recall, F1; for each outcome table the
cells compared, cells differing and the largest rate difference in percentage points (the error the
measure inherits from linkage mistakes, since on a noise-free world every cell is exact).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", default="demo")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--noise", default="default", choices=["default", "none"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/continuum-bench"))
    args = parser.parse_args()

    from continuum import pipeline
    from continuum.config import Home
    from continuum.generate import generate
    from continuum.linkage.evaluate import evaluate
    from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    root = args.dir / f"{args.preset}-{args.seed}-{args.noise}"
    shutil.rmtree(root, ignore_errors=True)
    t0 = time.perf_counter()
    summary = generate(root / "world", seed=args.seed, preset=args.preset, noise=args.noise, quiet=True)
    t_gen = time.perf_counter() - t0
    home = Home(root / "home").ensure()
    t0 = time.perf_counter()
    result = pipeline.run_all(root / "world" / "landing", home, "benchmark")
    t_run = time.perf_counter() - t0
    rows = sum(r.rows_delivered for r in result.ingest_reports)

    print(f"world: preset {args.preset}, seed {args.seed}, noise {args.noise}; generated in {t_gen:.1f}s")
    print(f"pipeline: {rows:,} feed rows in {t_run:.1f}s ({rows / t_run:,.0f} rows/s end to end); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print("  " + ", ".join(f"{t.stage} {t.seconds:.1f}s" for t in result.timings))

    quality = evaluate(home.warehouse, root / "world" / "truth")
    print("linkage: " + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}"
                                  for k, v in quality.items() if not isinstance(v, (dict, list))))

    expected = expected_tables(root / "world" / "truth")
    exact = compare_tables(expected, load_warehouse_outcomes(home.warehouse))
    print("\nwarehouse outcomes vs truth (exact):")
    print(exact.summary())
    published = compare_tables(expected, load_published(home.published_db), rates_only=True, rate_tolerance=0.005)
    print("\npublished rates vs truth (non-withheld cells; tolerance 0.5 percentage points):")
    print(published.summary())
    return 0 if published.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
