"""SIGKILL during ingestion, during the dbt build and during publication; the next run ends with the same
published content as a run that was never interrupted, and nothing half-loaded in the warehouse."""
from __future__ import annotations

import duckdb
import pytest

from continuum import pipeline
from continuum.config import Home

from .helpers import kill_at, kill_during_stage, published_content, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reference(tmp_path_factory, tiny_world):
    home = Home(tmp_path_factory.mktemp("reference")).ensure()
    pipeline.run_all(tiny_world / "landing", home, "reference")
    return published_content(home.published_db)


def _assert_nothing_half_loaded(home: Home) -> None:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        for feed in ("police", "custody", "treatment", "probation"):
            rows = con.execute(
                f"""select r._file_name, count(*) as n, max(l.rows_loaded) as loaded
                    from raw.{feed} r left join ingest.file_loads l
                      on l.load_id = r._load_id and l.status = 'loaded'
                    group by 1"""
            ).fetchall()
            for file_name, n, loaded in rows:
                assert loaded == n, f"{feed}/{file_name}: {n} raw rows but file_loads says {loaded}"
    finally:
        con.close()


def test_kill_at_each_stage_then_rerun_gives_the_uninterrupted_result(tmp_path, tiny_world, reference):
    home = Home(tmp_path / "home").ensure()
    args = ("run", "--landing", str(tiny_world / "landing"), "--home", str(home.root))

    # 1. killed in the middle of loading a file
    kill_at("ingest:mid-file", tmp_path, *args)
    _assert_nothing_half_loaded(home)

    # 2. killed while dbt builds the marts
    log = kill_during_stage("dbt:marts", home.root, "killed-in-dbt", *args, delay=1.5)
    assert "stage dbt:marts: done" not in log
    _assert_nothing_half_loaded(home)

    # 3. killed half-way through promoting a publication
    kill_at("publish:mid-promote", tmp_path, *args)

    # the next, uninterrupted run
    result = run_cli(*args)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    _assert_nothing_half_loaded(home)
    assert published_content(home.published_db) == reference
