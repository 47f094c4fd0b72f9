"""Helpers for fault tests: run the CLI in a subprocess, kill it at a pause point, read publications."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from continuum.config import PUBLISHED_TABLES
from continuum.faults import kill_at_pause_point


def published_content(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in PUBLISHED_TABLES}
    finally:
        con.close()


def run_cli(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "continuum", *args], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=timeout)


def kill_at(pause_point: str, tmp: Path, *args: str, timeout: float = 300) -> None:
    """Start `continuum ARGS`, wait until it reaches `pause_point`, SIGKILL it."""
    kill_at_pause_point([sys.executable, "-m", "continuum", *args], pause_point,
                        tmp / f"paused-{pause_point.replace(':', '_')}", timeout=timeout,
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def kill_during_stage(stage: str, home: Path, run_id: str, *args: str, delay: float = 2.0,
                      timeout: float = 300) -> str:
    """Start `continuum run ... --run-id RUN_ID`, SIGKILL it `delay` seconds into `stage` (read from the
    run log). Returns the log, so the test can check the kill really landed inside the stage."""
    log = home / "logs" / f"{run_id}.log"
    proc = subprocess.Popen([sys.executable, "-m", "continuum", *args, "--run-id", run_id],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    started = f"stage {stage}: started"
    while not (log.exists() and started in log.read_text(errors="replace")):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"never reached stage {stage}")
        time.sleep(0.1)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return log.read_text(errors="replace")
