"""Run the real DAGs on one machine with an embedded Airflow (SQLite metadata database, no servers).

Used by the demo and the end-to-end tests. `airflow dags test` runs a DAG's tasks for real, records
asset events, but does not start downstream DAGs, so the runner follows the asset chain itself:
the four ingest DAGs, then transform, then publish. The event-driven chain with a real scheduler,
API server and triggerer is what docker-compose (and `airflow standalone`) run.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from continuum.config import PROJECT_ROOT, Home
from continuum.contracts import FEEDS
from continuum.orchestration.settings import WAREHOUSE_POOL

DAG_ORDER = tuple(f"continuum_ingest_{f}" for f in FEEDS) + ("continuum_transform", "continuum_publish")


def airflow_env(home: Home, landing: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    airflow_home = home.root / "airflow"
    airflow_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home / 'airflow.db'}",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home.logs_dir / "airflow"),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "CONTINUUM_HOME": str(home.root),
        "CONTINUUM_LANDING": str(landing),
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra or {})
    return env


def _airflow(args: list[str], env: dict[str, str], log_file: Path) -> subprocess.CompletedProcess:
    airflow_bin = Path(sys.executable).with_name("airflow")
    with open(log_file, "a", encoding="utf-8") as log:
        log.write(f"\n$ airflow {' '.join(args)}\n")
        log.flush()
        return subprocess.run([str(airflow_bin), *args], env=env, stdout=log, stderr=subprocess.STDOUT)


@dataclass
class DagRunOutcome:
    dag_id: str
    returncode: int
    seconds: float


def prepare(home: Home, landing: Path, extra_env: dict[str, str] | None = None) -> dict[str, str]:
    """Migrate the metadata database and create the one-slot warehouse pool."""
    home.ensure()
    env = airflow_env(home, landing, extra_env)
    log_file = home.logs_dir / "airflow-cli.log"
    for args in (["db", "migrate"],
                 ["pools", "set", WAREHOUSE_POOL, "1", "DuckDB allows one writer per file"]):
        proc = _airflow(args, env, log_file)
        if proc.returncode != 0:
            raise RuntimeError(f"airflow {' '.join(args)} failed; see {log_file}")
    return env


def run_chain(home: Home, landing: Path, logical_date: str | None = None,
              dag_ids: tuple[str, ...] = DAG_ORDER, echo=print) -> list[DagRunOutcome]:
    """`airflow dags test` each DAG in asset order; stops at the first failed DAG."""
    env = prepare(home, landing)
    log_file = home.logs_dir / "airflow-cli.log"
    outcomes = []
    for dag_id in dag_ids:
        t0 = time.perf_counter()
        args = ["dags", "test", dag_id] + ([logical_date] if logical_date else [])
        proc = _airflow(args, env, log_file)
        outcome = DagRunOutcome(dag_id, proc.returncode, time.perf_counter() - t0)
        outcomes.append(outcome)
        echo(f"  {dag_id:<28} {'ok' if proc.returncode == 0 else 'FAILED'} in {outcome.seconds:.1f}s")
        if proc.returncode != 0 and not dag_id.startswith("continuum_ingest_"):
            break
    return outcomes
