"""`continuum ingest`: load the landing area into the warehouse's raw layer and say what happened.

Exit status: 0 when every complete delivery loaded (quarantined rows, schema warnings and files still
waiting for their manifest are reported but are not failures); 2 when any file was rejected in this
run, including a rejected file still lying unchanged in the landing area. Every rejected file is named
on standard output with its rule and reason.
"""
from __future__ import annotations

import argparse

from continuum.contracts import FEEDS


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "ingest", help="load new landing-area deliveries into raw (quarantine, reject, reconcile)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--landing", help="landing area (default: $CONTINUUM_LANDING)")
    p.add_argument("--home", help="Continuum home holding warehouse.duckdb (default: $CONTINUUM_HOME)")
    p.add_argument("--feed", action="append", choices=FEEDS, help="feed to load (repeatable; default: all)")
    p.add_argument("--run-id", help="run id recorded with every row (default: a new manual__... id)")
    p.add_argument("--max-row-errors", type=int, default=20, help="quarantined rows listed per file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from continuum.config import Home, landing_from_env
    from continuum.ingest import format_reconciliation, ingest_feed, reconciliation

    home = Home.from_env(args.home).ensure()
    landing = landing_from_env(args.landing)
    run_id = args.run_id or _new_run_id()
    rejected = 0
    for feed in args.feed or FEEDS:
        report = ingest_feed(home.warehouse, landing, feed, run_id)
        for line in report.lines(max_row_errors=args.max_row_errors):
            print(line)
        rejected += len(report.rejected)
    print(f"run {run_id}: reconciliation")
    print(format_reconciliation(reconciliation(home.warehouse, run_id)))
    if rejected:
        print(f"{rejected} file(s) rejected: see the REJECTED lines above")
        return 2
    return 0


def _new_run_id() -> str:
    from continuum.pipeline import new_run_id

    return new_run_id("ingest")
