"""`continuum run`: one night of the pipeline without an Airflow scheduler (the same stage functions)."""
from __future__ import annotations

import logging
from pathlib import Path


def add_parser(sub) -> None:
    p = sub.add_parser(
        "run",
        help="run ingest, dbt, linkage, quality gates and publication once, without Airflow",
        description="Runs every stage once over a landing area. Running it again on the same home "
        "loads only what is new in the landing area.",
    )
    p.add_argument("--landing", required=True, type=Path, help="landing area (<landing>/<feed>/...)")
    p.add_argument("--home", required=True, type=Path, help="Continuum home (warehouse, publication, logs)")
    p.add_argument("--full-relink", action="store_true", help="re-link every record instead of only new ones")
    p.add_argument("--run-id", help="run identifier (default: generated)")
    p.set_defaults(func=run)

    s = sub.add_parser("summary", help="print where the publication is and what it says")
    s.add_argument("--home", required=True, type=Path)
    s.set_defaults(func=summary)


def run(args) -> int:
    from continuum import pipeline
    from continuum.config import Home
    from continuum.summary import data_docs_hint, publication_summary, reconciliation_text

    home = Home(args.home.resolve()).ensure()
    run_id = args.run_id or pipeline.new_run_id("cli")
    handler = pipeline.run_log_handler(home, run_id)
    logging.getLogger().addHandler(handler)
    try:
        result = pipeline.run_all(args.landing.resolve(), home, run_id, full_relink=args.full_relink)
    except Exception as exc:
        logging.getLogger("continuum").error("run %s failed: %s", run_id, exc)
        print(f"\nRun {run_id} FAILED: {exc}")
        print(f"The previous publication (if any) is unchanged. Log: {home.logs_dir / (run_id + '.log')}")
        return 1
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    print(f"\nRun {run_id} finished.")
    print("Stages: " + ", ".join(f"{t.stage} {t.seconds:.1f}s" for t in result.timings))
    if result.rejected_files:
        print("Rejected files:")
        for line in result.rejected_files:
            print(f"  {line}")
    if result.reconciliation:
        print(reconciliation_text(result.reconciliation))
    print(f"Warehouse (for analysts, open read-only): {home.warehouse}")
    print(publication_summary(home))
    hint = data_docs_hint(home)
    if hint:
        print(hint)
    print(f"Run log: {home.logs_dir / (run_id + '.log')}")
    return 0


def summary(args) -> int:
    from continuum.config import Home
    from continuum.summary import publication_summary

    print(publication_summary(Home(args.home.resolve())))
    return 0
