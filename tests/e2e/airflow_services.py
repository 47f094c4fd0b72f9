"""Start a real Airflow (api-server, scheduler, dag-processor, triggerer) on SQLite for one test."""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from continuum.config import Home
from continuum.orchestration.local import prepare

COMPONENTS = ("api-server", "scheduler", "dag-processor", "triggerer")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def airflow_services(home: Home, landing: Path, extra_env: dict[str, str] | None = None):
    port = _free_port()
    env_extra = {
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        # the log servers too get free ports, so the test can run beside another Airflow (or a parallel test)
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(_free_port()),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(_free_port()),
        "AIRFLOW__API_AUTH__JWT_SECRET": "continuum-test-only-secret",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "5",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
        "AIRFLOW__CORE__PARALLELISM": "4",
        # SQLite serialises writers; on a loaded 2-core machine the API can take longer than the 5 s default
        "AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT": "60",
        "CONTINUUM_MANIFEST_POKE_SECONDS": "2",
        "CONTINUUM_RETRY_DELAY_SECONDS": "5",
        # no nightly run during the test: only the manifest events may start anything
        "CONTINUUM_NIGHTLY_CRON": "0 3 29 2 *",
        **(extra_env or {}),
    }
    env = prepare(home, landing, env_extra)
    airflow_bin = str(Path(sys.executable).with_name("airflow"))
    procs, logs = [], []
    try:
        for component in COMPONENTS:
            log = open(home.logs_dir / f"airflow-{component}.log", "w")
            logs.append(log)
            procs.append(subprocess.Popen([airflow_bin, component], env=env, stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True))
        yield AirflowHandle(Path(env["AIRFLOW_HOME"]) / "airflow.db", home, procs)
    finally:
        _stop(procs)
        for log in logs:
            log.close()


def _stop(procs) -> None:
    """Each component runs in its own process group, with children of its own (the scheduler's
    `airflow serve-logs`, executor workers) that outlive it when only the parent is signalled: signal
    the whole group, and kill whatever is left once the parents are gone."""
    for p in procs:
        _signal_group(p, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    for p in procs:
        _signal_group(p, signal.SIGKILL)


def _signal_group(proc, sig) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class AirflowHandle:
    def __init__(self, db: Path, home: Home, procs):
        self.db, self.home, self.procs = db, home, procs

    def query(self, sql: str, params=()):
        con = sqlite3.connect(self.db, timeout=30)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def wait_for(self, what: str, predicate, timeout: float, interval: float = 2.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for p in self.procs:
                if p.poll() is not None:
                    raise AssertionError(f"an Airflow component exited ({p.args}); logs: {self.home.logs_dir}")
            try:
                value = predicate()
            except sqlite3.OperationalError:
                value = None
            if value:
                return value
            time.sleep(interval)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}; logs in {self.home.logs_dir}:\n"
                             + self.tails())

    def tails(self, n: int = 40) -> str:
        out = []
        for f in sorted(self.home.logs_dir.glob("airflow-*.log")):
            lines = f.read_text(errors="replace").splitlines()[-n:]
            out.append(f"--- {f.name}\n" + "\n".join(lines))
        return "\n".join(out)

    def dag_runs(self, dag_id: str) -> list[tuple]:
        return self.query("select run_id, state, run_type from dag_run where dag_id = ? order by id", (dag_id,))
