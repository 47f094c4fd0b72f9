"""Named pause points so that fault tests can kill the process at an exact moment.

Inert unless `CONTINUUM_PAUSE_AT` names the point: then the process writes its pid to
`CONTINUUM_PAUSE_MARKER` and sleeps, and the test sends SIGKILL. Production runs never set it.
"""
from __future__ import annotations

import os
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
