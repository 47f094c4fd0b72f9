"""Differential test: dbt's dtoa_funnel and continuity_of_care against `continuum.truth`, an
independent pandas implementation of metrics.md, on a seeded random world (random_world.py) with
follow-ups drawn around the window edges and stale versions delivered late."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import random_world  # noqa: E402
from continuum.truth.compare import compare_tables, load_warehouse_outcomes  # noqa: E402
from continuum.truth.expected import expected_tables  # noqa: E402

PROJECT_DIR = HERE.parents[1] / "dbt_project"
DBT = Path(sys.executable).with_name("dbt")
TABLES = ("dtoa_funnel", "continuity_of_care")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dbt_vs_truth")
    warehouse, truth = tmp / "warehouse.duckdb", tmp / "truth"
    con = duckdb.connect(str(warehouse))
    random_world.build(con, truth)
    con.close()
    env = {**os.environ, "CONTINUUM_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = subprocess.run(
        # models only (the tiny-world test runs the data and unit tests): this test is about numbers
        [str(DBT), "run", "--select", *(f"+{t}" for t in TABLES), "--project-dir", str(PROJECT_DIR),
         "--profiles-dir", str(PROJECT_DIR), "--target-path", str(tmp / "target"),
         "--log-path", str(tmp / "logs")],
        env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return warehouse, truth


@pytest.mark.parametrize("table", TABLES)
def test_matches_truth(built, table):
    warehouse, truth = built
    expected = {table: expected_tables(truth)[table]}
    actual = load_warehouse_outcomes(warehouse)
    report = compare_tables(expected, actual)
    assert report.ok, report.summary()
    # the world is not degenerate: the windows were exercised
    measure = {"dtoa_funnel": "ra_attended", "continuity_of_care": "engaged_21d"}[table]
    assert actual[table][measure].fillna(0).sum() > 0
