"""The dbt models stay in the project's SQL style (dbt_project/.sqlfluff): lint is part of the suite, so
a model that drifts fails CI rather than a later review."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2] / "dbt_project"


def test_models_pass_sqlfluff_lint():
    sqlfluff = Path(sys.executable).with_name("sqlfluff")
    done = subprocess.run([str(sqlfluff), "lint", "models", "--processes", "1", "--disable-progress-bar"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "All Finished" in done.stdout + done.stderr
