"""Run dbt in-process against a test warehouse, with the repository's dbt project."""
from __future__ import annotations

import os
from pathlib import Path

from continuum.config import DBT_PROJECT_DIR


def release_warehouse() -> None:
    """dbt-duckdb keeps its DuckDB instance (and the file's lock) open for the life of the process
    after an in-process invoke; close it so the file can be copied and opened read-only."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def dbt(warehouse: Path, work: Path, *args: str) -> None:
    """`dbt <args>` with CONTINUUM_WAREHOUSE=warehouse, target and logs under `work`; fails the
    test naming every failed node."""
    from dbt.cli.main import dbtRunner

    old = os.environ.get("CONTINUUM_WAREHOUSE")
    os.environ["CONTINUUM_WAREHOUSE"] = str(warehouse)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    try:
        result = dbtRunner().invoke([
            *args,
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
        ])
    finally:
        release_warehouse()
        if old is None:
            os.environ.pop("CONTINUUM_WAREHOUSE", None)
        else:
            os.environ["CONTINUUM_WAREHOUSE"] = old
    failed = [f"{r.node.unique_id}: {r.message}" for r in (result.result or [])
              if str(r.status) in ("error", "fail", "runtime error")]
    assert result.success, f"dbt {args[0]} failed: {failed or result.exception}"
