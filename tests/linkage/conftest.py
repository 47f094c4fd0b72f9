"""Shared fixtures: a small noisy world (continuum.linkage.synthetic) in a real DuckDB warehouse."""
from __future__ import annotations

import duckdb
import pytest

from continuum.linkage.synthetic import make_world, write_truth_csv, write_warehouse


@pytest.fixture(scope="session")
def small_world():
    """(rows, truth): ~170 people, ~1,000 records, default noise."""
    return make_world(170, seed=3)


@pytest.fixture
def warehouse_of(tmp_path):
    def _make(rows, name="warehouse.duckdb"):
        return write_warehouse(tmp_path / name, rows)
    return _make


@pytest.fixture
def truth_dir(tmp_path, small_world):
    write_truth_csv(tmp_path / "world" / "truth" / "record_persons.csv", small_world[1])
    return tmp_path / "world"


@pytest.fixture(scope="session")
def read():
    """read(warehouse, sql) -> rows, through a read-only connection closed straight after."""
    def _read(warehouse, sql):
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()
    return _read
