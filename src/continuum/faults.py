"""Named pause points so that fault tests can kill the process at an exact moment.

Inert unless `CONTINUUM_PAUSE_AT` names the point: then the process writes its pid to
`CONTINUUM_PAUSE_MARKER` and sleeps, and the test sends SIGKILL. Production runs never set it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

PAUSE_AT_ENV = "CONTINUUM_PAUSE_AT"
PAUSE_MARKER_ENV = "CONTINUUM_PAUSE_MARKER"


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_AT_ENV) != name:
        return
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:
        Path(marker).write_text(f"{os.getpid()} {name}")
    time.sleep(600)


def kill_at_pause_point(argv: list[str], name: str, marker: Path, *, timeout: float = 300,
                        **popen) -> subprocess.CompletedProcess:
    """Run `argv` with pause point `name` armed, SIGKILL it once it has paused there, and return how it
    ended (returncode -SIGKILL). The test side of `pause_point`: raises AssertionError, with the
    child's output when it was captured, if the child ends first or never gets there."""
    marker = Path(marker)
    marker.unlink(missing_ok=True)
    env = {**popen.pop("env", os.environ), PAUSE_AT_ENV: name, PAUSE_MARKER_ENV: str(marker)}
    child = subprocess.Popen(argv, env=env, **popen)
    try:
        deadline = time.monotonic() + timeout
        while not marker.exists():
            if child.poll() is not None:
                out = child.stdout.read() if child.stdout else ""
                raise AssertionError(f"ended before reaching pause point {name}:\n{str(out)[-4000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"never reached pause point {name} in {timeout:.0f}s")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
    if child.returncode != -signal.SIGKILL:
        raise AssertionError(f"pause point {name}: child ended with {child.returncode}, not SIGKILL")
    return subprocess.CompletedProcess(argv, child.returncode)
