"""`continuum compare`: check a pipeline run's outcome tables against the generator's truth."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "compare",
        help="compare a home's outcome tables with the truth of a generated world",
        description="Recompute every outcome measure from <truth>/records and <truth>/deliveries.csv, "
        "then compare the warehouse's `outcomes` schema (or, with --published, the published tables, "
        "skipping withheld cells) cell by cell. Exits 1 on any difference beyond the tolerances, 2 when an input is missing.",
    )
    p.add_argument("--truth", required=True, type=Path,
                   help="the generator's truth directory (or the generator's output directory holding truth/)")
    p.add_argument("--home", required=True, type=Path, help="the Continuum home holding warehouse.duckdb")
    p.add_argument("--published", action="store_true", help="compare <home>/published/outcomes.duckdb instead")
    p.add_argument("--rate-tolerance", type=float, default=0.0,
                   help="absolute difference allowed on rates, e.g. 0.005 for half a percentage point")
    p.add_argument("--count-tolerance", type=float, default=0.0,
                   help="difference allowed on counts, as a fraction of the expected count")
    p.add_argument("--rates-only", action="store_true",
                   help="compare rates (and immaturity) only, as the linkage acceptance test does")
    p.set_defaults(func=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    from continuum.config import Home
    from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    home = Home(Path(args.home).resolve())
    truth = truth_dir(args.truth)
    db = home.published_db if args.published else home.warehouse
    for needed in (truth / "deliveries.csv", db):
        if not needed.exists():
            print(f"compare: {needed} does not exist", file=sys.stderr)
            return 2
    expected = expected_tables(truth)
    actual = load_published(db) if args.published else load_warehouse_outcomes(db)
    report = compare_tables(expected, actual, rate_tolerance=args.rate_tolerance,
                            count_tolerance=args.count_tolerance, rates_only=args.rates_only)
    print(report.summary())
    return 0 if report.ok else 1


def truth_dir(path: Path) -> Path:
    """Accept `<out>/truth` or `<out>` itself, which is what `continuum generate` was given."""
    path = Path(path)
    if not (path / "records").is_dir() and (path / "truth" / "records").is_dir():
        return path / "truth"
    return path
