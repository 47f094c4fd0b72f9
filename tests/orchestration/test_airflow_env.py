"""`continuum airflow env` (the README's way to watch the DAGs in `airflow standalone`): the printed
environment points Airflow at this project's DAGs, and the metadata database it names is migrated and
already has the one-slot warehouse pool, so nothing else needs running before `airflow standalone`."""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

from continuum.config import PROJECT_ROOT


def test_env_prints_a_ready_embedded_airflow(tmp_path):
    landing, home = tmp_path / "landing", tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "continuum", "airflow", "env", "--landing", str(landing),
                           "--home", str(home)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    env = {}
    for line in done.stdout.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = shlex.split(value)[0]
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == str(PROJECT_ROOT / "dags")
    assert env["AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION"] == "False"  # asset events start paused DAGs never
    assert Path(env["CONTINUUM_HOME"]) == home and Path(env["CONTINUUM_LANDING"]) == landing

    airflow = Path(sys.executable).with_name("airflow")
    pool = subprocess.run([str(airflow), "pools", "get", "continuum_warehouse", "--output", "json"],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
    assert pool.returncode == 0, pool.stderr[-3000:]
    [row] = json.loads(pool.stdout[pool.stdout.index("["):])
    assert (row["pool"], str(row["slots"])) == ("continuum_warehouse", "1")
