"""dbt's DuckDB takes its memory cap from the environment (at national volume the marts are the
pipeline's memory peak: 16.5 GB uncapped on a 24 GB machine)."""
from __future__ import annotations

from continuum.config import Home
from continuum.transform.dbt import _env, dbt_common_args, dbt_env, release_warehouse


def _memory_limit(home: Home) -> str:
    from dbt.cli.main import dbtRunner

    home.ensure()
    try:
        with _env(dbt_env(home)):
            result = dbtRunner().invoke(["show", *dbt_common_args(home), "--inline",
                                         "select current_setting('memory_limit') as memory_limit"])
    finally:
        release_warehouse()
    assert result.success, result.exception
    return result.result.results[0].agate_table.rows[0][0]


def test_dbt_memory_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTINUUM_DBT_MEMORY_LIMIT", "300MB")
    assert _memory_limit(Home(tmp_path / "capped")) == "286.1 MiB"  # DuckDB shows 300 MB in MiB
    monkeypatch.delenv("CONTINUUM_DBT_MEMORY_LIMIT")
    assert _memory_limit(Home(tmp_path / "default")) != "286.1 MiB"
