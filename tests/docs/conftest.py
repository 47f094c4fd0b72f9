"""One real warehouse for the documentation tests: the hand-written world of tests/dbt (tiny_world.py)
loaded into raw, then every dbt model run through the pipeline's own dbt entry point
(continuum.transform.dbt.run_dbt), in a throw-away Continuum home."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

DBT_TESTS = Path(__file__).resolve().parents[1] / "dbt"
sys.path.insert(0, str(DBT_TESTS))  # raw_fixture, tiny_world (pytest runs with --import-mode=importlib)

import tiny_world  # noqa: E402


@pytest.fixture(scope="package")
def built_home(tmp_path_factory):
    """A Continuum home whose warehouse.duckdb holds raw, ingest, linkage.person_records and every
    dbt model (staging, linkage_inputs, intermediate, core, outcomes)."""
    from continuum.config import Home
    from continuum.transform.dbt import run_dbt

    home = Home(tmp_path_factory.mktemp("docs_home")).ensure()
    con = duckdb.connect(str(home.warehouse))
    tiny_world.build(con)
    con.close()
    run_dbt(home, "run", extra=["--threads", "2"])
    return home
