"""The nightly pipeline as plain functions: landing -> raw -> staging -> linked people -> marts -> published.

The Airflow DAGs call these functions task by task and `continuum run` calls them in sequence, so the
scheduler, the command line and the tests all run the same code. Each stage opens the warehouse, does
its work and closes it again: DuckDB lets one process write a file at a time.
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from continuum.config import Home
from continuum.contracts import FEEDS

log = logging.getLogger("continuum.pipeline")
# Great Expectations logs every registered function at INFO; a run log should read as the run's story.
logging.getLogger("great_expectations").setLevel(logging.WARNING)


def new_run_id(prefix: str = "manual") -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"{prefix}__{stamp}__{uuid.uuid4().hex[:6]}"


@dataclass
class StageTiming:
    stage: str
    seconds: float


@dataclass
class RunResult:
    run_id: str
    home: Home
    ingest_reports: list = field(default_factory=list)
    timings: list[StageTiming] = field(default_factory=list)
    linkage: dict | None = None
    publication: object | None = None
    reconciliation: list[dict] = field(default_factory=list)

    @property
    def rejected_files(self) -> list[str]:
        lines = []
        for report in self.ingest_reports:
            for outcome in report.files:
                if outcome.status == "rejected":
                    lines.append(f"{report.feed}/{outcome.file_name}: {outcome.rule}: {outcome.reason}")
        return lines


class _timed:
    """Logs a stage's start and end (the fault tests watch the run log for these lines)."""

    def __init__(self, result: RunResult, stage: str):
        self.result, self.stage = result, stage

    def __enter__(self):
        self.t0 = time.perf_counter()
        log.info("stage %s: started", self.stage)

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.t0
        self.result.timings.append(StageTiming(self.stage, seconds))
        log.info("stage %s: %s in %.1fs", self.stage, "failed" if exc[0] else "done", seconds)


# --- stages (each is what one Airflow task calls) -------------------------------------------------

def ingest(home: Home, landing: Path, feed: str, run_id: str):
    """Load every new complete delivery of one feed; returns the ingest report."""
    from continuum.ingest import ingest_feed

    home.ensure()
    report = ingest_feed(home.warehouse, landing, feed, run_id)
    for line in report.lines():
        log.info("%s", line)
    return report


def ingest_summary(report) -> dict:
    """What an ingest task hands downstream (XCom-sized: counts and the rejected files, no rows)."""
    return {
        "feed": report.feed,
        "files_loaded": len(report.loaded),
        "rows_delivered": report.rows_delivered,
        "rows_loaded": report.rows_loaded,
        "rows_quarantined": report.rows_quarantined,
        "warnings": report.warnings[:50],
        "rejected": [f"{f.file_name}: {f.rule}: {f.reason}" for f in report.rejected],
    }


def build_staging(home: Home, run_id: str) -> list[dict]:
    from continuum.transform.dbt import build_staging as _build

    _ensure_warehouse(home)
    return _build(home)


def gate_staging(home: Home, run_id: str):
    """Great Expectations on each feed's staging data; raises QualityGateFailed."""
    from continuum.quality.gate import check_staging

    result = check_staging(home.warehouse, home, run_id)
    result.raise_for_failures()
    return result


def link(home: Home, run_id: str, full: bool = False) -> dict:
    from continuum.linkage import link_people

    summary = link_people(home.warehouse, mode="full" if full else "incremental", run_id=run_id)
    log.info("linkage: %s", {k: v for k, v in summary.items() if not isinstance(v, (list, dict))})
    return summary


def build_marts(home: Home, run_id: str) -> list[dict]:
    from continuum.transform.dbt import build_marts as _build

    return _build(home)


def publish(home: Home, run_id: str):
    """Write-audit-publish: build a candidate, gate it, then swap it in atomically."""
    from continuum.publish.publisher import publish as _publish
    from continuum.quality.gate import check_publication

    def gate(candidate_db: Path):
        return check_publication(candidate_db, home.warehouse, home, run_id)

    return _publish(home.warehouse, home, run_id, gate=gate)


def reconcile(home: Home, run_id: str) -> list[dict]:
    from continuum.ingest import reconciliation

    return reconciliation(home.warehouse, run_id)


def _ensure_warehouse(home: Home) -> None:
    """Create raw/ingest tables even before the first delivery, so dbt sources always resolve."""
    import duckdb

    from continuum.ingest import ensure_schema

    home.ensure()
    con = duckdb.connect(str(home.warehouse))
    try:
        ensure_schema(con)
    finally:
        con.close()


# --- the whole night -----------------------------------------------------------------------------

def run_all(landing: Path, home: Home, run_id: str | None = None, *, full_relink: bool = False,
            feeds: tuple[str, ...] = FEEDS) -> RunResult:
    """One night, start to finish. Raises on a failed gate or build; the last publication stays."""
    run_id = run_id or new_run_id()
    result = RunResult(run_id=run_id, home=home)
    home.ensure()
    _ensure_warehouse(home)
    for feed in feeds:
        with _timed(result, f"ingest:{feed}"):
            result.ingest_reports.append(ingest(home, landing, feed, run_id))
    with _timed(result, "dbt:staging"):
        build_staging(home, run_id)
    with _timed(result, "gate:staging"):
        gate_staging(home, run_id)
    with _timed(result, "linkage"):
        result.linkage = link(home, run_id, full=full_relink)
    with _timed(result, "dbt:marts"):
        build_marts(home, run_id)
    with _timed(result, "publish"):
        result.publication = publish(home, run_id)
    with _timed(result, "reconcile"):
        result.reconciliation = reconcile(home, run_id)
    return result


def run_log_handler(home: Home, run_id: str) -> logging.Handler:
    """A file handler writing this run's log to <home>/logs/<run_id>.log."""
    home.ensure()
    handler = logging.FileHandler(home.logs_dir / f"{run_id}.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler
