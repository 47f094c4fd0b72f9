"""Invoke dbt in-process against one home's warehouse.

dbt is run through its Python API (`dbtRunner`) rather than a subprocess: the CLI, the DAG tasks and the
tests then share one code path, and a run pays dbt's start-up once per layer instead of once per
model. The warehouse path reaches `profiles.yml` through `CONTINUUM_WAREHOUSE`.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from continuum.config import DBT_PROJECT_DIR, Home

log = logging.getLogger(__name__)

# Layers, as dbt selectors. Linkage runs (in Python) between the two, so the staging layer ends with
# the linkage inputs and the marts layer starts from the linked people.
STAGING_SELECT = ["path:models/staging", "path:models/intermediate/linkage"]
MARTS_SELECT = ["path:models/intermediate", "path:models/marts"]
MARTS_EXCLUDE = ["path:models/intermediate/linkage"]


class DbtFailed(RuntimeError):
    pass


@contextmanager
def _env(values: dict[str, str]):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def release_warehouse(*_args, **_kwargs) -> None:
    """dbt-duckdb caches its DuckDB connection for the life of the process. Close it after each
    invocation: the next stage (the quality gate, linkage) must be able to open the same file, and
    DuckDB refuses a second connection to one file with another configuration (e.g. read-only).
    Takes and ignores any arguments so that it can also be an Airflow `post_execute` hook on the Cosmos
    per-model tasks, which run dbt in-process too."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager as manager
    except ImportError:  # pragma: no cover
        return
    with manager._LOCK:
        if manager._ENV is not None:
            manager._ENV.close()
            manager._ENV = None


def dbt_env(home: Home) -> dict[str, str]:
    return {"CONTINUUM_WAREHOUSE": str(home.warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def dbt_common_args(home: Home) -> list[str]:
    return [
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(home.work_dir / "dbt_target"),
        "--log-path", str(home.logs_dir / "dbt"),
        # the console gets warnings and errors; the full log goes to <home>/logs/dbt/dbt.log
        "--log-level", "warn", "--log-level-file", "info",
    ]


def run_dbt(home: Home, command: str, *, select: list[str] | None = None,
            exclude: list[str] | None = None, extra: list[str] | None = None) -> list[dict]:
    """Run one dbt command; raise DbtFailed naming every failed node. Returns per-node results."""
    from dbt.cli.main import dbtRunner

    args = [command, *dbt_common_args(home)]
    if select:
        args += ["--select", *select]
    if exclude:
        args += ["--exclude", *exclude]
    args += extra or []
    home.ensure()
    try:
        with _env(dbt_env(home)):
            result = dbtRunner().invoke(args)
    finally:
        release_warehouse()
    nodes = []
    if result.result is not None and hasattr(result.result, "results"):
        for r in result.result.results:
            nodes.append({
                "node": r.node.unique_id,
                "status": str(r.status),
                "message": r.message,
                "seconds": round(r.execution_time or 0.0, 2),
            })
    if not result.success:
        failed = [n for n in nodes if n["status"] in ("error", "fail", "runtime error")]
        detail = "; ".join(f"{n['node']}: {n['message']}" for n in failed) or str(result.exception)
        raise DbtFailed(f"dbt {command} failed: {detail}")
    return nodes


def build_staging(home: Home) -> list[dict]:
    """Staging models and the linkage inputs, with their tests."""
    return run_dbt(home, "build", select=STAGING_SELECT)


def build_marts(home: Home) -> list[dict]:
    """Linked facts, journeys and outcome marts, with their tests (unit tests included)."""
    return run_dbt(home, "build", select=MARTS_SELECT, exclude=MARTS_EXCLUDE)
