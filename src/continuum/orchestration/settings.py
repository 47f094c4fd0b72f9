"""Deployment settings read when DAG files are parsed (environment variables, with local defaults)."""
from __future__ import annotations

import os
from pathlib import Path

from continuum.config import PROJECT_ROOT, Home

WAREHOUSE_POOL = "continuum_warehouse"
NIGHTLY_CRON = os.environ.get("CONTINUUM_NIGHTLY_CRON", "30 1 * * *")
TIMEZONE = os.environ.get("CONTINUUM_TIMEZONE", "Europe/London")
# "layer": one in-process `dbt build` per layer (default, measured faster); "model": one Cosmos task per model
DBT_GRAIN = os.environ.get("CONTINUUM_DBT_GRAIN", "layer")
RETRY_DELAY_SECONDS = float(os.environ.get("CONTINUUM_RETRY_DELAY_SECONDS", "300"))
MANIFEST_POKE_SECONDS = float(os.environ.get("CONTINUUM_MANIFEST_POKE_SECONDS", "15"))


def landing_dir() -> Path:
    return Path(os.environ.get("CONTINUUM_LANDING", PROJECT_ROOT / "var" / "landing")).resolve()


def home() -> Home:
    return Home(Path(os.environ.get("CONTINUUM_HOME", PROJECT_ROOT / "var" / "home")).resolve())
